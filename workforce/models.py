"""The banned-person list (从业禁止/终身不得从事婴幼儿照护服务, issue 17 point 2): kept by each province, holding no
identity number — only its keyed hash (core/identity.py) — so it can be checked without being revealed."""
import pathlib
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from institutions.models import StaffRole
from regions.scope import code_prefix_q


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


# --- the staff register kept by the operator (issue 17 point 1) ---------------------------------------------

class QualificationType(models.TextChoices):
    CHILDCARE_WORKER = "childcare_worker", _("保育师")
    INFANT_CARER = "infant_carer", _("育婴员")
    KINDERGARTEN_TEACHER = "kindergarten_teacher", _("幼儿园教师资格证")
    PHYSICIAN = "physician", _("医师执业证书")
    NURSE = "nurse", _("护士执业证书")
    HEALTH_TRAINING = "health_training", _("保健人员培训合格证")
    OTHER = "other", _("其他")


class WorkerQuerySet(ScopedQuerySet):
    staff_roles = ("reviewer", "inspector", "admin")  # who needs the roster (viewers do not)

    def for_operator(self, user):
        return self.filter(institution__operators=user)

    def for_staff(self, user, scope: str):
        return self.filter(code_prefix_q("institution__region_id", scope)) if scope else self

    def current(self, on=None):
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(joined_on__lte=on).filter(models.Q(left_on__isnull=True) | models.Q(left_on__gt=on))


class Worker(models.Model):
    """A member of staff on the institution's own register (not a filing's snapshot): dated joining and leaving,
    and the records below. The identity number is kept only as hash and mask (core/identity.py)."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=_("机构"), on_delete=models.PROTECT,
                                    related_name="workers")
    name = models.CharField(_("姓名"), max_length=32)
    role = models.CharField(_("岗位"), max_length=16, choices=StaffRole.choices)
    id_hash = models.CharField(_("身份证号哈希"), max_length=64, db_index=True)
    id_masked = models.CharField(_("身份证号"), max_length=24)
    joined_on = models.DateField(_("入职日期"))
    left_on = models.DateField(_("离职日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkerQuerySet.as_manager()

    class Meta:
        ordering = ["institution_id", "role", "name", "id"]
        verbose_name = _("从业人员")
        verbose_name_plural = _("从业人员")

    def __str__(self) -> str:
        return self.name


def scan_upload_to(instance: "Qualification", filename: str) -> str:
    """Random stored names under the private media root (served only through the register's pages)."""
    suffix = pathlib.Path(filename).suffix.lower()[:8]
    return f"workforce/{instance.worker.institution_id}/{uuid.uuid4().hex}{suffix}"


class Qualification(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="qualifications")
    type = models.CharField(_("证书类型"), max_length=24, choices=QualificationType.choices)
    level = models.PositiveSmallIntegerField(_("等级"), null=True, blank=True, help_text=_("保育师一至五级"))
    number = models.CharField(_("证书编号"), max_length=64)
    issuer = models.CharField(_("发证机关"), max_length=100)
    issued_on = models.DateField(_("发证日期"))
    expires_on = models.DateField(_("有效期至"), null=True, blank=True, help_text=_("空为长期有效"))
    scan = models.FileField(_("证书扫描件"), upload_to=scan_upload_to, max_length=255, blank=True,
                            help_text=_("PDF、JPG或PNG"))
    scan_content_type = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("资格证书")
        verbose_name_plural = _("资格证书")

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.number}"



class HealthCheck(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="health_checks")
    checked_on = models.DateField(_("体检日期"))
    passed = models.BooleanField(_("合格"), default=True)

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = _("健康检查")
        verbose_name_plural = _("健康检查")

    def __str__(self) -> str:
        return f"{self.worker_id} {self.checked_on}"



class Training(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="trainings")
    course = models.CharField(_("培训项目"), max_length=100)
    hours = models.PositiveSmallIntegerField(_("学时"))
    completed_on = models.DateField(_("结业日期"))
    passed = models.BooleanField(_("考核合格"), default=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")

    def __str__(self) -> str:
        return f"{self.course} {self.completed_on}"



class RecordCheck(models.Model):
    """无犯罪记录查询 (未成年人保护法 Art. 62: before hiring and every year)."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="record_checks")
    checked_on = models.DateField(_("查询日期"))
    clear = models.BooleanField(_("无违法犯罪记录"), default=True)
    reference = models.CharField(_("查询回执编号"), max_length=64, blank=True)

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = _("无犯罪记录查询")
        verbose_name_plural = _("无犯罪记录查询")

    def __str__(self) -> str:
        return f"{self.worker_id} {self.checked_on}"
