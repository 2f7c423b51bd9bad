"""Cash on delivery and paying at the centre: the customer's choice is
recorded (an uncharged transaction staff can CHARGE), the order is placed
unpaid, and staff mark it paid at handover."""

import pytest

from commerce.checkout.models import Checkout
from commerce.graphql.core.ids import to_global_id
from commerce.order.models import OrderEvent, OrderEvents
from commerce.payment import gateways
from commerce.payment.actions import attach_checkout_transactions_to_order, checkout_payment_problem, mark_order_as_paid
from commerce.payment.models import TransactionItem
from tests import factories

from .conftest import INITIALIZE, PROCESS, REQUEST_ACTION, centre_counter, initialize, make_checkout, make_order


def total(checkout):
    from commerce.payment.actions import checkout_total

    return checkout_total(checkout)


def test_cash_on_delivery_is_recorded_as_an_uncharged_transaction_staff_can_charge(api, channel):
    checkout = make_checkout(channel)

    result = initialize(api, to_global_id("Checkout", checkout.pk), "cod")

    assert result["errors"] == [] and result["data"] is None
    transaction = result["transaction"]
    assert transaction["actions"] == ["CHARGE"]
    assert transaction["chargedAmount"]["amount"] == 0
    assert result["transactionEvent"]["type"] == "INFO"
    checkout.refresh_from_db()
    assert checkout.payment_gateway == "cod"
    assert checkout_payment_problem(checkout, total(checkout)) is None


def test_choosing_again_keeps_one_transaction_and_switching_replaces_it(api, channel, vietqr_settings):
    checkout = make_checkout(channel)
    checkout_id = to_global_id("Checkout", checkout.pk)

    initialize(api, checkout_id, "cod")
    initialize(api, checkout_id, "cod")
    assert list(TransactionItem.objects.values_list("gateway", flat=True)) == ["cod"]
    initialize(api, checkout_id, "vietqr")
    assert list(TransactionItem.objects.values_list("gateway", flat=True)) == ["vietqr"]


def test_pay_at_centre_is_only_for_collection_at_a_centre(api, channel):
    shipped = make_checkout(channel)
    collected = make_checkout(channel, collection_point=centre_counter(channel))

    refused = initialize(api, to_global_id("Checkout", shipped.pk), "pay_at_centre")
    accepted = initialize(api, to_global_id("Checkout", collected.pk), "pay_at_centre")

    assert refused["errors"][0]["code"] == "INVALID"
    assert refused["errors"][0]["field"] == "paymentGateway"
    assert "centre" in refused["errors"][0]["message"]
    assert accepted["errors"] == []
    assert TransactionItem.objects.filter(checkout=shipped).count() == 0
    shipped.refresh_from_db()
    assert shipped.payment_gateway == ""


def test_cash_on_delivery_is_not_for_collection(api, channel):
    collected = make_checkout(channel, collection_point=centre_counter(channel))

    result = initialize(api, to_global_id("Checkout", collected.pk), "cod")

    assert result["errors"][0]["code"] == "INVALID"


