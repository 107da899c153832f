"""Messages that are stored and read later, in the reader's language (issue 13 point 12).

Some texts are written once and read many times by people of either language: audit summaries (accounts),
the row errors and file problems of an import job (imports). Each is stored twice: as Chinese text (the
portal's working language: what a database reader, an export or an older version sees) and as parameters,
`{"m": msgid, "a": values}`, from which a page renders the message again in the active language.

A `Message` is a catalogue message (`gettext_lazy` with a Chinese msgid and `{named}` fields) with its values.
Values that are catalogue texts themselves (a choice's label, a lazy message) are kept as their msgid and
translated when shown, lists are joined as running text of the reader's language, and plain values (names,
numbers, dates, text a person typed) are shown as written.
"""
import datetime
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext


class Message:
    """`Message(gettext_lazy("托位 {before} → {after}"), before=40, after=60)`; str() renders it in the active
    language, `stored()` gives what to keep."""

    def __init__(self, message: Promise, **values: Any):
        if not isinstance(message, Promise):  # an evaluated gettext() has lost its msgid
            raise TypeError("Message needs a gettext_lazy message")
        self.message = message
        self.values = values

    def params(self) -> dict:
        return {"m": msgid(self.message), "a": {key: _freeze(value) for key, value in self.values.items()}}

    def __str__(self) -> str:
        return render(self.params())

    def __repr__(self) -> str:
        return f"Message({msgid(self.message)!r}, {self.values!r})"


class Lines:
    """Several messages (or plain texts) shown one per line: `Lines(Message(...), Message(...))`."""

    def __init__(self, *parts: "Message | Promise | str"):
        self.parts = [part for part in parts if part]

    def params(self) -> dict:
        return {"lines": [_part_params(part) for part in self.parts]}

    def __str__(self) -> str:
        return render(self.params())


def _part_params(part) -> dict:
    if isinstance(part, Promise):
        part = Message(part)
    if isinstance(part, Message):
        return part.params()
    return {"text": str(part)}


def msgid(text: Promise | str) -> str:
    # With no language active, gettext returns the msgid itself: our msgids are the Chinese source texts.
    with translation.override(None):
        return str(text)


def _freeze(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return {"l": [_freeze(item) for item in value]}
    if isinstance(value, Promise):
        return {"t": msgid(value)}
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
    if "lines" in params:
        return "\n".join(render(line, separator) for line in params["lines"])
    if "m" not in params:
        return params.get("text", "")
    values = {key: _thaw(value, separator) for key, value in params.get("a", {}).items()}
    text = gettext(params["m"])
    # A msgid with printf fields ("%(name)s", the style of the older messages) is filled with %, others with format.
    return text % values if "%(" in params["m"] else text.format(**values)


def stored(message: "Message | Lines | Promise | str", limit: int | None = None) -> tuple[str, dict | None]:
    """What to keep of a message: its Chinese text (cut to `limit`) and its parameters (None for plain text)."""
    if isinstance(message, Promise):
        message = Message(message)
    if not isinstance(message, (Message, Lines)):
        return str(message or "")[:limit], None
    params = message.params()
    with translation.override(settings.LANGUAGE_CODE):  # Chinese, Django's own labels included
        text = render(params, separator="、")
    return text[:limit], params


def shown(text: str, params: dict | None, limit: int | None = None) -> str:
    """What a page shows: the message in the active language, or the stored text when it has no parameters or
    cannot be rendered (a translation naming a field the row lacks)."""
    if not params:
        return text
    try:
        return render(params)[:limit]
    except (KeyError, IndexError, ValueError, TypeError):
        return text
