"""API token authentication: django-rest-knox's hashed, expiring tokens behind a per-IP limit of invalid
tokens kept in the shared cache (core.ratelimit)."""
from django.conf import settings
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from core import ratelimit

from .security import MSG_TOKEN_THROTTLED, TOKEN_BUCKET


class ThrottledTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`. An address that sent API_TOKEN_FAILURE_LIMIT invalid tokens within
    LOGIN_IP_WINDOW_SECONDS gets 429 for every token until the window ends, valid ones included."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.lower().startswith("token"):
            return None
        ip = ratelimit.client_ip(request)
        window = settings.LOGIN_IP_WINDOW_SECONDS
        if ratelimit.used(TOKEN_BUCKET, ip, window_seconds=window) >= settings.API_TOKEN_FAILURE_LIMIT:
            raise exceptions.Throttled(wait=ratelimit.retry_after(window), detail=MSG_TOKEN_THROTTLED.format(
                seconds=ratelimit.retry_after(window)))
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            ratelimit.hit(TOKEN_BUCKET, ip, limit=settings.API_TOKEN_FAILURE_LIMIT, window_seconds=window)
            raise

    def authenticate_credentials(self, token):
        try:
            user, auth_token = super().authenticate_credentials(token)
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed() from error
        return user, auth_token
