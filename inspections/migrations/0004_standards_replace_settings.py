"""The grade cut-offs and the planning intervals and deadlines become standards (standards/registry.py: grade.*,
inspection.*, rectification.*), which a province may tighten. A national admin's earlier settings are kept: each
value that differs from the national default becomes a national Standard row from the day it was saved, set by
whoever saved it."""
from django.db import migrations
from django.utils import timezone

FIELDS = {
    "GradeScale": {"a_min": ("grade.a_min", 900), "b_min": ("grade.b_min", 750), "c_min": ("grade.c_min", 600)},
    "InspectionPolicy": {
        "regular_interval_days": ("inspection.regular_interval_days", 365),
        "risk_interval_days": ("inspection.risk_interval_days", 90),
        "deadline_days": ("rectification.deadline_days", 30),
        "high_deadline_days": ("rectification.high_deadline_days", 15),
    },
}
BASIS = "原“评估与计划规则”设定"


def copy_settings(apps, schema_editor):
    Standard = apps.get_model("standards", "Standard")
    User = apps.get_model("accounts", "User")
    for model_name, fields in FIELDS.items():
        row = apps.get_model("inspections", model_name).objects.filter(pk=1).first()
        if row is None:
            continue
        by = row.updated_by or User.objects.filter(is_superuser=True).order_by("pk").first()
        valid_from = timezone.localdate(row.updated_at) if row.updated_at else timezone.localdate()
        for field, (key, default) in fields.items():
            value = getattr(row, field)
            if value == default or by is None:
                continue
            Standard.objects.update_or_create(key=key, province_code="", valid_from=valid_from,
                                              defaults={"value": value, "basis": BASIS, "created_by": by})


class Migration(migrations.Migration):

    dependencies = [
        ("inspections", "0003_provincial_checklists"),
        ("standards", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_settings, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="inspectionpolicy",
            name="updated_by",
        ),
        migrations.DeleteModel(
            name="GradeScale",
        ),
        migrations.DeleteModel(
            name="InspectionPolicy",
        ),
    ]
