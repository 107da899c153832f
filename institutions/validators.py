"""Unified social credit code (统一社会信用代码, GB 32100-2015) validation and normalisation."""
import unicodedata

from django.core.exceptions import ValidationError

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

MSG_CREDIT_LENGTH = "统一社会信用代码应为18位，当前为{length}位 / The unified social credit code must have 18 characters, got {length}"
MSG_CREDIT_CHAR = (
    "统一社会信用代码第{position}位字符“{char}”不合法（不得使用 I、O、S、V、Z） / "
    "Character {position} ('{char}') is not allowed in a unified social credit code (I, O, S, V, Z are never used)"
)
MSG_CREDIT_CHECK = (
    "统一社会信用代码校验位错误：第18位应为“{expected}”，实为“{actual}” / "
    "Check character is wrong: position 18 should be '{expected}', got '{actual}'"
)


def normalise_credit_code(value: str) -> str:
    """Upper-case, NFKC (full-width to half-width) and strip every space."""
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(value.split()).upper()


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    check = 31 - total % 31
    return CREDIT_CODE_CHARSET[0 if check == 31 else check]


def validate_credit_code(value: str) -> str:
    """Return the normalised code or raise ValidationError naming the wrong character."""
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(MSG_CREDIT_LENGTH.format(length=len(code)), code="credit_length")
    for position, char in enumerate(code, start=1):
        if char not in CREDIT_CODE_CHARSET:
            raise ValidationError(MSG_CREDIT_CHAR.format(position=position, char=char), code="credit_char")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(MSG_CREDIT_CHECK.format(expected=expected, actual=code[17]), code="credit_check")
    return code
