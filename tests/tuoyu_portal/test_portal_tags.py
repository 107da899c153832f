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
