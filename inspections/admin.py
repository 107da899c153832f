from django.contrib import admin

from .models import (
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Finding,
    RectificationEvent,
    RectificationOrder,
    Visit,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only: checklists, visits and orders change only through their services (the portal's pages and API,
    where published checklists are frozen and every change is audited)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChecklistSectionInline(admin.TabularInline):
    model = ChecklistSection
    extra = 0
    fields = ("order", "title", "max_points")
    show_change_link = True


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ("order", "text", "severity", "points", "is_baseline")


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "version", "is_active", "published_at")
    list_filter = ("kind", "is_active")
    inlines = [ChecklistSectionInline]


@admin.register(ChecklistSection)
class ChecklistSectionAdmin(ReadOnlyAdmin):
    list_display = ("title", "template", "max_points")
    inlines = [ChecklistItemInline]


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    fields = ("item", "severity", "is_baseline", "note", "order", "resolved_at")


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ("id", "institution", "type", "status", "finished_on", "score", "grade")
    list_filter = ("type", "status", "grade")
    search_fields = ("institution__name", "complaint_ref")
    inlines = [FindingInline]


class RectificationEventInline(admin.TabularInline):
    model = RectificationEvent
    extra = 0
    fields = ("action", "by", "at", "from_status", "to_status", "reason")
    readonly_fields = fields


@admin.register(RectificationOrder)
class RectificationOrderAdmin(ReadOnlyAdmin):
    list_display = ("id", "institution", "status", "deadline", "issued_at")
    list_filter = ("status",)
    search_fields = ("institution__name",)
    inlines = [RectificationEventInline]
