from django.contrib import admin

from .models import Complaint, ComplaintNote


class ComplaintNoteInline(admin.TabularInline):
    model = ComplaintNote
    extra = 0
    readonly_fields = ("text", "by", "at")
    can_delete = False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: complaints change through the services (the complaint pages), which write the audit log."""

    list_display = ("tracking_number", "category", "status", "county", "institution", "created_at")
    list_filter = ("status", "category")
    search_fields = ("tracking_number", "institution__name", "place")
    inlines = [ComplaintNoteInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
