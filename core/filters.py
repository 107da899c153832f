"""Filters shared by the list pages and APIs."""
import django_filters
from django import forms

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
