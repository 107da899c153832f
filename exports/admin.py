from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Read-only: jobs are created by users' requests and changed only by their run and the expiry task."""

    list_display = ["id", "owner", "kind", "format", "status", "rows_done", "rows_total", "scope_code",
                    "created_at", "finished_at", "expires_at"]
    list_filter = ["kind", "format", "status"]
    search_fields = ["owner__username", "scope_code"]
    list_select_related = ["owner"]
    # The stored file is shown by name only: MEDIA_ROOT is private and has no URL (the file is the owner's).
    readonly_fields = [f.name for f in ExportJob._meta.fields if f.name != "file"] + ["stored_file"]
    exclude = ["file"]

    @admin.display(description=_("存储文件"))
    def stored_file(self, obj):
        return obj.file.name or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
