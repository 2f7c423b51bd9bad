"""Click-and-collect: handing an order over at the centre's counter."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commerce.order import actions, pickup
from commerce.order.models import Order, OrderChargeStatus, OrderEvents, OrderStatus
from tests import factories
from tests.order.helpers import collection_point, place_order, put_stock, restricted_staff, stock_of, stocked_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    return factories.make_channel()


@pytest.fixture
def centre(channel):
    return collection_point(channel)


@pytest.fixture
def variant(channel, centre):
    variant = stocked_variant(channel, stock=0)
    put_stock(variant, centre, 5)
    return variant


def paid(order):
    Order.objects.filter(pk=order.pk).update(charge_status=OrderChargeStatus.FULL)
    order.refresh_from_db()
    return order


def code_of(raised):
    [errors] = raised.value.error_dict.values()
    return errors[0].code


def test_pickup_codes_are_eight_unambiguous_characters_and_differ():
    codes = {pickup.new_pickup_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 8 and set(code) <= set(pickup.ALPHABET) for code in codes)
    assert not set("0O1IL5S2Z8B") & set(pickup.ALPHABET)


def test_the_pickup_code_has_a_qr_image():
    assert pickup.pickup_qr_data_uri("ACDE3467").startswith("data:image/svg+xml;base64,")


def test_centre_staff_hand_over_a_paid_order_with_its_code(channel, centre, variant):
    staff = restricted_staff("MANAGE_ORDERS", channels=[channel])
    order = paid(place_order(channel, [(variant, 2)], collection_point=centre))

    order = actions.hand_over_order(order, order.pickup_code.lower(), user=staff)

    assert order.status == OrderStatus.FULFILLED
    assert order.collected_by == staff and order.collected_at is not None
    assert order.fulfillments.get().warehouse_id == centre.pk
    assert stock_of(variant, centre) == [(3, 0)]
    assert order.events.get(type=OrderEvents.PICKED_UP).user == staff


def test_staff_may_find_the_order_by_the_code_alone(channel, centre, variant):
    staff = restricted_staff("MANAGE_ORDERS", channels=[channel])
    order = paid(place_order(channel, [(variant, 1)], collection_point=centre))
    assert actions.hand_over_order(order.pickup_code, user=staff).pk == order.pk


def test_an_unknown_code_finds_no_order(channel, centre, variant):
    staff = restricted_staff("MANAGE_ORDERS", channels=[channel])
    with pytest.raises(ValidationError) as raised:
        actions.hand_over_order("XXXXXXXX", user=staff)
    assert code_of(raised) == "NOT_FOUND"


def test_a_wrong_code_is_refused_and_the_refusal_is_recorded(channel, centre, variant):
    staff = restricted_staff("MANAGE_ORDERS", channels=[channel])
    order = paid(place_order(channel, [(variant, 1)], collection_point=centre))
    with pytest.raises(ValidationError) as raised:
        actions.hand_over_order(order, "AAAAAAAA", user=staff)
    assert code_of(raised) == "INVALID"
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED and order.collected_at is None
    assert order.events.get(type=OrderEvents.PICKUP_REFUSED).parameters["reason"] == "wrong_code"


def test_staff_of_another_centre_cannot_hand_over(channel, centre, variant):
    elsewhere = restricted_staff("MANAGE_ORDERS", channels=[factories.make_channel()])
    order = paid(place_order(channel, [(variant, 1)], collection_point=centre))
    with pytest.raises(PermissionDenied):
        actions.hand_over_order(order, order.pickup_code, user=elsewhere)
    assert order.events.get(type=OrderEvents.PICKUP_REFUSED).parameters["reason"] == "other_centre"
    assert stock_of(variant, centre) == [(5, 1)]


def test_staff_without_manage_orders_cannot_hand_over(channel, centre, variant):
    order = paid(place_order(channel, [(variant, 1)], collection_point=centre))
    with pytest.raises(PermissionDenied):
        actions.hand_over_order(order, order.pickup_code, user=restricted_staff("MANAGE_PRODUCTS", channels=[channel]))


def test_an_unpaid_order_must_be_paid_first_or_marked_paid_in_the_same_step(channel, centre, variant):
    staff = restricted_staff("MANAGE_ORDERS", channels=[channel])
    order = place_order(channel, [(variant, 1)], collection_point=centre, gateway="pay_at_centre")
    with pytest.raises(ValidationError) as raised:
        actions.hand_over_order(order, order.pickup_code, user=staff)
    assert code_of(raised) == "CANNOT_FULFILL_UNPAID_ORDER"
    assert not order.fulfillments.exists()

    order = actions.hand_over_order(order, order.pickup_code, user=staff, mark_as_paid=True)
    assert order.charge_status == OrderChargeStatus.FULL
    assert order.status == OrderStatus.FULFILLED
    assert order.events.filter(type=OrderEvents.ORDER_MARKED_AS_PAID, user=staff).exists()


def test_an_order_handed_over_cannot_be_handed_over_again(channel, centre, variant):
    staff = restricted_staff("MANAGE_ORDERS", channels=[channel])
    order = paid(place_order(channel, [(variant, 1)], collection_point=centre))
    actions.hand_over_order(order, order.pickup_code, user=staff)
    with pytest.raises(ValidationError) as raised:
        actions.hand_over_order(order, order.pickup_code, user=staff)
    assert code_of(raised) == "INVALID"


def test_a_shipped_order_has_no_handover(channel):
    staff = factories.make_staff("MANAGE_ORDERS")
    order = paid(place_order(channel, [(stocked_variant(channel), 1)]))
    Order.objects.filter(pk=order.pk).update(pickup_code="ACDE3467")
    order.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        actions.hand_over_order(order, "ACDE3467", user=staff)
    assert code_of(raised) == "INVALID"
