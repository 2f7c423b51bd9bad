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


COPY_THRESHOLD = 200  # below this, bulk_create's one INSERT is as quick


def insert_rows(model, instances, *, batch_size=1000) -> list:
    """bulk_create for thousands of new rows, through PostgreSQL's COPY.

    Django's bulk_create builds one parameterised INSERT per batch, and with
    psycopg's client-side binding every value is quoted into the SQL text in
    Python: half the time of a 20k-row import went there. COPY streams the rows
    instead. COPY returns no ids, so the ids are taken from the table's sequence
    first (as bulk_create would get them back) and set on the instances, which
    then look saved, as after bulk_create. Field defaults, auto_now(_add) and
    relations given as objects are handled as bulk_create handles them; no
    signals are sent (bulk_create sends none either).
    """
    instances = list(instances)
    if connection.vendor != "postgresql" or len(instances) < COPY_THRESHOLD:
        return model.objects.bulk_create(instances, batch_size=batch_size)
    from django.db import connections
    from django.db.models import fields as model_fields
    from psycopg import sql

    db = connections[connection.alias]  # the proxy costs a context lookup per use
    opts = model._meta
    fields = list(opts.concrete_fields)
    pk = opts.pk
    # Values psycopg dumps as they are (its own adapters); others (JSON, custom
    # fields) go through the field's get_db_prep_save as in an INSERT.
    plain = (model_fields.AutoFieldMixin, model_fields.IntegerField, model_fields.CharField, model_fields.TextField,
             model_fields.BooleanField, model_fields.DateField, model_fields.DecimalField, model_fields.FloatField,
             model_fields.UUIDField)
    prepared = [not (isinstance(f, plain) or (f.is_relation and f.many_to_one)) for f in fields]
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, pk.column, len(instances)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        for instance, pk_value in zip(instances, ids):
            instance._prepare_related_fields_for_save(operation_name="bulk_create")
            instance.pk = pk_value
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(opts.db_table), sql.SQL(", ").join(sql.Identifier(f.column) for f in fields)
        )
        with db.wrap_database_errors, cursor.cursor.copy(statement) as copy:  # IntegrityError as from an INSERT
            for instance in instances:
                copy.write_row([f.get_db_prep_save(f.pre_save(instance, True), db) if prep else f.pre_save(instance, True)
                                for f, prep in zip(fields, prepared)])
    for instance in instances:
        instance._state.adding = False
        instance._state.db = db.alias
    return instances
