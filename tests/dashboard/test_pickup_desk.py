"""The counter's hand-over page: staff type or scan the customer's pickup code,
see the order, and hand it over through commerce.order.actions.hand_over_order."""

import pytest

from commerce.order.models import Order, OrderChargeStatus, OrderEvent, OrderEvents, OrderStatus
from tests import factories
from tests.account.support import make_group, make_group_staff
from tests.order.helpers import collection_point, place_order, put_stock, stock_of, stocked_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    return factories.make_channel(name="Trung tâm Bát Tràng")


@pytest.fixture
def centre(channel):
    return collection_point(channel, name="Quầy Bát Tràng")


@pytest.fixture
def variant(channel, centre):
    variant = stocked_variant(channel, stock=0, name="Ấm chén men rạn")
    put_stock(variant, centre, 5)
    return variant


@pytest.fixture
def counter_staff(channel):
    return make_group_staff(make_group("Quầy Bát Tràng", "MANAGE_ORDERS", channels=[channel]))


def paid(order):
    Order.objects.filter(pk=order.pk).update(charge_status=OrderChargeStatus.FULL)
    order.refresh_from_db()
    return order


def find(client, code):
    return client.post("/dashboard/pickup/", {"action": "find", "code": code})


def hand_over(client, order, code, **extra):
    return client.post("/dashboard/pickup/", {"action": "hand_over", "order": str(order.pk), "code": code, **extra})


def test_the_page_has_a_focused_labelled_code_field(client, counter_staff):
    client.force_login(counter_staff)
    html = client.get("/dashboard/pickup/").content.decode()
    assert 'for="pickup-code"' in html and 'id="pickup-code"' in html
    assert "autofocus" in html and 'name="csrfmiddlewaretoken"' in html


def test_a_scanned_code_finds_the_order_and_hand_over_fulfils_it(client, channel, centre, variant, counter_staff):
    order = paid(place_order(channel, [(variant, 2)], collection_point=centre))
    client.force_login(counter_staff)

    code = order.pickup_code
    shown = find(client, f" {code[:4].lower()}-{code[4:]} ")  # as typed: spaces, dash, lower case
    assert shown.status_code == 200
    html = shown.content.decode()
    assert f"#{order.number}" in html and "Ấm chén men rạn" in html and "Đã thanh toán" in html
    assert "Giao hàng cho khách" in html

    response = hand_over(client, order, shown.context["code"])
    assert response.status_code == 302 and response["Location"] == "/dashboard/pickup/"
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert order.collected_by == counter_staff and order.collected_at is not None
    assert order.events.get(type=OrderEvents.PICKED_UP).user == counter_staff
    assert stock_of(variant, centre) == [(3, 0)]
    assert f"Đã giao đơn #{order.number}" in client.get("/dashboard/pickup/").content.decode()

    again = find(client, code)
    assert "đã được giao cho khách" in again.content.decode()
    assert "Giao hàng cho khách</button>" not in again.content.decode()


def test_an_unpaid_pay_at_centre_order_is_paid_and_handed_over_in_one_step(client, channel, centre, variant,
                                                                          counter_staff):
    order = place_order(channel, [(variant, 1)], collection_point=centre, gateway="pay_at_centre")
    client.force_login(counter_staff)
    html = find(client, order.pickup_code).content.decode()
    assert "Chưa thanh toán" in html and "Cần thu: 125.000 ₫" in html and 'name="mark_as_paid"' in html

    assert hand_over(client, order, order.pickup_code, mark_as_paid="1").status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED and order.charge_status == OrderChargeStatus.FULL
    assert order.events.get(type=OrderEvents.ORDER_MARKED_AS_PAID).user == counter_staff


def test_hand_over_of_an_unpaid_order_without_taking_payment_is_refused(client, channel, centre, variant,
                                                                       counter_staff):
    order = place_order(channel, [(variant, 1)], collection_point=centre, gateway="pay_at_centre")
    client.force_login(counter_staff)
    before = OrderEvent.objects.count()
    response = hand_over(client, order, order.pickup_code)
    assert response.status_code == 400
    assert "chưa thanh toán" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED and not order.fulfillments.exists()
    assert OrderEvent.objects.count() == before


def test_a_wrong_code_is_refused_in_vietnamese_and_changes_nothing(client, channel, centre, variant, counter_staff):
    order = paid(place_order(channel, [(variant, 1)], collection_point=centre))
    client.force_login(counter_staff)
    before = (OrderEvent.objects.count(), stock_of(variant))
    response = find(client, "AAAAAAAA")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy đơn nhận tại trung tâm nào với mã" in html and 'role="alert"' in html
    assert (OrderEvent.objects.count(), stock_of(variant)) == before

    # A tampered hand-over form (right order, wrong code): the action refuses and records it.
    refused = hand_over(client, order, "AAAAAAAA")
    assert refused.status_code == 400 and "Mã nhận hàng không đúng" in refused.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED and order.collected_at is None
    assert stock_of(variant) == before[1]
    assert order.events.get(type=OrderEvents.PICKUP_REFUSED).parameters["reason"] == "wrong_code"


def test_an_order_of_another_centre_is_not_found_at_this_counter(client, channel, centre, variant):
    order = paid(place_order(channel, [(variant, 1)], collection_point=centre))
    elsewhere = make_group_staff(make_group("Quầy Vạn Phúc", "MANAGE_ORDERS", channels=[factories.make_channel()]))
    client.force_login(elsewhere)
    before = (OrderEvent.objects.count(), stock_of(variant))

    response = find(client, order.pickup_code)
    assert response.status_code == 404
    assert "hướng dẫn khách đến đúng nơi nhận" in response.content.decode()
    assert hand_over(client, order, order.pickup_code).status_code == 404
    order.refresh_from_db()
    assert order.collected_at is None and order.status == OrderStatus.UNFULFILLED
    assert (OrderEvent.objects.count(), stock_of(variant)) == before


def test_staff_whose_centre_does_not_serve_the_collection_point_are_refused_and_it_is_recorded(
        client, channel, centre, variant):
    """Staff who reach the order's channel through a group, but none of whose
    channels the collection point serves (the action's "other centre")."""
    order = paid(place_order(channel, [(variant, 1)], collection_point=centre))
    from commerce.channel.models import ChannelWarehouse

    ChannelWarehouse.objects.filter(warehouse=centre).delete()  # the point left the channel after the order
    staff = make_group_staff(make_group("Quầy khác", "MANAGE_ORDERS", channels=[channel]))
    client.force_login(staff)
    response = find(client, order.pickup_code)
    assert response.status_code == 403
    assert "không phải trung tâm của bạn" in response.content.decode()
    order.refresh_from_db()
    assert order.collected_at is None
    refusal = order.events.get(type=OrderEvents.PICKUP_REFUSED)
    assert refusal.user == staff and refusal.parameters["reason"] == "other_centre"


def test_the_pickup_page_needs_manage_orders(client):
    client.force_login(factories.make_staff("MANAGE_PRODUCTS"))
    assert client.get("/dashboard/pickup/").status_code == 403
    assert client.post("/dashboard/pickup/", {"action": "find", "code": "ACDE3467"}).status_code == 403
