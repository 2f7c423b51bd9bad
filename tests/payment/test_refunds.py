"""Refunds: transactionRequestAction (staff with HANDLE_PAYMENTS) and
orderGrantRefundCreate (MANAGE_ORDERS): at Stripe for card payments, by hand
for cash and bank transfers; both limited to the staff member's channels."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission

from commerce.account.models import GroupChannelAccess
from commerce.core.permissions import PermissionEnum
from commerce.graphql.core.ids import to_global_id
from commerce.order.models import OrderEvent, OrderEvents, OrderGrantedRefund
from commerce.payment.actions import mark_order_as_paid
from commerce.payment.models import TransactionEventType, TransactionItem
from tests import factories

from .conftest import REQUEST_ACTION, initialize, make_order

pytestmark = pytest.mark.slow

GRANT = """
mutation Grant($id: ID!, $input: OrderGrantRefundCreateInput!) {
  orderGrantRefundCreate(id: $id, input: $input) {
    grantedRefund { id amount { amount currency } status reason shippingCostsIncluded
                    transaction { id refundedAmount { amount } } lines { quantity reason } }
    errors { field message code lines { lineId code message } }
  }
}
"""


def paid_by_card(api, client, channel, stripe_api, total=250000):
    order = make_order(channel, total=total)
    result = initialize(api, to_global_id("Order", order.pk), "stripe")
    item = TransactionItem.objects.get(token=result["transaction"]["token"])
    token = stripe_api.v1.tokens.create({"card": {"number": "4242424242424242", "exp_month": "12",
                                                  "exp_year": "2030", "cvc": "123"}})
    client.post(f"/pay/{item.token}/confirm/", data={"card": token.card.id}, content_type="application/json")
    order.refresh_from_db()
    assert order.charge_status == "full"
    return order, item


def restricted_staff(permission, channels):
    user = factories.make_customer()
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    group = Group.objects.create(name=f"Nhóm {factories.serial()}")
    app_label, codename = PermissionEnum[permission].value.split(".")
    group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    access = GroupChannelAccess.objects.create(group=group, restricted_access_to_channels=True)
    access.channels.set(channels)
    user.groups.add(group)
    return type(user).objects.get(pk=user.pk)


def test_staff_refund_a_card_payment_at_stripe(api, client, channel, stripe_settings, stripe_api):
    order, item = paid_by_card(api, client, channel, stripe_api)
    api.login(factories.make_staff("HANDLE_PAYMENTS"))

    result = api.data(REQUEST_ACTION, {"id": to_global_id("TransactionItem", item.pk), "action": "REFUND",
                                       "amount": 100000})["transactionRequestAction"]

    assert result["errors"] == []
    transaction = result["transaction"]
    assert transaction["refundedAmount"]["amount"] == 100000
    assert transaction["chargedAmount"]["amount"] == 150000
    refund = item.events.get(type=TransactionEventType.REFUND_SUCCESS)
    assert refund.psp_reference.startswith("re_")
    assert [r.amount for r in stripe_api.v1.refunds.list({"payment_intent": item.psp_reference}).data] == [100000]
    order.refresh_from_db()
    assert (order.charge_status, order.total_charged_amount) == ("partial", 150000)
    assert OrderEvent.objects.filter(order=order, type=OrderEvents.TRANSACTION_REFUND_REQUESTED).exists()


def test_refund_of_more_than_was_charged_is_refused(api, client, channel, stripe_settings, stripe_api):
    _order, item = paid_by_card(api, client, channel, stripe_api)
    api.login(factories.make_staff("HANDLE_PAYMENTS"))

    result = api.data(REQUEST_ACTION, {"id": to_global_id("TransactionItem", item.pk), "action": "REFUND",
                                       "amount": 300000})["transactionRequestAction"]

    assert result["errors"][0]["code"] == "INVALID"
    assert result["errors"][0]["field"] == "amount"
    assert not item.events.filter(type__startswith="refund").exists()
    assert stripe_api.v1.refunds.list({"payment_intent": item.psp_reference}).data == []


def test_request_action_on_an_unknown_transaction_is_not_found(api, db):
    api.login(factories.make_staff("HANDLE_PAYMENTS"))

    result = api.data(REQUEST_ACTION, {"id": to_global_id("TransactionItem", 999999), "action": "REFUND"})

    assert result["transactionRequestAction"]["errors"][0]["code"] == "NOT_FOUND"


def test_request_action_needs_handle_payments_and_the_channel(api, client, channel, stripe_settings, stripe_api):
    _order, item = paid_by_card(api, client, channel, stripe_api)
    variables = {"id": to_global_id("TransactionItem", item.pk), "action": "REFUND"}

    api.login(factories.make_staff("MANAGE_ORDERS"))
    without_permission = api.post(REQUEST_ACTION, variables)
    api.login(restricted_staff("HANDLE_PAYMENTS", [factories.make_channel()]))
    other_channel = api.post(REQUEST_ACTION, variables)

    for payload in (without_permission, other_channel):
        assert payload["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert not item.events.filter(type__startswith="refund").exists()


def test_grant_refund_on_a_card_payment_refunds_it_at_stripe(api, client, channel, stripe_settings, stripe_api):
    order, item = paid_by_card(api, client, channel, stripe_api)
    line = order.lines.get()
    api.login(factories.make_staff("MANAGE_ORDERS"))

    result = api.data(GRANT, {"id": to_global_id("Order", order.pk), "input": {
        "transactionId": to_global_id("TransactionItem", item.pk), "reason": "Bình bị vỡ khi giao",
        "lines": [{"id": to_global_id("OrderLine", line.pk), "quantity": 1, "reason": "vỡ"}]}})["orderGrantRefundCreate"]

    assert result["errors"] == []
    granted = result["grantedRefund"]
    assert granted["amount"] == {"amount": 125000, "currency": "VND"}
    assert granted["status"] == "SUCCESS"
    assert granted["transaction"]["refundedAmount"]["amount"] == 125000
    assert granted["lines"] == [{"quantity": 1, "reason": "vỡ"}]
    assert item.events.filter(type=TransactionEventType.REFUND_SUCCESS).count() == 1
    order.refresh_from_db()
    # Saleor: the order's target is its total less the refunds granted.
    assert (order.charge_status, order.total_charged_amount) == ("full", 125000)
    assert OrderEvent.objects.filter(order=order, type=OrderEvents.ORDER_GRANTED_REFUND).exists()


def test_grant_refund_for_cash_is_recorded_for_staff_to_pay_out(db, api, channel):
    order = make_order(channel, total=250000, payment_gateway="cod")
    item = mark_order_as_paid(order, user=factories.make_staff("MANAGE_ORDERS"))
    api.login(factories.make_staff("MANAGE_ORDERS"))

    result = api.data(GRANT, {"id": to_global_id("Order", order.pk), "input": {
        "transactionId": to_global_id("TransactionItem", item.pk), "amount": 50000,
        "grantRefundForShipping": True}})["orderGrantRefundCreate"]

    assert result["errors"] == []
    assert result["grantedRefund"]["status"] == "NONE"
    assert result["grantedRefund"]["shippingCostsIncluded"] is True
    item.refresh_from_db()
    assert item.amount_refunded_value == 0  # the money moves by hand, later


def test_grant_refund_errors_change_nothing(api, client, channel, stripe_settings, stripe_api):
    order, item = paid_by_card(api, client, channel, stripe_api)
    line = order.lines.get()
    other = make_order(channel)
    api.login(factories.make_staff("MANAGE_ORDERS"))
    txn = to_global_id("TransactionItem", item.pk)
    order_id = to_global_id("Order", order.pk)

    def grant(input, id=order_id):
        return api.data(GRANT, {"id": id, "input": {"transactionId": txn, **input}})["orderGrantRefundCreate"]

    assert grant({"amount": 1}, id=to_global_id("Order", "00000000-0000-0000-0000-000000000000"))["errors"][0]["code"] == "NOT_FOUND"
    assert grant({})["errors"][0]["code"] == "REQUIRED"
    assert grant({"amount": 250001})["errors"][0]["code"] == "AMOUNT_GREATER_THAN_AVAILABLE"
    too_many = grant({"lines": [{"id": to_global_id("OrderLine", line.pk), "quantity": 3}]})["errors"][0]
    assert too_many["code"] == "INVALID"
    assert too_many["lines"][0]["code"] == "QUANTITY_GREATER_THAN_AVAILABLE"
    foreign = grant({"lines": [{"id": to_global_id("OrderLine", other.lines.get().pk), "quantity": 1}]})["errors"][0]
    assert foreign["lines"][0]["code"] == "NOT_FOUND"
    wrong_txn = api.data(GRANT, {"id": to_global_id("Order", other.pk), "input": {"transactionId": txn, "amount": 1}})
    assert wrong_txn["orderGrantRefundCreate"]["errors"][0]["code"] == "NOT_FOUND"
    assert OrderGrantedRefund.objects.count() == 0
    assert not item.events.filter(type__startswith="refund").exists()

    assert grant({"amount": 1000, "grantRefundForShipping": True})["errors"] == []
    again = grant({"amount": 1000, "grantRefundForShipping": True})["errors"][0]
    assert again["code"] == "SHIPPING_COSTS_ALREADY_GRANTED"
    assert OrderGrantedRefund.objects.count() == 1


def test_grant_refund_needs_the_order_channel(api, client, channel, stripe_settings, stripe_api):
    order, item = paid_by_card(api, client, channel, stripe_api)
    api.login(restricted_staff("MANAGE_ORDERS", [factories.make_channel()]))

    payload = api.post(GRANT, {"id": to_global_id("Order", order.pk), "input": {
        "transactionId": to_global_id("TransactionItem", item.pk), "amount": 1000}})

    assert payload["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert OrderGrantedRefund.objects.count() == 0


def test_amounts_come_from_events(db, channel):
    order = make_order(channel, total=250000, payment_gateway="cod")
    item = mark_order_as_paid(order, user=None)
    assert item.amount_charged_value == Decimal(250000)
