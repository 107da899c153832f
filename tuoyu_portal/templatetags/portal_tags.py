"""Template helpers shared by every app: query-string editing and pagination windows."""
from django import template
from django.utils.translation import get_language

from core.text import enumeration

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with the given keys replaced (used by pagination and sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def page_window(paginator, number: int) -> list[int | None]:
    """Page numbers around the current one, with None where pages are skipped."""
    pages = set(range(max(1, number - 2), min(paginator.num_pages, number + 2) + 1))
    pages.update({1, paginator.num_pages})
    result: list[int | None] = []
    last = 0
    for n in sorted(pages):
        if n - last > 1:
            result.append(None)
        result.append(n)
        last = n
    return result


@register.filter
def stars(value) -> str:
    return "★" * int(value) + "☆" * (5 - int(value)) if value else ""


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or None (for per-field comments and the like)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def colon() -> str:
    """The colon after a label: full-width "：" in Chinese, ": " in English (a label translated on its own)."""
    return "：" if (get_language() or "").startswith("zh") else ": "



@register.filter
def parens(value) -> str:
    """A remark in brackets: "（…）" in Chinese, " (…)" in English."""
    return f"（{value}）" if (get_language() or "").startswith("zh") else f" ({value})"


@register.simple_tag
def comma() -> str:
    """The comma between two clauses: "，" in Chinese, ", " in English."""
    return "，" if (get_language() or "").startswith("zh") else ", "


@register.filter(name="enumeration")
def enumeration_filter(items, attribute: str = "") -> str:
    """A list in running text of the active language (core/text.py: "、" in Chinese, ", " in English);
    `items|enumeration:"figures.region_name"` lists that attribute of each item."""
    if attribute:
        def pick(item):
            for part in attribute.split("."):
                item = item.get(part) if isinstance(item, dict) else getattr(item, part)
            return item
        items = [pick(item) for item in items or []]
    return enumeration(items)
