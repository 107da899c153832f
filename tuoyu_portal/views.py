"""Portal-wide pages: the home page sends each visitor where their work is."""
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _


def home(request):
    if request.user.is_authenticated:
        return redirect("institutions:staff_list")
    return redirect("institutions:directory")


# Error answers: JSON under /api/ (the OpenAPI document lists them, tuoyu_portal/openapi.py), the portal's own
# page in the user's language elsewhere. Django calls these only with DEBUG off.
ERROR_TITLES = {
    400: _("请求有误"),
    403: _("没有权限"),
    404: _("页面不存在"),
    500: _("系统出错"),
}
ERROR_TEXTS = {
    400: _("请求无法处理，请检查填写的内容后重试。"),
    403: _("您的账号没有执行此操作的权限。如需办理，请联系本级管理员。"),
    404: _("您访问的页面不存在，或不在您的管辖范围内。"),
    500: _("系统暂时无法处理您的请求，已记录此错误。请稍后重试；如仍不成功，请联系平台运维。"),
}


def _error(request, status: int):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(ERROR_TITLES[status])}, status=status)
    return render(request, "error.html", {"status": status, "title": ERROR_TITLES[status],
                                          "text": ERROR_TEXTS[status]}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400)


def permission_denied(request, exception=None):
    return _error(request, 403)


def page_not_found(request, exception=None):
    return _error(request, 404)


def server_error(request):
    try:
        return _error(request, 500)
    except Exception:  # the page itself failed: a plain answer rather than none
        return HttpResponseServerError("500 系统出错 / Server error", content_type="text/plain; charset=utf-8")
