"""Sign-up and password reset by text-message code for apps (the same rules as the pages, docs/accounts.md):
anonymous, no session and so no CSRF token; codes limited per number and address (429 with the reason)."""
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import codes
from .models import User
from .services import (
    MSG_PHONE_TAKEN,
    AccountError,
    api_token_rotate,
    operator_sign_up,
    password_reset_by_code,
    reset_account,
    sign_up_allowed,
)

LIMITED = OpenApiResponse(description="Too many or too frequent codes: the reason says when to retry")


class PhoneSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20)

    def validate_phone(self, value):
        try:
            return codes.normal_phone(value)
        except codes.CodeError as error:
            raise serializers.ValidationError(str(error.message)) from None


class SignUpSerializer(PhoneSerializer):
    code = serializers.CharField(max_length=8)
    display_name = serializers.CharField(max_length=64)
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)


class ResetSerializer(PhoneSerializer):
    code = serializers.CharField(max_length=8)
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)


class SignedUpSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    token = serializers.CharField(help_text="An API token of the new account (shown once)")
    expiry = serializers.DateTimeField(allow_null=True)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()



def _password_ok(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise serializers.ValidationError({"password": error.messages}) from None


class _Anonymous(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def _send(self, request, purpose, deliver):
        data = PhoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        phone = data.validated_data["phone"]
        try:
            codes.code_send(phone=phone, purpose=purpose, request=request, deliver=deliver)
        except codes.CodeError as error:
            if error.message == MSG_PHONE_TAKEN:
                return Response({"phone": [str(error.message)]}, status=status.HTTP_400_BAD_REQUEST)
            return Response({"detail": str(error.message)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        return None

    @staticmethod
    def _check(data, purpose):
        try:
            codes.code_check(phone=data["phone"], purpose=purpose, code=data["code"])
        except codes.CodeError as error:
            raise serializers.ValidationError({"code": [str(error.message)]}) from None


class SignUpCodeView(_Anonymous):
    @extend_schema(request=PhoneSerializer, responses={202: DetailSerializer, 400: OpenApiResponse(
        description="Not a mobile number, or one that already has an account"), 429: LIMITED}, auth=[],
        summary="Text a sign-up code to a mobile number")
    def post(self, request):
        refused = self._send(request, codes.SIGNUP, sign_up_allowed)
        return refused or Response({"detail": "sent"}, status=status.HTTP_202_ACCEPTED)


class SignUpView(_Anonymous):
    @extend_schema(request=SignUpSerializer, responses={201: SignedUpSerializer, 400: OpenApiResponse(
        description="Wrong code, weak password, or a number that already has an account")}, auth=[],
        summary="Open an operator account with the code (returns an API token)")
    def post(self, request):
        data = SignUpSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        _password_ok(values["password"], User(username=values["phone"], display_name=values["display_name"]))
        self._check(values, codes.SIGNUP)
        try:
            user = operator_sign_up(phone=values["phone"], display_name=values["display_name"],
                                    password=values["password"])
        except AccountError as error:
            raise serializers.ValidationError({"phone": [str(error.message)]}) from None
        key, expiry = api_token_rotate(user=user)
        return Response({"id": user.pk, "username": user.username, "token": key, "expiry": expiry},
                        status=status.HTTP_201_CREATED)


class ResetCodeView(_Anonymous):
    @extend_schema(request=PhoneSerializer, responses={202: DetailSerializer, 429: LIMITED}, auth=[],
                   summary="Text a password reset code (the same answer whether or not the number has an account)")
    def post(self, request):
        refused = self._send(request, codes.RESET, lambda phone: reset_account(phone) is not None)
        return refused or Response({"detail": "sent if the number has an account"}, status=status.HTTP_202_ACCEPTED)


class ResetView(_Anonymous):
    @extend_schema(request=ResetSerializer, responses={204: None, 400: OpenApiResponse(
        description="Wrong code or a password the rules refuse")}, auth=[],
        summary="Set a new password with the code (every session of the account ends)")
    def post(self, request):
        data = ResetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        account = reset_account(values["phone"])
        # Against a stand-in without an account: the answer does not tell whether there is one.
        _password_ok(values["password"], account or User(username=values["phone"]))
        self._check(values, codes.RESET)
        if account is None:  # no code can have been delivered for it; defensive
            raise serializers.ValidationError({"code": [str(codes.MSG_WRONG)]})
        password_reset_by_code(user=account, password=values["password"], request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)
