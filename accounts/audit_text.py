"""Audit summaries in the reader's language (issue 13 point 12).

An audit row is a record: its `summary` is written once, in Chinese (the portal's working language), and sealed
in the hash chain. A service that wants the summary readable in English too passes an `AuditText`: a catalogue
message (`gettext_lazy` with a Chinese msgid and `{named}` fields) and its values. The row then keeps, beside the
Chinese text, the msgid and the values (`summary_params`, sealed too), and the pages render the message again in
the active language. Values that are themselves catalogue texts (a choice's label, a lazy message) are kept as
their msgid and translated when shown; plain values (names, numbers, dates, text a person typed) are shown as
written. A row without parameters (older rows, free text) shows its stored summary.
"""
import datetime
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

MAX_SUMMARY = 255
# Where personal data was shown (`personal.reveal` rows).
REVEAL_PLACES = {"page": gettext_lazy("页面"), "api": gettext_lazy("接口")}


class AuditText:
    """A summary to record: `AuditText(_("托位 {before} → {after}"), before=40, after=60)`."""

    def __init__(self, message: Promise, **values: Any):
        if not isinstance(message, Promise):  # an evaluated gettext() has lost its msgid
            raise TypeError("AuditText needs a gettext_lazy message")
        self.message = message
        self.values = values


def _msgid(text: Promise | str) -> str:
    # With no language active, gettext returns the msgid itself: our msgids are the Chinese source texts.
    with translation.override(None):
        return str(text)


def _freeze(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return {"l": [_freeze(item) for item in value]}
    if isinstance(value, Promise):
        return {"t": _msgid(value)}
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return str(value)


def _thaw(value: Any, separator: str) -> Any:
    if isinstance(value, dict) and set(value) == {"t"}:
        return gettext(value["t"])
    if isinstance(value, dict) and set(value) == {"l"}:
        return separator.join(str(_thaw(item, separator)) for item in value["l"])
    return "—" if value is None else value


def render(params: dict, separator: str | None = None) -> str:
    """The message of stored parameters in the active language (the msgid itself if the catalogue lacks it);
    lists are joined as running text of that language."""
    if separator is None:
        separator = "、" if (translation.get_language() or "zh").startswith("zh") else ", "
    values = {key: _thaw(value, separator) for key, value in params.get("a", {}).items()}
    return gettext(params["m"]).format(**values)


def freeze(summary: "AuditText | str") -> tuple[str, dict | None]:
    """The Chinese text to store, and the parameters to render it again (None for plain text)."""
    if not isinstance(summary, AuditText):
        return str(summary or "")[:MAX_SUMMARY], None
    params = {"m": _msgid(summary.message), "a": {key: _freeze(value) for key, value in summary.values.items()}}
    with translation.override(settings.LANGUAGE_CODE):  # Chinese, Django's own labels included
        text = render(params, separator="、")
    return text[:MAX_SUMMARY], params


def display(summary: str, params: dict | None) -> str:
    """What a page shows: the message in the active language, or the stored text when it cannot be rendered."""
    if not params:
        return summary
    try:
        return render(params)[:MAX_SUMMARY * 2]
    except (KeyError, IndexError, ValueError, TypeError):  # a translation naming a field the row lacks
        return summary
