"""The card payment page (/pay/<transaction token>/), its two same-origin
endpoints, and the bank's transfer notifications.

Card data never reaches this server (PCI DSS SAQ A): the card field is
Stripe.js's Element, which hands the card to Stripe and gives the page a
token; the server only ever sees Stripe's ids. The page sends a strict
Content-Security-Policy: scripts only from this origin and Stripe.js's,
nothing inline, frames and requests only to Stripe.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import stripe
from django.conf import settings
from django.db import transaction as db_transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from commerce.core.prices import quantize_price

from . import bank_transfer
from .actions import format_money
from .gateways import STRIPE
from .models import TransactionItem

ASSETS = Path(__file__).parent / "assets"
ASSET_TYPES = {"pay.js": "text/javascript; charset=utf-8", "pay.css": "text/css; charset=utf-8"}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy() -> str:
    js = _origin(settings.STRIPE_JS_URL)
    api = _origin(settings.STRIPE_API_BASE) if settings.STRIPE_API_BASE else "https://api.stripe.com"
    frames = " ".join(dict.fromkeys([js, "https://js.stripe.com", "https://hooks.stripe.com"]))
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {js}",
        f"frame-src {frames}",
        f"connect-src 'self' {' '.join(dict.fromkeys([api, js]))}",
        "img-src 'self' data:",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def _stripe_transaction(token) -> TransactionItem:
    item = TransactionItem.objects.filter(token=token, gateway=STRIPE).first()
    if item is None or not item.client_data.get("client_secret"):
        raise Http404("No card payment with this link.")
    return item


@require_GET
@ensure_csrf_cookie
def pay_page(request, token):
    item = _stripe_transaction(token)
    amount = next((e.amount_value for e in item.events.order_by("pk")), item.amount_charged_value)
    response = render(request, "payment/pay.html", {
        "transaction": item,
        "amount": format_money(quantize_price(amount, item.currency), item.currency),
        "stripe_js_url": settings.STRIPE_JS_URL,
        "paid": item.amount_charged_value > 0,
    })
    response["Content-Security-Policy"] = content_security_policy()
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def pay_asset(request, name):
    if name not in ASSET_TYPES:
        raise Http404()
    response = HttpResponse((ASSETS / name).read_bytes(), content_type=ASSET_TYPES[name])
    response["Cache-Control"] = "public, max-age=300"
    return response


def _answer(item, event, status=None):
    item.refresh_from_db()
    return JsonResponse({
        "status": status,
        "event": event.type.upper() if event else None,
        "charged": str(item.amount_charged_value),
        "client_secret": item.client_data.get("client_secret"),
    })


@require_POST
def pay_confirm(request, token):
    """Pay with the card Stripe.js tokenised in the browser: attach it to the
    PaymentIntent and confirm. 3-D Secure, when the bank asks, happens in the
    browser next (stripe.confirmCardPayment), then /process/ records it."""
    from integrations.stripe import client as stripe_client
    from integrations.stripe.sync import record_payment_intent

    item = _stripe_transaction(token)
    try:
        card = json.loads(request.body or b"{}").get("card", "")
    except ValueError:
        card = ""
    if not isinstance(card, str) or not card.startswith(("card_", "pm_")):
        return HttpResponseBadRequest("Expected {\"card\": <Stripe card or payment method id>}.")
    api = stripe_client.client().v1.payment_intents
    try:
        api.update(item.psp_reference, {"payment_method": card})
        intent = api.confirm(item.psp_reference)
    except stripe.StripeError:
        intent = api.retrieve(item.psp_reference)  # a decline: the intent says why
    with db_transaction.atomic():
        event = record_payment_intent(item, intent)
    return _answer(item, event, intent["status"])


@require_POST
def pay_process(request, token):
    from .initialize import process_transaction

    item = _stripe_transaction(token)
    with db_transaction.atomic():
        item, event, data = process_transaction(item)
    return _answer(item, event, (data or {}).get("status"))


@csrf_exempt
@require_POST
def vietqr_webhook(request):
    """The bank's notice of an incoming transfer (HMAC-SHA256 of the raw
    body, hex, in X-Ocop-Bank-Signature)."""
    if not bank_transfer.signature_is_valid(request.body, request.headers.get(bank_transfer.SIGNATURE_HEADER)):
        return HttpResponseBadRequest("Invalid signature.")
    try:
        notice = bank_transfer.parse_notification(request.body)
    except bank_transfer.BadNotification as exc:
        return HttpResponseBadRequest(str(exc))
    return JsonResponse({"result": bank_transfer.handle_notification(notice)})
