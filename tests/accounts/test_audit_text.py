"""Audit summaries: a Chinese record, shown again in the reader's language (accounts/audit_text.py)."""
import pytest
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from accounts.audit_text import AuditText, display, freeze
from institutions.rules import ClassType


def test_a_summary_keeps_its_message_and_values_and_reads_in_either_language():
    text, params = freeze(AuditText(gettext_lazy("{name}：{type}，核定 {capacity} 人"), name="托大一班",
                                    type=ClassType.TODDLER_LARGE.label, capacity=20))
    assert text == "托大一班：托大班（24–36个月），核定 20 人"
    assert params["a"]["type"] == {"t": "托大班（24–36个月）"}
    with translation.override("en"):
        shown = display(text, params)
    assert shown.startswith("托大一班: ") and "approved for 20 children" in shown and "核定" not in shown
    assert "toddler_large" not in shown


def test_a_summary_recorded_during_an_english_request_is_still_stored_in_chinese():
    with translation.override("en"):
        text, params = freeze(AuditText(gettext_lazy("注销生效 {date}"), date="2026-05-01"))
    assert text == "注销生效 2026-05-01" and params["m"] == "注销生效 {date}"


def test_plain_text_and_unrenderable_parameters_show_the_stored_summary():
    assert freeze("退回：材料不全") == ("退回：材料不全", None)
    assert display("退回：材料不全", None) == "退回：材料不全"
    assert display("托位 40", {"m": "托位 {slots} / 在托 {enrolled}，自 {date}", "a": {"slots": 40}}) == "托位 40"


def test_an_evaluated_message_is_refused_it_has_lost_its_msgid():
    with pytest.raises(TypeError):
        AuditText(gettext("注销生效 {date}"), date="2026-05-01")
