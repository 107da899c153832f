"""Opting in and out of the daily progress e-mail: POST /stats/progress-mail/ (admins only)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .progress_mail import progress_mail_allowed, progress_mail_subscribe, progress_mail_unsubscribe

MSG_BAD_CHOICE = gettext_lazy("subscribe 须为 1 或 0")


@login_required
@require_http_methods(["GET", "POST"])
def progress_mail(request):
    """subscribe=1 subscribes the current user, subscribe=0 unsubscribes (both idempotent); back to `next`.

    The opt-in is a button on the dashboard's daily progress panel: a GET (a bookmarked or typed address) goes
    there instead of an empty 405 page."""
    if request.method == "GET":
        return redirect(reverse("stats:dashboard") + "#daily-progress")
    user = request.user
    if not progress_mail_allowed(user):
        raise Http404
    choice = request.POST.get("subscribe")
    if choice not in ("0", "1"):
        return HttpResponseBadRequest(str(MSG_BAD_CHOICE))
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("stats:dashboard")
    if choice == "1":
        progress_mail_subscribe(user=user)
        messages.success(request, _("已订阅每日进展邮件，每天早上发送前一日的进展。"))
        if not user.email:
            messages.warning(request, format_html(
                '{} <a href="{}?{}">{}</a>', _("您的账号没有电子邮箱地址，设置邮箱后才能收到邮件。"),
                reverse("accounts:email_change"), urlencode({"next": target}), _("设置邮箱")))
    else:
        progress_mail_unsubscribe(user=user)
        messages.success(request, _("已退订每日进展邮件。"))
    return redirect(target)
