"""In-portal notifications (站内通知): one row per notice to one user, optionally also sent by e-mail.
Other apps send them through notifications.services; this app knows nothing of filings or institutions."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import PersonalQuerySet
from core.models import ChoiceLabelsMixin
from core.stored_text import shown


class NotificationQuerySet(PersonalQuerySet):
    """A user sees only their own notifications (superusers included: notices are personal)."""

    owner_field = "recipient"

    def unread(self):
        return self.filter(read_at__isnull=True)

    def unread_first(self):
        """Unread ones first, newest first within each group."""
        is_read = models.ExpressionWrapper(Q(read_at__isnull=False), output_field=models.BooleanField())
        return self.alias(is_read=is_read).order_by("is_read", "-created_at", "-id")


class Notification(ChoiceLabelsMixin, models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE,
                                  related_name="notifications")
    # A code such as "filing.submitted" or "reminder.health_check" (for filtering; the text is in title/body).
    kind = models.CharField(_("通知类型"), max_length=48)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    # The title's and body's message and values (core/stored_text.py), so that each reader sees them in the
    # language of the page; title and body keep the Chinese text (searches, e-mail, older rows).
    title_params = models.JSONField(_("标题参数"), null=True, blank=True, editable=False)
    body_params = models.JSONField(_("内容参数"), null=True, blank=True, editable=False)
    # A path inside the portal ("/filings/12/"), never a full URL: the notice opens it after marking read.
    url = models.CharField(_("链接"), max_length=255, blank=True)
    # What makes two sends "the same notice" for one recipient, e.g. "filing:12:event:34".
    dedupe_key = models.CharField(_("去重键"), max_length=128)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    # Set when the e-mail copy is claimed for sending, so that a notice is e-mailed at most once.
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_unique_per_recipient"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_recent"),
            # The navbar badge counts these on every page.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.title}"

    @property
    def title_text(self) -> str:
        return shown(self.title, self.title_params)

    @property
    def body_text(self) -> str:
        return shown(self.body, self.body_params)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
