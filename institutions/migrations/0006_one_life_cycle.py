"""One life cycle (issue 14 point 4): where a filing stands in review is the filing's status; the institution keeps
only its standing in the register. The states no service ever set (draft, submitted, returned, rejected) all
meant "in the register without a filing": they become not_filed."""
from django.db import migrations, models

OLD_UNFILED = ("draft", "submitted", "returned", "rejected")


def forwards(apps, schema_editor):
    Institution = apps.get_model("institutions", "Institution")
    Institution.objects.filter(filing_state__in=OLD_UNFILED).update(filing_state="not_filed")


def backwards(apps, schema_editor):
    Institution = apps.get_model("institutions", "Institution")
    Institution.objects.filter(filing_state="not_filed").update(filing_state="draft")


class Migration(migrations.Migration):

    dependencies = [
        ("institutions", "0005_trigram_search"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="institution",
            name="filing_state",
            field=models.CharField(choices=[("not_filed", "未备案"), ("filed", "已备案"), ("deregistered", "已注销")],
                                   db_index=True, default="not_filed", max_length=16, verbose_name="备案状态"),
        ),
    ]
