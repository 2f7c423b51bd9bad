"""Reading orders through the API: who sees which order, and how much of it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.graphql.core.ids import to_global_id
from commerce.order import actions
from commerce.order.models import Order, OrderChargeStatus
from commerce.producer.models import ProducerMembership
from tests import factories
from tests.graphql.conftest import permission_error
from tests.order.helpers import collection_point, place_order, put_stock, restricted_staff, stocked_variant

ORDER = """
query($id: ID) { order(id: $id) {
  id number status chargeStatus authorizeStatus isPaid userEmail
  channel { slug }
  total { gross { amount currency } }
  subtotal { gross { amount } } shippingPrice { gross { amount } }
  totalCharged { amount } totalBalance { amount }
  collectionPointName pickupCode pickupQrCode languageCodeEnum
  deliveryMethod { __typename ... on Warehouse { name } }
  lines { productName productSku quantity quantityFulfilled producerName unitPrice { gross { amount } }
          totalPrice { gross { amount } } variant { sku } }
} }
"""

EVENTS = "query($id: ID) { order(id: $id) { events { type user { email } } } }"

ORDERS = """
query($channel: String, $filter: OrderFilterInput) { orders(first: 50, channel: $channel, filter: $filter) {
  totalCount edges { node { number lines { productName } } }
} }
"""


@pytest.fixture
def shop(db):
    channel = factories.make_channel()
    centre = collection_point(channel)
    variant = stocked_variant(channel, stock=10, price=125000)
    put_stock(variant, centre, 5)
    customer = factories.make_customer()
    order = place_order(channel, [(variant, 2)], user=customer, email=customer.email, collection_point=centre)
    return channel, customer, order


def gid(order):
    return to_global_id("Order", order.pk)


def test_the_customer_reads_their_order_with_its_pickup_code_and_qr_image(api, shop):
    channel, customer, order = shop
    data = api.login(customer).data(ORDER, {"id": gid(order)})["order"]
    assert data["number"] == str(order.number)
    assert data["status"] == "UNFULFILLED" and data["chargeStatus"] == "NONE" and data["isPaid"] is False
    assert data["total"]["gross"] == {"amount": 250000.0, "currency": "VND"}
    assert data["pickupCode"] == order.pickup_code
    assert data["pickupQrCode"].startswith("data:image/svg+xml;base64,")
    assert data["deliveryMethod"] == {"__typename": "Warehouse", "name": "Trung tâm Bát Tràng"}
    assert data["languageCodeEnum"] == "VI"
    assert data["lines"][0]["quantity"] == 2 and data["lines"][0]["unitPrice"]["gross"]["amount"] == 125000.0


@pytest.mark.parametrize("who", ["anonymous", "other_customer", "other_centre_staff"])
def test_others_do_not_see_the_order(api, shop, who):
    _channel, _customer, order = shop
    if who == "other_customer":
        api.login(factories.make_customer())
    elif who == "other_centre_staff":
        api.login(restricted_staff("MANAGE_ORDERS", channels=[factories.make_channel()]))
    assert api.data(ORDER, {"id": gid(order)})["order"] is None


def test_channel_staff_see_the_order_and_its_history(api, shop):
    channel, _customer, order = shop
    staff = restricted_staff("MANAGE_ORDERS", channels=[channel])
    api.login(staff)
    assert api.data(ORDER, {"id": gid(order)})["order"]["pickupCode"] == order.pickup_code
    assert api.data(EVENTS, {"id": gid(order)})["order"]["events"][0]["type"] == "PLACED"


def test_customers_cannot_read_the_order_history(api, shop):
    _channel, customer, order = shop
    assert permission_error(api.login(customer).errors(EVENTS, {"id": gid(order)}))


@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_orders_list_is_for_staff_only(api, shop, who):
    if who == "customer":
        api.login(shop[1])
    assert permission_error(api.errors(ORDERS))


def test_restricted_staff_list_only_the_orders_of_their_channels(api, shop):
    channel, _customer, order = shop
    other = factories.make_channel()
    place_order(other, [(stocked_variant(other), 1)])
    api.login(restricted_staff("MANAGE_ORDERS", channels=[channel]))
    data = api.data(ORDERS)["orders"]
    assert [edge["node"]["number"] for edge in data["edges"]] == [str(order.number)]
    assert data["totalCount"] == 1


def test_orders_filter_by_status_and_click_and_collect(api, shop):
    channel, _customer, order = shop
    shipped = place_order(channel, [(stocked_variant(channel), 1)])
    api.login(factories.make_staff("MANAGE_ORDERS"))
    numbers = lambda f: [e["node"]["number"] for e in api.data(ORDERS, {"filter": f})["orders"]["edges"]]  # noqa: E731
    assert numbers({"isClickAndCollect": True}) == [str(order.number)]
    assert numbers({"isClickAndCollect": False}) == [str(shipped.number)]
    assert numbers({"status": ["FULFILLED"]}) == []
    assert numbers({"numbers": [str(shipped.number)]}) == [str(shipped.number)]


def test_a_producer_sees_orders_with_their_products_and_only_their_lines(api):
    channel = factories.make_channel()
    ours, theirs = factories.make_producer("HTX Gốm"), factories.make_producer("HTX Lụa")
    vase = stocked_variant(channel, producer=ours, name="Bình gốm")
    scarf = stocked_variant(channel, producer=theirs, name="Khăn lụa")
    mixed = place_order(channel, [(vase, 1), (scarf, 1)])
    place_order(channel, [(scarf, 2)])
    member = factories.make_customer()
    ProducerMembership.objects.create(producer=ours, user=member)
    api.login(member)

    edges = api.data(ORDERS)["orders"]["edges"]
    assert [(e["node"]["number"], e["node"]["lines"]) for e in edges] == [
        (str(mixed.number), [{"productName": "Bình gốm"}])]
    order = api.data(ORDER, {"id": gid(mixed)})["order"]
    assert [line["producerName"] for line in order["lines"]] == ["HTX Gốm"]
    assert order["userEmail"] is None and order["pickupCode"] is None


def test_me_lists_my_orders(api, shop):
    _channel, customer, order = shop
    data = api.login(customer).data("{ me { orders(first: 10) { edges { node { number } } } } }")
    assert data["me"]["orders"]["edges"] == [{"node": {"number": str(order.number)}}]


ORDER_PAGE = """
{ orders(first: 50) { edges { node {
  number user { email } channel { slug } shippingAddress { city }
  deliveryMethod { __typename }
  lines { productName variant { sku } }
  events { type user { email } }
  fulfillments { status warehouse { name } lines { quantity orderLine { productName } } }
  transactions { id }
} } } }
"""


def build_orders(channel, count, staff):
    warehouse = factories.channel_warehouse(channel)
    for _ in range(count):
        variant = stocked_variant(channel, stock=10)
        order = place_order(channel, [(variant, 2), (stocked_variant(channel), 1)], user=factories.make_customer())
        actions.fulfill_order(order, [{"order_line": order.lines.first(),
                                       "stocks": [{"warehouse": warehouse.pk, "quantity": 1}]}], staff)
        Order.objects.filter(pk=order.pk).update(charge_status=OrderChargeStatus.NONE)


def count_queries(api):
    with CaptureQueriesContext(connection) as captured:
        edges = api.data(ORDER_PAGE)["orders"]["edges"]
    return len(captured.captured_queries), len(edges)


@pytest.mark.slow
def test_a_page_of_orders_with_lines_events_and_fulfillments_costs_a_constant_number_of_queries(api):
    channel = factories.make_channel()
    staff = factories.make_staff("MANAGE_ORDERS", "MANAGE_USERS")
    api.login(staff)
    build_orders(channel, 3, staff)
    few, shown = count_queries(api)
    assert shown == 3
    build_orders(channel, 7, staff)
    many, shown = count_queries(api)
    assert shown == 10
    assert many == few, (few, many)
    assert few <= 18, few  # session, user, permissions; then one query per relation
