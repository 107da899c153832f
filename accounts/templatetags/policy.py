"""{% can "filing.withdraw" filing as may_withdraw %}: what the page offers follows accounts.policy."""
from django import template

from accounts import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, obj=None) -> bool:
    request = context.get("request")
    return policy.can(getattr(request, "user", None), action, obj)
