"""Filters shared by the list pages and APIs."""
import copy

import django_filters
from django import forms
from django.http import QueryDict
from django_filters.filters import QuerySetRequestMixin

from .widgets import fast_selects

# The largest id a bigint column holds: a larger number is refused as input (400) instead of reaching the database.
MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """An object id in a query string: a whole number from 1 to the largest bigint."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class RegionPrefixFilter(django_filters.CharFilter):
    """A region code prefix ("1301" for every county of a city) matched against a region foreign key's code."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "startswith")
        kwargs.setdefault("help_text", "Region code prefix, e.g. 1301 for every county of a city")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, (value or "").strip())


class BootstrapFilterForm(forms.Form):
    """Adds Bootstrap classes to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, forms.TextInput):
                widget.attrs.setdefault("class", "form-control")
        fast_selects(self)  # rendered in Python: the filter bar is on every list page


class PortalFilterSet(django_filters.FilterSet):
    """django-filter's FilterSet without the work it repeats on every request (list pages at national scale, issue
    12 point 14): it deep-copied every filter (their choices, labels and widgets) and built a new form class, its
    fields constructed again, for each request. Here each filter is copied shallowly (a filter keeps no state of
    its own but its model and parent, set per instance) and the form class is built once per FilterSet class; each
    form still deep-copies its fields, as any Django form does, so that a view may change its own form's fields (a
    region picker's root, a list of choices). A FilterSet with a filter whose field takes a queryset (evaluated per
    request) keeps django-filter's way."""

    _form_classes: dict = {}

    @classmethod
    def _static(cls) -> bool:
        return not any(isinstance(filter_, QuerySetRequestMixin) for filter_ in cls.base_filters.values())

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if not self._static():
            super().__init__(data, queryset, request=request, prefix=prefix)
            return
        # django_filters.filterset.BaseFilterSet.__init__, with shallow copies of the filters.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(filter_) for name, filter_ in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model, filter_.parent = queryset.model, self
            if filter_.method is not None:
                filter_.method = filter_.method  # its FilterMethod bound to this copy, not to the class's filter

    def get_form_class(self):
        cls = type(self)
        if not self._static():
            return super().get_form_class()
        form_class = PortalFilterSet._form_classes.get(cls)
        if form_class is None:
            form_class = PortalFilterSet._form_classes[cls] = super().get_form_class()
        return form_class
