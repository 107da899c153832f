"""One FilterSet for the complaint list, shared by the 投诉处理 page and `/api/v1/complaints/`."""
import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import BootstrapFilterForm, RegionPrefixFilter
from regions.scope import code_prefix_q

from .models import Complaint, ComplaintCategory, ComplaintStatus
from .sla import overdue_received_until_by_province

ORDERINGS = {"created_at": ("created_at", "id"), "-created_at": ("-created_at", "-id")}


def _start_of_day_after(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


class ComplaintFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=[("open", _("未办结")), *ComplaintStatus.choices],
                                         empty_label=_("全部"), method="filter_status", label=_("状态"),
                                         help_text="A status, or `open` for every status but closed")
    category = django_filters.ChoiceFilter(choices=ComplaintCategory.choices, empty_label=_("全部"),
                                           label=_("投诉类别"))
    county = RegionPrefixFilter(field_name="county__code", label=_("县(区)"))
    q = django_filters.CharFilter(method="filter_q", max_length=64, label=_("投诉编号或机构名称"))
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("只看超期未受理"),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        help_text="true: only complaints past the acknowledgement deadline and not acknowledged")
    ordering = django_filters.ChoiceFilter(
        choices=[("created_at", _("等待最久在前")), ("-created_at", _("最新提交在前"))], empty_label=None,
        method="filter_ordering", label=_("排序"))

    class Meta:
        model = Complaint
        fields = ["status", "category", "county", "q", "overdue", "ordering"]
        form = BootstrapFilterForm

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today  # the day "overdue" is judged on (the page's day; today by default)

    def filter_status(self, queryset, name, value):
        return queryset.open() if value == "open" else queryset.filter(status=value)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(tracking_number__icontains=value) | Q(institution__name__icontains=value)
                               | Q(place__icontains=value))

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        national, provinces = overdue_received_until_by_province(self.today or timezone.localdate())
        # Each province's own deadline where it set one, the national one elsewhere.
        received = Q(created_at__lt=_start_of_day_after(national))
        for code in provinces:
            received &= ~code_prefix_q("county_id", code)
        for code, until in provinces.items():
            received |= code_prefix_q("county_id", code) & Q(created_at__lt=_start_of_day_after(until))
        return queryset.filter(received, acknowledged_at__isnull=True, status=ComplaintStatus.RECEIVED)

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value]) if value in ORDERINGS else queryset
