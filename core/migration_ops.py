"""Migration operations that only apply on PostgreSQL (the embedded SQLite default has no extensions)."""
from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that does nothing on another database (SQLite): for indexes only PostgreSQL has (pg_trgm)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_indexes(table: str, indexes: dict[str, str]) -> list[PostgresOnlySQL]:
    """GIN trigram indexes on UPPER(column) (what Django's icontains compares), PostgreSQL only; needs pg_trgm
    (created by institutions/migrations/0005_trigram_search.py)."""
    return [
        PostgresOnlySQL(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER("{column}"::text) gin_trgm_ops)',
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, column in indexes.items()
    ]
