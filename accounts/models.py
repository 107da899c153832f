"""Portal users with a role and a region scope, and the audit log every service writes to."""
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from core.models import ChoiceLabelsMixin


class Role(models.TextChoices):
    OPERATOR = "operator", _("举办者/机构负责人")
    REVIEWER = "reviewer", _("审核员")
    INSPECTOR = "inspector", _("监督员")
    ADMIN = "admin", _("管理员")
    VIEWER = "viewer", _("查看员")


MSG_REGION_REQUIRED = gettext_lazy("审核员和监督员必须绑定一个区划")
MSG_OPERATOR_NO_REGION = (
    gettext_lazy("举办者通过所属机构确定范围，不绑定区划")
)

# Roles that only read; they get 403 on any write.
READ_ONLY_ROLES = {Role.VIEWER}
# Roles bound to a region (operators are bound to their institutions instead).
REGION_ROLES = {Role.REVIEWER, Role.INSPECTOR, Role.ADMIN, Role.VIEWER}


class UserQuerySet(models.QuerySet):
    def update(self, **fields):
        """An UPDATE sends no post_save: the users it changes are forgotten by the cache of signed-in users
        (accounts.authcache) here, so that a change made this way takes effect on their next request too."""
        from . import authcache

        pks = list(self.values_list("pk", flat=True))
        updated = super().update(**fields)
        authcache.forget_users(pks)
        return updated


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    pass


class User(ChoiceLabelsMixin, AbstractUser):
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属区划"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
        help_text=_("审核员、监督员、管理员和查看员的工作区划；管理员或查看员留空表示全国。"),
    )
    display_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    # Password rules (accounts/passwords.py): when the password was last set, and whether its holder must change it
    # at the next log-in (a password set by an admin, or an initial one).
    password_changed_at = models.DateTimeField(_("密码设置时间"), null=True, blank=True, editable=False)
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_full_name(self) -> str:
        """The name people know the user by (姓名, `display_name`); Django's first and last names are not used."""
        return self.display_name or super().get_full_name()

    def set_password(self, raw_password):
        # Marks a change of an existing account's password for PasswordChangeEffects (accounts/security.py).
        self._password_replaced = self.pk is not None
        super().set_password(raw_password)

    def clean(self):
        super().clean()
        if self.role in (Role.REVIEWER, Role.INSPECTOR) and self.region_id is None:
            raise ValidationError({"region": MSG_REGION_REQUIRED})
        if self.role == Role.OPERATOR and self.region_id is not None:
            raise ValidationError({"region": MSG_OPERATOR_NO_REGION})

    @property
    def is_operator(self) -> bool:
        """Sees as an operator (their own institutions); a superuser never does, whatever its role field says."""
        return self.role == Role.OPERATOR and not self.is_superuser

    @property
    def is_read_only(self) -> bool:
        return self.role in READ_ONLY_ROLES

    @property
    def has_region_scope(self) -> bool:
        """Whether the user sees a region (or the country): the navbar's statistics link follows it."""
        return self.scope_code is not None

    @property
    def scope_code(self) -> str | None:
        """Region code prefix this user sees: '' for the whole country, None for no region scope.

        Operators have no region scope (they see their own institutions); a superuser or a
        national admin/viewer sees everything.
        """
        if self.is_superuser:
            return ""
        if self.role == Role.OPERATOR or not self.is_active:
            return None
        if self.region_id is None:
            return "" if self.role in (Role.ADMIN, Role.VIEWER) else None
        return self.region_id

    @property
    def admin_scope(self) -> str | None:
        """The region an admin keeps: "" nationwide (superusers and national admins), the admin's region code, or
        None for anybody who is not an active admin."""
        if self.is_superuser:
            return ""
        if self.role != Role.ADMIN or not self.is_active:
            return None
        return self.scope_code

    @property
    def is_national_admin(self) -> bool:
        """Keeps what is national: the holiday calendar, national standards and checklists, grade cut-offs."""
        return self.admin_scope == ""

    @property
    def rules_province(self) -> str | None:
        """Whose province-level rules (standards, checklist versions) the user keeps: "" for national admins (every
        province's and the national ones), a province's code for that province's admins, None for anybody else."""
        scope = self.admin_scope
        return scope if scope is not None and len(scope) in (0, 2) else None

    def in_scope(self, region_code: str | None) -> bool:
        scope = self.scope_code
        return scope is not None and region_code is not None and region_code.startswith(scope)




