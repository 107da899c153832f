"""Monthly reports (月报, issue 17 point 4): what a filed institution reports for each month by a day of the next
month — children enrolled by age band and by service type, attendance, staff on the last day, fees charged and
incidents — with the vacancies by age band its classes leave (docs/monthly.md)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from regions.scope import code_prefix_q


class AgeBand(models.TextChoices):
    """The age bands of the report, each that of a class type (乳儿班, 托小班, 托大班)."""
    M6_12 = "6_12", _("6–12个月")
    M12_24 = "12_24", _("12–24个月")
    M24_36 = "24_36", _("24–36个月")


class MonthlyReportQuerySet(ScopedQuerySet):
    def for_operator(self, user):
        return self.filter(institution__operators=user)

    def for_staff(self, user, scope: str):
        return self.filter(code_prefix_q("institution__region_id", scope)) if scope else self


def _count(label):
    return models.PositiveIntegerField(label, default=0)


class MonthlyReport(models.Model):
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("机构"), on_delete=models.PROTECT,
                                    related_name="monthly_reports")
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    enrolled_6_12 = _count(_("在托 6–12个月"))
    enrolled_12_24 = _count(_("在托 12–24个月"))
    enrolled_24_36 = _count(_("在托 24–36个月"))
    full_day = _count(_("全日托人数"))
    half_day = _count(_("半日托人数"))
    hourly = _count(_("计时托人数"))
    temporary = _count(_("临时托人数"))
    attendance_days = _count(_("出勤人天数"))
    staff = _count(_("月末工作人员数"))
    fees_charged = models.PositiveBigIntegerField(_("当月收取保育费（元）"), default=0)
    incidents = _count(_("当月安全事件数"))
    # Computed at submission from the institution's classes (monthly.services.vacancies).
    enrolled = _count(_("在托总数"))
    vacancies_6_12 = _count(_("空位 6–12个月"))
    vacancies_12_24 = _count(_("空位 12–24个月"))
    vacancies_24_36 = _count(_("空位 24–36个月"))
    vacancies_mixed = _count(_("空位 混龄"))
    vacancies = _count(_("空位合计"))
    due_on = models.DateField(_("报送截止日"))
    on_time = models.BooleanField(_("按时报送"))
    submitted_at = models.DateTimeField(_("首次报送时间"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT,
                                     related_name="+")
    revised_at = models.DateTimeField(_("最近修改时间"), null=True, blank=True)

    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "institution_id"]
        verbose_name = _("机构月报")
        verbose_name_plural = _("机构月报")
        constraints = [
            models.UniqueConstraint(fields=["institution", "month"], name="monthly_one_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="monthly_month_first_day"),
        ]
        indexes = [models.Index(fields=["month", "institution"], name="monthly_month_institution")]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.month:%Y-%m}"

    @property
    def band_enrolment(self) -> dict[str, int]:
        return {band: getattr(self, f"enrolled_{band}") for band in AgeBand.values}

    @property
    def band_vacancies(self) -> dict[str, int]:
        return {band: getattr(self, f"vacancies_{band}") for band in AgeBand.values}
