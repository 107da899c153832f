"""The filing wizard's steps: one form (or formset) per step, validating what the operator types.

A step's answers are stored in `Filing.data[step]` exactly as typed (strings), valid or not, so that
nothing is lost on an error and a draft resumes anywhere; each form re-binds from that data. National
standards (class sizes, ratios, floors, lease, documents...) are not form errors but pre-checks
(`filings.prechecks`), listed with the rule they break.
"""
import dataclasses

from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from core import identity
from core.dates import DateRangeValidator
from institutions.models import Nature, OperatingModel, OwnershipType, ServiceType, StaffRole
from institutions.rules import ClassType
from institutions.validators import normalise_phone, validate_credit_code
from regions.forms import RegionCascadeField
from regions.models import RegionLevel

MAX_CLASS_ROWS = 12  # the rule is 10 (advisory); two more rows let the operator type what they have
MAX_STAFF_ROWS = 80
EXTRA_ROWS = 2

MSG_REQUIRED = gettext_lazy("此项为必填项")
MSG_LEASE_DATES = gettext_lazy("租赁期限的结束日期须晚于开始日期")
MSG_LEASE_REQUIRED = gettext_lazy("租赁场地须填写租赁起止日期")
MSG_NO_CLASSES = gettext_lazy("请至少填写一个班级")
MSG_NO_STAFF = gettext_lazy("请至少填写一名工作人员")
MSG_ID_REQUIRED = gettext_lazy("请填写身份证号（用于从业禁止核查，只保存加密摘要）")
MSG_ID_NOT_SAVED = gettext_lazy("上次填写的身份证号无效，未保存，请重新填写")

ERRORS = {"required": MSG_REQUIRED}


OWNERSHIP_CHOICES = [("owned", _("自有")), ("leased", _("租赁"))]
YES_NO = [("yes", _("是")), ("no", _("否"))]


def _select(choices, **kwargs):
    return forms.ChoiceField(choices=[("", _("请选择")), *choices], error_messages=ERRORS,
                             widget=forms.Select(attrs={"class": "form-select"}), **kwargs)


def _text(label, max_length=128, required=True, **attrs):
    return forms.CharField(label=label, max_length=max_length, required=required, error_messages=ERRORS,
                           widget=forms.TextInput(attrs={"class": "form-control", **attrs}))


def _int(label, min_value=0, max_value=None, required=True):
    return forms.IntegerField(label=label, min_value=min_value, max_value=max_value, required=required,
                              error_messages=ERRORS,
                              widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}))


def _date(label, required=True, kind="personal"):
    return forms.DateField(label=label, required=required, error_messages=ERRORS, validators=[DateRangeValidator(kind)],
                           widget=forms.DateInput(format="%Y-%m-%d", attrs={"class": "form-control", "type": "date"}))


class EntityForm(forms.Form):
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=24, error_messages=ERRORS,
                                  validators=[validate_credit_code],
                                  widget=forms.TextInput(attrs={"class": "form-control font-monospace",
                                                                "autocomplete": "off"}))
    name = _text(_("机构名称"))
    nature = _select(Nature.choices, label=_("性质"))
    operating_model = _select(OperatingModel.choices, label=_("办托模式"))
    ownership_type = _select(OwnershipType.choices, label=_("举办性质"))
    inclusive = _select(YES_NO, label=_("普惠性托育机构"))
    legal_representative = _text(_("法定代表人/负责人"), max_length=32)
    contact_phone = _text(_("联系电话"), max_length=32, inputmode="tel")
    scope_includes_childcare = _select(YES_NO, label=_("营业执照/登记证书经营范围包含“托育服务”"))

    def clean_credit_code(self):
        return validate_credit_code(self.cleaned_data["credit_code"])

    def clean_contact_phone(self):
        return normalise_phone(self.cleaned_data["contact_phone"])


class PremisesForm(forms.Form):
    region = RegionCascadeField(label=_("所在区划（县区或乡镇街道）"), min_level=RegionLevel.COUNTY,
                                error_messages=ERRORS)
    address = _text(_("详细地址"), max_length=255)
    ownership = _select(OWNERSHIP_CHOICES, label=_("场地性质"))
    lease_start = _date(_("租赁开始日期"), required=False)
    lease_end = _date(_("租赁结束日期"), required=False, kind="validity")
    building_area = _int(_("建筑面积（平方米）"), min_value=1)
    highest_care_floor = _int(_("照护区域所在最高楼层"), min_value=1, max_value=99)
    has_underground_rooms = _select(YES_NO, label=_("是否有照护用房设在地下或半地下"))
    cctv_retention_days = _int(_("监控录像保存天数"), min_value=0, max_value=3650)

    def clean(self):
        data = super().clean()
        if data.get("ownership") == "leased":
            start, end = data.get("lease_start"), data.get("lease_end")
            if not start or not end:
                self.add_error("lease_end" if start else "lease_start", MSG_LEASE_REQUIRED)
            elif end <= start:
                self.add_error("lease_end", MSG_LEASE_DATES)
        return data


