"""Order mutations: Saleor's signatures and errors, MANAGE_ORDERS plus access
to the order's channel, and nothing changed by a refused request."""

import pytest

from commerce.graphql.core.ids import to_global_id
from commerce.order.models import Fulfillment, Order, OrderChargeStatus, OrderEvent, OrderEvents
from commerce.warehouse.models import Allocation
from tests import factories
from tests.graphql.conftest import permission_error
from tests.order.helpers import collection_point, place_order, put_stock, restricted_staff, stock_of, stocked_variant

ERRORS = "errors { field message code warehouse orderLines variants }"

CONFIRM = f"mutation($id: ID!) {{ orderConfirm(id: $id) {{ order {{ status }} {ERRORS} }} }}"
FULFILL = f"""
mutation($order: ID, $input: OrderFulfillInput!) {{ orderFulfill(order: $order, input: $input) {{
  order {{ status lines {{ quantityFulfilled }} }}
  fulfillments {{ fulfillmentOrder status trackingNumber warehouse {{ slug }} lines {{ quantity }} }}
  {ERRORS}
}} }}"""
TRACKING = f"""
mutation($id: ID!, $input: FulfillmentUpdateTrackingInput!) {{
  orderFulfillmentUpdateTracking(id: $id, input: $input) {{ fulfillment {{ trackingNumber }} {ERRORS} }} }}"""
CANCEL_FULFILLMENT = f"""
mutation($id: ID!, $input: FulfillmentCancelInput) {{
  orderFulfillmentCancel(id: $id, input: $input) {{ fulfillment {{ status }} order {{ status }} {ERRORS} }} }}"""
CANCEL = f"mutation($id: ID!) {{ orderCancel(id: $id) {{ order {{ status }} {ERRORS} }} }}"
MARK_PAID = f"""
mutation($id: ID!, $ref: String) {{ orderMarkAsPaid(id: $id, transactionReference: $ref) {{
  order {{ isPaid chargeStatus }} {ERRORS} }} }}"""
PICKUP = f"""
mutation($id: ID!, $code: String!, $paid: Boolean) {{ orderPickup(id: $id, pickupCode: $code, markAsPaid: $paid) {{
  order {{ status isPaid }} {ERRORS} }} }}"""


@pytest.fixture
def channel(db):
    return factories.make_channel()


@pytest.fixture
def staff(channel):
    return restricted_staff("MANAGE_ORDERS", channels=[channel])


def gid(kind, pk):
    return to_global_id(kind, pk)


def fulfil_input(order, warehouse, quantity, **extra):
    line = order.lines.get()
    return {"order": gid("Order", order.pk), "input": {
        "lines": [{"orderLineId": gid("OrderLine", line.pk),
                   "stocks": [{"warehouse": gid("Warehouse", warehouse.pk), "quantity": quantity}]}], **extra}}


def rows():
    """Counts a refused request must leave alone (a refused handover is kept in
    the history on purpose: PICKUP_REFUSED events are not counted)."""
    return (Order.objects.count(), Fulfillment.objects.count(),
            OrderEvent.objects.exclude(type=OrderEvents.PICKUP_REFUSED).count(),
            list(Allocation.objects.values_list("quantity_allocated", flat=True).order_by("pk")))


def test_staff_confirm_an_unconfirmed_order(api, staff):
    channel = factories.make_channel(automatically_confirm_all_new_orders=False)
    staff = restricted_staff("MANAGE_ORDERS", channels=[channel])
    order = place_order(channel, [(stocked_variant(channel), 1)])
    data = api.login(staff).data(CONFIRM, {"id": gid("Order", order.pk)})["orderConfirm"]
    assert data == {"order": {"status": "UNFULFILLED"}, "errors": []}
    assert order.events.get(type=OrderEvents.CONFIRMED).user == staff


def test_confirming_a_confirmed_order_is_an_invalid_error(api, channel, staff):
    order = place_order(channel, [(stocked_variant(channel), 1)])
    data = api.login(staff).data(CONFIRM, {"id": gid("Order", order.pk)})["orderConfirm"]
    assert data["order"] is None and data["errors"][0]["code"] == "INVALID"


