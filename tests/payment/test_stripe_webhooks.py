"""/webhooks/stripe/: signed, once per event, and never trusting the event's
copy of the PaymentIntent (Stripe's events arrive late and out of order)."""

import time

import pytest

from commerce.order.models import Order
from commerce.payment.models import ProcessedNotification, TransactionEvent, TransactionEventType, TransactionItem
from commerce.graphql.core.ids import to_global_id

from .conftest import centre_counter, initialize, make_checkout, make_order, post_stripe_event, stripe_event, stripe_signature

pytestmark = pytest.mark.slow


def started_payment(api, source_id):
    result = initialize(api, source_id, "stripe")
    return TransactionItem.objects.get(token=result["transaction"]["token"])


def pay_at_stripe(stripe_api, item, payment_method="pm_card_visa"):
    """The card holder pays; nothing tells the shop yet (as if the browser
    closed before reporting back)."""
    before = stripe_api.v1.payment_intents.retrieve(item.psp_reference)
    stripe_api.v1.payment_intents.update(item.psp_reference, {"payment_method": payment_method})
    after = stripe_api.v1.payment_intents.confirm(item.psp_reference)
    return before, after


def test_a_forged_signature_is_refused_and_changes_nothing(api, client, channel, stripe_settings, stripe_api):
    order = make_order(channel)
    item = started_payment(api, to_global_id("Order", order.pk))
    _before, paid = pay_at_stripe(stripe_api, item)
    body = stripe_event(paid, "payment_intent.succeeded")
    events = TransactionEvent.objects.count()

    forged = post_stripe_event(client, body, stripe_signature(body, secret="whsec_someone_else"))
    unsigned = post_stripe_event(client, body, "")
    tampered = post_stripe_event(client, body.replace(b"succeeded", b"succeeded "), stripe_signature(body))

    assert [forged.status_code, unsigned.status_code, tampered.status_code] == [400, 400, 400]
    assert ProcessedNotification.objects.count() == 0
    assert TransactionEvent.objects.count() == events
    order.refresh_from_db()
    assert order.charge_status == "none"


def test_a_stale_signature_is_refused(api, client, channel, stripe_settings, stripe_api):
    order = make_order(channel)
    item = started_payment(api, to_global_id("Order", order.pk))
    _before, paid = pay_at_stripe(stripe_api, item)
    body = stripe_event(paid, "payment_intent.succeeded")

    response = post_stripe_event(client, body, stripe_signature(body, timestamp=int(time.time()) - 3600))

    assert response.status_code == 400
    assert ProcessedNotification.objects.count() == 0


def test_the_succeeded_event_marks_the_order_paid_and_a_replay_changes_nothing(
        api, client, channel, stripe_settings, stripe_api):
    order = make_order(channel, total=250000)
    item = started_payment(api, to_global_id("Order", order.pk))
    _before, paid = pay_at_stripe(stripe_api, item)
    body = stripe_event(paid, "payment_intent.succeeded", event_id="evt_paid_once")

    first = post_stripe_event(client, body)
    events = TransactionEvent.objects.count()
    replay = post_stripe_event(client, body)

    assert (first.status_code, replay.status_code) == (200, 200)
    assert ProcessedNotification.objects.filter(provider="stripe", event_id="evt_paid_once").count() == 1
    assert TransactionEvent.objects.count() == events
    assert item.events.filter(type=TransactionEventType.CHARGE_SUCCESS).count() == 1
    order.refresh_from_db()
    assert (order.charge_status, order.total_charged_amount) == ("full", 250000)


def test_events_in_reverse_order_end_paid(api, client, channel, stripe_settings, stripe_api):
    """succeeded arrives first, then the older created/processing copies:
    each makes us re-read the PaymentIntent, which is paid."""
    order = make_order(channel, total=250000)
    item = started_payment(api, to_global_id("Order", order.pk))
    unpaid, paid = pay_at_stripe(stripe_api, item)

    for event_type, copy in [("payment_intent.succeeded", paid), ("payment_intent.processing", unpaid),
                             ("payment_intent.created", unpaid)]:
        assert post_stripe_event(client, stripe_event(copy, event_type)).status_code == 200

    order.refresh_from_db()
    assert (order.charge_status, order.total_charged_amount) == ("full", 250000)
    item.refresh_from_db()
    assert item.amount_charged_value == 250000
    assert item.events.filter(type=TransactionEventType.CHARGE_SUCCESS).count() == 1