class ServiceForm(forms.Form):
    service_types = forms.MultipleChoiceField(label=_("服务类型"), choices=ServiceType.choices,
                                              error_messages=ERRORS,
                                              widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    meals_served = _select(YES_NO, label=_("是否提供膳食"))


class ClassForm(forms.Form):
    name = _text(_("班级名称"), max_length=64)
    class_type = _select(ClassType.choices, label=_("班型"))
    capacity = _int(_("核定人数"), min_value=1, max_value=99)
    enrolled = _int(_("在托人数"), max_value=99)
    caregivers = _int(_("保育人员数"), max_value=99)


class StaffForm(forms.Form):
    """A staff row. The identity number is typed into `id_number` but never stored (values_from_post keeps its
    keyed hash and mask, core/identity.py); a number that does not validate is not stored either, only the fact
    (`id_error`), so the row asks for it again."""

    name = _text(_("姓名"), max_length=32)
    role = _select(StaffRole.choices, label=_("岗位"))
    id_number = forms.CharField(label=_("身份证号"), max_length=24, required=False,
                                widget=forms.TextInput(attrs={"class": "form-control font-monospace",
                                                              "autocomplete": "off", "inputmode": "text"}))
    id_hash = forms.RegexField(r"^[0-9a-f]{64}$", required=False, widget=forms.HiddenInput)
    id_masked = forms.CharField(max_length=24, required=False, widget=forms.HiddenInput)
    id_error = forms.CharField(max_length=1, required=False, widget=forms.HiddenInput)
    qualification_cert_no = _text(_("资格证书编号"), max_length=64, required=False)
    qualification_expires_on = _date(_("证书有效期至"), required=False, kind="validity")
    health_check_on = _date(_("最近健康检查日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        masked = (self.data.get(self.add_prefix("id_masked")) or "") if self.is_bound else ""
        self.fields["id_number"].widget.attrs["placeholder"] = (
            _("已登记 %(masked)s，重填可更正") % {"masked": masked} if masked else _("18位身份证号"))

    def clean(self):
        data = super().clean()
        typed = data.get("id_number") or ""
        if typed:
            try:
                number = identity.validate(typed)
            except forms.ValidationError as error:
                self.add_error("id_number", error)
            else:
                data["id_hash"], data["id_masked"] = identity.identity_hash(number), identity.identity_mask(number)
        elif data.get("id_error"):
            self.add_error("id_number", MSG_ID_NOT_SAVED)
        elif not data.get("id_hash") and any(data.get(f) for f in ("name", "role")):
            self.add_error("id_number", MSG_ID_REQUIRED)
        data.pop("id_number", None)
        data.pop("id_error", None)
        return data


class RowsFormSet(forms.BaseFormSet):
    """Rows entered as a table; completely empty rows are ignored, at least one row is required."""

    empty_message = MSG_NO_CLASSES

    def clean(self):
        super().clean()
        if not any(form.has_changed() and not self._should_delete_form(form) for form in self.forms):
            raise forms.ValidationError(self.empty_message)


class StaffFormSet(RowsFormSet):
    empty_message = MSG_NO_STAFF


ClassFormSet = forms.formset_factory(ClassForm, formset=RowsFormSet, extra=0, max_num=MAX_CLASS_ROWS,
                                     validate_max=True, absolute_max=MAX_CLASS_ROWS)
StaffRowFormSet = forms.formset_factory(StaffForm, formset=StaffFormSet, extra=0, max_num=MAX_STAFF_ROWS,
                                        validate_max=True, absolute_max=MAX_STAFF_ROWS)


@dataclasses.dataclass(frozen=True)
class Step:
    key: str
    title: str
    form: type | None = None  # a Form
    formset: type | None = None  # a FormSet stored under data[key]["rows"]
    prefix: str = ""


STEPS = (
    Step("entity", _("举办主体")),
    Step("premises", _("场地与地址")),
    Step("service", _("班级与托位")),
    Step("staff", _("工作人员")),
    Step("documents", _("备案材料")),
    Step("review", _("核对并提交")),
)
STEP_KEYS = [step.key for step in STEPS]
STEP_BY_KEY = {step.key: step for step in STEPS}
# Steps whose answers are forms (documents and review are pages of their own).
FORM_STEPS = ("entity", "premises", "service", "staff")


def form_data(step: str, stored: dict) -> dict:
    """The POST-like dict that re-binds a step's forms from what was stored."""
    stored = stored or {}
    data = {k: v for k, v in stored.items() if k != "rows"}
    if step in ("service", "staff"):
        rows = stored.get("rows") or []
        prefix = "classes" if step == "service" else "staff"
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"})
        for index, row in enumerate(rows):
            for field, value in row.items():
                data[f"{prefix}-{index}-{field}"] = value
    return data


def bind(step: str, stored: dict | None, *, extra_rows: int = 0):
    """(form, formset) of a step bound to its stored answers (None for the missing one).

    Bound forms show their errors at once; an untouched step (nothing stored) is unbound."""
    data = form_data(step, stored or {}) if stored is not None else None
    if step == "entity":
        return EntityForm(data), None
    if step == "premises":
        return PremisesForm(data), None
    if step == "service":
        formset = ClassFormSet(data, prefix="classes") if data is not None else ClassFormSet(prefix="classes")
        return ServiceForm(data), _with_extra(formset, extra_rows, ClassFormSet, "classes", data)
    if step == "staff":
        formset = StaffRowFormSet(data, prefix="staff") if data is not None else StaffRowFormSet(prefix="staff")
        return None, _with_extra(formset, extra_rows, StaffRowFormSet, "staff", data)
    raise KeyError(step)


def _with_extra(formset, extra_rows, cls, prefix, data):
    """A formset with `extra_rows` blank rows appended for typing (no-JS 'add a row')."""
    if not extra_rows:
        return formset
    if data is None:
        return _blank(cls, prefix, extra_rows)
    data = dict(data)
    total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
    data[f"{prefix}-TOTAL_FORMS"] = str(min(total + extra_rows, cls.max_num))
    return cls(data, prefix=prefix)


def _blank(cls, prefix, rows):
    formset = cls(prefix=prefix)
    formset.extra = rows
    return formset


def rows_from_post(post, prefix: str, fields: list[str]) -> list[dict]:
    """The formset rows typed in a POST, as dicts of strings, without completely empty rows."""
    try:
        total = min(int(post.get(f"{prefix}-TOTAL_FORMS") or 0), MAX_STAFF_ROWS)
    except ValueError:
        total = 0
    rows = []
    for index in range(total):
        if post.get(f"{prefix}-{index}-DELETE"):
            continue
        row = {field: post.get(f"{prefix}-{index}-{field}", "").strip() for field in fields}
        if any(row.values()):
            rows.append(row)
    return rows


# What a step may store, whatever it holds (the forms' max_length errors are shown; this keeps abuse out of the
# database): characters per value, and the step's JSON as a whole.
MAX_STORED_CHARS = 2_000
MAX_STORED_STEP_BYTES = 256 * 1024


def oversized(values) -> bool:
    import json

    def too_long(value) -> bool:
        if isinstance(value, str):
            return len(value) > MAX_STORED_CHARS
        if isinstance(value, dict):
            return any(too_long(v) or too_long(k) for k, v in value.items())
        if isinstance(value, list | tuple):
            return len(value) > max(MAX_CLASS_ROWS, MAX_STAFF_ROWS) or any(too_long(v) for v in value)
        return False

    return too_long(values) or len(json.dumps(values, ensure_ascii=False, default=str).encode()) > MAX_STORED_STEP_BYTES


def values_from_post(step: str, post) -> dict:
    """What the operator typed on a step, as the JSON stored in Filing.data[step]."""
    if step == "entity":
        return {name: post.get(name, "").strip() for name in EntityForm.base_fields}
    if step == "premises":
        values = {name: post.get(name, "").strip() for name in PremisesForm.base_fields if name != "region"}
        field = PremisesForm.base_fields["region"]
        values["region"] = field.widget.value_from_datadict(post, {}, "region") or ""
        return values
    if step == "service":
        return {
            "service_types": [v for v in post.getlist("service_types") if v in ServiceType.values],
            "meals_served": post.get("meals_served", "").strip(),
            "rows": rows_from_post(post, "classes", list(ClassForm.base_fields))[:MAX_CLASS_ROWS],
        }
    if step == "staff":
        return {"rows": [_identity_stored(row)
                         for row in rows_from_post(post, "staff", list(StaffForm.base_fields))[:MAX_STAFF_ROWS]]}
    raise KeyError(step)


def _identity_stored(row: dict) -> dict:
    """A staff row as stored: a typed identity number becomes its hash and mask, or (not valid) a flag; the number
    itself is never stored (PIPL; docs/workforce.md)."""
    typed = row.pop("id_number", "")
    if typed:
        if identity.is_valid(typed):
            row["id_hash"], row["id_masked"] = identity.identity_hash(typed), identity.identity_mask(typed)
            row["id_error"] = ""
        else:
            row["id_error"] = "1"
    elif not row.get("id_hash"):
        row["id_masked"] = ""
    return row


def _validated(step: str, stored: dict | None):
    if stored is None:
        return None
    form, formset = bind(step, stored)
    if (form is not None and not form.is_valid()) or (formset is not None and not formset.is_valid()):
        return None
    result = dict(form.cleaned_data) if form is not None else {}
    if formset is not None:
        result["rows"] = [f.cleaned_data for f in formset.forms if f.cleaned_data]
    return result


def step_is_valid(step: str, stored: dict | None) -> bool:
    return _validated(step, stored) is not None


def cleaned(step: str, stored: dict | None) -> dict | None:
    """The validated answers of a step (Python values), or None when the step is not valid."""
    return _validated(step, stored)
