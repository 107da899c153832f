"""The banned-person list (从业禁止/终身不得从事婴幼儿照护服务, issue 17 point 2): kept by each province, holding no
identity number — only its keyed hash (core/identity.py) — so it can be checked without being revealed."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet


class BannedPersonQuerySet(ScopedQuerySet):
    staff_roles = ("admin",)

    def for_staff(self, user, scope: str):
        """A province's admins (and those below them) see their province's entries; national admins all."""
        return self.filter(province_code=scope[:2]) if scope else self


class BannedPerson(models.Model):
    province_code = models.CharField(_("省份"), max_length=2)
    id_hash = models.CharField(_("身份证号哈希"), max_length=64)
    reference = models.CharField(_("决定文书"), max_length=200,
                                 help_text=_("判决书、行政处罚决定书等的文号"))
    reason = models.CharField(_("禁止从业原因"), max_length=500)
    decided_on = models.DateField(_("决定日期"))
    until = models.DateField(_("禁止期限至"), null=True, blank=True, help_text=_("空为终身禁止"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT,
                                 related_name="+")
    added_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = BannedPersonQuerySet.as_manager()

    class Meta:
        ordering = ["-added_at", "-id"]
        verbose_name = _("从业禁止人员")
        verbose_name_plural = _("从业禁止人员")
        constraints = [models.UniqueConstraint(fields=["province_code", "id_hash"], name="banned_once_per_province")]

    def __str__(self) -> str:
        return f"{self.province_code} {self.id_hash[:8]}"
