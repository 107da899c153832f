"""Version 1 of the four checklists (quality assessment, fire safety, health, routine): inspections.seed."""
from django.db import migrations


def seed(apps, schema_editor):
    from inspections.seed import seed_checklists

    seed_checklists(apps.get_model("inspections", "ChecklistTemplate"),
                    apps.get_model("inspections", "ChecklistSection"),
                    apps.get_model("inspections", "ChecklistItem"))


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
