"""Shared admin bases: read-only records (rows a service owns), job records (imports, exports) whose private file
is shown by name only, and large lists (a page read once, its rows written in one pass)."""
from django.contrib import admin
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.utils.translation import gettext_lazy as _

from .pagination import CountCachingPaginator

_PAGINATOR = "_portal_changelist_paginator"


class _OneQueryChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        if self.list_editable:
            return  # the formset needs the page as a queryset
        head = getattr(getattr(request, _PAGINATOR, None), "_head", None)
        if head is not None and self.result_count <= self.list_per_page:
            # Django would read the single page's rows again (`queryset._clone()`): they are these.
            rows = head
        else:
            rows = list(self.result_list)
        self.model_admin.attach_related(request, rows)
        self.result_list = rows


class LargeListAdmin(admin.ModelAdmin):
    """A changelist over a national table (list pages at national scale, issue 12 point 14): 20 rows a page, no
    second count of the whole table, counts of large results cached for a minute (core.pagination); on the first
    page a search of less than a page is read in one query (its rows are its count); the rows are written in one
    pass, the same HTML as Django's (core/templatetags/admin_rows.py). Related objects kept in a cache (regions) are
    attached to the page's rows by `attach_related` instead of being joined to every row."""

    list_per_page = 20
    show_full_result_count = False
    paginator = CountCachingPaginator
    change_list_template = "admin/fast_change_list.html"

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        paginator.expect_page(request.GET.get(PAGE_VAR))
        setattr(request, _PAGINATOR, paginator)
        return paginator

    def get_changelist(self, request, **kwargs):
        return _OneQueryChangeList

    def attach_related(self, request, rows: list) -> None:
        """Set on the page's rows the related objects its columns show, read from a cache rather than joined
        (with `list_select_related = ()`); nothing by default."""


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
