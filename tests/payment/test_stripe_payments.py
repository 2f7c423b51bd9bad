"""Card payments through Stripe PaymentIntents, against localstripe.

The browser's part (Stripe.js tokenises the card; the page posts the card id
to /pay/<token>/confirm/) is played here by creating the token with the
Stripe API, exactly as localstripe's Stripe.js does; the Playwright test in
test_payment_page.py does it in a real browser.
"""

from decimal import Decimal

import pytest

from commerce.order.models import OrderEvent, OrderEvents
from commerce.payment.models import TransactionEventType, TransactionItem
from commerce.graphql.core.ids import to_global_id
from tests.stripe_server import TEST_SECRET_KEY

from .conftest import PROCESS, initialize, make_checkout, make_order, usd_channel

pytestmark = pytest.mark.slow

CARD_OK = "4242424242424242"
# localstripe declines at charge time only 4000000000000341 (Stripe's
# "attaches, then the charge fails"); Stripe's generic 4000000000000002 is
# declined by localstripe only when attached to a customer (see
# tests/stripe_server.py), so the decline is tested with 0341.
CARD_DECLINED = "4000000000000341"
CARD_3DS = "4000000000003220"


def card_token(stripe_api, number):
    return stripe_api.v1.tokens.create(
        {"card": {"number": number, "exp_month": "12", "exp_year": "2030", "cvc": "123"}})


