"""API serializers of inspections: visits with their checklist, answers and findings, and rectification orders
with their evidence and history. Input serializers check shape only; the services decide."""
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.dates import deadline_date

from .models import (
    Answer,
    AnswerPhoto,
    ChecklistItem,
    ChecklistSection,
    EvidenceFile,
    Finding,
    Grade,
    InspectionType,
    RectificationEvent,
    RectificationEvidence,
    RectificationOrder,
    Result,
    Visit,
)
from .permissions import shows_inspector_names
from .uploads import MAX_FILES_PER_UPLOAD, MSG_TOO_MANY_FILES, check_evidence, check_photo


def _name(user) -> str:
    return (user.display_name or user.username) if user is not None else ""


def _shows_names(context) -> bool:
    request = context.get("request")
    return request is None or shows_inspector_names(request.user)


class InspectionActionErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why the action was refused, in the request's language (Accept-Language)")


# --- visits (out) -----------------------------------------------------------------------------------

class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice stored as '' when there is none (a visit not graded yet) is null in the API, as documented."""

    def to_representation(self, value):
        return super().to_representation(value) if value else None


class VisitSerializer(serializers.ModelSerializer):
    grade = BlankAsNullChoiceField(choices=Grade.choices, read_only=True, allow_null=True)
    institution_name = serializers.CharField(source="institution.name", read_only=True)
    region_code = serializers.CharField(source="institution.region_id", read_only=True)
    checklist = serializers.CharField(source="template.__str__", read_only=True)
    score = serializers.DecimalField(max_digits=7, decimal_places=2, read_only=True, allow_null=True)

    class Meta:
        model = Visit
        fields = ["id", "institution", "institution_name", "region_code", "type", "status", "template", "checklist",
                  "planned_on", "started_at", "finished_at", "finished_on", "score", "max_score", "grade",
                  "baseline_failed", "complaint_ref", "follow_up_of"]
        read_only_fields = fields


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "order", "text", "severity", "points", "is_baseline"]
        read_only_fields = fields


class SectionSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistSection
        fields = ["id", "order", "title", "max_points", "items"]
        read_only_fields = fields


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = AnswerPhoto
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_url(self, photo) -> str:
        return reverse("inspection-photo", args=[photo.answer.visit_id, photo.pk])


class AnswerSerializer(serializers.ModelSerializer):
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Answer
        fields = ["item", "result", "note", "answered_at", "photos"]
        read_only_fields = fields


class FindingSerializer(serializers.ModelSerializer):
    text = serializers.CharField(source="item.text", read_only=True)
    resolved = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = ["id", "visit", "item", "text", "severity", "is_baseline", "note", "order", "resolved", "resolved_at"]
        read_only_fields = fields

    def get_resolved(self, finding) -> bool:
        return finding.resolved_at is not None


class DimensionScoreSerializer(serializers.Serializer):
    section = serializers.IntegerField()
    title = serializers.CharField()
    max_points = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=7, decimal_places=2)
    met_points = serializers.IntegerField()
    applicable_points = serializers.IntegerField()


class VisitDetailSerializer(VisitSerializer):
    sections = SectionSerializer(source="template.sections", many=True, read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)
    findings = FindingSerializer(many=True, read_only=True)
    dimension_scores = DimensionScoreSerializer(many=True, read_only=True)
    inspectors = serializers.SerializerMethodField(help_text="Names of the inspectors (empty for operators)")

    class Meta(VisitSerializer.Meta):
        fields = [*VisitSerializer.Meta.fields, "summary", "dimension_scores", "inspectors", "sections", "answers",
                  "findings"]
        read_only_fields = fields

    def get_inspectors(self, visit) -> list[str]:
        return [_name(user) for user in visit.inspectors.all()] if _shows_names(self.context) else []


# --- visits (in) ------------------------------------------------------------------------------------

class VisitStartSerializer(serializers.Serializer):
    institution = serializers.IntegerField(help_text="Institution id (in the caller's scope)")
    type = serializers.ChoiceField(choices=InspectionType.choices)
    template = serializers.IntegerField(required=False, allow_null=True,
                                        help_text="A published checklist id; default: the active one of the type")
    complaint_ref = serializers.CharField(required=False, allow_blank=True, max_length=32)


class AnswerInputSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text="Checklist item id of the visit's checklist")
    result = serializers.ChoiceField(choices=Result.choices, required=False, allow_blank=True,
                                     help_text="met / not_met / na; may be left out to add a note or photo only")
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    photo = serializers.FileField(required=False, help_text="JPEG or PNG (checked by content), at most 10 MB")

    def validate_photo(self, photo):
        check_photo(photo)
        return photo


class FinishSerializer(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True, max_length=4000)


# --- rectification ----------------------------------------------------------------------------------

class RectificationSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name", read_only=True)
    region_code = serializers.CharField(source="institution.region_id", read_only=True)
    findings_high = serializers.IntegerField(read_only=True)
    findings_medium = serializers.IntegerField(read_only=True)
    findings_low = serializers.IntegerField(read_only=True)

    class Meta:
        model = RectificationOrder
        fields = ["id", "visit", "institution", "institution_name", "region_code", "status", "deadline",
                  "requirements", "issued_at", "answered_at", "decided_at", "overdue_at", "findings_high",
                  "findings_medium", "findings_low"]
        read_only_fields = fields


class EvidenceFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = ["id", "original_name", "content_type", "size", "url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_url(self, stored) -> str:
        return reverse("rectification-file", args=[stored.evidence.order_id, stored.pk])


class EvidenceSerializer(serializers.ModelSerializer):
    files = EvidenceFileSerializer(many=True, read_only=True)

    class Meta:
        model = RectificationEvidence
        fields = ["id", "text", "submitted_at", "files"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()

    class Meta:
        model = RectificationEvent
        fields = ["action", "at", "from_status", "to_status", "reason", "by"]
        read_only_fields = fields

    def get_by(self, event) -> str:
        """The person's name for government users; operators see names of their own side only."""
        if event.by is None:
            return ""
        if _shows_names(self.context) or event.by.is_operator:
            return _name(event.by)
        return ""


class RectificationDetailSerializer(RectificationSerializer):
    findings = FindingSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta(RectificationSerializer.Meta):
        fields = [*RectificationSerializer.Meta.fields, "findings", "evidence", "events"]
        read_only_fields = fields


class IssueSerializer(serializers.Serializer):
    visit = serializers.IntegerField(help_text="A finished visit in the caller's scope")
    findings = serializers.ListField(child=serializers.IntegerField(), required=False,
                                     help_text="Finding ids; default: every finding of the visit not yet in an order")
    deadline = serializers.DateField(required=False, validators=[deadline_date],
                                     help_text="Default: 15 days with a high-severity finding, else 30 (at most a year)")
    requirements = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class EvidenceInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)
    files = serializers.ListField(child=serializers.FileField(), required=False,
                                  help_text="PDF, JPEG or PNG (checked by content), at most 10 MB each")

    def validate_files(self, files):
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise serializers.ValidationError(MSG_TOO_MANY_FILES.format(n=MAX_FILES_PER_UPLOAD))
        for upload in files:
            check_evidence(upload)
        return files


class VerifyInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class RejectInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    deadline = serializers.DateField(required=False, validators=[deadline_date],
                                     help_text="A new deadline (default: unchanged; at most a year)")


class FollowUpInputSerializer(serializers.Serializer):
    on = serializers.DateField(validators=[deadline_date], help_text="Planned date of the follow-up visit")
