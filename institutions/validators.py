"""Unified social credit code (统一社会信用代码, GB 32100-2015) and telephone number validation and normalisation."""
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

MSG_CREDIT_LENGTH = gettext_lazy("统一社会信用代码应为18位，当前为{length}位")
MSG_CREDIT_CHAR = (
    gettext_lazy("统一社会信用代码第{position}位字符“{char}”不合法（不得使用 I、O、S、V、Z）")
)
MSG_CREDIT_CHECK = (
    gettext_lazy("统一社会信用代码校验位错误：第18位应为“{expected}”，实为“{actual}”")
)


def normalise_credit_code(value: str) -> str:
    """Upper-case, NFKC (full-width to half-width) and strip every space."""
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(value.split()).upper()


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    check = 31 - total % 31
    return CREDIT_CODE_CHARSET[0 if check == 31 else check]


def credit_code_problem(code: str) -> tuple[Promise, dict, str] | None:
    """The first problem of a normalised code, as (message, its values, error code), or None when it is valid."""
    if len(code) != 18:
        return MSG_CREDIT_LENGTH, {"length": len(code)}, "credit_length"
    for position, char in enumerate(code, start=1):
        if char not in CREDIT_CODE_CHARSET:
            return MSG_CREDIT_CHAR, {"position": position, "char": char}, "credit_char"
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        return MSG_CREDIT_CHECK, {"expected": expected, "actual": code[17]}, "credit_check"
    return None


def validate_credit_code(value: str) -> str:
    """Return the normalised code or raise ValidationError naming the wrong character."""
    code = normalise_credit_code(value)
    problem = credit_code_problem(code)
    if problem is not None:
        message, values, error_code = problem
        raise ValidationError(message.format(**values), code=error_code)
    return code


# Chinese telephone numbers (docs/decisions.md "Telephone numbers"): a mobile number (11 digits from 13-19, an
# optional +86), a landline with its area code (010 and 02x, or 0 and 3 digits, then 7-8 digits, an optional extension), or a
# 400/800 service number. Spaces, dots and full-width characters are accepted and normalised to "0311-86001234".
MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
LANDLINE = re.compile(r"^(0(?:[12]\d|[3-9]\d{2}))-?([2-9]\d{6,7})(?:-(\d{1,6}))?$")  # 010, 02x: 3 digits
SERVICE = re.compile(r"^([48]00)-?(\d{3})-?(\d{4})$")
MSG_PHONE = gettext_noop("请输入有效的电话号码：11位手机号码，或带区号的固定电话（如 0311-86001234）")


def normalise_phone(value: str) -> str:
    """The number in a standard form, or raise ValidationError."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    text = re.sub(r"[\s.()（）]", "", text).replace("—", "-").replace("－", "-")
    text = re.sub(r"^\+86-?", "+86", text)
    if match := MOBILE.match(text.replace("-", "")):
        return match.group(1)
    if match := LANDLINE.match(text):
        area, number, extension = match.groups()
        return f"{area}-{number}" + (f"-{extension}" if extension else "")
    if match := SERVICE.match(text):
        return "-".join(match.groups())
    raise ValidationError(_(MSG_PHONE), code="phone")
