"""Audit summaries in the reader's language: the message and values beside the Chinese text
(accounts/audit_text.py). On PostgreSQL the immutability trigger (0004) covers the new column too."""
import importlib

from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION accounts_auditevent_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit records cannot be deleted';
    END IF;
    IF OLD.seal_seq IS NOT NULL THEN
        RAISE EXCEPTION 'sealed audit records cannot change';
    END IF;
    IF (NEW.id, NEW.at, NEW.actor_id, NEW.action, NEW.object_type, NEW.object_id, NEW.region_code, NEW.summary,
        NEW.summary_params, NEW.before, NEW.after)
       IS DISTINCT FROM
       (OLD.id, OLD.at, OLD.actor_id, OLD.action, OLD.object_type, OLD.object_id, OLD.region_code, OLD.summary,
        OLD.summary_params, OLD.before, OLD.after) THEN
        RAISE EXCEPTION 'audit records cannot change';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

# The function as migration 0004 made it (restored when this migration is reversed).
PREVIOUS = importlib.import_module("accounts.migrations.0004_audit_immutable_trigger").CREATE


def update_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def restore_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_audit_immutable_trigger")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="summary_params",
            field=models.JSONField(blank=True, editable=False, null=True, verbose_name="摘要参数"),
        ),
        migrations.RunPython(update_trigger, restore_trigger),
    ]