def test_available_gateways_follow_delivery_currency_and_settings(channel, settings, vietqr_settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""
    shipped = make_checkout(channel)
    collected = make_checkout(channel, collection_point=centre_counter(channel))

    assert [g.id for g in gateways.available_gateways(shipped)] == ["cod", "vietqr"]
    assert [g.id for g in gateways.available_gateways(collected)] == ["vietqr", "pay_at_centre"]
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_test_x", "pk_test_x"
    stripe = gateways.available_gateways(shipped)[0]
    assert (stripe.id, stripe.currencies, stripe.config) == ("stripe", ["VND", "USD"], [("api_key", "pk_test_x")])


def test_an_unpaid_checkout_without_an_offline_choice_cannot_complete(channel):
    checkout = make_checkout(channel)

    code, message = checkout_payment_problem(checkout, total(checkout))

    assert code == "CHECKOUT_NOT_FULLY_PAID"
    assert "250.000 ₫" in message
    channel.allow_unpaid_orders = True
    channel.save(update_fields=["allow_unpaid_orders"])
    checkout.channel.refresh_from_db()
    assert checkout_payment_problem(checkout, total(checkout)) is None


def test_pay_at_centre_chosen_then_delivery_changed_to_shipping_is_a_payment_error(channel):
    checkout = make_checkout(channel, payment_gateway="pay_at_centre")

    code, message = checkout_payment_problem(checkout, total(checkout))

    assert code == "PAYMENT_ERROR"


def test_the_order_is_placed_unpaid_and_staff_mark_it_paid_at_handover(api, channel):
    checkout = make_checkout(channel)
    initialize(api, to_global_id("Checkout", checkout.pk), "cod")
    order = make_order(channel, total=250000)

    attach_checkout_transactions_to_order(checkout, order)

    order.refresh_from_db()
    assert (order.payment_gateway, order.charge_status) == ("cod", "none")
    item = TransactionItem.objects.get(order=order)
    staff = factories.make_staff("MANAGE_ORDERS")

    paid = mark_order_as_paid(order, user=staff, psp_reference="PHIEU-THU-0012")

    assert paid.pk == item.pk  # the waiting cash transaction is the one charged
    paid.refresh_from_db()
    assert (paid.amount_charged_value, paid.available_actions, paid.psp_reference) == (250000, ["refund"], "PHIEU-THU-0012")
    order.refresh_from_db()
    assert (order.charge_status, order.total_charged_amount) == ("full", 250000)
    assert OrderEvent.objects.filter(order=order, type=OrderEvents.ORDER_MARKED_AS_PAID).count() == 1
    assert OrderEvent.objects.filter(order=order, type=OrderEvents.ORDER_FULLY_PAID).count() == 1


def test_marking_a_paid_order_paid_again_is_refused(channel):
    from django.core.exceptions import ValidationError

    order = make_order(channel, payment_gateway="cod")
    mark_order_as_paid(order, user=None)

    with pytest.raises(ValidationError) as error:
        mark_order_as_paid(order, user=None)

    assert error.value.error_dict["id"][0].code == "INVALID"
    assert TransactionItem.objects.filter(order=order).count() == 1


def test_staff_charge_the_cash_transaction_with_request_action(api, channel):
    order = make_order(channel, total=250000)
    result = initialize(api, to_global_id("Order", order.pk), "cod")
    api.login(factories.make_staff("HANDLE_PAYMENTS"))

    charged = api.data(REQUEST_ACTION, {"id": result["transaction"]["id"], "action": "CHARGE"})

    assert charged["transactionRequestAction"]["transaction"]["chargedAmount"]["amount"] == 250000
    order.refresh_from_db()
    assert order.charge_status == "full"
    again = api.data(REQUEST_ACTION, {"id": result["transaction"]["id"], "action": "CHARGE"})
    assert again["transactionRequestAction"]["errors"][0]["code"] == "INVALID"


def test_staff_record_cash_paid_back_by_hand(api, channel):
    order = make_order(channel, total=250000, payment_gateway="cod")
    item = mark_order_as_paid(order, user=None)
    api.login(factories.make_staff("HANDLE_PAYMENTS"))

    result = api.data(REQUEST_ACTION, {"id": to_global_id("TransactionItem", item.pk), "action": "REFUND"})

    transaction = result["transactionRequestAction"]["transaction"]
    assert transaction["refundedAmount"]["amount"] == 250000
    assert transaction["events"][-1]["type"] == "REFUND_SUCCESS"


def test_initialize_errors(api, channel):
    checkout = make_checkout(channel)
    checkout_id = to_global_id("Checkout", checkout.pk)

    def errors(**variables):
        return api.data(INITIALIZE, {"id": checkout_id, "gateway": "cod", **variables})["transactionInitialize"]["errors"]

    assert errors(id=to_global_id("Checkout", "3b5c8c2e-0000-4000-8000-000000000000"))[0]["code"] == "NOT_FOUND"
    assert errors(id="bm90LWFuLWlk")[0]["code"] == "NOT_FOUND"
    assert errors(gateway="paypal")[0]["code"] == "INVALID"
    assert errors(key="")[0]["code"] == "INVALID"
    assert errors(amount="0.5")[0]["code"] == "INVALID"  # VND has no minor unit
    assert errors(key="k1") == []
    assert errors(key="k1", gateway="vietqr")[0]["code"] == "UNIQUE"
    Checkout.objects.filter(pk=checkout.pk).update(completing_started_at="2026-01-01T00:00:00Z")
    assert errors()[0]["code"] == "CHECKOUT_COMPLETION_IN_PROGRESS"
    assert TransactionItem.objects.count() == 1


def test_initialize_on_a_fully_paid_order_is_refused(api, channel):
    order = make_order(channel, payment_gateway="cod")
    mark_order_as_paid(order, user=None)

    result = initialize(api, to_global_id("Order", order.pk), "cod")

    assert result["errors"][0]["code"] == "INVALID"
    assert result["errors"][0]["field"] == "amount"


def test_process_errors(api, channel):
    checkout = make_checkout(channel)
    result = initialize(api, to_global_id("Checkout", checkout.pk), "cod")

    missing = api.data(PROCESS, {"id": to_global_id("TransactionItem", 999999)})["transactionProcess"]["errors"]
    neither = api.data(PROCESS, {})["transactionProcess"]["errors"]
    Checkout.objects.filter(pk=checkout.pk).update(completing_started_at="2026-01-01T00:00:00Z")
    busy = api.data(PROCESS, {"id": result["transaction"]["id"]})["transactionProcess"]["errors"]

    assert [missing[0]["code"], neither[0]["code"], busy[0]["code"]] == [
        "NOT_FOUND", "INVALID", "CHECKOUT_COMPLETION_IN_PROGRESS"]
