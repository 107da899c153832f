"""Safety incidents (安全事件, issue 17 point 5): reported by the institution within 24 hours, acknowledged by the
county's inspectors (who may plan a visit from it) and closed; a suspected abuse alerts the county admins at once
(docs/incidents.md)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from regions.scope import code_prefix_q


class IncidentKind(models.TextChoices):
    INJURY = "injury", _("意外伤害")
    OUTBREAK = "outbreak", _("传染病或疾病暴发")
    ABUSE = "abuse", _("疑似虐待、伤害婴幼儿")
    FIRE = "fire", _("火灾")
    OTHER = "other", _("其他")


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", _("待确认")
    ACKNOWLEDGED = "acknowledged", _("处置中")
    CLOSED = "closed", _("已办结")


class IncidentQuerySet(ScopedQuerySet):
    def for_operator(self, user):
        return self.filter(institution__operators=user)

    def for_staff(self, user, scope: str):
        return self.filter(code_prefix_q("institution__region_id", scope)) if scope else self


class Incident(models.Model):
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("机构"), on_delete=models.PROTECT,
                                    related_name="incidents")
    kind = models.CharField(_("事件类型"), max_length=12, choices=IncidentKind.choices)
    occurred_at = models.DateTimeField(_("发生时间"))
    children_affected = models.PositiveIntegerField(_("涉及婴幼儿数"))
    description = models.TextField(_("事件经过"), max_length=2000)
    measures = models.TextField(_("已采取的措施"), max_length=2000)
    reported_at = models.DateTimeField(_("报告时间"), auto_now_add=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报告人"), on_delete=models.PROTECT,
                                    related_name="+")
    late = models.BooleanField(_("超过24小时报告"), default=False)
    status = models.CharField(_("状态"), max_length=12, choices=IncidentStatus.choices,
                              default=IncidentStatus.REPORTED)
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                        null=True, blank=True)
    visit = models.ForeignKey("inspections.Visit", verbose_name=_("核查检查"), on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                  blank=True)
    note = models.TextField(_("处置意见"), max_length=2000, blank=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("安全事件")
        verbose_name_plural = _("安全事件")
        indexes = [models.Index(fields=["occurred_at"], name="incident_occurred")]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.kind} {self.occurred_at:%Y-%m-%d}"
