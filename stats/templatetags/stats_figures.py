"""Formatting of stored figures on pages: thousands separators, two-place rates, "—" for a missing figure
(a rate without a denominator is undefined, never 0), signed differences, and the ranking's sort links."""
from decimal import Decimal

from django import template
from django.utils.http import urlencode

from core.templatetags.portal_tags import fig

from ..dashboard import ASCENDING_FIRST

register = template.Library()


register.filter("fig", fig)  # core's: 12,345 or 4.73; "—" when undefined


@register.filter
def delta(current, previous):
    """current − previous, signed ("+1,200", "−0.35"); "" when either is undefined."""
    if current is None or previous is None:
        return ""
    difference = current - previous
    sign = "+" if difference > 0 else "−" if difference < 0 else "±"
    magnitude = abs(difference)
    text = f"{magnitude:,.2f}" if isinstance(magnitude, Decimal | float) else f"{magnitude:,}"
    return f"{sign}{text}"


@register.filter
def bar_width(value, cap=100):
    """A percentage as a CSS width between 0 and 100 (a completion of 130 % fills the bar)."""
    if value is None:
        return 0
    return max(0, min(float(cap), float(value)))


@register.inclusion_tag("stats/_sort_th.html", takes_context=True)
def sort_th(context, key: str, label: str, css: str = "", title: str = ""):
    """A sortable column header of the ranking: a link that sorts by `key` (the largest figure first, rank
    and code ascending; a second click reverses), the current direction shown (▲/▼, aria-sort)."""
    request = context["request"]
    current = context["board"].sort
    first = key if key in ASCENDING_FIRST else f"-{key}"
    second = first.removeprefix("-") if first.startswith("-") else f"-{first}"
    target = second if current == first else first
    params = request.GET.copy()
    params["sort"] = target
    state = ""
    if current.removeprefix("-") == key:
        state = "descending" if current.startswith("-") else "ascending"
    return {"href": "?" + urlencode(sorted(params.items())) + "#ranking", "label": label, "css": css,
            "title": title, "state": state}


@register.simple_tag(takes_context=True)
def region_query(context, code: str, **extra) -> str:
    """The dashboard's query string for another region in the same period (the drill-down links)."""
    figures = context["f"]
    params = {"region": code, "year": figures.year}
    if figures.quarter:
        params["quarter"] = figures.quarter
    params.update({key: value for key, value in extra.items() if value not in (None, "")})
    return "?" + urlencode(params)
