"""One FilterSet for the filing list, shared by the review queue page and `/api/v1/filings/`."""
import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.filters import BootstrapFilterForm, PortalFilterSet, RegionPrefixFilter

from .models import Filing, FilingKind, FilingStatus

ORDERINGS = {
    # Drafts have no submission time: last either way, on SQLite and PostgreSQL alike.
    "submitted_at": (F("submitted_at").asc(nulls_last=True), "id"),
    "-submitted_at": (F("submitted_at").desc(nulls_last=True), "-id"),
}


class FilingFilter(PortalFilterSet):
    status = django_filters.ChoiceFilter(choices=FilingStatus.choices, empty_label=_("全部状态"), label=_("状态"))
    kind = django_filters.ChoiceFilter(choices=FilingKind.choices, empty_label=_("全部类型"), label=_("备案类型"))
    county = RegionPrefixFilter(field_name="county__code", label=_("受理县区"))
    q = django_filters.CharFilter(method="filter_q", max_length=64, label=_("机构名称、信用代码或备案编号"))
    ordering = django_filters.ChoiceFilter(
        choices=[("submitted_at", _("等待最久在前")), ("-submitted_at", _("最新提交在前"))], empty_label=None,
        method="filter_ordering", label=_("排序"))

    class Meta:
        model = Filing
        fields = ["status", "kind", "county", "q", "ordering"]
        form = BootstrapFilterForm

    def filter_q(self, queryset, name, value):
        """Part of the name, of the credit code or of the filing number (pg_trgm indexes serve all three)."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__icontains=value.replace(" ", "").upper())
                               | Q(filing_number__icontains=value))

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value]) if value in ORDERINGS else queryset
