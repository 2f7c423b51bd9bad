"""Building blocks every domain model shares: metadata, sort order, translations."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models


class ModelWithMetadata(models.Model):
    """Saleor's public and private metadata: free key-value data for apps and integrations."""

    metadata = models.JSONField(blank=True, default=dict)
    private_metadata = models.JSONField(blank=True, default=dict)

    class Meta:
        abstract = True
        indexes = [GinIndex(fields=["metadata"], name="%(class)s_meta_idx")]


class ModelWithExternalReference(models.Model):
    """An id the record has in another system (a spreadsheet, a supermarket's ERP)."""

    external_reference = models.CharField(max_length=250, unique=True, blank=True, null=True)

    class Meta:
        abstract = True


class SortableModel(models.Model):
    sort_order = models.IntegerField(editable=False, db_index=True, null=True)

    class Meta:
        abstract = True


class Translation(models.Model):
    """A translation of a record's texts into one language.

    The record's own fields are in the default language (Vietnamese); English and
    any later language live in rows of a Translation subclass.
    """

    language_code = models.CharField(max_length=35, choices=settings.LANGUAGES)

    class Meta:
        abstract = True
