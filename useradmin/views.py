"""/accounts/users/: the staff accounts of an admin's region — list (search, filters, export), open, change,
notify, and open many from a spreadsheet (docs/accounts.md "User administration")."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook

from accounts import two_factor
from accounts.models import Role
from accounts.policy import can
from core.pagination import CountCachingPaginator
from core.personal import mask_phone
from core.spreadsheets import csv_response, workbook_response
from imports.readers import FileRefused, read_table

from . import services
from .forms import ImportForm, UserForm
from .selectors import managed_users, search

PAGE_SIZE = 50


def _admin(request):
    if not can(request.user, "user.manage"):
        raise PermissionDenied
    return request.user


def _values(form) -> services.Values:
    data = form.cleaned_data
    return services.Values(username=data["username"], display_name=data["display_name"], phone=data["phone"],
                           email=data["email"], role=data["role"], region_code=data["region_code"],
                           is_active=data["is_active"])


EXPORT_COLUMNS = [(_("用户名"), "username"), (_("姓名"), "display_name"), (_("角色"), "get_role_display"),
                  (_("区划代码"), "region_id"), (_("区划"), "region"), (_("手机号码"), "phone"),
                  (_("状态"), "status"), (_("最近登录"), "last_login")]


def _cell(user, attribute):
    if attribute == "status":
        return _("有效") if user.is_active else _("已停用")
    if attribute == "phone":
        return mask_phone(user.phone)  # personal data: masked in lists and exports, in full on the account's page
    value = getattr(user, attribute)
    value = value() if callable(value) else value
    if attribute == "region":
        return value.name if value else _("全国")
    if attribute == "last_login" and value is not None:
        from django.utils import timezone

        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value


@login_required
def user_list(request):
    admin = _admin(request)
    users = search(managed_users(admin), request.GET.get("q", "").strip(), request.GET.get("role", ""),
                   request.GET.get("active", ""))
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        rows = [[str(header) for header, _attribute in EXPORT_COLUMNS],
                *([_cell(user, attribute) for _header, attribute in EXPORT_COLUMNS] for user in users.iterator())]
        if export == "csv":
            return csv_response(rows, "users")
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("账号"))
        for row in rows:
            sheet.append(row)
        return workbook_response(workbook, "users")
    page = CountCachingPaginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "useradmin/user_list.html", {
        "page_obj": page, "roles": [(r, label) for r, label in Role.choices if r != Role.OPERATOR],
        "nav": "users", "scope": admin.admin_scope})


@login_required
@require_http_methods(["GET", "POST"])
def user_new(request):
    admin = _admin(request)
    form = UserForm(request.POST or None, initial={"region_code": admin.admin_scope or ""})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(by=admin, values=_values(form))
        except services.UserAdminError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("账号 %(username)s 已开设，已短信通知其用手机号设置密码。") % {
                "username": user.username})
            return redirect("useradmin:list")
    return render(request, "useradmin/user_form.html", {"form": form, "nav": "users", "creating": True},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    admin = _admin(request)
    user = get_object_or_404(managed_users(admin), pk=pk)  # another region's account: 404
    if request.method == "POST" and request.POST.get("action") == "reset_2fa":
        if user.pk == admin.pk:
            raise PermissionDenied
        two_factor.reset(user=user, by=admin, request=request)
        messages.success(request, _("已重置 %(username)s 的二次验证，其下次登录时须重新设置。") % {
            "username": user.username})
        return redirect("useradmin:edit", pk=user.pk)
    if request.method == "POST" and request.POST.get("action") == "invite":
        if services.user_invite(by=admin, user=user):
            messages.success(request, _("已短信通知 %(username)s 用手机号重新设置密码。") % {"username": user.username})
        else:
            messages.error(request, _("短信未能发送，请确认手机号后重试。"))
        return redirect("useradmin:edit", pk=user.pk)
    initial = {"username": user.username, "display_name": user.display_name, "phone": user.phone,
               "email": user.email, "role": user.role, "region_code": user.region_id or "",
               "is_active": user.is_active}
    form = UserForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(by=admin, user=user, values=_values(form))
        except services.UserAdminError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已保存。"))
            return redirect("useradmin:list")
    return render(request, "useradmin/user_form.html", {"form": form, "nav": "users", "account": user,
                                                        "own": user.pk == admin.pk},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def user_import(request):
    admin = _admin(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload, upload.name)
        except FileRefused as refused:
            form.add_error("file", [str(problem) for problem in refused.problems])
        else:
            result = services.users_import(by=admin, table=table)
            if not result.errors:
                messages.success(request, _("已开设 %(count)d 个账号，并短信通知各人设置密码。") % {
                    "count": len(result.created)})
                return redirect("useradmin:list")
    return render(request, "useradmin/user_import.html", {"form": form, "result": result, "nav": "users"},
                  status=400 if (form.is_bound and form.errors) or (result and result.errors) else 200)


@login_required
def user_import_template(request):
    admin = _admin(request)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("账号"))
    sheet.append([str(label) for _key, label in services.COLUMNS])
    sheet.append(["zhang_wei", "张伟", "13800000000", "", str(Role.INSPECTOR.label), admin.admin_scope or "130102"])
    return workbook_response(workbook, "users-template")


