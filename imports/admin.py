from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only: jobs are created by uploads and commands and changed only by their run."""

    list_display = ["id", "kind", "original_name", "status", "dry_run", "total_rows", "created_by", "scope_code",
                    "created_at", "finished_at"]
    list_filter = ["kind", "status", "dry_run"]
    search_fields = ["original_name", "created_by__username", "scope_code"]
    list_select_related = ["created_by"]
    # The stored file is shown by name only: MEDIA_ROOT is private and has no URL.
    readonly_fields = [f.name for f in ImportJob._meta.fields if f.name != "file"] + ["stored_file"]
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
