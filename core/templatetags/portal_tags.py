"""Template helpers shared by every app: query-string editing, pagination windows, running-text punctuation
and state badges."""
import re
from decimal import Decimal

from django import template
from django.apps import apps
from django.template.base import render_value_in_context
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from core import fragments, text
from core.badges import tone
from core.text import enumeration

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with the given keys replaced (used by pagination and sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag
def form_fragment_key(form, *rendered_apart) -> str:
    """Everything a filter form's rendering depends on, for {% cache %} (list pages at national scale, issue 12
    point 14): the form's class, what was submitted (less the fields in `rendered_apart`, rendered outside the
    cached part: a search term differs from one request to the next), each region picker's root (a staff
    member's scope), the versions of the cached tables fragments show
    (core.fragments: the regions' names in a region picker) and the language. Choices must
    not come from the database: a form whose choices do is not cached this way."""
    data = form.data if form.is_bound else {}
    lists = data.lists() if hasattr(data, "lists") else ((key, [value]) for key, value in data.items())
    submitted = sorted((key, tuple(values)) for key, values in lists if key not in rendered_apart)
    roots = tuple((name, field.root) for name, field in form.fields.items() if hasattr(field, "root"))
    # The error messages shown (of the fields rendered apart too: the bar lists them all); none on a valid form.
    errors = sorted((name, tuple(map(str, messages))) for name, messages in form.errors.items()) if form.is_bound \
        else []
    return repr((type(form).__module__, type(form).__qualname__, submitted, roots, errors, fragments.versions(),
                 get_language()))


@register.filter
def page_window(paginator, number: int) -> list[int | None]:
    """Page numbers around the current one, with None where pages are skipped."""
    pages = set(range(max(1, number - 2), min(paginator.num_pages, number + 2) + 1))
    pages.update({1, paginator.num_pages})
    result: list[int | None] = []
    last = 0
    for n in sorted(pages):
        if n - last > 1:
            result.append(None)
        result.append(n)
        last = n
    return result


@register.simple_tag(takes_context=True)
def pagination_nav(context, page_obj) -> str:
    """The page links under a list (partials/pagination.html): previous, a window of page numbers with "…" where
    pages are skipped, next, and the total; each link keeps the rest of the query string. Written in one pass: as
    a template it cost a list page a tenth of its rendering (one query-string copy and a dozen nodes a link; list
    pages at national scale, issue 12 point 14)."""
    paginator = page_obj.paginator
    if paginator.num_pages <= 1:
        return ""
    query = context["request"].GET.copy()

    def href(number) -> str:
        query["page"] = number
        return escape("?" + query.urlencode())

    previous_label, next_label = escape(gettext("上一页")), escape(gettext("下一页"))
    items = []
    if page_obj.has_previous():
        items.append(f'<li class="page-item"><a class="page-link" href="{href(page_obj.previous_page_number())}">'
                     f"{previous_label}</a></li>")
    else:
        items.append(f'<li class="page-item disabled"><span class="page-link">{previous_label}</span></li>')
    for number in page_window(paginator, page_obj.number):
        if number is None:
            items.append('<li class="page-item disabled"><span class="page-link">…</span></li>')
        else:
            active = " active" if number == page_obj.number else ""
            items.append(f'<li class="page-item{active}"><a class="page-link" href="{href(number)}">{number}</a></li>')
    if page_obj.has_next():
        items.append(f'<li class="page-item"><a class="page-link" href="{href(page_obj.next_page_number())}">'
                     f"{next_label}</a></li>")
    else:
        items.append(f'<li class="page-item disabled"><span class="page-link">{next_label}</span></li>')
    total = escape(gettext("共 %(total)s 条") % {"total": render_value_in_context(paginator.count, context)})
    return mark_safe(f'<nav aria-label="{escape(gettext("分页"))}">\n  <ul class="pagination pagination-sm flex-wrap">'
                     + "".join(items) + f'</ul>\n  <p class="text-muted small">{total}</p>\n</nav>\n')


@register.filter
def masked_phone(value) -> str:
    """A phone number with its middle digits hidden (lists show it masked; the record's own page in full)."""
    from core.personal import mask_phone

    return mask_phone(value or "")


@register.filter
def stars(value) -> str:
    return "★" * int(value) + "☆" * (5 - int(value)) if value else ""


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or None (for per-field comments and the like)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def month(value) -> str:
    """A month as its readers write it: 2026年11月, November 2026."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext

    return date_format(value, gettext("Y年n月")) if value else ""


@register.filter
def form_field(form, name):
    """form[name] (a bound field) in a template, for forms laid out in groups of named fields."""
    return form[name]


@register.simple_tag
def colon() -> str:
    """The colon after a label: full-width "：" in Chinese, ": " in English (a label translated on its own)."""
    return "：" if (get_language() or "").startswith("zh") else ": "



@register.filter
def parens(value) -> str:
    """A remark in brackets: "（…）" in Chinese, " (…)" in English."""
    return text.parens(value)


@register.simple_tag
def comma() -> str:
    """The comma between two clauses: "，" in Chinese, ", " in English."""
    return "，" if (get_language() or "").startswith("zh") else ", "


@register.filter(name="enumeration")
def enumeration_filter(items, attribute: str = "") -> str:
    """A list in running text of the active language (core/text.py: "、" in Chinese, ", " in English);
    `items|enumeration:"figures.region_name"` lists that attribute of each item."""
    if attribute:
        def pick(item):
            for part in attribute.split("."):
                item = item.get(part) if isinstance(item, dict) else getattr(item, part)
            return item
        items = [pick(item) for item in items or []]
    return enumeration(items)


@register.simple_tag
def status_badge(obj, field: str = "status", of: str = "", label=None) -> str:
    """The badge of a state: `{% status_badge filing %}`, `{% status_badge inst "filing_state" %}`; for an
    object that is not the model itself (a row of a public page), name the model: `of="complaints.complaint"`.
    Its colour is the tone the app registered for the state (core/badges.py), its text the state's label
    (`label=` gives it when a long list has translated the labels once already)."""
    model = apps.get_model(of) if of else type(obj)
    value = obj.get(field) if isinstance(obj, dict) else getattr(obj, field)
    if label is None:
        label = dict(model._meta.get_field(field).flatchoices).get(value, value)
    return format_html('<span class="badge status-badge tone-{}" data-status="{}">{}</span>',
                       tone(model, field, value), value, label)


LINE_BREAK = re.compile(r"[ \t]*\n\s*")


class OneLineNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return self.nodelist.render(context)


@register.tag
def oneline(parser, token):
    """{% oneline %}...{% endoneline %}: what is written inside over several lines renders as one run of text.

    Each line break of the template text inside, with the spaces around it, is dropped when the template is read,
    so a paragraph of Chinese sentences (which follow each other without a space) or a table cell of several
    pieces can be written one piece per line. Spaces within a line, and those a translation or a value carries
    (" Inclusive slots: ..."), are kept."""
    nodelist = parser.parse(("endoneline",))
    parser.delete_first_token()
    for node in nodelist.get_nodes_by_type(template.base.TextNode):
        node.s = LINE_BREAK.sub("", node.s)
    return OneLineNode(nodelist)


MISSING = "—"


@register.filter
def fig(value):
    """An integer or a decimal as shown in tables and figures: 12,345 or 4.73; "—" when undefined."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, Decimal | float):
        return f"{value:,.2f}"
    return f"{value:,}" if isinstance(value, int) else value
