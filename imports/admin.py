from django.contrib import admin

from core.admin_base import ReadOnlyJobAdmin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyJobAdmin):
    """Read-only: jobs are created by uploads and commands and changed only by their run."""

    list_display = ["id", "kind", "original_name", "status", "dry_run", "total_rows", "created_by", "scope_code",
                    "created_at", "finished_at"]
    list_filter = ["kind", "status", "dry_run"]
    search_fields = ["original_name", "created_by__username", "scope_code"]
    list_select_related = ["created_by"]
