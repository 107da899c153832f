"""Institution.operators keeps its table and gains a through model, InstitutionOperator, with `is_admin`: the
institution's admin operator manages its colleagues (issue 15 point 2). Each institution's first linked operator
becomes its admin."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def first_operator_is_admin(apps, schema_editor):
    link = apps.get_model("institutions", "InstitutionOperator")
    first = (link.objects.values("institution_id").annotate(first=models.Min("id")).values_list("first", flat=True))
    link.objects.filter(id__in=list(first)).update(is_admin=True)


class Migration(migrations.Migration):

    dependencies = [
        ("institutions", "0007_institution_claims"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="InstitutionOperator",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("institution", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                          to="institutions.institution")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                   to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"db_table": "institutions_institution_operators",
                             "unique_together": {("institution", "user")}},
                ),
                migrations.AlterField(
                    model_name="institution",
                    name="operators",
                    field=models.ManyToManyField(blank=True, related_name="operated_institutions",
                                                 through="institutions.InstitutionOperator",
                                                 to=settings.AUTH_USER_MODEL, verbose_name="举办者账号"),
                ),
            ],
        ),
        migrations.AddField(
            model_name="institutionoperator",
            name="is_admin",
            field=models.BooleanField(default=False, verbose_name="机构管理员"),
        ),
        migrations.AlterModelOptions(
            name="institutionoperator",
            options={"verbose_name": "机构经办人", "verbose_name_plural": "机构经办人"},
        ),
        migrations.RunPython(first_operator_is_admin, migrations.RunPython.noop),
    ]
