"""The standards in force: a row changes one rule (standards/registry.py) from a date, nationally (no province)
or for one province. Rows are never edited: a new row from a later date replaces an earlier one, so the rule in
force on any past date can always be answered (a filing reviewed again, an audit)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StandardQuerySet(models.QuerySet):
    def for_province(self, province_code: str):
        """The national rows and those of the province (two-digit code; "" for the national rows alone)."""
        return self.filter(province_code__in={"", province_code})


class Standard(models.Model):
    key = models.CharField(_("规则"), max_length=64)  # a key of standards/registry.py (checked by the service)
    province_code = models.CharField(_("省份"), max_length=2, blank=True, default="",
                                     help_text=_("空为全国标准；填写省级区划代码前两位为该省的标准"))
    value = models.PositiveIntegerField(_("数值"))
    valid_from = models.DateField(_("施行日期"))
    basis = models.CharField(_("依据"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("设定人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("设定时间"), auto_now_add=True)

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["key", "province_code", "valid_from"]
        verbose_name = _("标准")
        verbose_name_plural = _("标准")
        constraints = [models.UniqueConstraint(fields=["key", "province_code", "valid_from"],
                                               name="standard_one_value_per_day")]

    def __str__(self) -> str:
        return f"{self.key}={self.value} ({self.province_code or 'CN'} {self.valid_from})"


class DocumentRequirementQuerySet(models.QuerySet):
    def in_force(self, province_code: str, on):
        """The documents a province requires on `on` (two-digit code; none for "")."""
        return self.filter(province_code=(province_code or "")[:2], valid_from__lte=on).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=on)).order_by("valid_from", "id")


class DocumentRequirement(models.Model):
    """A filing material a province requires in addition to the national list (filings.models.DocumentType), from
    a date, e.g. 河北省: 从业人员无犯罪记录证明. New filings of institutions in the province must upload it. A row is
    never edited (its code names the uploaded documents); a province stops requiring it from `ended_on`."""

    code = models.CharField(_("材料代码"), max_length=24, unique=True)  # "p13_001": a FilingDocument.doc_type
    province_code = models.CharField(_("省份"), max_length=2)
    label = models.CharField(_("材料名称"), max_length=60)
    valid_from = models.DateField(_("施行日期"))
    ended_on = models.DateField(_("停止要求日期"), null=True, blank=True)
    basis = models.CharField(_("依据"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("设定人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("设定时间"), auto_now_add=True)

    objects = DocumentRequirementQuerySet.as_manager()

    class Meta:
        ordering = ["province_code", "valid_from", "id"]
        verbose_name = _("省级备案材料要求")
        verbose_name_plural = _("省级备案材料要求")

    def __str__(self) -> str:
        return f"{self.province_code} {self.label}"
