"""The API's handling of refusals (core/errors.py), shared by every app's views."""
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ActionError


def exception_handler(exc, context):
    """DRF's handler, plus: a service's refusal is 409 Conflict with its message, and a model or file check
    (Django's ValidationError, raised below the serializer) is 400 with its messages."""
    if isinstance(exc, ActionError):
        return Response(exc.payload(), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
