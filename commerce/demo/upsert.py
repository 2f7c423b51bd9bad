"""Idempotent writes for seed data: find a row by its natural key, and save it only
when something differs.

`update_or_create` would re-save every row on every run (bumping `updated_at`,
marking products dirty, queuing search refreshes); comparing first means a second
run of the loader changes nothing at all, and its counts prove it.

Rows are loaded once per table and checked in memory (field validators and the
model's `clean()`); foreign keys, uniqueness and check constraints are left to
PostgreSQL, which enforces them anyway, because asking the database about each
one first would triple the loader's queries. Tables of many small rows can be
written in bulk (`bulk=True`, then `flush()`).
"""

from decimal import Decimal

from django.db import models

from commerce.core.catalogue_version import catalogue_changed


def validate(instance):
    """Full validation except what needs a query (see the module docstring)."""
    relations = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    return instance


def plain_save(instance):
    """The save used where no action owns the model."""
    validate(instance)
    instance.save()
    return instance


class Upsert:
    """Rows of one model keyed by a tuple of fields, loaded once up front.

    `key` names the fields that identify a row (a foreign key by its field name,
    e.g. ("product", "language_code")); `save` is the function that writes a row,
    usually an action from `commerce.<app>.actions`.
    """

    def __init__(self, model, key, save=plain_save, queryset=None, bulk=False):
        self.model = model
        self.key = tuple(key)
        self.save = save
        self._fields = {f.name: f for f in model._meta.concrete_fields}
        self._attnames = [self._fields[name].attname for name in self.key]
        rows = queryset if queryset is not None else model.objects.all()
        self.rows = {tuple(getattr(row, a) for a in self._attnames): row for row in rows}
        self.created = 0
        self.updated = 0
        self.bulk = bulk
        self._new, self._dirty, self._dirty_fields = [], {}, set()

    def __call__(self, key, **values):
        key = key if isinstance(key, tuple) else (key,)
        lookup = dict(zip(self.key, key))
        row_key = tuple(self._raw(name, value) for name, value in lookup.items())
        row = self.rows.get(row_key)
        if row is None:
            row = self.model(**lookup, **values)
            if self.bulk:
                self._new.append(validate(row))
            else:
                self.save(row)
            self.rows[row_key] = row
            self.created += 1
            return row
        changed = [name for name, value in values.items() if self._differs(row, name, value)]
        if changed:
            for name in changed:
                setattr(row, name, values[name])
            if self.bulk:
                self._dirty[id(row)] = validate(row)
                self._dirty_fields.update(changed)
            else:
                self.save(row)
            self.updated += 1
        return row

    def flush(self):
        """Write the rows a bulk table has gathered (a no-op for other tables)."""
        if self._new:
            self.model.objects.bulk_create(self._new, batch_size=1000)
        if self._dirty:
            self.model.objects.bulk_update(list(self._dirty.values()), sorted(self._dirty_fields), batch_size=500)
        if self._new or self._dirty:
            catalogue_changed()  # bulk writes send no signal
        self._new, self._dirty, self._dirty_fields = [], {}, set()

    def _raw(self, name, value):
        """The value as stored: a related row by its primary key."""
        if isinstance(value, models.Model):
            return value.pk
        return value

    def _differs(self, row, name, value) -> bool:
        field = self._fields.get(name)
        if field is None:  # not a concrete column (e.g. a reverse accessor): always set
            return True
        current = getattr(row, field.attname)
        wanted = self._raw(name, value)
        if isinstance(field, models.DecimalField) and current is not None and wanted is not None:
            return Decimal(str(current)) != Decimal(str(wanted))
        if isinstance(field, models.FileField):
            return (current or "") != (wanted or "")
        return current != wanted

    @property
    def changes(self) -> int:
        return self.created + self.updated
