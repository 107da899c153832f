"""API serializers for filings: step answers, uploads and review decisions in; a filing with its history,
documents and pre-checks out. They check the shape of the input only; the services decide."""
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.dates import past_date, programme_date, validity_date
from institutions.models import ServiceType

from . import services, steps
from .models import DocumentType, Filing, FilingDocument, FilingEvent, FilingKind

MSG_CHANGE_NEEDS_INSTITUTION = gettext_lazy("变更备案须指定机构")
MSG_NEW_WITHOUT_INSTITUTION = gettext_lazy("新设备案不能指定机构")
MSG_DOCUMENT_TYPE_UNKNOWN = gettext_lazy("材料类型“{input}”无效")
MSG_TOO_MANY_ROWS = gettext_lazy("最多填写{max_length}行")
MSG_USE_DEREGISTER = gettext_lazy("注销备案请使用 /api/v1/filings/deregister/")

REQUIRED = {"required": steps.MSG_REQUIRED, "null": steps.MSG_REQUIRED, "blank": steps.MSG_REQUIRED}


def _name(user) -> str:
    return (user.display_name or user.username) if user is not None else ""


# --- step answers (in) ------------------------------------------------------------------------------
# One field per field of the wizard's form, all optional strings: answers are stored as typed, valid or
# not, and the step's form reports the errors (as in the wizard), so a draft is never lost to a 400.

def _answer(form_field, help_text=None):
    return serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                 help_text=help_text or form_field.label)


def _answers_serializer(name: str, form_class, doc: str, **fields):
    attrs = {key: _answer(field) for key, field in form_class.base_fields.items() if key not in fields}
    return type(name, (serializers.Serializer,), {"__doc__": doc, "__module__": __name__, **attrs, **fields})


EntityAnswersSerializer = _answers_serializer(
    "EntityAnswersSerializer", steps.EntityForm, "Step `entity` (举办主体): the wizard's answers as strings.",
    inclusive=_answer(steps.EntityForm.base_fields["inclusive"], help_text="yes / no"),
    scope_includes_childcare=_answer(steps.EntityForm.base_fields["scope_includes_childcare"],
                                     help_text="yes / no"),
)
PremisesAnswersSerializer = _answers_serializer(
    "PremisesAnswersSerializer", steps.PremisesForm,
    "Step `premises` (场地与地址); dates as YYYY-MM-DD, numbers as digits.",
    region=_answer(None, help_text="Region code of the county or township, e.g. 130102"),
    ownership=_answer(None, help_text="owned / leased"),
    has_underground_rooms=_answer(None, help_text="yes / no"),
)
ClassRowAnswersSerializer = _answers_serializer(
    "ClassRowAnswersSerializer", steps.ClassForm, "One class (班级) of the `service` step.")
StaffRowAnswersSerializer = _answers_serializer(
    "StaffRowAnswersSerializer", steps.StaffForm, "One member of staff of the `staff` step.")
ServiceAnswersSerializer = _answers_serializer(
    "ServiceAnswersSerializer", steps.ServiceForm, "Step `service` (班级与托位): service types and classes.",
    service_types=serializers.ListField(
        child=serializers.CharField(), required=False,
        help_text="Any of: " + ", ".join(ServiceType.values) + " (unknown values are dropped)"),
    meals_served=_answer(None, help_text="yes / no"),
    rows=serializers.ListField(child=ClassRowAnswersSerializer(), required=False, max_length=steps.MAX_CLASS_ROWS,
                               error_messages={"max_length": MSG_TOO_MANY_ROWS}),
)
StaffAnswersSerializer = type("StaffAnswersSerializer", (serializers.Serializer,), {
    "__doc__": "Step `staff` (工作人员): one row per member of staff.", "__module__": __name__,
    "rows": serializers.ListField(child=StaffRowAnswersSerializer(), required=False, max_length=steps.MAX_STAFF_ROWS,
                                  error_messages={"max_length": MSG_TOO_MANY_ROWS}),
})

ANSWERS_SERIALIZERS = {
    "entity": EntityAnswersSerializer,
    "premises": PremisesAnswersSerializer,
    "service": ServiceAnswersSerializer,
    "staff": StaffAnswersSerializer,
}


class FilingAnswersSerializer(serializers.Serializer):
    """Answers of any of the form steps, keyed by step."""

    entity = EntityAnswersSerializer(required=False)
    premises = PremisesAnswersSerializer(required=False)
    service = ServiceAnswersSerializer(required=False)
    staff = StaffAnswersSerializer(required=False)


