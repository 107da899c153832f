"""FastSelect renders the same <select> as Django's template-based Select (issue 12, point 14)."""
import re

import pytest
from django import forms

from core.widgets import FastSelect, fast_selects
from filings.filters import FilingFilter
from institutions.filters import InstitutionFilter
from institutions.models import Institution

CHOICES = [("", "全部"), ("a", "甲 & <乙>"), ("组", [("b", '"引号"'), ("c", "丙")]), (3, "三")]


def squash(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", [None, "", "a", "b", "3", ["a"]])
@pytest.mark.parametrize("attrs", [None, {"class": "form-select", "id": "id_x", "disabled": True, "data-x": "<'>"}])
def test_fast_select_renders_what_django_renders(value, attrs):
    expected = forms.Select(choices=CHOICES).render("x", value, attrs=attrs)
    assert squash(FastSelect(choices=CHOICES).render("x", value, attrs=attrs)) == squash(expected)


def test_the_filter_bars_use_it_and_keep_the_chosen_value(db):
    form = InstitutionFilter({"nature": "non_profit"}, queryset=Institution.objects.all()).form
    assert isinstance(form.fields["nature"].widget, FastSelect)
    assert '<option value="non_profit" selected>' in str(form["nature"])
    assert 'class="form-select"' in str(form["nature"])
    queue = FilingFilter({"status": "returned"}).form
    assert '<option value="returned" selected>' in str(queue["status"])


def test_fast_selects_leaves_other_widgets_alone():
    class Form(forms.Form):
        plain = forms.ChoiceField(choices=CHOICES)
        multiple = forms.MultipleChoiceField(choices=CHOICES)
        radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)

    form = Form()
    fast_selects(form)
    assert type(form.fields["plain"].widget) is FastSelect
    assert type(form.fields["multiple"].widget) is forms.SelectMultiple
    assert type(form.fields["radio"].widget) is forms.RadioSelect
