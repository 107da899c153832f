"""The admin changelist's rows written in one pass (list pages at national scale, issue 12 point 14).

Django's `{% result_list cl %}` looks each cell up again (`lookup_field`: the model admin, the field, the choices),
formats it with `format_html` and renders it as a template variable: 160 cells a page of the institution list cost
a third of the page. `{% fast_result_list cl %}` gives the same template (admin/change_list_results.html) the same
headers and the same HTML: each column's field, CSS classes, choice labels and link are resolved once a page, and
each row is one string. It handles the common changelist — list_display of the model's own fields (a foreign key
shown by its `str`) and the actions' checkbox, no list_editable, no popup — and leaves any other to Django's rows
(`admin/fast_change_list.html` uses it; tests/core/test_admin_rows.py compares both outputs).
"""
from django import template
from django.contrib.admin.templatetags.admin_list import ResultList, result_headers, result_list
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import display_for_field, quote
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

_PK = "0PK0"  # stands for the primary key in the change URL (reversed once a page)


class _Checkbox:
    """The bulk actions' checkbox (ModelAdmin.action_checkbox), as Django writes it."""

    link, class_attr = False, "action-checkbox"

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def display(self, result, empty: str) -> str:
        return conditional_escape(str(self.model_admin.action_checkbox(result)))


class _Column:
    def __init__(self, field, link: bool):
        self.name, self.field, self.link = field.name, field, link
        classes = [f"field-{field.name}"]
        if isinstance(field, models.DateField | models.TimeField | models.ForeignKey):
            classes.append("nowrap")
        self.class_attr = " ".join(classes)
        self.is_fk = isinstance(field, models.ForeignKey)
        self.choices = dict(field.flatchoices) if getattr(field, "flatchoices", None) else None

    def display(self, result, empty: str) -> str:
        if self.is_fk:
            related = getattr(result, self.name)
            return conditional_escape(empty if related is None else related)
        value = getattr(result, self.field.attname)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        if self.choices is not None:
            return conditional_escape(self.choices.get(value, empty))
        return conditional_escape(display_for_field(value, self.field, empty, avoid_link=self.link))


def _columns(cl) -> list[_Column | _Checkbox] | None:
    """The columns, or None when the changelist needs Django's own rows."""
    if cl.formset is not None or cl.is_popup or cl.to_field or cl.preserved_filters:
        return None
    pk = cl.lookup_opts.pk
    if not isinstance(pk, models.AutoField | models.BigAutoField | models.SmallAutoField):
        return None
    if cl.list_display_links is not None and not cl.list_display_links:
        return None  # Django then links the first column, whatever it is
    columns = []
    for name in cl.list_display:
        if name == "action_checkbox":
            columns.append(_Checkbox(cl.model_admin))
            continue
        if not isinstance(name, str) or "__" in name:
            return None
        try:
            field = cl.lookup_opts.get_field(name)
        except FieldDoesNotExist:
            return None
        if field.auto_created or (field.is_relation and not isinstance(field, models.ForeignKey)) \
                or not field.concrete:
            return None
        columns.append(_Column(field, cl.list_display_links is not None and name in cl.list_display_links))
    return columns


def _rows(cl, columns: list[_Column | _Checkbox]) -> list[ResultList]:
    opts = cl.opts
    change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=(_PK,),
                         current_app=cl.model_admin.admin_site.name)
    prefix, _, suffix = change_url.partition(_PK)
    empty = cl.model_admin.get_empty_value_display()
    pk_attname = cl.lookup_opts.pk.attname
    rows = []
    for result in cl.result_list:
        cells, first = [], True
        for column in columns:
            shown = column.display(result, empty)
            if column.link:
                tag = "th" if first else "td"
                first = False
                url = conditional_escape(prefix + str(quote(getattr(result, pk_attname))) + suffix)
                cells.append(f'<{tag} class="{column.class_attr}"><a href="{url}">{shown}</a></{tag}>')
            else:
                cells.append(f'<td class="{column.class_attr}">{shown}</td>')
        rows.append(ResultList(None, [mark_safe("".join(cells))]))
    return rows


def fast_result_list(cl):
    """Django's result_list context, with the rows built here when the changelist allows it."""
    columns = _columns(cl)
    if columns is None:
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],  # only a list_editable changelist has any
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": _rows(cl, columns),
    }


@register.tag(name="fast_result_list")
def fast_result_list_tag(parser, token):
    return InclusionAdminNode(parser, token, func=fast_result_list, template_name="change_list_results.html",
                              takes_context=False)

