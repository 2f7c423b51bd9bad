"""Database housekeeping that bulk writers share."""

from django.apps import apps
from django.db import connection


def analyze_tables(*models) -> None:
    """Refresh PostgreSQL's planner statistics for these models' tables.

    After a bulk load the planner still believes a table holds the handful of
    rows it held before, and picks plans for that: a channel's listing page
    that walks every listing instead of a name index (25 ms instead of 0.3 ms
    on 10k products). Autovacuum catches up within a minute or so; anything
    that inserts thousands of rows at once calls this so the next request is
    planned on the real numbers.
    """
    tables = [model._meta.db_table for model in models] or [
        model._meta.db_table for model in apps.get_models() if model._meta.managed
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
