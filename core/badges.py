"""The colour (tone) of each state's badge, declared next to the model whose state it is.

An app registers the tones of a choice field once (`register_tones(Filing, "status", {...})` in its
models.py); the `{% status_badge obj %}` tag (core/templatetags/portal_tags.py) draws the badge with the
state's label in the active language. The tones are a small shared vocabulary styled once in portal.css, so
the same colour means the same thing on every page.
"""
from django.db import models

TONES = ("neutral", "primary", "info", "warning", "success", "danger", "overdue", "muted", "light")

_tones: dict[str, dict[str, str]] = {}


def _key(model: type[models.Model] | str, field: str) -> str:
    label = model if isinstance(model, str) else model._meta.label_lower
    return f"{label.lower()}.{field}"


def register_tones(model: type[models.Model], field: str, tones: dict[str, str]) -> None:
    unknown = set(tones.values()) - set(TONES)
    if unknown:
        raise ValueError(f"unknown badge tones {sorted(unknown)} (one of {TONES})")
    _tones[_key(model, field)] = {str(value): tone for value, tone in tones.items()}


def tone(model: type[models.Model] | str, field: str, value) -> str:
    """The tone of a state ("neutral" for a state no one gave a tone)."""
    return _tones.get(_key(model, field), {}).get(str(value), "neutral")
