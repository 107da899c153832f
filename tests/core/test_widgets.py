"""FastSelect and FastTextInput render the same HTML as Django's template-based Select and TextInput (issue 12,
point 14)."""
import re

import pytest
from django import forms

from core.widgets import FastSelect, FastTextInput, fast_selects
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


@pytest.mark.parametrize("value", [None, "", "托育 & <园>", '"引号"', 7])
@pytest.mark.parametrize("attrs", [None, {"class": "form-control", "id": "id_q", "required": True, "disabled": False,
                                          "maxlength": 64, "placeholder": "名称'<>"}])
def test_fast_text_input_renders_what_django_renders(value, attrs):
    expected = forms.TextInput(attrs={"data-x": "1"}).render("q", value, attrs=attrs)
    assert FastTextInput(attrs={"data-x": "1"}).render("q", value, attrs=attrs) == expected


def test_a_search_field_with_an_error_is_written_as_django_writes_it(db):
    data = {"q": "x" * 70, "status": "submitted"}
    fast = FilingFilter(data).form
    assert type(fast.fields["q"].widget) is FastTextInput and not fast.is_valid()
    django = FilingFilter(data).form
    django.fields["q"].widget = forms.TextInput(attrs=fast.fields["q"].widget.attrs)
    django.is_valid()
    assert 'aria-invalid="true"' in str(fast["q"]) and str(fast["q"]) == str(django["q"])


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

        text = forms.CharField()
        email = forms.EmailField()

    form = Form()
    fast_selects(form)
    assert type(form.fields["plain"].widget) is FastSelect
    assert type(form.fields["text"].widget) is FastTextInput and type(form.fields["email"].widget) is forms.EmailInput
    assert type(form.fields["multiple"].widget) is forms.SelectMultiple
    assert type(form.fields["radio"].widget) is forms.RadioSelect
