"""Celery tasks that keep product search entries current.

`products_changed` queues `update_products_search_vector_task` after each commit;
the beat schedule runs `update_dirty_search_vectors` every minute to catch anything
a lost message or a crashed worker left dirty, and `prune_search_vocabulary` once a
day. All are idempotent (rebuilding an entry twice gives the same entry) and
acknowledged late, so a worker that dies mid-batch leaves the message to be
redelivered.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .indexing import prune_vocabulary, update_dirty_products, update_products_search_vector

# Deadlocks and dropped connections are worth a retry; the work is repeatable.
_RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "max_retries": 5,
}


@shared_task(acks_late=True, **_RETRY)
def update_products_search_vector_task(product_ids: list[int]) -> int:
    return update_products_search_vector(product_ids)


@shared_task(acks_late=True, **_RETRY)
def update_dirty_search_vectors() -> int:
    return update_dirty_products()


@shared_task(acks_late=True, **_RETRY)
def prune_search_vocabulary() -> int:
    """Daily: drop words no product uses any more from the typo-correction vocabulary."""
    return prune_vocabulary()
