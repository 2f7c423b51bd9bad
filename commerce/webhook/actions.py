"""Catalogue events for webhooks, written as an outbox in the caller's transaction.

`product_events` / `variant_events` are called by commerce.product.actions for
every change, whoever makes it. They write one EventDelivery per subscribed
active webhook per object in the same transaction as the change, so a rolled-back
change leaves no event and a committed one cannot lose its event; the deliveries
are queued for Celery once the transaction commits (and the periodic
`deliver_due_webhooks` picks up any whose message was lost).

Within one transaction an object gets at most one event per webhook: a product
created and then priced is one `product_created` whose payload is brought up to
date by the later calls, not a `product_created` and a `product_updated`.
What the transaction has written so far lives on the connection, tied to an
`on_commit` callback of each call: Django drops the callbacks of a rolled-back
transaction or savepoint, and with them our memory of rows that no longer exist.
"""

from collections.abc import Iterable

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import transaction
from django.db.models import Q

from .models import EventDelivery, Webhook, WebhookEventType
from .payloads import PAYLOADS, PRODUCT, VARIANT

EVENTS = {  # kind -> (created, updated)
    PRODUCT: (WebhookEventType.PRODUCT_CREATED, WebhookEventType.PRODUCT_UPDATED),
    VARIANT: (WebhookEventType.PRODUCT_VARIANT_CREATED, WebhookEventType.PRODUCT_VARIANT_UPDATED),
}


def product_events(created_ids: Iterable[int] = (), updated_ids: Iterable[int] = ()) -> None:
    """Record `product_created` / `product_updated` for these products."""
    _record(PRODUCT, created_ids, updated_ids)


def variant_events(created_ids: Iterable[int] = (), updated_ids: Iterable[int] = ()) -> None:
    """Record `product_variant_created` / `product_variant_updated` for these variants."""
    _record(VARIANT, created_ids, updated_ids)


def forget_subscribers() -> None:
    """Called when webhooks change, so this transaction's cached list is read again."""
    state = getattr(transaction.get_connection(), "ocop_webhook_outbox", None)
    if state is not None:
        state["subscribers"] = None


class _Commit:
    """This call's on_commit callback: queues its deliveries. While it is in the
    connection's run_on_commit, the rows it stands for are in the transaction."""

    def __init__(self):
        self.delivery_ids = []

    def __call__(self):
        if self.delivery_ids:
            from .tasks import queue_deliveries

            queue_deliveries(self.delivery_ids)


def _record(kind, created_ids, updated_ids) -> None:
    created = {int(pk) for pk in created_ids}
    updated = {int(pk) for pk in updated_ids} - created
    if not created and not updated:
        return
    connection = transaction.get_connection()
    commit = _Commit()
    if connection.in_atomic_block:
        state = getattr(connection, "ocop_webhook_outbox", None)
        if state is None:
            state = connection.ocop_webhook_outbox = {"subscribers": None, "seen": {}, "rows": {}}
        # This call's callback counts as registered: it is, by the time we return,
        # whenever anything remembered refers to it.
        alive = {id(func) for _, func, _ in connection.run_on_commit} | {id(commit)}
    else:  # autocommit: every statement is its own transaction, nothing to remember
        state, alive = {"subscribers": None, "seen": {}, "rows": {}}, set()

    def live(entry):
        return entry is not None and id(entry[0]) in alive

    registered = False
    if not live(state["subscribers"]):  # a new transaction, or a rollback since the last call
        state["seen"] = {key: entry for key, entry in state["seen"].items() if live(entry)}
        state["rows"] = {key: entry for key, entry in state["rows"].items() if live(entry)}
        state["subscribers"] = (commit, _load_subscribers())
        registered = True
    subscribers = state["subscribers"][1]

    # A product created earlier in this transaction stays "created".
    events = {}
    for pk in created | updated:
        seen = state["seen"].get((kind, pk))
        if live(seen):
            events[pk] = seen[1]
        else:
            events[pk] = EVENTS[kind][0] if pk in created else EVENTS[kind][1]
    wanted = {event for event in set(events.values()) if any(_wants(s, event) for s in subscribers)}
    if wanted:
        _write(kind, {pk: e for pk, e in events.items() if e in wanted}, subscribers, state, live, commit)
        registered = True  # the rows just written are remembered under this callback
    if subscribers:  # even unwanted: a product created here is never "updated" in this transaction
        for pk, event in events.items():
            if not live(state["seen"].get((kind, pk))):
                state["seen"][(kind, pk)] = (commit, event)
                registered = True
    if registered:
        transaction.on_commit(commit, robust=True)


def _load_subscribers():
    """Active webhooks as (id, events, channel ids): one query per transaction."""
    rows = Webhook.objects.filter(is_active=True).annotate(
        channel_ids=ArrayAgg("channels__id", filter=Q(channels__isnull=False), default=[])
    ).values_list("pk", "events", "channel_ids")
    return [(pk, frozenset(events), frozenset(channel_ids)) for pk, events, channel_ids in rows]


def _wants(subscriber, event) -> bool:
    return event in subscriber[1] or WebhookEventType.ANY in subscriber[1]


def _write(kind, events, subscribers, state, live, commit) -> None:
    payloads = PAYLOADS[kind](list(events))
    new, refreshed = [], []
    for pk, (payload, channel_ids) in payloads.items():
        event = events[pk]
        for subscriber in subscribers:
            webhook_id, _, only_channels = subscriber
            if not _wants(subscriber, event) or (only_channels and not only_channels & channel_ids):
                continue
            row = state["rows"].get((kind, pk, webhook_id))
            if live(row):
                refreshed.append(EventDelivery(pk=row[1], payload=payload))
            else:
                delivery = EventDelivery(webhook_id=webhook_id, event_type=event, payload=payload)
                new.append(((kind, pk, webhook_id), delivery))
    if new:
        EventDelivery.objects.bulk_create([delivery for _, delivery in new], batch_size=1000)
        for key, delivery in new:
            state["rows"][key] = (commit, delivery.pk)
            commit.delivery_ids.append(delivery.pk)
    if refreshed:
        EventDelivery.objects.bulk_update(refreshed, ["payload"], batch_size=1000)
