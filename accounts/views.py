"""Account pages beyond Django's auth views: the user's own API token and the audit log."""
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.pagination import CountCachingPaginator

from . import codes, passwords, security, two_factor
from .audit_registry import audit_action_choices
from .forms import PhoneCodeForm, ResetForm, SignUpForm
from .models import AuditEvent, Role, User
from .permissions import is_peer_admin
from .policy import can
from .services import (
    MSG_TOKENS_REVOKED_BY_OWNER,
    AccountError,
    api_token_rotate,
    api_tokens_revoke,
    auth_event_record,
    operator_sign_up,
    password_reset_by_code,
    reset_account,
    sign_up_allowed,
    user_email_set,
)
from .sessions import active_sessions, session_end


class LoginView(auth_views.LoginView):
    """Django's log-in page; an address over its failure limit is told when it may try again (429)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        until = getattr(self.request, "login_throttled_until", None)
        if until is not None:
            return security.login_refused(
                self.request, security.MSG_IP_THROTTLED.format(until=security.local_time(until)),
                username=self.request.POST.get("username", "")[:150])
        return super().form_invalid(form)


def _send_code(request, purpose: str, *, account_check=None) -> bool:
    """The "发送验证码" button: a code to the number typed (the limits say when to retry); problems are told as
    messages above the form, which keeps what was typed. `account_check(phone)`: whether to deliver at all."""
    form = PhoneCodeForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("phone", []):
            messages.error(request, error)
        return False
    phone = form.cleaned_data["phone"]
    try:
        codes.code_send(phone=phone, purpose=purpose, request=request, deliver=account_check or True)
    except codes.CodeError as error:
        messages.error(request, error.message)
        return False
    return True



def _typed(request) -> dict:
    return {key: value for key, value in request.POST.items() if "password" not in key and key != "csrfmiddlewaretoken"}


def _code_ok(form, purpose: str) -> bool:
    try:
        codes.code_check(phone=form.cleaned_data["phone"], purpose=purpose, code=form.cleaned_data.get("code", ""))
    except codes.CodeError as error:
        form.add_error("code", error.message)
        return False
    return True


@require_http_methods(["GET", "POST"])
def sign_up(request):
    """An operator opens an account: phone number verified by a text-message code, real name, password; signed in
    at once and sent to start the first filing."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    sent = False
    if request.method == "POST":
        if request.POST.get("action") == "send":
            form = SignUpForm(initial=_typed(request))
            sent = _send_code(request, codes.SIGNUP, account_check=sign_up_allowed)
            if sent:
                messages.success(request, _("验证码已发送到 %(phone)s，10 分钟内有效。") % {
                    "phone": request.POST.get("phone", "")})
        elif form.is_valid() and _code_ok(form, codes.SIGNUP):
            try:
                user = operator_sign_up(phone=form.cleaned_data["phone"], password=form.cleaned_data["password1"],
                                        display_name=form.cleaned_data["display_name"])
            except AccountError as error:
                form.add_error("phone", error.message)
            else:
                login(request, user, backend="accounts.backends.ModelBackend")
                messages.success(request, _("注册成功。现在可以填报托育机构备案：点击“新设备案”开始。"))
                return redirect("filings:list")
    return render(request, "accounts/signup.html", {"form": form, "sent": sent},
                  status=400 if form.is_bound and form.errors else 200)


