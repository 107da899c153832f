"""Widgets rendered in Python where Django's template-per-option rendering is too slow for a hot page.

Django renders a <select> through one template per option plus one per attribute list: a filter bar of seven
selects cost 8–12 ms of a 30 ms list page, more than the page's SQL (issue 12, point 14). FastSelect renders
the same HTML (name, attributes, optgroups, selected and disabled options, escaping) with string joins.
FastTextInput does the same for a text input (three templates: text.html, input.html, attrs.html; 0.4 ms of a
review queue page for its search field, the one field of a filter bar rendered on every request).
"""
from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """What django/forms/widgets/attrs.html renders: in order, False left out, True as a bare name."""
    return "".join("" if value is False else f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
                   for name, value in attrs.items())


class FastSelect(forms.Select):
    """A forms.Select whose HTML is built in Python (the same markup as Django's select.html)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{escape(group_name)}">')
            for option in options:
                parts.append(f'<option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
                             f'{escape(option["label"])}</option>')
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))


class FastTextInput(forms.TextInput):
    """A forms.TextInput whose HTML is built in Python (the same markup as Django's input.html)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
        return mark_safe(f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{shown}'
                         f'{_attrs(widget["attrs"])}>')


def fast_selects(form: forms.BaseForm) -> None:
    """Swap each plain forms.Select of `form` for a FastSelect, and each plain forms.TextInput for a FastTextInput,
    with the same attributes (and choices)."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            fast = FastSelect(attrs=widget.attrs, choices=widget.choices)
        elif type(widget) is forms.TextInput:
            fast = FastTextInput(attrs=widget.attrs)
        else:
            continue
        fast.is_required = widget.is_required
        field.widget = fast
