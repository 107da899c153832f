"""On PostgreSQL the database itself refuses to delete an audit row, to change a sealed one, or to change the
content of an unsealed one (only the chain fields may be filled in). SQLite (the embedded default) relies on
the model's guards and on verify_audit."""
from django.db import migrations

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
        NEW.before, NEW.after)
       IS DISTINCT FROM
       (OLD.id, OLD.at, OLD.actor_id, OLD.action, OLD.object_type, OLD.object_id, OLD.region_code, OLD.summary,
        OLD.before, OLD.after) THEN
        RAISE EXCEPTION 'audit records cannot change';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS accounts_auditevent_immutable ON accounts_auditevent;
CREATE TRIGGER accounts_auditevent_immutable BEFORE UPDATE OR DELETE ON accounts_auditevent
    FOR EACH ROW EXECUTE FUNCTION accounts_auditevent_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS accounts_auditevent_immutable ON accounts_auditevent;
DROP FUNCTION IF EXISTS accounts_auditevent_immutable();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_audit_hash_chain")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
