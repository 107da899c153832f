from django.contrib import admin

from core.admin_base import ReadOnlyJobAdmin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyJobAdmin):
    """Read-only: jobs are created by users' requests and changed only by their run and the expiry task."""

    list_display = ["id", "owner", "kind", "format", "status", "rows_done", "rows_total", "scope_code",
                    "created_at", "finished_at", "expires_at"]
    list_filter = ["kind", "format", "status"]
    search_fields = ["owner__username", "scope_code"]
    list_select_related = ["owner"]
