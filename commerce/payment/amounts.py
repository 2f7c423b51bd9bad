"""Money bookkeeping of transactions, checkouts and orders.

A transaction's amounts are never written directly: they are recomputed from
its events (the provider's facts), so an event delivered twice (dropped by the
unique constraint) or out of order still gives the same amounts. A checkout's
or order's charge and authorize status then follow from the sum of its
transactions against its total (Saleor's rules: an order's target is its total
minus the refunds granted on it).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .models import TransactionEvent, TransactionEventType as T

ZERO = Decimal(0)

# A request is pending until a success or failure of its kind arrives with the
# same provider reference.
_REQUEST_RESOLVED_BY = {
    T.AUTHORIZATION_REQUEST: (T.AUTHORIZATION_SUCCESS, T.AUTHORIZATION_FAILURE),
    T.CHARGE_REQUEST: (T.CHARGE_SUCCESS, T.CHARGE_FAILURE),
    T.REFUND_REQUEST: (T.REFUND_SUCCESS, T.REFUND_FAILURE),
    T.CANCEL_REQUEST: (T.CANCEL_SUCCESS, T.CANCEL_FAILURE),
}
_PENDING_FIELD = {
    T.AUTHORIZATION_REQUEST: "authorize_pending",
    T.CHARGE_REQUEST: "charge_pending",
    T.REFUND_REQUEST: "refund_pending",
    T.CANCEL_REQUEST: "cancel_pending",
}


def transaction_amounts(events) -> dict[str, Decimal]:
    """The amounts (authorized, charged, refunded, canceled and the pending
    ones) that `events` add up to; only events counted in calculations."""
    events = [event for event in events if event.include_in_calculations]
    seen = defaultdict(set)
    for event in events:
        seen[event.type].add(event.psp_reference)
    totals = defaultdict(lambda: ZERO)
    has_authorization = any(e.type in (T.AUTHORIZATION_SUCCESS, T.AUTHORIZATION_ADJUSTMENT) for e in events)
    adjustments = [e for e in events if e.type == T.AUTHORIZATION_ADJUSTMENT]
    for event in events:
        amount = event.amount_value
        kind = event.type
        if kind == T.AUTHORIZATION_SUCCESS and not adjustments:
            totals["authorized"] += amount
        elif kind == T.CHARGE_SUCCESS:
            totals["charged"] += amount
            if has_authorization:
                totals["authorized"] -= amount
        elif kind == T.CHARGE_BACK:
            totals["charged"] -= amount
        elif kind == T.REFUND_SUCCESS:
            totals["charged"] -= amount
            totals["refunded"] += amount
        elif kind == T.REFUND_REVERSE:
            totals["charged"] += amount
            totals["refunded"] -= amount
        elif kind == T.CANCEL_SUCCESS:
            totals["authorized"] -= amount
            totals["canceled"] += amount
        elif kind in _REQUEST_RESOLVED_BY:
            if not any(event.psp_reference in seen[done] for done in _REQUEST_RESOLVED_BY[kind]):
                totals[_PENDING_FIELD[kind]] += amount
    if adjustments:
        totals["authorized"] += max(adjustments, key=lambda e: (e.created_at, e.pk)).amount_value
    return {name: totals[name] for name in (
        "authorized", "charged", "refunded", "canceled",
        "authorize_pending", "charge_pending", "refund_pending", "cancel_pending")}


def recalculate_transaction_amounts(transaction) -> None:
    """Store on `transaction` the amounts its events add up to."""
    amounts = transaction_amounts(TransactionEvent.objects.filter(transaction=transaction))
    transaction.amount_authorized_value = max(amounts["authorized"], ZERO)
    transaction.amount_charged_value = amounts["charged"]
    transaction.amount_refunded_value = amounts["refunded"]
    transaction.amount_canceled_value = amounts["canceled"]
    transaction.amount_authorize_pending_value = amounts["authorize_pending"]
    transaction.amount_charge_pending_value = amounts["charge_pending"]
    transaction.amount_refund_pending_value = amounts["refund_pending"]
    transaction.amount_cancel_pending_value = amounts["cancel_pending"]
    transaction.save(update_fields=[
        "amount_authorized_value", "amount_charged_value", "amount_refunded_value", "amount_canceled_value",
        "amount_authorize_pending_value", "amount_charge_pending_value", "amount_refund_pending_value",
        "amount_cancel_pending_value", "modified_at",
    ])


def charge_status(total: Decimal, charged: Decimal) -> str:
    """NONE / PARTIAL / FULL / OVERCHARGED (the values of both Checkout- and
    OrderChargeStatus). A zero total with nothing charged is FULL."""
    total = max(total, ZERO)
    if charged > total:
        return "overcharged"
    if charged == total:
        return "full"
    if charged <= ZERO:
        return "none"
    return "partial"


def authorize_status(total: Decimal, authorized: Decimal, charged: Decimal) -> str:
    covered = authorized + charged
    if total <= ZERO or covered >= total:
        return "full"
    if covered <= ZERO:
        return "none"
    return "partial"


def sum_transactions(transactions) -> tuple[Decimal, Decimal]:
    """(charged, authorized) of `transactions` (a queryset or list)."""
    charged = authorized = ZERO
    for item in transactions:
        charged += item.amount_charged_value
        authorized += item.amount_authorized_value
    return charged, authorized
