"""Order actions after placement: confirm, fulfil, track, cancel, pay, expire."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commerce.order import actions
from commerce.order.models import (
    Fulfillment,
    FulfillmentLine,
    FulfillmentStatus,
    Order,
    OrderChargeStatus,
    OrderEvent,
    OrderEvents,
    OrderStatus,
)
from commerce.warehouse.models import Allocation
from tests import factories
from tests.order.helpers import place_order, put_stock, stock_of, stocked_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    return factories.make_channel()


@pytest.fixture
def staff():
    return factories.make_staff("MANAGE_ORDERS")


def code_of(raised) -> str:
    [errors] = raised.value.error_dict.values()
    return errors[0].code


def fulfil(order, line, warehouse, quantity, **kwargs):
    return actions.fulfill_order(
        order, [{"order_line": line, "stocks": [{"warehouse": warehouse.pk, "quantity": quantity}]}], **kwargs)


def rows():
    return (Fulfillment.objects.count(), FulfillmentLine.objects.count(), OrderEvent.objects.count(),
            list(Allocation.objects.values_list("quantity_allocated", flat=True).order_by("pk")))


def test_confirming_an_unconfirmed_order_makes_it_unfulfilled_and_records_who(staff):
    channel = factories.make_channel(automatically_confirm_all_new_orders=False)
    order = place_order(channel, [(stocked_variant(channel), 1)])
    order = actions.confirm_order(order, user=staff)
    assert order.status == OrderStatus.UNFULFILLED
    assert order.events.get(type=OrderEvents.CONFIRMED).user == staff


def test_confirming_an_order_that_is_not_unconfirmed_is_refused(channel, staff):
    order = place_order(channel, [(stocked_variant(channel), 1)])
    with pytest.raises(ValidationError) as raised:
        actions.confirm_order(order, user=staff)
    assert code_of(raised) == "INVALID"


def test_fulfilling_part_then_the_rest_moves_the_status_and_takes_stock_out(channel, staff):
    variant = stocked_variant(channel, stock=10)
    warehouse = factories.channel_warehouse(channel)
    order = place_order(channel, [(variant, 3)])
    line = order.lines.get()

    [first] = fulfil(order, line, warehouse, 1, user=staff, tracking="VN123")
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_FULFILLED
    assert stock_of(variant) == [(9, 2)]
    assert first.tracking_number == "VN123"
    assert Allocation.objects.get(order_line=line).quantity_allocated == 2

    fulfil(order, line, warehouse, 2, user=staff)
    order.refresh_from_db()
    line.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert line.quantity_fulfilled == 3
    assert stock_of(variant) == [(7, 0)]
    assert not Allocation.objects.filter(order_line=line).exists()
    assert list(order.fulfillments.values_list("fulfillment_order", flat=True)) == [1, 2]
    event = order.events.filter(type=OrderEvents.FULFILLMENT_FULFILLED_ITEMS).last()
    assert event.user == staff and event.parameters["quantity"] == 2


def test_fulfilling_from_two_warehouses_makes_one_fulfillment_each(channel, staff):
    variant = stocked_variant(channel, stock=1)
    main = factories.channel_warehouse(channel)
    second = factories.make_warehouse(channels=[channel])
    put_stock(variant, second, 5)
    order = place_order(channel, [(variant, 3)])
    line = order.lines.get()
    fulfillments = actions.fulfill_order(order, [{"order_line": line, "stocks": [
        {"warehouse": main.pk, "quantity": 1}, {"warehouse": second.pk, "quantity": 2}]}], user=staff)
    assert sorted(f.warehouse_id for f in fulfillments) == sorted([main.pk, second.pk])
    assert stock_of(variant) == [(0, 0), (3, 0)]


@pytest.mark.parametrize(
    "case, code",
    [
        ("zero", "ZERO_QUANTITY"),
        ("too_many", "FULFILL_ORDER_LINE"),
        ("negative", "INVALID_QUANTITY"),
        ("duplicate_line", "DUPLICATED_INPUT_ITEM"),
        ("foreign_line", "NOT_FOUND"),
        ("unknown_warehouse", "NOT_FOUND"),
        ("empty_warehouse", "INSUFFICIENT_STOCK"),
    ],
)
def test_bad_fulfilment_input_is_refused_with_its_code_and_changes_nothing(channel, staff, case, code):
    variant = stocked_variant(channel, stock=10)
    warehouse = factories.channel_warehouse(channel)
    order = place_order(channel, [(variant, 2)])
    other = place_order(channel, [(variant, 1)])
    line = order.lines.get()
    empty = factories.make_warehouse(channels=[channel])
    stocks = {"warehouse": warehouse.pk, "quantity": 1}
    items = {
        "zero": [{"order_line": line, "stocks": [{**stocks, "quantity": 0}]}],
        "too_many": [{"order_line": line, "stocks": [{**stocks, "quantity": 3}]}],
        "negative": [{"order_line": line, "stocks": [{**stocks, "quantity": -1}]}],
        "duplicate_line": [{"order_line": line, "stocks": [stocks]}, {"order_line": line, "stocks": [stocks]}],
        "foreign_line": [{"order_line": other.lines.get(), "stocks": [stocks]}],
        "unknown_warehouse": [{"order_line": line, "stocks": [{"warehouse": 987654, "quantity": 1}]}],
        "empty_warehouse": [{"order_line": line, "stocks": [{"warehouse": empty.pk, "quantity": 1}]}],
    }[case]
    before = rows(), stock_of(variant)

    with pytest.raises(ValidationError) as raised:
        actions.fulfill_order(order, items, user=staff)

    assert code_of(raised) == code
    assert (rows(), stock_of(variant)) == before


def test_an_unconfirmed_order_cannot_be_fulfilled(staff):
    channel = factories.make_channel(automatically_confirm_all_new_orders=False)
    order = place_order(channel, [(stocked_variant(channel), 1)])
    with pytest.raises(ValidationError) as raised:
        fulfil(order, order.lines.get(), factories.channel_warehouse(channel), 1, user=staff)
    assert code_of(raised) == "INVALID"


def test_updating_tracking_records_the_number(channel, staff):
    order = place_order(channel, [(stocked_variant(channel), 1)])
    [fulfillment] = fulfil(order, order.lines.get(), factories.channel_warehouse(channel), 1, user=staff)
    actions.update_fulfillment_tracking(fulfillment, "GHN-42", user=staff)
    fulfillment.refresh_from_db()
    assert fulfillment.tracking_number == "GHN-42"
    assert order.events.filter(type=OrderEvents.TRACKING_UPDATED, user=staff).last().parameters["tracking_number"] == "GHN-42"


def test_canceling_a_fulfillment_puts_the_goods_back_and_holds_them_for_the_order_again(channel, staff):
    variant = stocked_variant(channel, stock=5)
    warehouse = factories.channel_warehouse(channel)
    order = place_order(channel, [(variant, 2)])
    [fulfillment] = fulfil(order, order.lines.get(), warehouse, 2, user=staff)
    assert stock_of(variant) == [(3, 0)]

    actions.cancel_fulfillment(fulfillment, user=staff)

    order.refresh_from_db()
    fulfillment.refresh_from_db()
    assert fulfillment.status == FulfillmentStatus.CANCELED
    assert order.status == OrderStatus.UNFULFILLED
    assert order.lines.get().quantity_fulfilled == 0
    assert stock_of(variant) == [(5, 2)]
    assert order.events.get(type=OrderEvents.FULFILLMENT_CANCELED).user == staff


def test_canceling_a_fulfillment_into_another_warehouse_restocks_there(channel, staff):
    variant = stocked_variant(channel, stock=5)
    order = place_order(channel, [(variant, 1)])
    [fulfillment] = fulfil(order, order.lines.get(), factories.channel_warehouse(channel), 1, user=staff)
    other = factories.make_warehouse(channels=[channel])
    actions.cancel_fulfillment(fulfillment, user=staff, warehouse=other)
    assert stock_of(variant, other) == [(1, 1)]


def test_a_canceled_fulfillment_cannot_be_canceled_again(channel, staff):
    order = place_order(channel, [(stocked_variant(channel), 1)])
    [fulfillment] = fulfil(order, order.lines.get(), factories.channel_warehouse(channel), 1, user=staff)
    actions.cancel_fulfillment(fulfillment, user=staff)
    with pytest.raises(ValidationError) as raised:
        actions.cancel_fulfillment(fulfillment, user=staff)
    assert code_of(raised) == "CANNOT_CANCEL_FULFILLMENT"


def test_canceling_an_order_releases_its_stock(channel, staff):
    variant = stocked_variant(channel, stock=5)
    order = place_order(channel, [(variant, 3)])
    order = actions.cancel_order(order, user=staff)
    assert order.status == OrderStatus.CANCELED
    assert stock_of(variant) == [(5, 0)]
    assert order.events.get(type=OrderEvents.CANCELED).user == staff


def test_an_order_with_goods_shipped_cannot_be_canceled(channel, staff):
    variant = stocked_variant(channel, stock=5)
    order = place_order(channel, [(variant, 2)])
    fulfil(order, order.lines.get(), factories.channel_warehouse(channel), 1, user=staff)
    before = rows(), stock_of(variant)
    with pytest.raises(ValidationError) as raised:
        actions.cancel_order(order, user=staff)
    assert code_of(raised) == "CANNOT_CANCEL_ORDER"
    assert (rows(), stock_of(variant)) == before


def test_marking_as_paid_charges_the_order(channel, staff):
    order = place_order(channel, [(stocked_variant(channel), 1)], gateway="cod")
    order = actions.mark_as_paid(order, user=staff, transaction_reference="PT-001")
    assert order.charge_status == OrderChargeStatus.FULL
    assert order.events.filter(type=OrderEvents.ORDER_MARKED_AS_PAID, user=staff).exists()
    assert order.events.filter(type=OrderEvents.ORDER_FULLY_PAID).count() == 1


def test_a_canceled_order_cannot_be_marked_as_paid(channel, staff):
    order = actions.cancel_order(place_order(channel, [(stocked_variant(channel), 1)]), user=staff)
    with pytest.raises(ValidationError) as raised:
        actions.mark_as_paid(order, user=staff)
    assert code_of(raised) == "INVALID"


def test_unpaid_orders_past_their_time_expire_once_and_release_stock():
    channel = factories.make_channel(expire_orders_after=30)
    variant = stocked_variant(channel, stock=5)
    late = place_order(channel, [(variant, 2)], gateway="vietqr")
    on_time = place_order(channel, [(variant, 1)], gateway="vietqr")
    paid = place_order(channel, [(variant, 1)], gateway="vietqr")
    Order.objects.filter(pk__in=[late.pk, paid.pk]).update(expires_at=timezone.now() - timedelta(minutes=1))
    Order.objects.filter(pk=paid.pk).update(charge_status=OrderChargeStatus.FULL)

    assert [o.pk for o in actions.expire_orders()] == [late.pk]
    assert actions.expire_orders() == []

    statuses = dict(Order.objects.values_list("pk", "status"))
    assert statuses[late.pk] == OrderStatus.EXPIRED
    assert statuses[on_time.pk] == statuses[paid.pk] == OrderStatus.UNFULFILLED
    assert stock_of(variant) == [(5, 2)]
    assert late.events.filter(type=OrderEvents.EXPIRED).count() == 1


def test_the_beat_task_expires_orders():
    from commerce.order.tasks import expire_orders

    channel = factories.make_channel(expire_orders_after=1)
    order = place_order(channel, [(stocked_variant(channel), 1)], gateway="vietqr")
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert expire_orders() == 1


def test_naming_a_warehouse_twice_for_one_line_is_a_duplicate(channel, staff):
    warehouse = factories.channel_warehouse(channel)
    order = place_order(channel, [(stocked_variant(channel), 2)])
    stocks = [{"warehouse": warehouse.pk, "quantity": 1}] * 2
    with pytest.raises(ValidationError) as raised:
        actions.fulfill_order(order, [{"order_line": order.lines.get(), "stocks": stocks}], user=staff)
    assert code_of(raised) == "DUPLICATED_INPUT_ITEM"


def test_canceling_a_fulfillment_whose_warehouse_is_gone_asks_where_to_restock(channel, staff):
    order = place_order(channel, [(stocked_variant(channel), 1)])
    [fulfillment] = fulfil(order, order.lines.get(), factories.channel_warehouse(channel), 1, user=staff)
    FulfillmentLine.objects.update(stock=None)
    Fulfillment.objects.update(warehouse=None)
    fulfillment.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        actions.cancel_fulfillment(fulfillment, user=staff)
    assert code_of(raised) == "REQUIRED"


def test_confirming_a_click_and_collect_order_tells_the_customer_it_is_ready(
        staff, django_capture_on_commit_callbacks):
    from tests.order.helpers import collection_point

    channel = factories.make_channel(automatically_confirm_all_new_orders=False)
    centre = collection_point(channel)
    variant = stocked_variant(channel, stock=0)
    put_stock(variant, centre, 1)
    order = place_order(channel, [(variant, 1)], collection_point=centre)
    with django_capture_on_commit_callbacks() as callbacks:
        actions.confirm_order(order, user=staff)
    assert len(callbacks) == 1  # ready_for_pickup
