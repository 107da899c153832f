"""The Holiday table moves to core (the portal's one working-day calendar, issue 14): its rows are copied with
their ids (audit rows name them by id) before the filings table is dropped."""
from django.core.management.color import no_style
from django.db import migrations


def copy_to_core(apps, schema_editor):
    old = apps.get_model("filings", "Holiday")
    new = apps.get_model("core", "Holiday")
    rows = [new(id=h.id, date=h.date, name=h.name, is_workday=h.is_workday) for h in old.objects.all()]
    new.objects.using(schema_editor.connection.alias).bulk_create(rows, batch_size=500)
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), [new]):
        schema_editor.execute(sql)


def copy_back(apps, schema_editor):
    old = apps.get_model("filings", "Holiday")
    new = apps.get_model("core", "Holiday")
    old.objects.bulk_create([old(id=h.id, date=h.date, name=h.name, is_workday=h.is_workday)
                             for h in new.objects.all()], batch_size=500)
    for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [old]):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("filings", "0003_queue_index"),
        ("core", "0002_holiday"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, copy_back),
        migrations.DeleteModel(name="Holiday"),
    ]
