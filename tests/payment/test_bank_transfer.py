"""VietQR bank transfer: the code to scan, staff confirming receipt, and the
bank's signed notification confirming it automatically."""

import json

from commerce.graphql.core.ids import to_global_id
from commerce.payment import bank_transfer, vietqr
from commerce.payment.actions import attach_checkout_transactions_to_order, mark_order_as_paid
from commerce.payment.models import ProcessedNotification, TransactionEvent, TransactionItem
from tests import factories

from .conftest import BANK_SECRET, initialize, make_checkout, make_order


def notify(client, payload, secret=BANK_SECRET, signature=None):
    body = json.dumps(payload).encode()
    signature = signature if signature is not None else bank_transfer.sign(body, secret)
    return client.post("/webhooks/vietqr/", data=body, content_type="application/json",
                       HTTP_X_OCOP_BANK_SIGNATURE=signature)


def qr_order(api, channel, total=250000):
    order = make_order(channel, total=total)
    result = initialize(api, to_global_id("Order", order.pk), "vietqr")
    return order, result


def test_initialize_returns_the_vietqr_payload_and_svg(api, channel, vietqr_settings):
    checkout = make_checkout(channel, price=125000, quantity=2)

    result = initialize(api, to_global_id("Checkout", checkout.pk), "vietqr")

    data = result["data"]
    assert set(data) == {"payload", "qr_svg", "bank", "account", "amount", "reference"}
    decoded = vietqr.parse(data["payload"])
    assert (decoded.bank_bin, decoded.account, decoded.amount) == ("970436", "1023456789", 250000)
    assert decoded.purpose == data["reference"]
    assert data["reference"].startswith("OCOP")
    assert data["qr_svg"].startswith("<svg")
    assert data["bank"] == {"bin": "970436", "name": "Vietcombank"}
    assert data["account"] == {"number": "1023456789", "name": "TRUNG TAM OCOP HA NOI"}
    assert result["transaction"]["pspReference"] == data["reference"]
    assert result["transaction"]["actions"] == ["CHARGE"]


def test_vietqr_is_not_offered_without_a_bank_account(api, channel, settings):
    settings.VIETQR_BANK_BIN = ""
    order = make_order(channel)

    result = initialize(api, to_global_id("Order", order.pk), "vietqr")

    assert result["errors"][0]["code"] == "INVALID"


def test_vietqr_is_for_vnd_only(api, vietqr_settings):
    from .conftest import usd_channel

    order = make_order(usd_channel(), total=10)

    result = initialize(api, to_global_id("Order", order.pk), "vietqr")

    assert result["errors"][0]["code"] == "INVALID"
    assert "VND" in result["errors"][0]["message"]


def test_the_bank_notification_marks_the_order_paid(api, client, channel, vietqr_settings):
    order, result = qr_order(api, channel)
    reference = result["data"]["reference"]

    response = notify(client, {"id": "vcb-1", "amount": 250000, "reference": "FT2601",
                               "description": f"MBVCB.123 {reference} chuyen tien"})

    assert response.json() == {"result": "recorded"}
    order.refresh_from_db()
    assert (order.charge_status, order.total_charged_amount) == ("full", 250000)
    item = TransactionItem.objects.get(order=order)
    assert item.events.get(type="charge_success").psp_reference == "FT2601"


def test_a_checkout_paid_by_transfer_carries_the_payment_to_its_order(api, client, channel, vietqr_settings):
    checkout = make_checkout(channel, price=125000, quantity=2)
    result = initialize(api, to_global_id("Checkout", checkout.pk), "vietqr")
    notify(client, {"id": "vcb-2", "amount": 250000, "reference": "FT2602",
                    "description": result["data"]["reference"]})
    checkout.refresh_from_db()
    assert checkout.charge_status == "full"
    order = make_order(channel, total=250000)

    attach_checkout_transactions_to_order(checkout, order)

    order.refresh_from_db()
    assert (order.payment_gateway, order.charge_status) == ("vietqr", "full")


def test_a_partial_transfer_is_a_partial_charge(api, client, channel, vietqr_settings):
    order, result = qr_order(api, channel)

    notify(client, {"id": "vcb-3", "amount": 100000, "reference": "FT2603",
                    "description": result["data"]["reference"].lower()})

    order.refresh_from_db()
    assert (order.charge_status, order.total_charged_amount) == ("partial", 100000)


def test_a_forged_or_unsigned_notification_is_refused_and_changes_nothing(api, client, channel, vietqr_settings):
    order, result = qr_order(api, channel)
    payload = {"id": "vcb-4", "amount": 250000, "reference": "FT", "description": result["data"]["reference"]}
    events = TransactionEvent.objects.count()

    forged = notify(client, payload, secret="not-the-bank")
    unsigned = notify(client, payload, signature="")

    assert (forged.status_code, unsigned.status_code) == (400, 400)
    assert ProcessedNotification.objects.count() == 0
    assert TransactionEvent.objects.count() == events
    order.refresh_from_db()
    assert order.charge_status == "none"


def test_a_replayed_notification_is_acknowledged_and_changes_nothing(api, client, channel, vietqr_settings):
    order, result = qr_order(api, channel)
    payload = {"id": "vcb-5", "amount": 100000, "reference": "FT2605", "description": result["data"]["reference"]}

    first = notify(client, payload)
    replay = notify(client, payload)

    assert (first.status_code, replay.status_code) == (200, 200)
    assert replay.json() == {"result": "duplicate"}
    order.refresh_from_db()
    assert order.total_charged_amount == 100000


def test_an_unmatched_transfer_is_kept_for_a_person_to_look_at(db, client, vietqr_settings):
    response = notify(client, {"id": "vcb-6", "amount": 5000, "reference": "FT", "description": "tien an trua"})

    assert response.json() == {"result": "unmatched"}
    assert ProcessedNotification.objects.filter(provider="vietqr", event_id="vcb-6").exists()


def test_a_malformed_notification_is_refused(db, client, vietqr_settings):
    for payload in ({"amount": 1}, {"id": "x", "amount": "abc"}, {"id": "x", "amount": 10.5}):
        assert notify(client, payload).status_code == 400
    assert ProcessedNotification.objects.count() == 0


def test_staff_confirm_a_transfer_with_the_bank_reference(api, channel, vietqr_settings):
    order, result = qr_order(api, channel)

    item = mark_order_as_paid(order, user=factories.make_staff("MANAGE_ORDERS"), psp_reference="FT26010099")

    assert item.gateway == "vietqr"
    assert item.events.get(type="charge_success").psp_reference == "FT26010099"
    order.refresh_from_db()
    assert order.charge_status == "full"
