"""A number that changes whenever anything a shopper can see in the catalogue
changes: what caches of catalogue reads (API responses, later pages) are keyed
on, so a change shows at once instead of when an entry expires.

Every save and delete of a catalogue row (products, listings, prices, stock,
channels, producers, search entries) counts, through Django's signals, and so
does every bulk write that bypasses them, by calling `catalogue_changed()`.
The number moves after the transaction commits, once per transaction: a
reader that sees the new number also sees the new rows. It lives in the
shared cache (Redis), so every web process agrees on it; if the cache is
unreachable, readers get None and must not cache.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

VERSION_KEY = "catalogue:version"

# Apps whose rows appear in catalogue reads.
CATALOGUE_APPS = frozenset({"product", "channel", "producer", "warehouse", "search"})


def catalogue_version() -> int | None:
    """The current version, or None when the cache cannot be reached."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            # First use, or the cache was flushed: any new number will do, as
            # long as it differs from every number entries were written under.
            cache.add(VERSION_KEY, 1, timeout=None)
            version = cache.get(VERSION_KEY)
        return version
    except Exception:  # noqa: BLE001 - a cache outage must not fail the read
        logger.warning("Cannot read the catalogue version; catalogue reads go uncached.", exc_info=True)
        return None


def catalogue_changed(using: str | None = None) -> None:
    """Record that the catalogue changed; the version moves when the current
    transaction commits (at once outside a transaction)."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(
        func is _bump for _, func, _ in connection.run_on_commit
    ):
        return
    transaction.on_commit(_bump, using=using)


def _bump() -> None:
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # the key is missing (first write, or flushed)
            cache.set(VERSION_KEY, 2, timeout=None)
    except Exception:  # noqa: BLE001 - the write itself has committed
        logger.warning("Cannot move the catalogue version; cached reads may be stale "
                       "until they expire.", exc_info=True)


def _on_row_change(sender, using=None, **kwargs) -> None:
    if sender._meta.app_label in CATALOGUE_APPS:
        catalogue_changed(using)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_row_change, dispatch_uid="catalogue-version")
