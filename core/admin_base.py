"""Shared admin for job records (imports, exports): read-only, their private file shown by name only."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class ReadOnlyJobAdmin(admin.ModelAdmin):
    """Jobs are created by users' requests and changed only by their run: nothing is added, edited or
    deleted here. The stored file is shown by name: private storage has no URL."""

    exclude = ["file"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields if field.name != "file"] + ["stored_file"]

    @admin.display(description=_("存储文件"))
    def stored_file(self, obj):
        return obj.file.name or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
