"""Audit summaries in the reader's language (issue 13 point 12).

An audit row is a record: its `summary` is written once, in Chinese (the portal's working language), and sealed
in the hash chain. A service that wants the summary readable in English too passes an `AuditText` (a
`core.stored_text.Message`): the row then keeps, beside the Chinese text, the msgid and the values
(`summary_params`, sealed too), and the pages render the message again in the active language. A row without
parameters (older rows, free text such as a reviewer's reason) shows its stored summary.
"""
from django.utils.translation import gettext_lazy

from core.stored_text import Message, shown, stored

AuditText = Message
MAX_SUMMARY = 255
# Where personal data was shown (`personal.reveal` rows).
REVEAL_PLACES = {"page": gettext_lazy("页面"), "api": gettext_lazy("接口")}


def freeze(summary: "AuditText | str") -> tuple[str, dict | None]:
    """The Chinese text to store, and the parameters to render it again (None for plain text)."""
    return stored(summary, MAX_SUMMARY)


def display(summary: str, params: dict | None) -> str:
    """What a page shows: the summary in the active language, or the stored text."""
    return shown(summary, params, MAX_SUMMARY * 2)