def test_an_unknown_order_is_not_found(api, staff):
    import uuid

    data = api.login(staff).data(CONFIRM, {"id": gid("Order", uuid.uuid4())})["orderConfirm"]
    assert (data["errors"][0]["field"], data["errors"][0]["code"]) == ("id", "NOT_FOUND")


def test_staff_fulfil_with_a_tracking_number(api, channel, staff):
    variant = stocked_variant(channel, stock=10)
    warehouse = factories.channel_warehouse(channel)
    order = place_order(channel, [(variant, 2)])
    data = api.login(staff).data(FULFILL, fulfil_input(order, warehouse, 2, trackingNumber="GHN-1"))["orderFulfill"]
    assert data["errors"] == []
    assert data["order"] == {"status": "FULFILLED", "lines": [{"quantityFulfilled": 2}]}
    assert data["fulfillments"] == [{"fulfillmentOrder": 1, "status": "FULFILLED", "trackingNumber": "GHN-1",
                                     "warehouse": {"slug": warehouse.slug}, "lines": [{"quantity": 2}]}]
    assert stock_of(variant) == [(8, 0)]


def test_fulfilling_from_an_empty_warehouse_names_the_warehouse_line_and_variant(api, channel, staff):
    variant = stocked_variant(channel, stock=10)
    order = place_order(channel, [(variant, 2)])
    empty = factories.make_warehouse(channels=[channel])
    before = rows(), stock_of(variant)
    data = api.login(staff).data(FULFILL, fulfil_input(order, empty, 1))["orderFulfill"]
    [error] = data["errors"]
    assert error["code"] == "INSUFFICIENT_STOCK"
    assert error["warehouse"] == gid("Warehouse", empty.pk)
    assert error["orderLines"] == [gid("OrderLine", order.lines.get().pk)]
    assert error["variants"] == [gid("ProductVariant", variant.pk)]
    assert (rows(), stock_of(variant)) == before


@pytest.mark.parametrize("case, code", [("zero", "ZERO_QUANTITY"), ("too_many", "FULFILL_ORDER_LINE"),
                                        ("bad_line_id", "GRAPHQL_ERROR")])
def test_bad_fulfilment_input_is_an_error_and_changes_nothing(api, channel, staff, case, code):
    variant = stocked_variant(channel, stock=10)
    order = place_order(channel, [(variant, 2)])
    variables = fulfil_input(order, factories.channel_warehouse(channel), {"zero": 0, "too_many": 5}.get(case, 1))
    if case == "bad_line_id":
        variables["input"]["lines"][0]["orderLineId"] = gid("Order", order.pk)
    before = rows(), stock_of(variant)
    data = api.login(staff).data(FULFILL, variables)["orderFulfill"]
    assert data["errors"][0]["code"] == code and data["fulfillments"] is None
    assert (rows(), stock_of(variant)) == before


def test_tracking_is_updated_and_a_fulfilment_canceled_back_into_a_warehouse(api, channel, staff):
    variant = stocked_variant(channel, stock=10)
    order = place_order(channel, [(variant, 2)])
    api.login(staff).data(FULFILL, fulfil_input(order, factories.channel_warehouse(channel), 2))
    fulfillment = order.fulfillments.get()
    fid = gid("Fulfillment", fulfillment.pk)

    data = api.data(TRACKING, {"id": fid, "input": {"trackingNumber": "VNP-9"}})
    assert data["orderFulfillmentUpdateTracking"] == {"fulfillment": {"trackingNumber": "VNP-9"}, "errors": []}

    other = factories.make_warehouse(channels=[channel])
    data = api.data(CANCEL_FULFILLMENT, {"id": fid, "input": {"warehouseId": gid("Warehouse", other.pk)}})
    assert data["orderFulfillmentCancel"] == {
        "fulfillment": {"status": "CANCELED"}, "order": {"status": "UNFULFILLED"}, "errors": []}
    assert stock_of(variant, other) == [(2, 2)]

    data = api.data(CANCEL_FULFILLMENT, {"id": fid})["orderFulfillmentCancel"]
    assert data["errors"][0]["code"] == "CANNOT_CANCEL_FULFILLMENT"


