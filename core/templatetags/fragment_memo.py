"""{% memo key … %}…{% endmemo %}: a fragment rendered once per process for each value of its keys.

For the parts of a page that depend on a few values only and cost more to render than to look up: the admin
changelist's header, head and breadcrumbs are about a sixth of a large list's time (list pages at national scale,
issue 12 point 14). The keys must name everything the fragment shows (the language, the user's name…), as with
Django's {% cache %}; unlike it, nothing is pickled or shared, and a CSRF token in the fragment is the request's own:
the fragment is rendered with a placeholder for the token, put in on every use. At most MAX_ENTRIES values a
fragment are kept (then all are forgotten at once).
"""
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

MAX_ENTRIES = 256
# Rendered in place of the request's CSRF token (letters only: escaping leaves it as it is), then replaced by it.
TOKEN_PLACEHOLDER = "memoizedcsrftokenplaceholderQ7xK"


class MemoNode(template.Node):
    def __init__(self, nodelist, keys):
        self.nodelist = nodelist
        self.keys = keys
        self.rendered: dict[tuple, str] = {}

    def render(self, context):
        token = context.get("csrf_token")
        key = (token is None, *(key.resolve(context) for key in self.keys))
        try:
            html = self.rendered.get(key)
        except TypeError:  # a key that cannot be hashed: rendered every time
            return self.nodelist.render(context)
        if html is None:
            with context.push(csrf_token=TOKEN_PLACEHOLDER if token is not None else None):
                html = self.nodelist.render(context)
            if len(self.rendered) >= MAX_ENTRIES:
                self.rendered.clear()
            self.rendered[key] = html
        if token is not None and TOKEN_PLACEHOLDER in html:
            html = html.replace(TOKEN_PLACEHOLDER, str(token))
        return mark_safe(html)


@register.tag
def memo(parser, token):
    """{% memo key1 key2 … %}…{% endmemo %} (see the module docstring)."""
    keys = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not keys:
        raise template.TemplateSyntaxError("{% memo %} needs at least one key")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, keys)
