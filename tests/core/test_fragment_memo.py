"""{% memo %} (core/templatetags/fragment_memo.py): a fragment rendered once per value of its keys, with the
request's own CSRF token, never another's."""
import pytest
from django.template import Context, Template, TemplateSyntaxError

from core.templatetags import fragment_memo

TEMPLATE = "{% load fragment_memo %}{% memo who %}{{ who }} {{ other }} {% csrf_token %}{% endmemo %}"


def test_rendered_once_per_key_with_each_request_s_token():
    template = Template(TEMPLATE)
    first = template.render(Context({"who": "甲", "other": "一", "csrf_token": "tokenA"}))
    assert first == '甲 一 <input type="hidden" name="csrfmiddlewaretoken" value="tokenA">'
    # Same key: the stored fragment ("other" is not a key, so it is the first one's), with this request's token.
    again = template.render(Context({"who": "甲", "other": "二", "csrf_token": "tokenB"}))
    assert again == '甲 一 <input type="hidden" name="csrfmiddlewaretoken" value="tokenB">'
    assert template.render(Context({"who": "乙", "other": "二", "csrf_token": "t"})).startswith("乙 二 ")
    # Without a token in the context: no input, and not the stored fragment of a request that had one.
    assert template.render(Context({"who": "甲", "other": "三"})) == "甲 三 "
    assert "value=\"tokenC\"" in template.render(Context({"who": "甲", "csrf_token": "tokenC"}))


def test_values_are_escaped_unhashable_keys_render_every_time_and_the_store_is_bounded(monkeypatch):
    template = Template(TEMPLATE)
    assert template.render(Context({"who": ["<b>"], "other": 1})) == "[&#x27;&lt;b&gt;&#x27;] 1 "
    assert template.render(Context({"who": ["<b>"], "other": 2})) == "[&#x27;&lt;b&gt;&#x27;] 2 "
    monkeypatch.setattr(fragment_memo, "MAX_ENTRIES", 3)
    node = next(n for n in template.nodelist if isinstance(n, fragment_memo.MemoNode))
    for who in range(7):
        template.render(Context({"who": who}))
        assert len(node.rendered) <= 3


def test_a_memo_needs_a_key():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load fragment_memo %}{% memo %}x{% endmemo %}")