def test_staff_cancel_an_order_and_its_stock_is_released(api, channel, staff):
    variant = stocked_variant(channel, stock=10)
    order = place_order(channel, [(variant, 3)])
    data = api.login(staff).data(CANCEL, {"id": gid("Order", order.pk)})["orderCancel"]
    assert data == {"order": {"status": "CANCELED"}, "errors": []}
    assert stock_of(variant) == [(10, 0)]
    data = api.data(CANCEL, {"id": gid("Order", order.pk)})["orderCancel"]
    assert data["errors"][0]["code"] == "CANNOT_CANCEL_ORDER"


def test_staff_mark_an_order_as_paid(api, channel, staff):
    order = place_order(channel, [(stocked_variant(channel), 1)], gateway="cod")
    data = api.login(staff).data(MARK_PAID, {"id": gid("Order", order.pk), "ref": "PT-7"})["orderMarkAsPaid"]
    assert data == {"order": {"isPaid": True, "chargeStatus": "FULL"}, "errors": []}


@pytest.mark.parametrize("mutation, variables", [
    (CONFIRM, lambda o, w: {"id": gid("Order", o.pk)}),
    (FULFILL, lambda o, w: fulfil_input(o, w, 1)),
    (CANCEL, lambda o, w: {"id": gid("Order", o.pk)}),
    (MARK_PAID, lambda o, w: {"id": gid("Order", o.pk)}),
    (PICKUP, lambda o, w: {"id": gid("Order", o.pk), "code": "ACDE3467"}),
])
@pytest.mark.parametrize("who", ["anonymous", "customer", "producer_staff", "other_channel_staff"])
def test_order_mutations_need_manage_orders_in_the_orders_channel(api, channel, mutation, variables, who):
    variant = stocked_variant(channel, stock=10)
    order = place_order(channel, [(variant, 1)])
    if who == "customer":
        api.login(order.user or factories.make_customer())
    elif who == "producer_staff":
        api.login(restricted_staff("MANAGE_PRODUCTS", channels=[channel]))
    elif who == "other_channel_staff":
        api.login(restricted_staff("MANAGE_ORDERS", channels=[factories.make_channel()]))
    before = rows(), stock_of(variant)
    assert permission_error(api.errors(mutation, variables(order, factories.channel_warehouse(channel))))
    assert (rows(), stock_of(variant)) == before


@pytest.fixture
def pickup_order(channel):
    centre = collection_point(channel)
    variant = stocked_variant(channel, stock=0)
    put_stock(variant, centre, 3)
    return place_order(channel, [(variant, 1)], collection_point=centre, gateway="pay_at_centre")


def test_centre_staff_hand_over_with_the_code_taking_the_payment_at_once(api, staff, pickup_order):
    variables = {"id": gid("Order", pickup_order.pk), "code": pickup_order.pickup_code}
    data = api.login(staff).data(PICKUP, variables)["orderPickup"]
    assert data["errors"][0]["code"] == "CANNOT_FULFILL_UNPAID_ORDER"
    data = api.data(PICKUP, {**variables, "paid": True})["orderPickup"]
    assert data == {"order": {"status": "FULFILLED", "isPaid": True}, "errors": []}


def test_a_wrong_pickup_code_is_refused_and_the_attempt_stays_in_the_history(api, staff, pickup_order):
    Order.objects.filter(pk=pickup_order.pk).update(charge_status=OrderChargeStatus.FULL)
    data = api.login(staff).data(PICKUP, {"id": gid("Order", pickup_order.pk), "code": "AAAAAAAA"})["orderPickup"]
    assert (data["errors"][0]["field"], data["errors"][0]["code"]) == ("pickupCode", "INVALID")
    assert pickup_order.events.filter(type=OrderEvents.PICKUP_REFUSED).exists()
    assert not pickup_order.fulfillments.exists()


def test_staff_of_another_centre_cannot_hand_over(api, pickup_order):
    elsewhere = restricted_staff("MANAGE_ORDERS", channels=[factories.make_channel()])
    errors = api.login(elsewhere).errors(PICKUP, {"id": gid("Order", pickup_order.pk),
                                                  "code": pickup_order.pickup_code})
    assert permission_error(errors)
    assert pickup_order.events.filter(type=OrderEvents.PICKUP_REFUSED).exists()
