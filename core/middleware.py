"""Request guards shared by every page and API."""
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext_lazy

from . import requestcache

MSG_NUL = gettext_lazy("输入中含有不允许的控制字符（NUL）")


def _has_nul(querydict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in querydict.lists())


class RejectNulMiddleware:
    """A NUL character in a form field, a query string or a JSON body answers 400 (PostgreSQL stores no NUL in
    text or JSON: it would be a server error after the form had passed). Uploaded files are not inspected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._contains_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": str(MSG_NUL)}, status=400)
            return HttpResponseBadRequest(str(MSG_NUL), content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _contains_nul(request) -> bool:
        if "\x00" in request.path or _has_nul(request.GET):
            return True
        if request.method not in ("POST", "PUT", "PATCH"):
            return False
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return _has_nul(request.POST)
        if content_type.endswith("json"):
            body = request.body
            return b"\x00" in body or b"\\u0000" in body
        return False


class PrefetchMiddleware:
    """Reads in one round trip the shared-cache entries a signed-in session's request will need (its user, its
    authenticator, its unread-notice count: core/requestcache.py). After the session and authentication
    middleware, before anything that reads the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        keys = requestcache.session_keys(session) if session is not None and session.session_key else []
        if not keys:
            return self.get_response(request)
        token = requestcache.begin(keys)
        try:
            return self.get_response(request)
        finally:
            requestcache.end(token)
