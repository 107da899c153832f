from django.contrib import admin

from .models import Filing, FilingDocument, FilingEvent


class FilingEventInline(admin.TabularInline):
    model = FilingEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "by", "at", "from_status", "to_status", "reason", "comments")


class FilingDocumentInline(admin.TabularInline):
    model = FilingDocument
    extra = 0
    can_delete = False
    fields = ("doc_type", "original_name", "content_type", "size", "uploaded_at", "superseded_at")
    readonly_fields = fields


@admin.register(Filing)
class FilingAdmin(admin.ModelAdmin):
    """Read-only: filings change only through their services (the portal's pages and API)."""
    list_display = ("id", "kind", "status", "name", "county", "submitted_at", "filing_number")
    list_filter = ("kind", "status")
    search_fields = ("name", "credit_code", "filing_number")
    readonly_fields = [field.name for field in Filing._meta.fields]
    inlines = [FilingDocumentInline, FilingEventInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
