"""Record what Stripe says about a PaymentIntent as transaction events.

Nothing here trusts a webhook's copy of an object: callers hand in the
PaymentIntent just re-read from Stripe, and its current status becomes
events. Events carry the provider's ids as psp_reference and are recorded
once each, so reading the same state twice, or an old state after a newer
one, changes nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from commerce.payment.actions import record_event, transaction_changed
from commerce.payment.models import TransactionAction, TransactionEventType as T

from . import client as stripe_client

CANCELABLE = {"requires_payment_method", "requires_confirmation", "requires_action", "requires_capture"}


def _value(obj, name, default=None):
    try:
        return obj[name]
    except (KeyError, TypeError):
        return getattr(obj, name, default)


def record_payment_intent(transaction, intent, *, user=None):
    """Events for the PaymentIntent's current status; returns the event that
    describes it (new or already recorded) or None when nothing happened yet."""
    status = _value(intent, "status")
    currency = _value(intent, "currency", transaction.currency).upper()
    amount = stripe_client.from_stripe_amount(_value(intent, "amount", 0), currency)
    reference = _value(intent, "id")
    event = None
    if status == "succeeded":
        event, _created = record_event(transaction, T.CHARGE_SUCCESS, amount, psp_reference=reference,
                                message=_("Thanh toán thẻ thành công. (Card payment succeeded.)"), user=user)
    elif status == "processing":
        event, _created = record_event(transaction, T.CHARGE_REQUEST, amount, psp_reference=reference,
                                message=_("Ngân hàng đang xử lý. (The bank is processing the payment.)"), user=user)
    elif status == "requires_capture":
        event, _created = record_event(transaction, T.AUTHORIZATION_SUCCESS, amount, psp_reference=reference, user=user)
    elif status == "requires_action":
        event, _created = record_event(transaction, T.CHARGE_ACTION_REQUIRED, amount, psp_reference=reference,
                                include_in_calculations=False, user=user,
                                message=_("Ngân hàng yêu cầu xác thực 3-D Secure. (The bank asks the card holder to confirm.)"))
    elif status == "requires_payment_method" and _value(intent, "last_payment_error"):
        error = _value(intent, "last_payment_error")
        attempt = _value(error, "charge") or _value(error, "code") or "declined"
        event, _created = record_event(transaction, T.CHARGE_FAILURE, amount, psp_reference=f"{reference}:{attempt}",
                                message=str(_value(error, "message") or _("Thẻ bị từ chối. (The card was declined.)")), user=user)
    elif status == "canceled":
        event, _created = record_event(transaction, T.CHARGE_FAILURE, amount, psp_reference=f"{reference}:canceled",
                                message=_("Thanh toán đã bị hủy. (The payment was canceled.)"), user=user)
    _set_available_actions(transaction, status)
    transaction_changed(transaction, user=user)
    return event


def record_refund(transaction, refund, *, user=None):
    status = _value(refund, "status")
    amount = stripe_client.from_stripe_amount(_value(refund, "amount", 0), _value(refund, "currency", transaction.currency))
    kind = {"succeeded": T.REFUND_SUCCESS, "failed": T.REFUND_FAILURE, "canceled": T.REFUND_FAILURE}.get(
        status, T.REFUND_REQUEST)
    event, _created = record_event(transaction, kind, amount, psp_reference=_value(refund, "id"), user=user,
                            message=_("Refund %(status)s.") % {"status": status})
    return event


def sync_payment_intent(transaction, *, user=None):
    """Re-read the transaction's PaymentIntent (and its refunds) from Stripe
    and record what they say now: (PaymentIntent, event)."""
    intent = stripe_client.retrieve_payment_intent(transaction.psp_reference)
    if _value(intent, "latest_charge"):
        for refund in stripe_client.client().v1.refunds.list({"payment_intent": transaction.psp_reference}).data:
            record_refund(transaction, refund, user=user)
    return intent, record_payment_intent(transaction, intent, user=user)


def _set_available_actions(transaction, status):
    actions = []
    if status == "succeeded":
        actions.append(TransactionAction.REFUND)
    if status in CANCELABLE:
        actions.append(TransactionAction.CANCEL)
    if status == "requires_capture":
        actions.append(TransactionAction.CHARGE)
    if actions != transaction.available_actions:
        transaction.available_actions = actions
        transaction.save(update_fields=["available_actions", "modified_at"])
