"""Two shapes of batch load that most catalogue loaders share.

Most relations are either "the row with this id" or "the rows whose column
equals this key". Writing those two once keeps each concrete loader down to the
queryset it reads, which is the only part that differs.
"""

from collections import defaultdict
from collections.abc import Hashable, Sequence

from django.db.models import QuerySet

from commerce.graphql.core.dataloaders import DataLoader


class ModelByIdLoader(DataLoader):
    """One row per primary key (None when the row does not exist)."""

    model = None

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def batch_load(self, keys: Sequence[int]):
        rows = self.get_queryset().in_bulk(keys)
        return [rows.get(key) for key in keys]


class RowsByFieldLoader(DataLoader):
    """All rows whose `field` (a column name such as "product_id") equals the key,
    in the queryset's order ([] when none)."""

    field: str = ""

    def get_queryset(self) -> QuerySet:
        raise NotImplementedError

    def batch_load(self, keys: Sequence[Hashable]):
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