MSG_AUDIT_IMMUTABLE = gettext_lazy("审计记录不可修改或删除")
SEAL_FIELDS = {"seal_seq", "prev_hash", "row_hash"}


class AuditImmutableError(PermissionError):
    pass


class AuditEventQuerySet(models.QuerySet):
    """Rows are only ever added: update() and delete() refuse (the database refuses too on PostgreSQL,
    migration accounts/0003); seal() fills the chain fields of rows not yet sealed (accounts/audit_chain.py)."""

    def update(self, **kwargs):
        raise AuditImmutableError(MSG_AUDIT_IMMUTABLE)

    def delete(self):
        raise AuditImmutableError(MSG_AUDIT_IMMUTABLE)

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        from .audit_chain import seal_after_commit

        seal_after_commit()
        return created

    def seal(self, **fields):
        if set(fields) - SEAL_FIELDS:
            raise AuditImmutableError(MSG_AUDIT_IMMUTABLE)
        return super(AuditEventQuerySet, self.filter(seal_seq__isnull=True)).update(**fields)

    def visible_to(self, user):
        """Admins (and superusers) read the audit log of their region; events without a region
        (account actions) only at national level. Other roles read no log here."""
        scope = user.admin_scope if user is not None and user.is_authenticated and user.is_active else None
        if scope is None:
            return self.none()
        return self.filter(region_code__startswith=scope).exclude(region_code="") if scope else self


class AuditEvent(ChoiceLabelsMixin, models.Model):
    """One row per business action, written by the service inside the action's transaction."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    # PROTECT: an account with audit history is deactivated, never deleted (its rows cannot change).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="audit_events")
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64)
    object_id = models.CharField(_("对象编号"), max_length=64)
    region_code = models.CharField(_("区划代码"), max_length=12, blank=True, db_index=True)
    summary = models.CharField(_("摘要"), max_length=255, blank=True)
    # The summary's message and values, to show it in the reader's language (accounts/audit_text.py).
    summary_params = models.JSONField(_("摘要参数"), null=True, blank=True, editable=False)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    # The hash chain (accounts/audit_chain.py): place, previous row's hash, this row's HMAC; set once, after commit.
    seal_seq = models.BigIntegerField(_("链序号"), null=True, blank=True, unique=True, editable=False)
    prev_hash = models.CharField(_("前一条摘要"), max_length=64, blank=True, editable=False)
    row_hash = models.CharField(_("本条摘要"), max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditImmutableError(MSG_AUDIT_IMMUTABLE)
        super().save(*args, **kwargs)
        from .audit_chain import seal_after_commit

        seal_after_commit()

    def delete(self, *args, **kwargs):
        raise AuditImmutableError(MSG_AUDIT_IMMUTABLE)

    @property
    def action_label(self) -> str:
        from .audit_registry import audit_action_label

        return audit_action_label(self.action)

    @property
    def object_label(self) -> str:
        """The object as its model's name and number ("备案 #3"), not the recorded code."""
        from .audit_display import object_label

        return object_label(self.object_type, self.object_id)

    @property
    def changes(self):
        """The before/after values as labelled rows in the reader's language (accounts/audit_display.py)."""
        from .audit_display import changes

        return changes(self.object_type, self.before, self.after)

    @property
    def summary_text(self) -> str:
        """The summary in the active language (the stored Chinese text for rows recorded as plain text)."""
        from .audit_text import display

        return display(self.summary, self.summary_params)


class PasswordHistory(models.Model):
    """The hashes of a user's recent passwords (accounts.passwords.HistoryValidator keeps PASSWORD_HISTORY_COUNT)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    encoded = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"], name="password_history_recent")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class UserSession(models.Model):
    """A signed-in browser session of a user, listed on /accounts/sessions/ where the user can end it
    (accounts.middleware.SessionPolicyMiddleware keeps `last_seen_at`; the session data stay in Django's store)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(_("登录时间"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("最近活动"))
    ip = models.GenericIPAddressField(_("网络地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=255, blank=True)

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"


class PhoneCode(models.Model):
    """A one-time code sent by text message (accounts/codes.py): only its HMAC is kept."""

    phone = models.CharField(max_length=11)
    purpose = models.CharField(max_length=16)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["phone", "purpose", "-created_at"], name="phone_code_latest")]

    def __str__(self) -> str:
        return f"{self.phone} {self.purpose} {self.created_at:%Y-%m-%d %H:%M}"
