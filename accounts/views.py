"""Account pages beyond Django's auth views: the user's own API token."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .services import api_token_rotate


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request):
    """Show whether the user has an API token; POST creates or replaces it (shown once)."""
    if request.method == "POST":
        key = api_token_rotate(user=request.user)
        messages.success(request, _("新令牌已生成，请立即复制保存，离开本页后将不再显示。"))
        return render(request, "accounts/api_token.html", {"new_key": key, "has_token": True})
    has_token = hasattr(request.user, "auth_token")
    return render(request, "accounts/api_token.html", {"has_token": has_token})
