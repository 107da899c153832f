"""Filters on regions: the API's FilterSet, and a django-filter Filter built on the cascading picker."""
import django_filters
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from .forms import RegionCascadeField
from .models import Region, RegionLevel
from .scope import code_prefix_q

MSG_PARENT_FORMAT = gettext_lazy("parent 应为区划代码或 root")
MSG_CODE_PREFIX_FORMAT = gettext_lazy("code_prefix 应为数字")
PARENT_ROOT = "root"


class RegionFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(
        method="filter_parent", label=_("上级区划代码"),
        help_text="Children of this region code; 'root' for the provinces",
        validators=[RegexValidator(r"^([0-9]{2,12}|root)$", MSG_PARENT_FORMAT)],
    )
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices, label=_("层级"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("名称包含"),
                                  help_text="Part of the name")
    code_prefix = django_filters.CharFilter(
        field_name="code", lookup_expr="startswith", label=_("代码前缀"),
        help_text="Regions whose code starts with this (a region's whole scope)",
        validators=[RegexValidator(r"^[0-9]{1,12}$", MSG_CODE_PREFIX_FORMAT)],
    )

    class Meta:
        model = Region
        fields = ["parent", "level", "q", "code_prefix"]

    def filter_parent(self, queryset, name, value):
        if value == PARENT_ROOT:
            return queryset.filter(parent__isnull=True)
        return queryset.filter(parent_id=value)


class RegionCascadeFilter(django_filters.Filter):
    """A region filter rendered as the cascading picker; keeps rows in the chosen region's scope.

    `field_name` is the foreign key to Region on the filtered model (e.g. "region"); the extra
    arguments (root, min_level, max_level) go to RegionCascadeField.
    """

    field_class = RegionCascadeField

    def filter(self, qs, value):
        if value is None or value.code == self._root():
            return qs  # nothing chosen below the root: the caller's scope already keeps the root's rows
        return self.get_method(qs)(code_prefix_q(f"{self.field_name}_id", value.code))

    def _root(self) -> str | None:
        """The root of this filter's field in the bound form (set per request, e.g. to the user's scope)."""
        parent = getattr(self, "parent", None)
        if parent is None:
            return None
        for name, candidate in parent.filters.items():
            if candidate is self:
                return getattr(parent.form.fields.get(name), "root", None) or None
        return None