@require_http_methods(["GET", "POST"])
def password_reset_phone(request):
    """Forgotten password: a code to the account's phone number, then a new password. Whether the number has an
    account is never told (the same answer either way)."""
    form = ResetForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "send":
            form = ResetForm(initial=_typed(request))
            if _send_code(request, codes.RESET, account_check=lambda phone: reset_account(phone) is not None):
                messages.success(request, _("如该号码已注册，验证码已发送，10 分钟内有效。"))
        elif form.is_valid():
            # The password first (the code stays usable if the rules refuse it), against the account or, without
            # one, a stand-in: the answer does not tell whether the number has an account.
            account = reset_account(form.cleaned_data["phone"])
            try:
                password_validation.validate_password(form.cleaned_data["password1"],
                                                      account or User(username=form.cleaned_data["phone"]))
            except ValidationError as error:
                form.add_error("password1", error)
            else:
                if _code_ok(form, codes.RESET):
                    if account is None:  # no code is ever delivered for such a number; defensive
                        form.add_error("code", codes.MSG_WRONG)
                    else:
                        password_reset_by_code(user=account, password=form.cleaned_data["password1"],
                                               request=request)
                        messages.success(request, _("密码已重置，请用新密码登录。"))
                        return redirect("accounts:login")
    return render(request, "accounts/password_reset_phone.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, which also ends "must change at the next log-in" and returns to the page the user was sent
    away from (accounts.middleware.PasswordPolicyMiddleware)."""

    template_name = "accounts/password_change.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        User.objects.filter(pk=self.request.user.pk).update(must_change_password=False)
        following = _next_url(self.request, "")
        if following:
            messages.success(self.request, _("密码已修改。"))
            return redirect(following)
        return response

    def get_success_url(self):
        return reverse("accounts:password_change_done")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = self.request.GET.get("next", "")
        context["expires_on"] = passwords.expires_on(self.request.user)
        return context


@login_required
@require_http_methods(["GET", "POST"])
def sessions_page(request):
    """The user's signed-in sessions (browser, address, last activity); POST ends one, or all the others."""
    current = request.session.session_key
    if request.method == "POST":
        rows = active_sessions(request.user)
        if request.POST.get("action") == "others":
            rows = rows.exclude(session_key=current)
        else:
            session = request.POST.get("session", "")
            rows = rows.filter(pk=int(session) if session.isdigit() else 0).exclude(session_key=current)
        ended = 0
        for row in rows:
            session_end(row)
            ended += 1
        if ended:
            auth_event_record(action="auth.session_end", user=request.user, username=request.user.get_username(),
                              request=request)
            messages.success(request, _("已结束 %(count)d 个会话。") % {"count": ended})
        return redirect("accounts:sessions")
    idle = settings.SESSION_IDLE_TIMEOUT_SECONDS // 60 if not request.user.is_operator else 0
    return render(request, "accounts/sessions.html", {"sessions": active_sessions(request.user), "current": current,
                                                       "idle_minutes": idle, "nav": "account"})


def _next_url(request, default: str) -> str:
    following = request.POST.get("next") or request.GET.get("next") or ""
    if following and url_has_allowed_host_and_scheme(following, {request.get_host()},
                                                     require_https=request.is_secure()):
        return following
    return default


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("验证码"), max_length=32,
                           widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "one-time-code",
                                                         "inputmode": "numeric", "autofocus": True}))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Set up the authenticator app: scan the QR code (or type the key), then enter a code it shows. The recovery
    codes are shown once, right after."""
    if two_factor.has_device(request.user):
        if not request.user.is_verified():  # a password alone never replaces an existing second factor
            return redirect(f"{reverse('accounts:two_factor_verify')}?next={reverse('accounts:two_factor_setup')}")
        if request.method == "GET" and "again" not in request.GET:
            return redirect("accounts:two_factor")
    device = two_factor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.setup_confirm(request, device, form.cleaned_data["code"])
        if codes is not None:
            messages.success(request, _("二次验证已启用。请妥善保存下面的恢复码。"))
            return render(request, "accounts/two_factor_codes.html", {
                "codes": codes, "next": _next_url(request, reverse("home"))})
        form.add_error("code", _("验证码不正确，请输入验证器应用当前显示的 6 位数字。"))
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "qr": two_factor.qr_svg(device), "secret": two_factor.secret_text(device),
        "next": request.GET.get("next", ""), "required": two_factor.required_for(request.user)},
        status=400 if form.is_bound and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The second step of the log-in: a code of the authenticator app, or a recovery code (used once)."""
    if request.user.is_verified():
        return redirect(_next_url(request, reverse("home")))
    if not two_factor.has_device(request.user):
        return redirect(f"{reverse('accounts:two_factor_setup')}?next={request.GET.get('next', '')}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, form.cleaned_data["code"]):
            return redirect(_next_url(request, reverse("home")))
        form.add_error("code", _("验证码不正确或已使用。多次错误后需等待片刻再试。"))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": request.GET.get("next", "")},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_page(request):
    """The user's second factor: whether it is on, new recovery codes, and (where the role allows) turning it off."""
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "codes" and two_factor.has_device(user):
            return render(request, "accounts/two_factor_codes.html", {
                "codes": two_factor.recovery_codes_new(user), "next": reverse("accounts:two_factor")})
        if action == "off" and two_factor.has_device(user) and not two_factor.required_for(user):
            two_factor.reset(user=user, by=user, request=request)
            messages.success(request, _("二次验证已关闭。"))
        return redirect("accounts:two_factor")
    return render(request, "accounts/two_factor.html", {
        "enabled": two_factor.has_device(user), "required": two_factor.required_for(user),
        "remaining": two_factor.remaining_recovery_codes(user), "nav": "account"})


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request):
    """The user's API token: when it expires; POST creates or replaces it (shown once), or revokes it."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            api_tokens_revoke(user=request.user, reason=MSG_TOKENS_REVOKED_BY_OWNER)
            messages.success(request, _("接口令牌已吊销。"))
            return redirect("accounts:api_token")
        key, expiry = api_token_rotate(user=request.user)
        messages.success(request, _("新令牌已生成，请立即复制保存，离开本页后将不再显示。"))
        return render(request, "accounts/api_token.html", {"new_key": key, "token": {"expiry": expiry}})
    token = request.user.auth_token_set.order_by("-created").first()
    return render(request, "accounts/api_token.html", {"token": token})


class EmailForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("电子邮箱"), required=False, max_length=254,
                             help_text=gettext_lazy("站内通知的邮件和每日进展邮件发送到此地址；留空则不发送邮件。"),
                             widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "email"}))


@login_required
@require_http_methods(["GET", "POST"])
def email_change(request):
    """The user's own e-mail address; back to `next` (a safe local URL) after saving."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = ""
    form = EmailForm(request.POST or None, initial={"email": request.user.email})
    if request.method == "POST" and form.is_valid():
        user_email_set(user=request.user, email=form.cleaned_data["email"])
        messages.success(request, _("邮箱已保存。"))
        return redirect(next_url or "accounts:email_change")
    return render(request, "accounts/email_change.html", {"form": form, "next": next_url},
                  status=400 if form.errors else 200)


