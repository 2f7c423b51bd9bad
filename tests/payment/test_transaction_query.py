"""`transaction(id | token)` for staff with HANDLE_PAYMENTS or MANAGE_ORDERS
in the transaction's channel, and transactions listed without N+1 queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.graphql.core.ids import to_global_id
from commerce.payment.actions import mark_order_as_paid
from tests import factories

from .conftest import TRANSACTION_FIELDS, make_order
from .test_refunds import restricted_staff

QUERY = """
query Transaction($id: ID, $token: UUID) {
  transaction(id: $id, token: $token) { %s order { id } }
}
""" % TRANSACTION_FIELDS


def paid_order(channel):
    order = make_order(channel, payment_gateway="cod")
    item = mark_order_as_paid(order, user=None, psp_reference="PT-1")
    return order, item


def test_staff_with_handle_payments_read_a_transaction_by_id_or_token(api, channel):
    order, item = paid_order(channel)
    api.login(factories.make_staff("HANDLE_PAYMENTS"))

    by_id = api.data(QUERY, {"id": to_global_id("TransactionItem", item.pk)})["transaction"]
    by_token = api.data(QUERY, {"token": str(item.token)})["transaction"]

    assert by_id == by_token
    assert by_id["pspReference"] == "PT-1"
    assert by_id["chargedAmount"] == {"amount": 250000, "currency": "VND"}
    assert by_id["order"]["id"] == to_global_id("Order", order.pk)
    assert [event["type"] for event in by_id["events"]] == ["CHARGE_SUCCESS"]


def test_customers_may_not_read_transactions(api, channel):
    _order, item = paid_order(channel)
    api.login(factories.make_customer())

    errors = api.errors(QUERY, {"id": to_global_id("TransactionItem", item.pk)})

    assert errors[0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_staff_of_another_channel_see_nothing(api, channel):
    _order, item = paid_order(channel)
    api.login(restricted_staff("MANAGE_ORDERS", [factories.make_channel()]))

    assert api.data(QUERY, {"id": to_global_id("TransactionItem", item.pk)})["transaction"] is None


ORDERS = """
{ orders(first: 20) { edges { node { transactions { %s } } } } }
""" % TRANSACTION_FIELDS


def count_queries(api):
    with CaptureQueriesContext(connection) as queries:
        data = api.data(ORDERS)
    return len(queries), data


def test_listing_orders_with_transactions_and_events_does_not_query_per_order(api, channel):
    api.login(factories.make_staff("MANAGE_ORDERS"))
    paid_order(channel)
    few, _data = count_queries(api)
    for _ in range(4):
        paid_order(channel)

    many, data = count_queries(api)

    assert len(data["orders"]["edges"]) == 5
    assert many == few
