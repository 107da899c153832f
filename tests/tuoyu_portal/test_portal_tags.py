"""Small template helpers shared by every app."""
from django.template import Context, Template
from django.utils import translation


def test_the_colon_after_a_label_follows_the_language():
    template = Template('{% load i18n portal_tags %}{% translate "审核意见" %}{% colon %}x')
    with translation.override("zh-hans"):
        assert template.render(Context()) == "审核意见：x"
    with translation.override("en"):
        english = template.render(Context())
    assert english.endswith(": x") and "：" not in english and "审核意见" not in english


def test_running_text_punctuation_follows_the_language():
    """Lists, remarks in brackets and commas between clauses: Chinese punctuation only on Chinese pages."""
    from django.template import Context, Template
    from django.utils import translation

    template = Template('{% load portal_tags %}{{ rows|enumeration:"figures.name" }}|{{ who|parens }}|a{% comma %}b')
    rows = [{"figures": {"name": "长安区"}}, {"figures": {"name": "桥西区"}}]
    with translation.override("zh-hans"):
        assert template.render(Context({"rows": rows, "who": "王芳"})) == "长安区、桥西区|（王芳）|a，b"
    with translation.override("en"):
        assert template.render(Context({"rows": rows, "who": "王芳"})) == "长安区, 桥西区| (王芳)|a, b"


def test_a_state_badge_has_its_registered_tone_and_its_label_in_the_active_language():
    import pytest

    from core.badges import register_tones
    from filings.models import Filing, FilingStatus
    from inspections.models import OrderStatus, RectificationOrder

    template = Template('{% load portal_tags %}{% status_badge filing %}|{% status_badge row of="inspections.rectificationorder" %}')
    context = Context({"filing": Filing(status=FilingStatus.RETURNED), "row": {"status": OrderStatus.OVERDUE}})
    with translation.override("zh-hans"):
        chinese = template.render(context)
    assert chinese == ('<span class="badge status-badge tone-warning" data-status="returned">退回补正</span>|'
                       '<span class="badge status-badge tone-overdue" data-status="overdue">逾期未整改</span>')
    with translation.override("en"):
        english = template.render(context)
    assert "退回补正" not in english and 'tone-warning" data-status="returned"' in english
    with pytest.raises(ValueError):
        register_tones(RectificationOrder, "status", {OrderStatus.OVERDUE: "purple"})


def test_oneline_joins_the_lines_and_keeps_the_spaces_within_them():
    text = Template("""{% load portal_tags %}<p>{% oneline %}
        截至{{ day }}，共有机构{{ n }}个。
        {% if n %}
          <span class="x">托位 {{ n }} 个。</span>
        {% endif %}
        {{ tail }}
    {% endoneline %}</p>""").render(Context({"day": "2024年", "n": 4, "tail": " Done."}))
    assert text == '<p>截至2024年，共有机构4个。<span class="x">托位 4 个。</span> Done.</p>'
