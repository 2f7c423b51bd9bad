"""Stripe's notifications: /webhooks/stripe/.

The signature (`Stripe-Signature`, HMAC over the raw body with a timestamp)
is checked first: a forged or stale one gets 400 and changes nothing. Each
event id is handled once (a replay gets 200 and no change). The event's copy
of the PaymentIntent is NOT trusted: events arrive late and out of order, so
the PaymentIntent is re-read from Stripe and its current state recorded.
"""

from __future__ import annotations

import json
import logging

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction as db_transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from commerce.payment.gateways import STRIPE
from commerce.payment.models import ProcessedNotification, TransactionItem

from .sync import sync_payment_intent

logger = logging.getLogger(__name__)


def verified_event(payload: bytes, signature: str | None):
    """The event, or None when the signature does not match this shop's secret."""
    if not settings.STRIPE_WEBHOOK_SECRET or not signature:
        return None
    try:
        return stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    except (ValueError, stripe.SignatureVerificationError):
        return None


def _payment_intent_id(obj) -> str | None:
    if obj.get("object") == "payment_intent":
        return obj.get("id")
    return obj.get("payment_intent")


def _transaction_for(obj) -> TransactionItem | None:
    items = TransactionItem.objects.select_for_update().filter(gateway=STRIPE)
    intent_id = _payment_intent_id(obj)
    item = items.filter(psp_reference=intent_id).first() if intent_id else None
    token = (obj.get("metadata") or {}).get("transaction_token")
    if item is None and token:
        item = items.filter(token=token).first()
    return item


@csrf_exempt
@require_POST
def stripe_webhook(request):
    event = verified_event(request.body, request.headers.get("Stripe-Signature"))
    if event is None:
        return HttpResponseBadRequest("Invalid Stripe signature.")
    with db_transaction.atomic():
        try:
            with db_transaction.atomic():
                ProcessedNotification.objects.create(provider=STRIPE, event_id=event.id, event_type=event.type)
        except IntegrityError:
            return HttpResponse("Already processed.")
        # The body's signature was just verified; read the ids from it as sent.
        obj = json.loads(request.body)["data"]["object"]
        item = _transaction_for(obj)
        if item is None:
            return HttpResponse("Not ours.")
        # A Stripe error propagates (500): the notification is not kept as
        # processed, and Stripe delivers it again later.
        sync_payment_intent(item)
    return HttpResponse("OK")