AUDIT_PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("操作"), required=False,
                               widget=forms.Select(attrs={"class": "form-select"}))
    actor = forms.CharField(label=gettext_lazy("操作人账号"), required=False, max_length=150,
                            widget=forms.TextInput(attrs={"class": "form-control"}))
    region = forms.CharField(label=gettext_lazy("区划代码前缀"), required=False, max_length=12,
                             widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"}))
    since = forms.DateField(label=gettext_lazy("起始日期"), required=False,
                            widget=forms.DateInput(format="%Y-%m-%d", attrs={"class": "form-control", "type": "date"}))
    until = forms.DateField(label=gettext_lazy("截止日期"), required=False,
                            widget=forms.DateInput(format="%Y-%m-%d", attrs={"class": "form-control", "type": "date"}))
    q = forms.CharField(label=gettext_lazy("摘要包含"), required=False, max_length=64,
                        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", gettext_lazy("全部操作")), *audit_action_choices()]


@login_required
def audit_log(request):
    """The audit log of the admin's region, filterable; other roles get 403."""
    user = request.user
    if not can(user, "audit.read"):
        raise PermissionDenied
    events = AuditEvent.objects.visible_to(user).select_related("actor")
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["actor"]:
            events = events.filter(actor__username=data["actor"].strip())
        if data["region"]:
            events = events.filter(region_code__startswith=data["region"].strip())
        if data["since"]:
            events = events.filter(at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(at__date__lte=data["until"])
        if data["q"]:
            events = events.filter(summary__icontains=data["q"].strip())
    page_obj = CountCachingPaginator(events.order_by("-at", "-id"), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.html", {"form": form, "page_obj": page_obj, "nav": "audit"})


def _admin_scope(user) -> str:
    """The region prefix an admin manages; 403 for any other role."""
    if not can(user, "lockout.release"):
        raise PermissionDenied
    return user.scope_code


def _in_admin_scope(usernames, scope: str) -> set[str]:
    """The usernames among `usernames` whose accounts the admin of `scope` manages: staff bound to a region in
    scope, operators of an institution in scope; at national level every name, unknown ones included."""
    from django.db.models import Q

    from .models import User

    if scope == "":
        return set(usernames)
    return set(User.objects.filter(username__in=usernames).filter(
        Q(region__code__startswith=scope)
        | Q(role=Role.OPERATOR, operated_institutions__region__code__startswith=scope)
    ).values_list("username", flat=True).distinct())


@login_required
@require_http_methods(["GET", "POST"])
def lockouts(request):
    """Accounts locked after failed log-ins, in the admin's scope; POST `username` lifts a lockout (404 for an
    account outside the scope)."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.http import Http404
    from django.utils import timezone

    from .services import account_unlock

    scope = _admin_scope(request.user)
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        if not username or username not in _in_admin_scope([username], scope):
            raise Http404
        if request.POST.get("action") == "reset_2fa":
            target = User.objects.filter(username=username).first()
            if target is None or target.pk == request.user.pk or is_peer_admin(request.user, target):
                raise Http404
            two_factor.reset(user=target, by=request.user, request=request)
            messages.success(request, _("已重置账号 %(username)s 的二次验证，其下次登录时须重新设置。") % {
                "username": username})
            return redirect("accounts:lockouts")
        account_unlock(username=username, by=request.user)
        messages.success(request, _("已解除账号 %(username)s 的登录锁定。") % {"username": username})
        return redirect("accounts:lockouts")
    since = timezone.now() - get_cool_off()
    attempts = list(AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since).order_by("-attempt_time")[:500])
    visible = _in_admin_scope({a.username for a in attempts}, scope)
    rows = [{"username": a.username, "failures": a.failures_since_start, "last": a.attempt_time,
             "until": a.attempt_time + get_cool_off()} for a in attempts if a.username in visible]
    return render(request, "accounts/lockouts.html", {"rows": rows, "nav": "audit"})
