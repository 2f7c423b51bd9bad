"""The dashboard's order desk: who may use it, the list and its filters, each
button on an order's page (through commerce.order.actions), refusals shown
with nothing changed, and the printable slip and label."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
from commerce.producer.models import ProducerMembership
from commerce.warehouse.models import Allocation
from tests import factories
from tests.account.support import make_group, make_group_staff
from tests.order.helpers import collection_point, place_order, put_stock, stock_of, stocked_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    return factories.make_channel(name="Trung tâm Bát Tràng")


@pytest.fixture
def staff():
    return factories.make_staff("MANAGE_ORDERS")


@pytest.fixture
def variant(channel):
    variant = stocked_variant(channel, stock=10, price=125000, producer=factories.make_producer("HTX Gốm Bát Tràng"))
    variant.sku = "BT-LAM-01"
    variant.save(update_fields=["sku"])
    return variant


def shipping_address():
    return factories.make_address(first_name="An", last_name="Nguyễn Văn", phone="+84912345678",
                                  street_address_1="Số 12 ngõ 34 Kim Mã", city="Phường Ngọc Hà",
                                  country_area="Thành phố Hà Nội", legacy_district="Quận Ba Đình")


def order_of(channel, items, **fields):
    fields.setdefault("address", shipping_address())
    return place_order(channel, items, **fields)


def counts():
    return (Order.objects.count(), Fulfillment.objects.count(), FulfillmentLine.objects.count(),
            OrderEvent.objects.count(),
            list(Allocation.objects.values_list("quantity_allocated", flat=True).order_by("pk")))


def logged_in(client, user):
    client.force_login(user)
    return client


# --- who may use the desk ---------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, channel, variant):
    order = order_of(channel, [(variant, 1)])
    for url in ("/dashboard/orders/", f"/dashboard/orders/{order.number}/", "/dashboard/pickup/",
                f"/dashboard/orders/{order.number}/slip/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"/dashboard/login/?next={url}")
    response = client.post(f"/dashboard/orders/{order.number}/cancel/")
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED


@pytest.mark.parametrize("who", ["customer", "producer", "staff_without_manage_orders"])
def test_users_without_manage_orders_are_refused(client, channel, variant, who):
    order = order_of(channel, [(variant, 1)])
    if who == "customer":
        user = factories.make_customer()
    elif who == "producer":
        user = factories.make_customer()
        ProducerMembership.objects.create(user=user, producer=variant.product.producer)
    else:
        user = factories.make_staff("MANAGE_PRODUCTS")
    logged_in(client, user)
    assert client.get("/dashboard/orders/").status_code == 403
    assert client.get(f"/dashboard/orders/{order.number}/").status_code == 403
    assert client.get("/dashboard/pickup/").status_code == 403
    assert client.post(f"/dashboard/orders/{order.number}/cancel/").status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED


def test_staff_restricted_to_another_channel_neither_see_nor_touch_the_order(client, channel, variant):
    order = order_of(channel, [(variant, 1)])
    other = factories.make_channel()
    mine = order_of(other, [(stocked_variant(other), 1)])
    staff = make_group_staff(make_group("Trung tâm khác", "MANAGE_ORDERS", channels=[other]))
    logged_in(client, staff)

    listing = client.get("/dashboard/orders/")
    assert listing.status_code == 200
    assert f"#{order.number}<" not in listing.content.decode()
    assert f"#{mine.number}<" in listing.content.decode()
    for suffix in ("", "slip/", "label/"):
        assert client.get(f"/dashboard/orders/{order.number}/{suffix}").status_code == 404
    before = counts()
    assert client.post(f"/dashboard/orders/{order.number}/cancel/").status_code == 404
    assert client.post(f"/dashboard/orders/{order.number}/mark-paid/", {"reference": "x"}).status_code == 404
    assert counts() == before


def test_order_desk_staff_land_on_the_orders(client, staff):
    response = logged_in(client, staff).get("/dashboard/")
    assert response.status_code == 302 and response["Location"] == "/dashboard/orders/"


# --- the list --------------------------------------------------------------------------------


def test_the_list_filters_by_channel_status_payment_and_search(client, channel, variant, staff):
    other = factories.make_channel(name="Trung tâm Vạn Phúc")
    centre = collection_point(channel)
    put_stock(variant, centre, 5)
    shipped = order_of(channel, [(variant, 1)], email="lan@ocop.test")
    collect = place_order(channel, [(variant, 1)], collection_point=centre, email="minh@ocop.test",
                          gateway="pay_at_centre")
    Order.objects.filter(pk=shipped.pk).update(charge_status=OrderChargeStatus.FULL)
    elsewhere = order_of(other, [(stocked_variant(other), 1)], email="hoa@ocop.test")
    logged_in(client, staff)

    def numbers(**params):
        page = client.get("/dashboard/orders/", params)
        assert page.status_code == 200
        return [order.number for order in page.context["orders"]]

    assert numbers() == [elsewhere.number, collect.number, shipped.number]  # newest first
    assert numbers(channel=other.slug) == [elsewhere.number]
    assert numbers(status="ready_for_pickup") == [collect.number]
    assert set(numbers(status="unfulfilled")) == {shipped.number, collect.number, elsewhere.number}
    assert numbers(status="canceled") == []
    assert numbers(payment="paid") == [shipped.number]
    assert numbers(payment="unpaid", channel=channel.slug) == [collect.number]
    assert numbers(q=f"#{shipped.number}") == [shipped.number]
    assert numbers(q="MINH@ocop") == [collect.number]
    assert shipped.number in numbers(q="0912 345 678")
    page = client.get("/dashboard/orders/").content.decode()
    assert "125.000 ₫" in page


def test_the_list_is_paginated_by_fifty(client, channel, variant, staff):
    variant_many = stocked_variant(channel, stock=100)
    for _ in range(51):
        place_order(channel, [(variant_many, 1)])
    logged_in(client, staff)
    first = client.get("/dashboard/orders/")
    assert len(first.context["orders"]) == 50 and first.context["page"].has_next()
    assert len(client.get("/dashboard/orders/", {"page": 2}).context["orders"]) == 1


def test_the_list_reads_a_constant_number_of_queries(client, channel, staff):
    variant_many = stocked_variant(channel, stock=100)
    logged_in(client, staff)
    client.get("/dashboard/orders/")  # session, permission caches

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/dashboard/orders/").status_code == 200
        return len(captured)

    place_order(channel, [(variant_many, 1)], user=factories.make_customer())
    few = queries()
    for _ in range(6):
        place_order(channel, [(variant_many, 2)], user=factories.make_customer(),
                    address=shipping_address())
    assert queries() == few


# --- an order's page and its buttons ---------------------------------------------------------


def test_the_order_page_shows_lines_customer_payment_and_history(client, channel, variant, staff):
    order = order_of(channel, [(variant, 2)], email="lan@ocop.test", gateway="cod")
    page = logged_in(client, staff).get(f"/dashboard/orders/{order.number}/")
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("Bình gốm men lam", "BT-LAM-01", "HTX Gốm Bát Tràng", "125.000 ₫", "250.000 ₫",
                 "lan@ocop.test", "Nguyễn Văn An", "Số 12 ngõ 34 Kim Mã", "Phường Ngọc Hà, Thành phố Hà Nội",
                 "Thanh toán khi nhận hàng (COD)", "Chưa thanh toán", "Khách đặt hàng", 'name="csrfmiddlewaretoken"'):
        assert text in html, text
    assert "Quận Ba Đình" not in html  # addresses on the 2025 units


def test_confirm_calls_the_action_and_records_the_user(client, variant, staff):
    channel = factories.make_channel(automatically_confirm_all_new_orders=False)
    order = order_of(channel, [(stocked_variant(channel), 1)])
    response = logged_in(client, staff).post(f"/dashboard/orders/{order.number}/confirm/")
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED
    assert order.events.get(type=OrderEvents.CONFIRMED).user == staff
    assert "Đã xác nhận" in client.get(response["Location"]).content.decode()

    again = client.post(f"/dashboard/orders/{order.number}/confirm/")
    assert again.status_code == 400
    assert "Chỉ xác nhận được đơn hàng đang chờ xác nhận" in again.content.decode()


def test_fulfil_defaults_to_the_allocated_warehouse_and_records_tracking(client, channel, variant, staff):
    order = order_of(channel, [(variant, 2)])
    line = order.lines.get()
    warehouse = factories.channel_warehouse(channel)
    logged_in(client, staff)
    page = client.get(f"/dashboard/orders/{order.number}/")
    field = f"qty-{line.pk}-{warehouse.pk}"
    assert page.context["fulfil_rows"][0]["stocks"][0]["field"] == field
    assert page.context["fulfil_rows"][0]["stocks"][0]["value"] == 2

    response = client.post(f"/dashboard/orders/{order.number}/fulfil/", {field: "2", "tracking_number": "VN123456"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    fulfillment = order.fulfillments.get()
    assert fulfillment.tracking_number == "VN123456" and fulfillment.warehouse_id == warehouse.pk
    assert stock_of(variant, warehouse) == [(8, 0)]
    assert order.events.get(type=OrderEvents.FULFILLMENT_FULFILLED_ITEMS).user == staff
    assert order.events.get(type=OrderEvents.TRACKING_UPDATED).user == staff


def test_fulfilling_more_than_ordered_shows_the_error_and_changes_nothing(client, channel, variant, staff):
    order = order_of(channel, [(variant, 2)])
    line = order.lines.get()
    warehouse = factories.channel_warehouse(channel)
    before, stock_before = counts(), stock_of(variant)
    response = logged_in(client, staff).post(
        f"/dashboard/orders/{order.number}/fulfil/", {f"qty-{line.pk}-{warehouse.pk}": "3"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Chỉ còn 2 sản phẩm" in html and 'id="fulfil-errors"' in html
    assert 'value="3"' in html  # what was typed stays in the field
    assert counts() == before and stock_of(variant) == stock_before
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED

    bad = client.post(f"/dashboard/orders/{order.number}/fulfil/", {f"qty-{line.pk}-{warehouse.pk}": "hai"})
    assert bad.status_code == 400 and "không phải số nguyên" in bad.content.decode()
    assert counts() == before


def test_update_tracking_and_cancel_fulfilment(client, channel, variant, staff):
    order = order_of(channel, [(variant, 2)])
    line = order.lines.get()
    warehouse = factories.channel_warehouse(channel)
    logged_in(client, staff)
    client.post(f"/dashboard/orders/{order.number}/fulfil/", {f"qty-{line.pk}-{warehouse.pk}": "2"})
    fulfillment = order.fulfillments.get()

    url = f"/dashboard/orders/{order.number}/fulfillments/{fulfillment.pk}/"
    assert client.post(url + "tracking/", {"tracking_number": "GHN-778899"}).status_code == 302
    fulfillment.refresh_from_db()
    assert fulfillment.tracking_number == "GHN-778899"
    event = order.events.get(type=OrderEvents.TRACKING_UPDATED)
    assert event.user == staff and event.parameters["tracking_number"] == "GHN-778899"

    assert client.post(url + "cancel/").status_code == 302
    fulfillment.refresh_from_db()
    order.refresh_from_db()
    assert fulfillment.status == FulfillmentStatus.CANCELED
    assert order.status == OrderStatus.UNFULFILLED
    assert stock_of(variant, warehouse) == [(10, 2)]
    assert order.events.get(type=OrderEvents.FULFILLMENT_CANCELED).user == staff

    again = client.post(url + "cancel/")
    assert again.status_code == 400 and "không thể hủy" in again.content.decode()


def test_cancel_order_releases_stock_and_records_the_user(client, channel, variant, staff):
    order = order_of(channel, [(variant, 3)])
    response = logged_in(client, staff).post(f"/dashboard/orders/{order.number}/cancel/")
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELED
    assert stock_of(variant) == [(10, 0)]
    assert order.events.get(type=OrderEvents.CANCELED).user == staff
    assert client.get("/dashboard/orders/", {"status": "canceled"}).context["orders"][0].pk == order.pk


def test_an_order_with_goods_out_cannot_be_canceled(client, channel, variant, staff):
    order = order_of(channel, [(variant, 2)])
    line = order.lines.get()
    warehouse = factories.channel_warehouse(channel)
    logged_in(client, staff)
    client.post(f"/dashboard/orders/{order.number}/fulfil/", {f"qty-{line.pk}-{warehouse.pk}": "1"})
    before = counts()
    response = client.post(f"/dashboard/orders/{order.number}/cancel/")
    assert response.status_code == 400
    assert "không thể hủy" in response.content.decode()
    assert counts() == before


def test_mark_as_paid_with_a_reference(client, channel, variant, staff):
    order = order_of(channel, [(variant, 1)], gateway="cod")
    response = logged_in(client, staff).post(f"/dashboard/orders/{order.number}/mark-paid/",
                                             {"reference": "PT-2025-0042"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.FULL
    event = order.events.get(type=OrderEvents.ORDER_MARKED_AS_PAID)
    assert event.user == staff and event.parameters["transaction_reference"] == "PT-2025-0042"

    before = counts()
    again = client.post(f"/dashboard/orders/{order.number}/mark-paid/", {"reference": ""})
    assert again.status_code == 400 and "đã được thanh toán đủ" in again.content.decode()
    assert counts() == before


def test_a_wrong_pickup_code_on_the_order_page_is_shown_and_recorded(client, channel, variant, staff):
    centre = collection_point(channel)
    put_stock(variant, centre, 5)
    order = place_order(channel, [(variant, 1)], collection_point=centre, gateway="pay_at_centre")
    stock_before = stock_of(variant)
    response = logged_in(client, staff).post("/dashboard/pickup/", {
        "action": "hand_over", "order": str(order.pk), "code": "AAAAAAAA", "next": "order", "mark_as_paid": "1"})
    assert response.status_code == 400
    assert "Mã nhận hàng không đúng" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED and order.collected_at is None
    assert order.charge_status == OrderChargeStatus.NONE
    assert stock_of(variant) == stock_before and not order.fulfillments.exists()
    refusal = order.events.get(type=OrderEvents.PICKUP_REFUSED)
    assert refusal.user == staff and refusal.parameters["reason"] == "wrong_code"


# --- printing ---------------------------------------------------------------------------


def test_packing_slip_and_label_render(client, channel, variant, staff):
    from commerce.account.models import Address

    channel.public_address = Address.objects.create(street_address_1="Số 1 đường Giang Cao", city="Xã Bát Tràng",
                                                    country_area="Thành phố Hà Nội", phone="+842438740000")
    channel.save(update_fields=["public_address"])
    order = order_of(channel, [(variant, 2)], gateway="cod")
    logged_in(client, staff)

    slip = client.get(f"/dashboard/orders/{order.number}/slip/")
    assert slip.status_code == 200
    html = slip.content.decode()
    for text in (str(order.number), "BT-LAM-01", "Số 12 ngõ 34 Kim Mã", "Phường Ngọc Hà", "<svg", "@page"):
        assert text in html, text

    label = client.get(f"/dashboard/orders/{order.number}/label/")
    assert label.status_code == 200
    html = label.content.decode()
    for text in (f"#{order.number}", "Nguyễn Văn An", "+84912345678", "Số 12 ngõ 34 Kim Mã",
                 "Phường Ngọc Hà, Thành phố Hà Nội", "Trung tâm Bát Tràng", "Số 1 đường Giang Cao",
                 "100mm 150mm", "<svg", "Thu hộ (COD)", "250.000 ₫"):
        assert text in html, text
    assert "Quận Ba Đình" not in html
