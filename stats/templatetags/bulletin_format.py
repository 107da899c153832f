"""Numbers on the bulletin and the daily progress: thousands separators, rates to 2 places, "—" for a figure
that is undefined (a rate without a denominator is never 0), and signed changes."""
from decimal import Decimal

from django import template

register = template.Library()
MISSING = "—"


def _plain(value) -> str:
    return f"{value:,.2f}" if isinstance(value, Decimal | float) else f"{value:,}"


@register.filter
def num(value):
    """12,345 or 4.73; "—" when undefined."""
    if value is None or value == "":
        return MISSING
    return _plain(value) if isinstance(value, int | Decimal | float) else value


@register.filter
def signed(value):
    """+1,200 / −0.35 / 0; "—" when undefined."""
    if value is None or value == "":
        return MISSING
    if not value:
        return _plain(value)
    return ("+" if value > 0 else "−") + _plain(abs(value))


@register.filter(name="abs")
def absolute(value):
    return None if value is None else abs(value)
