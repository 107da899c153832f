"""Resident identity numbers (居民身份证号码, GB 11643-1999) are never stored in clear (issue 17, PIPL): a keyed
hash (HMAC-SHA256 under IDENTITY_HASH_KEY) lets the banned-person list be checked and a person be recognised, and a
mask (first two and last two characters) is what pages show. docs/workforce.md."""
import hashlib
import hmac
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from .personal import mask_code

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
MSG_INVALID = gettext_lazy("请填写有效的18位居民身份证号码（校验位不符或格式有误）")


def normalise(value: str) -> str:
    """Full-width characters and spaces folded, upper case ('x' → 'X')."""
    return unicodedata.normalize("NFKC", value or "").replace(" ", "").strip().upper()


def is_valid(value: str) -> bool:
    value = normalise(value)
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in "0123456789X":
        return False
    return CHECK[sum(int(c) * w for c, w in zip(value[:17], WEIGHTS, strict=True)) % 11] == value[17]


def validate(value: str) -> str:
    """The normalised number, or ValidationError with the message above."""
    value = normalise(value)
    if not is_valid(value):
        raise ValidationError(MSG_INVALID, code="identity")
    return value


def _key() -> bytes:
    key = getattr(settings, "IDENTITY_HASH_KEY", "") or ""
    if key:
        return key.encode()
    # Without its own key, one derived from SECRET_KEY (documented: set IDENTITY_HASH_KEY before go-live and keep
    # it, or the stored hashes stop matching).
    return hmac.new(settings.SECRET_KEY.encode(), b"identity-hash", hashlib.sha256).digest()


def identity_hash(value: str) -> str:
    return hmac.new(_key(), normalise(value).encode(), hashlib.sha256).hexdigest()


def identity_mask(value: str) -> str:
    return mask_code(normalise(value))


def with_check_digit(first17: str) -> str:
    """A valid number from its first 17 digits (tests and demo data)."""
    return first17 + CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]
