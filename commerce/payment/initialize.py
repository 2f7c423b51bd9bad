"""Starting and finishing a payment (Saleor's transactionInitialize and
transactionProcess) for a checkout or an order.

Retries are safe: the same idempotency key for the same checkout or order
gives back the same transaction, and the transaction's token (derived from
that key) is what the Stripe idempotency key is made of, so even a retry
after a lost response reuses the same PaymentIntent.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from commerce.core.prices import has_valid_precision

from . import amounts
from .actions import (checkout_total, create_transaction, format_money, granted_refund_total, offline_transaction_for,
                      record_event)
from .gateways import STRIPE, VIETQR, gateway_problem
from .models import TransactionEventType, TransactionItem

TOKEN_NAMESPACE = uuid.UUID("5b0f4f0e-9a54-4d3c-b8a4-0c0c0f5e7a31")


def invalid(field: str, message: str, code: str = "INVALID") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def is_checkout(source) -> bool:
    return type(source).__name__ == "Checkout"


def amount_due(source) -> Decimal:
    """What is still to pay on `source`: its total less what its transactions
    already charged or authorized (and, for an order, refunds granted)."""
    if is_checkout(source):
        total = checkout_total(source).amount
        transactions = TransactionItem.objects.filter(checkout_id=source.pk)
    else:
        total = source.total_gross_amount - granted_refund_total(source)
        transactions = TransactionItem.objects.filter(order_id=source.pk)
    charged, authorized = amounts.sum_transactions(transactions)
    return total - charged - authorized


def _owner(source) -> dict:
    return {"checkout": source} if is_checkout(source) else {"order": source}


def _validate(source, gateway_id: str, amount, idempotency_key) -> Decimal:
    if idempotency_key is not None and not idempotency_key.strip():
        raise invalid("idempotency_key", _("Khóa idempotency không được để trống. (The idempotency key cannot be empty.)"))
    if is_checkout(source) and source.completing_started_at is not None:
        raise invalid("id", _("Đơn hàng đang được tạo từ giỏ hàng này. (The checkout is being completed.)"),
                      "CHECKOUT_COMPLETION_IN_PROGRESS")
    problem = gateway_problem(source, gateway_id)
    if problem:
        raise invalid("payment_gateway", problem)
    due = amount_due(source)
    if amount is None:
        amount = due
    if amount <= 0:
        raise invalid("amount", _("Không còn gì phải thanh toán. (Nothing is left to pay: the total is covered.)"))
    if not has_valid_precision(amount, source.currency):
        raise invalid("amount", _("Số tiền %(amount)s không hợp lệ với %(currency)s. "
                                  "(The amount %(amount)s has more decimals than %(currency)s allows.)")
                      % {"amount": amount, "currency": source.currency})
    return Decimal(amount)


def initialize_transaction(source, *, gateway_id: str, data=None, amount=None, idempotency_key: str | None = None,
                           user=None) -> tuple[TransactionItem, object, dict | None]:
    """(transaction, its first event, data for the customer's browser)."""
    if idempotency_key:
        existing = TransactionItem.objects.filter(idempotency_key=_stored_key(source, idempotency_key)).first()
        if existing is not None:
            if existing.gateway != gateway_id:
                raise invalid("idempotency_key", _(
                    "Khóa này đã dùng cho phương thức thanh toán khác. "
                    "(This idempotency key was already used with another payment method.)"), "UNIQUE")
            return existing, existing.events.order_by("pk").first(), existing.client_data or None
    amount = _validate(source, gateway_id, amount, idempotency_key)
    if gateway_id == STRIPE:
        return _initialize_stripe(source, amount, idempotency_key, user)
    item, event = offline_transaction_for(source, gateway_id, user=user)
    if idempotency_key and item.idempotency_key is None:
        item.idempotency_key = _stored_key(source, idempotency_key)
        item.save(update_fields=["idempotency_key", "modified_at"])
    if gateway_id == VIETQR:
        from .bank_transfer import reference_for, transfer_data

        item.psp_reference = reference_for(item)
        item.client_data = transfer_data(item, amount)
        item.save(update_fields=["psp_reference", "client_data", "modified_at"])
        return item, event, item.client_data
    return item, event, None


def _stored_key(source, idempotency_key: str) -> str:
    # Keys are the client's: two customers may pick the same one.
    return f"{source.pk}:{idempotency_key}"[:512]


def _initialize_stripe(source, amount: Decimal, idempotency_key, user):
    from integrations.stripe import client as stripe_client

    token = uuid.uuid5(TOKEN_NAMESPACE, _stored_key(source, idempotency_key)) if idempotency_key else uuid.uuid4()
    owner_key = "checkout_id" if is_checkout(source) else "order_id"
    try:
        intent = stripe_client.create_payment_intent(
            amount=amount, currency=source.currency, idempotency_key=f"ocop-pi-{token}",
            metadata={"transaction_token": str(token), owner_key: str(source.pk)})
    except stripe.StripeError as exc:
        raise invalid("payment_gateway", _("Stripe từ chối tạo thanh toán: %(error)s (Stripe refused the payment.)")
                      % {"error": exc.user_message or str(exc)})
    data = {"client_secret": intent["client_secret"], "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "payment_intent_id": intent["id"]}
    item = create_transaction(
        gateway=STRIPE, currency=source.currency, user=user, psp_reference=intent["id"],
        idempotency_key=_stored_key(source, idempotency_key) if idempotency_key else None,
        client_data=data, token=token, **_owner(source))
    event, _created = record_event(
        item, TransactionEventType.CHARGE_ACTION_REQUIRED, amount, include_in_calculations=False, user=user,
        message=_("Chờ khách nhập thẻ: %(amount)s. (Waiting for the card holder.)")
        % {"amount": format_money(amount, source.currency)})
    if is_checkout(source) and source.payment_gateway != STRIPE:
        type(source).objects.filter(pk=source.pk).update(payment_gateway=STRIPE)
        source.payment_gateway = STRIPE
    return item, event, data


def process_transaction(item: TransactionItem, *, data=None, user=None):
    """Record what the provider says now (Saleor's transactionProcess):
    (transaction, the event describing its state, data for the browser)."""
    if item.gateway == STRIPE:
        from integrations.stripe import sync

        try:
            intent, event = sync.sync_payment_intent(item, user=user)
        except stripe.StripeError as exc:
            raise invalid("id", _("Không đọc được thanh toán từ Stripe: %(error)s (Stripe could not be reached.)")
                          % {"error": exc.user_message or str(exc)})
        item.refresh_from_db()
        event = event or item.events.order_by("-pk").first()
        return item, event, {**item.client_data, "status": intent["status"]}
    return item, item.events.order_by("-pk").first(), item.client_data or None

