"""Models of the ground floor."""
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

_CHOICE_LABELS: dict[tuple, dict] = {}


def choice_labels(field) -> dict:
    """{value: label} of a field with choices, the labels translated into the active language once per process.

    Django's get_FOO_display() builds this dict again on each call and hashes every lazy label to do it (each
    hash a translation): on a list page of 20 rows, three hundred translations for a dozen labels (list pages at
    national scale, issue 12 point 14)."""
    key = (field, get_language())
    labels = _CHOICE_LABELS.get(key)
    if labels is None:
        labels = _CHOICE_LABELS[key] = {make_hashable(value): force_str(label) for value, label in field.flatchoices}
    return labels


class ChoiceLabelsMixin:
    """get_FOO_display() from choice_labels(): the same result as Django's, without the per-call translations.
    Put it before models.Model in a model's bases."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return choice_labels(field).get(make_hashable(value), force_str(value, strings_only=True))


class OutboxMessage(models.Model):
    """A Celery task to send once the transaction that asked for it has committed (core/outbox.py).

    Written in the same transaction as the change it follows, so the request succeeds even when the broker is
    down; sent right after the commit, or by the relay task once the broker is back. A sent message is deleted.
    """

    task_name = models.CharField(_("任务"), max_length=200)
    args = models.JSONField(_("参数"), default=list)
    kwargs = models.JSONField(_("关键字参数"), default=dict)
    countdown = models.PositiveIntegerField(_("延迟秒数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    # Set while one process sends the message (claimed with a conditional UPDATE), cleared if sending fails.
    sending_since = models.DateTimeField(_("发送开始"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("发送次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("待发送任务")
        verbose_name_plural = _("待发送任务")

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)}"


class Holiday(models.Model):
    """Days that differ from the Monday–Friday week: public holidays, and weekend days worked (调休).
    The working-day calendar (core/workdays.py) reads them; national admins keep them on /filings/holidays/."""

    date = models.DateField(_("日期"), unique=True)
    name = models.CharField(_("名称"), max_length=64)
    is_workday = models.BooleanField(_("调休上班"), default=False,
                                     help_text=_("勾选表示该日为调休工作日（周末上班）；不勾选表示放假。"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"