def test_an_old_unpaid_copy_arriving_after_payment_still_records_the_payment(
        api, client, channel, stripe_settings, stripe_api):
    order = make_order(channel, total=250000)
    item = started_payment(api, to_global_id("Order", order.pk))
    unpaid, _paid = pay_at_stripe(stripe_api, item)

    post_stripe_event(client, stripe_event(unpaid, "payment_intent.created"))

    order.refresh_from_db()
    assert order.charge_status == "full"


def test_a_declined_payment_event_records_the_failure_and_the_order_stays_unpaid(
        api, client, channel, stripe_settings, stripe_api):
    import stripe

    order = make_order(channel, total=250000)
    item = started_payment(api, to_global_id("Order", order.pk))
    with pytest.raises(stripe.CardError):
        pay_at_stripe(stripe_api, item, payment_method="pm_card_chargeCustomerFail")
    failed = stripe_api.v1.payment_intents.retrieve(item.psp_reference)

    post_stripe_event(client, stripe_event(failed, "payment_intent.payment_failed"))

    assert item.events.filter(type=TransactionEventType.CHARGE_FAILURE).exists()
    order.refresh_from_db()
    assert order.charge_status == "none"


def test_an_event_for_a_payment_intent_we_do_not_know_is_acknowledged(db, client, stripe_settings, stripe_api):
    intent = stripe_api.v1.payment_intents.create({"amount": 1000, "currency": "vnd"})

    response = post_stripe_event(client, stripe_event(intent, "payment_intent.created"))

    assert response.status_code == 200
    assert TransactionEvent.objects.count() == 0


def test_a_paid_checkout_waits_for_checkout_complete(api, client, channel, stripe_settings, stripe_api):
    checkout = make_checkout(channel, price=125000, quantity=2)
    item = started_payment(api, to_global_id("Checkout", checkout.pk))
    _before, paid = pay_at_stripe(stripe_api, item)

    post_stripe_event(client, stripe_event(paid, "payment_intent.succeeded"))

    checkout.refresh_from_db()
    assert checkout.charge_status == "full"
    assert not Order.objects.exists()


def test_a_paid_checkout_becomes_an_order_when_the_channel_completes_paid_checkouts(
        api, client, channel, stripe_settings, stripe_api):
    channel.automatically_complete_fully_paid_checkouts = True
    channel.save(update_fields=["automatically_complete_fully_paid_checkouts"])
    checkout = make_checkout(channel, price=125000, quantity=2, collection_point=centre_counter(channel))
    item = started_payment(api, to_global_id("Checkout", checkout.pk))
    _before, paid = pay_at_stripe(stripe_api, item)

    post_stripe_event(client, stripe_event(paid, "payment_intent.succeeded"))

    order = Order.objects.get(checkout_token=str(checkout.token))
    assert (order.charge_status, order.total_charged_amount, order.payment_gateway) == ("full", 250000, "stripe")
    item.refresh_from_db()
    assert (item.order_id, item.checkout_id) == (order.pk, None)


@pytest.mark.django_db(transaction=True)
def test_localstripe_delivers_a_signed_event_that_marks_the_order_paid(
        live_server, stripe_settings, stripe_api, localstripe_server):
    """End to end: localstripe signs and posts payment_intent.succeeded to
    our endpoint, which verifies it with stripe.Webhook.construct_event."""
    from django.test import Client

    from tests.graphql.conftest import GraphQLClient

    from .conftest import WEBHOOK_SECRET

    order = make_order(make_channel_for_webhook(), total=250000)
    item = started_payment(GraphQLClient(Client()), to_global_id("Order", order.pk))
    name = f"ocop-{order.pk.hex[:8]}"
    localstripe_server.register_webhook(name, f"{live_server.url}/webhooks/stripe/", WEBHOOK_SECRET,
                                        events=["payment_intent.succeeded"])
    try:
        pay_at_stripe(stripe_api, item)
        deadline = time.monotonic() + 15
        # Events of earlier tests may reach the new hook too (localstripe sends
        # 1 s after the event to whatever is registered then): wait for ours.
        while time.monotonic() < deadline and not Order.objects.filter(pk=order.pk, charge_status="full").exists():
            time.sleep(0.2)
    finally:
        localstripe_server.unregister_webhook(name)

    order.refresh_from_db()
    assert (order.charge_status, order.total_charged_amount) == ("full", 250000)


def make_channel_for_webhook():
    from tests import factories

    return factories.make_channel(f"webhook-{factories.serial()}")
