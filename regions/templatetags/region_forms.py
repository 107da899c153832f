"""Template helpers of forms that hold a region picker."""
from django import template
from django.utils.translation import get_language

from regions import cache as region_cache

register = template.Library()


@register.simple_tag
def form_fragment_key(form, *rendered_apart) -> str:
    """Everything a filter form's rendering depends on, for {% cache %} (list pages at national scale, issue 12
    point 14): the form's class, what was submitted (less the fields in `rendered_apart`, rendered outside the
    cached part: a search term differs from one request to the next), each region picker's root (a staff
    member's scope), the regions' cache version (the pickers show region names) and the language. Choices must
    not come from the database: a form whose choices do is not cached this way."""
    data = form.data if form.is_bound else {}
    lists = data.lists() if hasattr(data, "lists") else ((key, [value]) for key, value in data.items())
    submitted = sorted((key, tuple(values)) for key, values in lists if key not in rendered_apart)
    roots = tuple((name, field.root) for name, field in form.fields.items() if hasattr(field, "root"))
    return repr((type(form).__module__, type(form).__qualname__, submitted, roots, region_cache.version(),
                 get_language()))
