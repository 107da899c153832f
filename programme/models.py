"""The childcare programme run in the portal (issue 16). So far: supervision of lagging regions (督办/约谈), an admin
calls a lower region in over a problem (a target behind schedule in a bulletin), records the interview and the
lower region's follow-up reports, and closes the item (docs/programme.md)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from regions.scope import code_prefix_q


class SupervisionStatus(models.TextChoices):
    OPEN = "open", _("督办中")
    CLOSED = "closed", _("已办结")


class SupervisionEventKind(models.TextChoices):
    INTERVIEW = "interview", _("约谈")
    REPORT = "report", _("整改报告")
    NOTE = "note", _("督办意见")
    CLOSE = "close", _("办结")


class SupervisionItemQuerySet(ScopedQuerySet):
    def for_staff(self, user, scope: str):
        """Staff see the items on regions in their scope and the items opened by their region or below it."""
        if not scope:
            return self
        return self.filter(code_prefix_q("region_id", scope) | code_prefix_q("opened_in", scope))

    def open(self):
        return self.filter(status=SupervisionStatus.OPEN)

    def about(self, region_code: str):
        """The open items of a region's dashboard: on the region, or opened by it."""
        return self.filter(Q(region_id=region_code) | Q(opened_in=region_code)) if region_code \
            else self.filter(opened_in="")


class SupervisionItem(models.Model):
    region = models.ForeignKey("regions.Region", verbose_name=_("督办对象"), on_delete=models.PROTECT,
                               related_name="supervision_items")
    opened_in = models.CharField(_("督办单位区划"), max_length=12, blank=True)  # "" for the national level
    issue = models.TextField(_("督办事项"), max_length=2000)
    basis = models.CharField(_("依据"), max_length=200, blank=True,
                             help_text=_("例如：2026年第三季度通报，新增托位目标完成率低于时序进度"))
    responsible = models.CharField(_("责任人"), max_length=100, help_text=_("被督办地区的责任领导或责任部门"))
    deadline = models.DateField(_("办结期限"))
    status = models.CharField(_("状态"), max_length=8, choices=SupervisionStatus.choices,
                              default=SupervisionStatus.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = SupervisionItemQuerySet.as_manager()

    class Meta:
        ordering = ["status", "deadline", "id"]
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        indexes = [models.Index(fields=["status", "region"], name="supervision_open_region"),
                   models.Index(fields=["status", "opened_in"], name="supervision_open_opener")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.deadline}"


class SupervisionEvent(models.Model):
    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("类型"), max_length=10, choices=SupervisionEventKind.choices)
    on = models.DateField(_("日期"))
    text = models.TextField(_("内容"), max_length=4000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} {self.on}"
