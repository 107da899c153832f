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


# Rows sampled for the statistics of a trigram index's expression (PostgreSQL's default is 100).
SEARCH_STATISTICS_TARGET = 1000


def trigram_statistics(table: str, index_names: list[str]) -> list[PostgresOnlySQL]:
    """Finer statistics of the expressions of trigram indexes, PostgreSQL only (list pages at national scale, issue
    12 point 14). With the default target the histogram of UPPER(name) has 101 bounds: too few for the planner to
    believe them, it guesses that a name fragment matches 1 % of the rows, reads the table in list order hoping
    to find the page's 21 rows early, and a fragment that matches none or few reads all 126,000 rows (80 ms
    instead of 1). With 1,000 the histogram is believed: a rare fragment is estimated as rare and read through the
    trigram index, a common one ("托育") still in list order."""
    return [
        PostgresOnlySQL(
            [*(f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS {SEARCH_STATISTICS_TARGET}" for name in index_names),
             f"ANALYZE {table}"],
            reverse_sql=[f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS -1" for name in index_names],
        )
    ]
