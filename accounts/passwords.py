"""Password rules of 等保 2.0 level 3 (docs/security.md "Passwords"), as Django password validators so that every
path that sets a password obeys them (pages, the API, /admin/, `changepassword`):

- complexity: at least PASSWORD_MIN_LENGTH characters (8) of at least PASSWORD_MIN_CLASSES (3) of the four
  classes: lower-case letters, upper-case letters, digits, other characters;
- history: none of the last PASSWORD_HISTORY_COUNT (5) passwords again (their hashes are kept, never the text);
- age: a staff member's password expires PASSWORD_MAX_AGE_DAYS (90) after it was set; the portal warns
  PASSWORD_EXPIRY_WARNING_DAYS (14) before and then sends the user to change it (accounts.middleware);
- a password set by someone else (a new account, an admin's reset) must be changed at the next log-in.
"""
import datetime

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

MSG_TOO_SHORT = gettext_lazy("密码至少 {length} 位")
MSG_TOO_SIMPLE = gettext_lazy("密码须包含小写字母、大写字母、数字、其他符号中的至少 {classes} 类")
MSG_REUSED = gettext_lazy("不能使用最近 {count} 次用过的密码")


def character_classes(password: str) -> int:
    return sum((any(c.islower() for c in password), any(c.isupper() for c in password),
                any(c.isdigit() for c in password), any(not c.isalnum() for c in password)))


class ComplexityValidator:
    def __init__(self, min_length: int | None = None, min_classes: int | None = None):
        self.min_length = min_length or settings.PASSWORD_MIN_LENGTH
        self.min_classes = min_classes or settings.PASSWORD_MIN_CLASSES

    def validate(self, password, user=None):
        errors = []
        if len(password) < self.min_length:
            errors.append(ValidationError(MSG_TOO_SHORT.format(length=self.min_length), code="password_too_short"))
        if character_classes(password) < self.min_classes:
            errors.append(ValidationError(MSG_TOO_SIMPLE.format(classes=self.min_classes),
                                          code="password_too_simple"))
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        return gettext("至少 %(length)d 位，包含小写字母、大写字母、数字、其他符号中的至少 %(classes)d 类。") % {
            "length": self.min_length, "classes": self.min_classes}


class HistoryValidator:
    """Refuses the current password and the previous ones (PASSWORD_HISTORY_COUNT in all); its password_changed()
    keeps the new hash and the time of the change."""

    def __init__(self, count: int | None = None):
        self.count = count or settings.PASSWORD_HISTORY_COUNT

    def _recent(self, user) -> list[str]:
        from .models import PasswordHistory

        encoded = list(PasswordHistory.objects.filter(user=user).order_by("-created_at", "-id")
                       .values_list("encoded", flat=True)[:self.count])
        if user.password and user.has_usable_password() and user.password not in encoded:
            encoded.insert(0, user.password)  # an account from before the history was kept
        return encoded[:self.count]

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .models import User

        stored = User.objects.filter(pk=user.pk).first()  # the saved password, not one being set on `user`
        if stored is not None and any(check_password(password, encoded) for encoded in self._recent(stored)):
            raise ValidationError(MSG_REUSED.format(count=self.count), code="password_reused")

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory, User

        now = timezone.now()
        PasswordHistory.objects.create(user=user, encoded=user.password)
        keep = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-id").values_list(
            "id", flat=True)[:self.count]
        PasswordHistory.objects.filter(user=user).exclude(id__in=list(keep)).delete()
        # An UPDATE, not user.save(): save() would call the validators' password_changed() again.
        User.objects.filter(pk=user.pk).update(password_changed_at=now)
        user.password_changed_at = now

    def get_help_text(self):
        return gettext("不能与最近 %(count)d 次的密码相同。") % {"count": self.count}


def expires_on(user) -> datetime.date | None:
    """The day a staff member's password expires (None: operators, or a password of unknown age)."""
    if user.is_operator or not settings.PASSWORD_MAX_AGE_DAYS or user.password_changed_at is None:
        return None
    changed = timezone.localdate(user.password_changed_at)
    return changed + datetime.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


def must_change(user) -> bool:
    """A password set by someone else, or an expired one: the user changes it before anything else."""
    if user.must_change_password:
        return True
    expiry = expires_on(user)
    return expiry is not None and expiry <= timezone.localdate()


def days_left(user) -> int | None:
    """Days until the password expires, when within the warning period."""
    expiry = expires_on(user)
    if expiry is None:
        return None
    left = (expiry - timezone.localdate()).days
    return left if 0 < left <= settings.PASSWORD_EXPIRY_WARNING_DAYS else None