class StepResultSerializer(serializers.Serializer):
    """What was stored for the step and the errors its form finds (keyed `<step>.<field>`,
    `<step>.rows.<n>.<field>`, `<step>` for the step as a whole)."""

    step = serializers.ChoiceField(choices=steps.FORM_STEPS)
    values = serializers.DictField(help_text="The answers as stored (strings and lists of strings)")
    valid = serializers.BooleanField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


# --- actions (in) -----------------------------------------------------------------------------------

class FilingCreateSerializer(serializers.Serializer):
    # All kinds (one enum in the schema), though a deregistration has its own endpoint.
    kind = serializers.ChoiceField(choices=FilingKind.choices, default=FilingKind.NEW)
    institution = serializers.IntegerField(required=False, allow_null=True,
                                           help_text="The filed institution to change (kind=change only)")
    data = FilingAnswersSerializer(required=False, help_text="Optional answers of the first steps")

    def validate(self, attrs):
        if attrs["kind"] == FilingKind.DEREGISTER:
            raise serializers.ValidationError({"kind": [MSG_USE_DEREGISTER]})
        if attrs["kind"] == FilingKind.CHANGE and not attrs.get("institution"):
            raise serializers.ValidationError({"institution": [MSG_CHANGE_NEEDS_INSTITUTION]})
        if attrs["kind"] == FilingKind.NEW and attrs.get("institution"):
            raise serializers.ValidationError({"institution": [MSG_NEW_WITHOUT_INSTITUTION]})
        return attrs


class DocumentUploadSerializer(serializers.Serializer):
    doc_type = serializers.ChoiceField(choices=DocumentType.choices,
                                       error_messages={**REQUIRED, "invalid_choice": MSG_DOCUMENT_TYPE_UNKNOWN})
    # Empty files and size and type are checked by the service (filings.documents), with its messages.
    file = serializers.FileField(allow_empty_file=True, use_url=False, error_messages=REQUIRED)
    valid_until = serializers.DateField(required=False, allow_null=True, validators=[validity_date])

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:  # the national types and the filing's province's additions (prechecks)
            self.fields["doc_type"].choices = choices


class ApproveSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, validators=[past_date],
                               help_text="Effective date (filing date; default today; from 2019-01-01 to today)")


MAX_RETURN_COMMENTS = 60
MSG_COMMENT_KEY = gettext_lazy("“{key}”不是备案材料中的项目")
MSG_TOO_MANY_COMMENTS = gettext_lazy("逐项意见最多 {limit} 条")


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=1000), required=False, default=dict,
        help_text='Comments per item, keyed "<step>.<field>" (the items of the wizard, "documents.<type>"), '
                  f'e.g. {{"premises.address": "..."}}; at most {MAX_RETURN_COMMENTS}')

    def validate_comments(self, comments: dict) -> dict:
        from .forms import field_choices

        if len(comments) > MAX_RETURN_COMMENTS:
            raise serializers.ValidationError(MSG_TOO_MANY_COMMENTS.format(limit=MAX_RETURN_COMMENTS))
        known = {key for _title, items in field_choices() for key, _label in items}
        unknown = sorted(key for key in comments if key not in known)
        if unknown:
            raise serializers.ValidationError(MSG_COMMENT_KEY.format(key=unknown[0][:64]))
        return comments


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class DeregisterSerializer(serializers.Serializer):
    institution = serializers.IntegerField(error_messages=REQUIRED)
    on = serializers.DateField(error_messages=REQUIRED, validators=[programme_date],
                               help_text="The day the institution closes (2019-01-01 to a year from today)")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


# --- filings (out) ----------------------------------------------------------------------------------

class PreCheckSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text='A stable code, e.g. "class.size"')
    step = serializers.CharField()
    field = serializers.CharField(help_text='"<step>.<field>" or "<step>.rows.<n>.<field>"; "" for the step')
    message = serializers.CharField()
    blocking = serializers.BooleanField()


class ActionErrorSerializer(serializers.Serializer):
    """A refused action (409): the bilingual reason and, for failed pre-checks, the checks."""

    detail = serializers.CharField()
    checks = PreCheckSerializer(many=True)


class CommentItemSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="'<step>.<field>'")
    label = serializers.CharField()
    comment = serializers.CharField()


class FilingEventSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(source="get_action_display", read_only=True)
    by = serializers.SerializerMethodField()
    # Plain strings in the schema: as enums they would give the status choices a second and third name
    # (drf-spectacular names enums by field); settings' ENUM_NAME_OVERRIDES could name them all once.
    from_status = serializers.CharField(read_only=True, help_text="A filing status, as `status`")
    to_status = serializers.CharField(read_only=True, help_text="A filing status, as `status`")
    comment_items = serializers.SerializerMethodField(
        help_text="The per-item comments with each field's label in the request's language")

    class Meta:
        model = FilingEvent
        fields = ["id", "action", "action_label", "by", "at", "from_status", "to_status", "reason", "comments",
                  "comment_items"]
        read_only_fields = fields

    @extend_schema_field(CommentItemSerializer(many=True))
    def get_comment_items(self, obj) -> list[dict]:
        return [{"field": c["key"], "label": c["label"], "comment": c["text"]} for c in obj.labelled_comments]

    def get_by(self, obj) -> str:
        return _name(obj.by)


class FilingDocumentSerializer(serializers.ModelSerializer):
    doc_type_label = serializers.CharField(source="get_doc_type_display", read_only=True)
    uploaded_by = serializers.SerializerMethodField()

    class Meta:
        model = FilingDocument
        fields = ["id", "doc_type", "doc_type_label", "original_name", "content_type", "size", "sha256",
                  "valid_until", "uploaded_by", "uploaded_at", "superseded_at"]
        read_only_fields = fields

    def get_uploaded_by(self, obj) -> str:
        return _name(obj.uploaded_by)


class FilingSerializer(serializers.ModelSerializer):
    """A filing in a list (no answers, no history)."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    county_code = serializers.CharField(source="county_id", read_only=True, allow_null=True)
    county_name = serializers.SerializerMethodField()
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = Filing
        fields = ["id", "kind", "kind_label", "status", "status_label", "name", "credit_code", "county_code",
                  "county_name", "institution", "filing_number", "effective_on", "created_by", "created_at",
                  "updated_at", "submitted_at", "first_submitted_at", "accepted_at", "decided_at"]
        read_only_fields = fields

    def get_county_name(self, obj) -> str:
        return obj.county.name if obj.county_id else ""

    def get_created_by(self, obj) -> str:
        return _name(obj.created_by)


class FilingDetailSerializer(FilingSerializer):
    """A filing with its answers per step, history, current documents and pre-check results."""

    data = serializers.SerializerMethodField(help_text="Answers per step, as stored (strings); personal values "
                                                   "masked unless revealed (see the operation's description)")
    is_editable = serializers.BooleanField(read_only=True)
    decided_by = serializers.SerializerMethodField()
    events = FilingEventSerializer(many=True, read_only=True)
    documents = FilingDocumentSerializer(source="current_documents", many=True, read_only=True)
    prechecks = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField(help_text="A change filing's differences from the filed facts")

    class Meta(FilingSerializer.Meta):
        fields = [*FilingSerializer.Meta.fields, "is_editable", "decided_by", "data", "events", "documents",
                  "prechecks", "changes"]
        read_only_fields = fields

    def get_decided_by(self, obj) -> str:
        return _name(obj.decided_by)

    def _unmasked(self, obj) -> bool:
        """Whether this caller sees the filing's personal data in full (a reveal is audited, once per filing)."""
        from . import personal_data

        request = self.context.get("request")
        if request is None:
            return False
        level = personal_data.access(request.user, obj)
        if level == personal_data.FULL:
            return True
        if level == personal_data.MASKED and self.context.get("reveal_requested"):
            recorded = self.context.setdefault("revealed_filings", set())
            if obj.pk not in recorded:
                personal_data.reveal_record(user=request.user, filing=obj, where="api")
                recorded.add(obj.pk)
            return True
        return False

    @extend_schema_field(serializers.JSONField())
    def get_data(self, obj):
        from . import personal_data

        return obj.data if self._unmasked(obj) else personal_data.masked_data(obj.data)

    @extend_schema_field(PreCheckSerializer(many=True))
    def get_prechecks(self, obj):
        return PreCheckSerializer(services.filing_prechecks(obj), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_changes(self, obj):
        from . import personal_data

        changes = services.filing_diff(obj)
        if self._unmasked(obj):
            return changes
        masked = []
        for row in changes:
            step, field = row["step"], row["field"]
            shown = {side: personal_data.masked_data({step: {field: row[side]}})[step][field]
                     for side in ("before", "after")}
            masked.append({**row, **shown})
        return masked
