"""Public complaints (投诉) about nurseries: filed without an account (anonymous allowed), followed by the
complainant with an unguessable tracking number, handled by the inspectors of the county it lands in."""
import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.scoping import ScopedQuerySet
from core.badges import register_tones
from core.models import ChoiceLabelsMixin

TRACKING_PREFIX = "TS-"
# Crockford's base32: no I, L, O or U, so a number read aloud or typed by hand is not misread.
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_LENGTH = 10  # 50 random bits: not guessable, and short enough to write down
# Letters people type for the digits they look like (Crockford's decoding rules).
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})

# Roles that see complaints in their scope; operators never see complaints (about them or others).
STAFF_ROLES = (Role.REVIEWER, Role.INSPECTOR, Role.ADMIN, Role.VIEWER)


def new_tracking_number() -> str:
    return TRACKING_PREFIX + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def normalize_tracking_number(value: str) -> str | None:
    """The tracking number as stored, from what a person typed ("ts-ab12 cd34 ef", lower case, O for 0);
    None when it cannot be one."""
    text = "".join((value or "").split()).upper()
    if text.startswith("TS"):
        text = text[2:]
    body = text.replace("-", "").translate(_LOOKALIKES)
    if len(body) != TRACKING_LENGTH or any(ch not in TRACKING_ALPHABET for ch in body):
        return None
    return TRACKING_PREFIX + body


class ComplaintCategory(models.TextChoices):
    SAFETY = "safety", _("安全隐患")
    HEALTH = "health", _("卫生保健")
    FEES = "fees", _("收费问题")
    ABUSE = "abuse", _("虐待或忽视")
    UNFILED = "unfiled", _("无证/未备案办托")
    OTHER = "other", _("其他")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("已收到")
    ACKNOWLEDGED = "acknowledged", _("已受理")
    INVESTIGATING = "investigating", _("调查中")
    CLOSED = "closed", _("已办结")


OPEN_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.INVESTIGATING)


class ComplaintQuerySet(ScopedQuerySet):
    """Staff of the complaint's county (or above), and of the township of the institution it names; operators and
    anonymous users see none (the public follows one complaint by its number)."""

    staff_roles = STAFF_ROLES

    def for_staff(self, user, scope: str):
        if not scope:
            return self
        return self.filter(Q(county__code__startswith=scope) | Q(institution__region__code__startswith=scope))

    def with_related(self):
        return self.select_related("county", "county__parent", "institution")

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Complaint(ChoiceLabelsMixin, models.Model):
    tracking_number = models.CharField(_("投诉编号"), max_length=16, unique=True, editable=False)
    # A complaint may name an institution of the directory; the county is then the institution's.
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("托育机构"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="complaints")
    county = models.ForeignKey("regions.Region", verbose_name=_("所在县(区)"), on_delete=models.PROTECT,
                               related_name="complaints")
    # Name or address of a place not in the directory (an unfiled nursery), as the complainant wrote it.
    place = models.CharField(_("机构名称或地址"), max_length=128, blank=True)
    category = models.CharField(_("投诉类别"), max_length=16, choices=ComplaintCategory.choices)
    description = models.TextField(_("投诉内容"))
    contact_name = models.CharField(_("联系人"), max_length=32, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("收到时间"), auto_now_add=True, db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.RECEIVED, db_index=True)
    acknowledged_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("受理人"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    investigating_at = models.DateTimeField(_("开始调查时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办结人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    # Shown to the complainant on the tracking page: written for the public, without names.
    resolution = models.TextField(_("处理结果"), blank=True)
    # The id of the inspection visit that checked the complaint, as text (complaints does not import inspections).
    visit_ref = models.CharField(_("核查检查编号"), max_length=32, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("投诉")
        verbose_name_plural = _("投诉")
        indexes = [models.Index(fields=["status", "created_at"], name="complaint_status_created")]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def visit_pk(self) -> int | None:
        """The id of the closing visit when visit_ref is one (ASCII digits), for a link to it."""
        ref = self.visit_ref or ""
        return int(ref) if re.fullmatch(r"[0-9]{1,18}", ref) else None

    @property
    def is_open(self) -> bool:
        return self.status != ComplaintStatus.CLOSED

    @property
    def subject(self) -> str:
        """What the complaint is about, for lists and notices: the institution's name or the place given."""
        return self.institution.name if self.institution_id else (self.place or "")


class ComplaintNote(ChoiceLabelsMixin, models.Model):
    """An internal note of the staff on a complaint; never shown to the public."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("内部备注"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填写人"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("投诉内部备注")
        verbose_name_plural = _("投诉内部备注")

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.text[:30]}"


# The colour of each state's badge ({% status_badge %}, core/badges.py).
register_tones(Complaint, "status", {
    ComplaintStatus.RECEIVED: "neutral",
    ComplaintStatus.ACKNOWLEDGED: "primary",
    ComplaintStatus.INVESTIGATING: "warning",
    ComplaintStatus.CLOSED: "success",
})
