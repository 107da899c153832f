"""Shared admin bases: read-only records (rows a service owns), and job records (imports, exports) whose
private file is shown by name only."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the portal's services (audited): the admin shows them, never adds, edits or
    deletes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyJobAdmin(ReadOnlyAdmin):
    """Jobs are created by users' requests and changed only by their run: nothing is added, edited or
    deleted here. The stored file is shown by name: private storage has no URL."""

    exclude = ["file"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields if field.name != "file"] + ["stored_file"]

    @admin.display(description=_("存储文件"))
    def stored_file(self, obj):
        return obj.file.name or "—"
