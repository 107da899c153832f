"""The admin changelist's table, pagination and filters written in one pass (list pages at national scale, issue 12
point 14).

Django's `{% result_list cl %}` looks each cell up again (`lookup_field`: the model admin, the field, the choices),
formats it with `format_html` and renders it as a template variable: 160 cells a page of the institution list cost
a third of the page; its headers, its pagination links and its filter sidebar (five filters, two dozen choices)
are small templates rendered node by node. `{% fast_result_list cl %}`, `{% fast_pagination cl %}` and
`{% fast_list_filters cl %}` write the same HTML, byte for byte, as Python strings: each column's field, CSS
classes, choice labels and link are resolved once a page, each row is one string. They handle the common
changelist — list_display of the model's own fields (a foreign key shown by its `str`) and the actions' checkbox, no
list_editable, no popup — with Django's own templates (none overridden for the model, its app or the project), and
leave anything else to Django's tags. `admin/fast_change_list.html` uses them; tests/core/test_admin_rows.py compares
them with Django's output, cell by cell and page by page.
"""
from pathlib import Path

from django import template
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    admin_list_filter,
    pagination,
    paginator_number,
    result_headers,
    result_list,
)
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import display_for_field, quote
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.base import render_value_in_context
from django.template.defaultfilters import capfirst, iriencode
from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

_PK = "0PK0"  # stands for the primary key in the change URL (reversed once a page)


class _Checkbox:
    """The bulk actions' checkbox (ModelAdmin.action_checkbox), as Django writes it."""

    link, class_attr = False, "action-checkbox"

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def display(self, result) -> str:
        return conditional_escape(str(self.model_admin.action_checkbox(result)))


# Fields whose value Django's display_for_field writes as str(value) (no link, no formatting).
_TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.SlugField)


class _Column:
    """A column of the page: its field, CSS classes, choice labels and empty value resolved (and escaped) once."""

    def __init__(self, field, link: bool, empty: str):
        self.name, self.field, self.link = field.name, field, link
        classes = [f"field-{field.name}"]
        if isinstance(field, models.DateField | models.TimeField | models.ForeignKey):
            classes.append("nowrap")
        self.class_attr = " ".join(classes)
        self.is_fk = isinstance(field, models.ForeignKey)
        self.empty, self.empty_html = empty, conditional_escape(empty)
        self.choices = None
        if getattr(field, "flatchoices", None):
            self.choices = {value: conditional_escape(label) for value, label in dict(field.flatchoices).items()}
        self.is_text = type(field) in _TEXT_FIELDS

    def display(self, result) -> str:
        if self.is_fk:
            related = getattr(result, self.name)
            return self.empty_html if related is None else conditional_escape(related)
        value = getattr(result, self.field.attname)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        if self.choices is not None:
            return self.choices.get(value, self.empty_html)
        if self.is_text:
            return self.empty_html if value is None or value == "" else escape(value)
        return conditional_escape(display_for_field(value, self.field, self.empty, avoid_link=self.link))


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
    empty = cl.model_admin.get_empty_value_display()
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
        columns.append(_Column(field, cl.list_display_links is not None and name in cl.list_display_links, empty))
    return columns


def _rows(cl, columns: list[_Column | _Checkbox]) -> list[ResultList]:
    opts = cl.opts
    change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=(_PK,),
                         current_app=cl.model_admin.admin_site.name)
    prefix, _, suffix = change_url.partition(_PK)
    pk_attname = cl.lookup_opts.pk.attname
    rows = []
    for result in cl.result_list:
        cells, first = [], True
        for column in columns:
            shown = column.display(result)
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


_DJANGO_ADMIN_TEMPLATES = str(Path(admin.__file__).resolve().parent / "templates")
_default_templates: dict[tuple[str, ...], bool] = {}


def _is_djangos(context, names: list[str]) -> bool:
    """Whether the template these names select is Django's own (not one a project or app overrides)."""
    key = tuple(names)
    if key not in _default_templates:
        origin = context.template.engine.select_template(names).origin.name
        _default_templates[key] = str(Path(origin).resolve()).startswith(_DJANGO_ADMIN_TEMPLATES)
    return _default_templates[key]


def _admin_template_names(context, name: str) -> list[str]:
    """The names InclusionAdminNode tries for `name` (per model, per app, then the admin's own)."""
    opts = context["opts"]
    app_label, model_name = opts.app_label.lower(), opts.model_name
    return [f"admin/{app_label}/{model_name}/{name}", f"admin/{app_label}/{name}", f"admin/{name}"]


def _value(value, context) -> str:
    """What `{{ value }}` writes in this context (localized, escaped when autoescaping)."""
    return render_value_in_context(value, context)


def _headers_html(headers: list[dict], context) -> str:
    """admin/change_list_results.html's <thead> cells, as that template writes them."""
    sorted_fields = sum(1 for header in headers if header["sortable"] and header["sorted"])
    remove_title = _value(gettext("Remove from sorting"), context)
    toggle_title = _value(gettext("Toggle sorting"), context)
    out = []
    for header in headers:
        out.append(f'\n<th scope="col"{_value(header["class_attrib"], context)}>\n   ')
        if header["sortable"] and header["sort_priority"] > 0:
            priority = ""
            if sorted_fields > 1:
                title = gettext("Sorting priority: %(priority_number)s") % {
                    "priority_number": _value(header["sort_priority"], context)}
                priority = (f'<span class="sortpriority" title="{title}">'
                            f'{_value(header["sort_priority"], context)}</span>')
            order = "ascending" if header["ascending"] else "descending"
            out.append(
                f'\n       <div class="sortoptions">\n         <a class="sortremove" '
                f'href="{_value(header["url_remove"], context)}" title="{remove_title}"></a>\n         {priority}\n'
                f'         <a href="{_value(header["url_toggle"], context)}" class="toggle {order}" '
                f'title="{toggle_title}"></a>\n       </div>\n   ')
        text = _value(capfirst(header["text"]), context)
        if header["sortable"]:
            text = f'<a href="{_value(header["url_primary"], context)}">{text}</a>'
        else:
            text = f"<span>{text}</span>"
        out.append(f'\n   <div class="text">{text}</div>\n   <div class="clear"></div>\n</th>')
    return "".join(out)


