"""Talking to Stripe: one configured client, amounts in Stripe's units.

Amounts go to Stripe in the currency's smallest unit: đồng for VND (a
zero-decimal currency: 125000 VND is `amount=125000`), cents for USD.
STRIPE_API_BASE points the client at another server (localstripe in tests).
"""

from __future__ import annotations

from decimal import Decimal

import stripe
from django.conf import settings

from commerce.core.prices import currency_precision, quantize_price


def client() -> stripe.StripeClient:
    options = {"max_network_retries": 2}
    if settings.STRIPE_API_BASE:
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, **options)


def to_stripe_amount(amount, currency: str) -> int:
    return int(quantize_price(amount, currency).scaleb(currency_precision(currency)))


def from_stripe_amount(amount: int, currency: str) -> Decimal:
    currency = currency.upper()
    return quantize_price(Decimal(amount).scaleb(-currency_precision(currency)), currency)


def create_payment_intent(*, amount, currency: str, metadata: dict, idempotency_key: str):
    """A card-only PaymentIntent. `payment_method_types=['card']` keeps
    Stripe's automatic payment methods off (they are on only when no types
    are given), so the page's card Element is the one way to pay."""
    return client().v1.payment_intents.create(
        {
            "amount": to_stripe_amount(amount, currency),
            "currency": currency.lower(),
            "payment_method_types": ["card"],
            "metadata": metadata,
        },
        {"idempotency_key": idempotency_key},
    )


def retrieve_payment_intent(intent_id: str):
    return client().v1.payment_intents.retrieve(intent_id)


def refund_payment_intent(intent_id: str, *, amount, currency: str, metadata: dict, idempotency_key: str):
    return client().v1.refunds.create(
        {"payment_intent": intent_id, "amount": to_stripe_amount(amount, currency), "metadata": metadata},
        {"idempotency_key": idempotency_key},
    )


def cancel_payment_intent(intent_id: str, *, idempotency_key: str):
    return client().v1.payment_intents.cancel(intent_id, None, {"idempotency_key": idempotency_key})
