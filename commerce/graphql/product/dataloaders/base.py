"""Two shapes of batch load that most catalogue loaders share.

Most relations are either "the row with this id" or "the rows whose column
equals this key". Writing those two once keeps each concrete loader down to the
queryset it reads, which is the only part that differs.

Their SQL is compiled once per process and number of keys (see
core/prepared.py): `get_queryset` must depend on nothing but the class (not
on the request, the clock or the caller's permissions). A loader whose
queryset does sets `prepared = False`.
"""

from collections import defaultdict
from collections.abc import Hashable, Sequence

from django.db.models import QuerySet

from commerce.graphql.core.dataloaders import DataLoader
from commerce.graphql.core.prepared import run_prepared


class ModelByIdLoader(DataLoader):
    """One row per primary key (None when the row does not exist)."""

    model = None
    prepared = True  # get_queryset is the same for every request

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def batch_load(self, keys: Sequence[int]):
        if self.prepared:
            # What in_bulk runs, compiled once.
            found = run_prepared(
                (type(self), "pk__in"), lambda ids: self.get_queryset().filter(pk__in=ids), ids=list(keys)
            )
            rows = {row.pk: row for row in found}
        else:
            rows = self.get_queryset().in_bulk(keys)
        return [rows.get(key) for key in keys]


class RowsByFieldLoader(DataLoader):
    """All rows whose `field` (a column name such as "product_id") equals the key,
    in the queryset's order ([] when none)."""

    field: str = ""
    prepared = True  # get_queryset is the same for every request

    def get_queryset(self) -> QuerySet:
        raise NotImplementedError

    def batch_load(self, keys: Sequence[Hashable]):
        if self.prepared:
            lookup = f"{self.field}__in"
            rows = run_prepared(
                (type(self), lookup), lambda values: self.get_queryset().filter(**{lookup: values}), values=list(keys)
            )
        else:
            rows = self.get_queryset().filter(**{f"{self.field}__in": keys})
        return group_by(rows, lambda row: getattr(row, self.field), keys)


def group_by(rows, key_of, keys):
    """Rows grouped under each key, in `keys` order, keeping the rows' order."""
    grouped = defaultdict(list)
    for row in rows:
        grouped[key_of(row)].append(row)
    return [grouped.get(key, []) for key in keys]


def group_by_channel_slug(keys):
    """Split (object id, channel slug) keys into {slug: [ids]} so each channel is
    one filter; a request nearly always names a single channel."""
    by_slug = defaultdict(set)
    for object_id, slug in keys:
        by_slug[slug].add(object_id)
    return by_slug