def _result_list_html(cl, columns, context) -> str:
    """admin/change_list_results.html as Django writes it for these columns, in one pass."""
    rows = _rows(cl, columns)
    if not rows:
        return "\n\n\n"
    body = "".join(f"\n\n<tr>{row[0]}</tr>\n" for row in rows)
    return (f'\n\n\n<div class="results">\n<table id="result_list">\n<thead>\n<tr>\n'
            f"{_headers_html(list(result_headers(cl)), context)}\n</tr>\n</thead>\n<tbody>\n{body}\n</tbody>\n"
            f"</table>\n</div>\n\n")


class _FastNode(template.Node):
    """A tag written here in one pass where Django's own template would be used, Django's tag otherwise."""

    def __init__(self, cl, django_node):
        self.cl, self.django_node = cl, django_node

    def render(self, context):
        html = self.fast(self.cl.resolve(context), context)
        return self.django_node.render(context) if html is None else mark_safe(html)

    def fast(self, cl, context) -> str | None:
        raise NotImplementedError


class _ResultListNode(_FastNode):
    def fast(self, cl, context):
        columns = _columns(cl)
        if columns is None or not _is_djangos(context, _admin_template_names(context, "change_list_results.html")):
            return None
        return _result_list_html(cl, columns, context)


def _pagination_html(cl, context) -> str:
    """admin/pagination.html as Django writes it."""
    data = pagination(cl)
    out = ['\n\n<p class="paginator">\n']
    if data["pagination_required"]:
        out.append("\n")
        for i in data["page_range"]:
            out.append(f"\n    {paginator_number(cl, i)}\n")
        out.append("\n")
    out.append("\n")
    count = cl.result_count
    name = cl.opts.verbose_name if count == 1 else cl.opts.verbose_name_plural
    out.append(f"{_value(count, context)} {_value(name, context)}\n")
    if data["show_all_url"]:
        out.append(f'<a href="{_value(data["show_all_url"], context)}" class="showall">'
                   f'{_value(gettext("Show all"), context)}</a>')
    out.append("\n")
    if cl.formset and count:
        out.append(f'<input type="submit" name="_save" class="default" value="{_value(gettext("Save"), context)}">')
    out.append("\n</p>\n")
    return "".join(out)


class _PaginationNode(_FastNode):
    def fast(self, cl, context):
        if not _is_djangos(context, _admin_template_names(context, "pagination.html")):
            return None
        return _pagination_html(cl, context)


def _filter_html(cl, spec, context) -> str:
    """admin/filter.html as Django writes it for this filter."""
    title = _value(spec.title, context)
    by = gettext(" By %(filter_title)s ") % {"filter_title": title}
    out = [f'\n<details data-filter-title="{title}" open>\n  <summary>\n    {by}\n  </summary>\n  <ul>\n  ']
    for choice in spec.choices(cl):
        selected = ' class="selected"' if choice["selected"] else ""
        out.append(f'\n    <li{selected}>\n    <a href="{_value(iriencode(choice["query_string"]), context)}">'
                   f'{_value(choice["display"], context)}</a></li>\n  ')
    out.append("\n  </ul>\n</details>\n")
    return "".join(out)


class _FiltersNode(template.Node):
    def __init__(self, cl):
        self.cl = cl

    def render(self, context):
        cl = self.cl.resolve(context)
        out = []
        for spec in cl.filter_specs:
            if spec.template == "admin/filter.html" and _is_djangos(context, [spec.template]):
                out.append(mark_safe(_filter_html(cl, spec, context)))
            else:
                out.append(admin_list_filter(cl, spec))
        return mark_safe("".join(out))


def _cl_argument(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the changelist")
    return parser.compile_filter(bits[1])


@register.tag(name="fast_result_list")
def fast_result_list_tag(parser, token):
    """{% result_list cl %}, written in one pass (headers and rows) when Django's rows and template would be used."""
    django_node = InclusionAdminNode(parser, token, func=fast_result_list, template_name="change_list_results.html",
                                     takes_context=False)
    return _ResultListNode(_cl_argument(parser, token), django_node)


@register.tag(name="fast_pagination")
def fast_pagination_tag(parser, token):
    """{% pagination cl %}, written in one pass when Django's pagination.html would be used."""
    django_node = InclusionAdminNode(parser, token, func=pagination, template_name="pagination.html",
                                     takes_context=False)
    return _PaginationNode(_cl_argument(parser, token), django_node)


@register.tag(name="fast_list_filters")
def fast_list_filters_tag(parser, token):
    """`{% for spec in cl.filter_specs %}{% admin_list_filter cl spec %}{% endfor %}`, each filter that uses
    Django's admin/filter.html written in one pass."""
    return _FiltersNode(_cl_argument(parser, token))
