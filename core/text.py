"""Running text in the active language."""
from django.utils.translation import get_language


def enumeration(items) -> str:
    """A list in running text: "全日托、半日托" in Chinese, "Full-day, Half-day" in English."""
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    return separator.join(str(item) for item in items or [])


def parens(value) -> str:
    """A remark in brackets: "（…）" in Chinese, " (…)" in English."""
    return f"（{value}）" if (get_language() or "").startswith("zh") else f" ({value})"