def pay_in_browser(client, stripe_api, transaction_token, number):
    """What the payment page does: Stripe.js tokenises the card, the page posts
    the token's card id to the same-origin confirm endpoint."""
    token = card_token(stripe_api, number)
    response = client.post(f"/pay/{transaction_token}/confirm/", data={"card": token.card.id},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def record_payment_intent_requests(monkeypatch):
    """The (params, options) of each PaymentIntent create sent to Stripe."""
    from integrations.stripe import client as stripe_client

    sent, real_client = [], stripe_client.client

    def recording_client():
        api = real_client()
        create = api.v1.payment_intents.create

        def spy(params, options=None):
            sent.append((params, options))
            return create(params, options)

        monkeypatch.setattr(api.v1.payment_intents, "create", spy)
        return api

    monkeypatch.setattr(stripe_client, "client", recording_client)
    return sent


def event_types(item):
    return [event.type for event in item.events.order_by("pk")]


def test_vnd_payment_intent_is_in_dong_card_only_with_our_references(
        api, channel, stripe_settings, stripe_api, monkeypatch):
    checkout = make_checkout(channel, price=125000, quantity=2)
    sent = record_payment_intent_requests(monkeypatch)

    result = initialize(api, to_global_id("Checkout", checkout.pk), "stripe")

    assert result["errors"] == []
    data = result["data"]
    assert set(data) == {"client_secret", "publishable_key", "payment_intent_id"}
    assert data["publishable_key"] == stripe_settings.STRIPE_PUBLISHABLE_KEY
    intent = stripe_api.v1.payment_intents.retrieve(data["payment_intent_id"])
    assert (intent.amount, intent.currency) == (250000, "vnd")
    # localstripe does not echo payment_method_types: check what was sent.
    (params, options), = sent
    assert params["payment_method_types"] == ["card"] and "automatic_payment_methods" not in params
    assert options["idempotency_key"] == f"ocop-pi-{result['transaction']['token']}"
    assert intent.metadata["transaction_token"] == result["transaction"]["token"]
    assert intent.metadata["checkout_id"] == str(checkout.pk)
    assert result["transaction"]["pspReference"] == intent.id
    assert result["transactionEvent"]["type"] == "CHARGE_ACTION_REQUIRED"
    checkout.refresh_from_db()
    assert checkout.payment_gateway == "stripe"


def test_usd_payment_intent_is_in_cents(api, stripe_settings, stripe_api):
    order = make_order(usd_channel(), total=Decimal("12.34"))

    result = initialize(api, to_global_id("Order", order.pk), "stripe")

    intent = stripe_api.v1.payment_intents.retrieve(result["data"]["payment_intent_id"])
    assert (intent.amount, intent.currency) == (1234, "usd")
    assert intent.metadata["order_id"] == str(order.pk)


def test_same_idempotency_key_gives_the_same_transaction_and_payment_intent(api, channel, stripe_settings, stripe_api):
    checkout = make_checkout(channel)
    checkout_id = to_global_id("Checkout", checkout.pk)

    first = initialize(api, checkout_id, "stripe", key="lan-1")
    again = initialize(api, checkout_id, "stripe", key="lan-1")
    other = initialize(api, checkout_id, "stripe", key="lan-2")

    assert again["transaction"]["id"] == first["transaction"]["id"]
    assert again["data"]["payment_intent_id"] == first["data"]["payment_intent_id"]
    assert other["data"]["payment_intent_id"] != first["data"]["payment_intent_id"]
    assert TransactionItem.objects.filter(checkout=checkout).count() == 2


def test_the_transaction_token_and_stripe_key_derive_from_the_idempotency_key(channel, stripe_settings, stripe_api):
    """A retry after a lost response (our row rolled back, Stripe's intent
    made) sends Stripe the same idempotency key."""
    from commerce.payment.initialize import initialize_transaction

    checkout = make_checkout(channel)
    first, _event, _data = initialize_transaction(checkout, gateway_id="stripe", idempotency_key="k")
    token = first.token
    TransactionItem.objects.filter(pk=first.pk).delete()

    retried, _event, _data = initialize_transaction(checkout, gateway_id="stripe", idempotency_key="k")

    assert retried.token == token


def test_a_card_payment_marks_the_order_paid(api, client, channel, stripe_settings, stripe_api):
    order = make_order(channel, total=250000)
    result = initialize(api, to_global_id("Order", order.pk), "stripe")

    answer = pay_in_browser(client, stripe_api, result["transaction"]["token"], CARD_OK)

    assert answer["status"] == "succeeded"
    item = TransactionItem.objects.get(token=result["transaction"]["token"])
    assert TransactionEventType.CHARGE_SUCCESS in event_types(item)
    assert item.amount_charged_value == 250000
    assert item.available_actions == ["refund"]
    order.refresh_from_db()
    assert (order.charge_status, order.total_charged_amount) == ("full", 250000)
    assert OrderEvent.objects.filter(order=order, type=OrderEvents.ORDER_FULLY_PAID).count() == 1


def test_a_declined_card_records_a_failure_and_the_order_stays_unpaid(api, client, channel, stripe_settings, stripe_api):
    order = make_order(channel, total=250000)
    result = initialize(api, to_global_id("Order", order.pk), "stripe")

    answer = pay_in_browser(client, stripe_api, result["transaction"]["token"], CARD_DECLINED)

    assert answer["status"] == "requires_payment_method"
    assert answer["event"] == "CHARGE_FAILURE"
    item = TransactionItem.objects.get(token=result["transaction"]["token"])
    failure = item.events.get(type=TransactionEventType.CHARGE_FAILURE)
    assert "declined" in failure.message.lower()
    assert item.amount_charged_value == 0
    order.refresh_from_db()
    assert (order.charge_status, order.total_charged_amount) == ("none", 0)


def test_3d_secure_requires_action_then_process_records_the_charge(
        api, client, channel, stripe_settings, stripe_api, localstripe_server):
    order = make_order(channel, total=250000)
    result = initialize(api, to_global_id("Order", order.pk), "stripe")

    answer = pay_in_browser(client, stripe_api, result["transaction"]["token"], CARD_3DS)

    assert answer["status"] == "requires_action"
    item = TransactionItem.objects.get(token=result["transaction"]["token"])
    action = item.events.filter(type=TransactionEventType.CHARGE_ACTION_REQUIRED, psp_reference=item.psp_reference)
    assert action.exists()
    order.refresh_from_db()
    assert order.charge_status == "none"

    localstripe_server.authenticate_3ds(item.psp_reference, result["data"]["client_secret"])
    processed = api.data(PROCESS, {"token": str(item.token)})["transactionProcess"]

    assert processed["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert processed["data"]["status"] == "succeeded"
    assert processed["transaction"]["chargedAmount"]["amount"] == 250000
    order.refresh_from_db()
    assert order.charge_status == "full"


def test_process_is_safe_to_repeat(api, client, channel, stripe_settings, stripe_api):
    order = make_order(channel, total=250000)
    result = initialize(api, to_global_id("Order", order.pk), "stripe")
    pay_in_browser(client, stripe_api, result["transaction"]["token"], CARD_OK)
    item = TransactionItem.objects.get(token=result["transaction"]["token"])
    events_before = item.events.count()

    for _ in range(2):
        api.data(PROCESS, {"id": result["transaction"]["id"]})

    assert item.events.count() == events_before
    order.refresh_from_db()
    assert order.total_charged_amount == 250000


def test_stripe_is_not_offered_without_keys(api, channel, settings):
    settings.STRIPE_SECRET_KEY = ""
    checkout = make_checkout(channel)

    result = initialize(api, to_global_id("Checkout", checkout.pk), "stripe")

    assert result["errors"][0]["code"] == "INVALID"
    assert result["errors"][0]["field"] == "paymentGateway"
    assert TransactionItem.objects.count() == 0


def test_secret_key_is_what_localstripe_expects():
    assert TEST_SECRET_KEY.startswith("sk_")
