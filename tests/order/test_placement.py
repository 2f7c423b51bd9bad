"""Placing an order from a checkout (contract 4)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commerce.checkout.models import Checkout
from commerce.order import pickup
from commerce.order.actions import create_order_from_checkout, order_charge_updated
from commerce.order.models import Order, OrderChargeStatus, OrderEvent, OrderEvents, OrderLine, OrderStatus
from commerce.product.models import ProductTranslation, ProductVariantTranslation
from commerce.warehouse.exceptions import InsufficientStock
from commerce.warehouse.models import Allocation
from tests import factories
from tests.order.helpers import collection_point, make_checkout, put_stock, stock_of, stocked_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    return factories.make_channel()


def test_placing_an_order_snapshots_lines_allocates_stock_and_deletes_the_checkout(channel):
    producer = factories.make_producer("HTX Gốm Bát Tràng")
    variant = stocked_variant(channel, stock=10, price=125000, producer=producer)
    checkout = make_checkout(channel, [(variant, 3)], email="lan@ocop.test")

    order = create_order_from_checkout(checkout)

    assert order.status == OrderStatus.UNFULFILLED
    assert order.checkout_token == str(checkout.pk)
    assert order.user_email == "lan@ocop.test"
    assert order.total_gross_amount == Decimal(375000)
    line = order.lines.get()
    assert (line.product_name, line.product_sku, line.quantity) == ("Bình gốm men lam", variant.sku, 3)
    assert (line.producer_id, line.producer_name) == (producer.pk, "HTX Gốm Bát Tràng")
    assert line.unit_price_gross_amount == Decimal(125000)
    assert line.total_price_gross_amount == Decimal(375000)
    assert stock_of(variant) == [(10, 3)]
    assert Allocation.objects.get(order_line=line).quantity_allocated == 3
    assert not Checkout.objects.filter(pk=checkout.pk).exists()
    assert list(order.events.values_list("type", flat=True)) == [OrderEvents.PLACED]
    assert order.shipping_address_id != checkout.shipping_address_id  # a copy


def test_an_order_waits_for_confirmation_when_the_channel_does_not_confirm_automatically():
    channel = factories.make_channel(automatically_confirm_all_new_orders=False)
    order = create_order_from_checkout(make_checkout(channel, [(stocked_variant(channel), 1)]))
    assert order.status == OrderStatus.UNCONFIRMED


def test_completing_the_same_checkout_again_returns_the_order_already_placed(channel):
    variant = stocked_variant(channel, stock=5)
    checkout = make_checkout(channel, [(variant, 2)])
    first = create_order_from_checkout(checkout)
    again = create_order_from_checkout(checkout)
    assert again.pk == first.pk
    assert Order.objects.count() == 1
    assert stock_of(variant) == [(5, 2)]


def test_not_enough_stock_raises_insufficient_stock_and_writes_nothing(channel):
    scarce = stocked_variant(channel, stock=2)
    plenty = stocked_variant(channel, stock=50)
    checkout = make_checkout(channel, [(plenty, 1), (scarce, 3)])
    counts = (Order.objects.count(), OrderLine.objects.count(), Allocation.objects.count(), OrderEvent.objects.count())

    with pytest.raises(InsufficientStock) as caught:
        create_order_from_checkout(checkout)

    [item] = caught.value.items
    assert (item.variant.pk, item.available_quantity) == (scarce.pk, 2)
    assert (Order.objects.count(), OrderLine.objects.count(), Allocation.objects.count(),
            OrderEvent.objects.count()) == counts
    assert stock_of(plenty) == [(50, 0)]
    assert Checkout.objects.filter(pk=checkout.pk).exists()


def test_lines_keep_the_names_in_the_checkout_language_beside_the_vietnamese_ones(channel):
    variant = stocked_variant(channel)
    ProductTranslation.objects.create(product=variant.product, language_code="en", name="Blue-glazed vase")
    ProductVariantTranslation.objects.create(product_variant=variant, language_code="en", name="Large")
    order = create_order_from_checkout(make_checkout(channel, [(variant, 1)], language_code="en"))
    line = order.lines.get()
    assert (line.product_name, line.translated_product_name, line.translated_variant_name) == (
        "Bình gốm men lam", "Blue-glazed vase", "Large")
    assert order.language_code == "en"


def test_unpaid_orders_get_an_expiry_time_unless_paid_on_delivery():
    channel = factories.make_channel(expire_orders_after=30)
    variant = stocked_variant(channel)
    transfer = create_order_from_checkout(make_checkout(channel, [(variant, 1)], gateway="vietqr"))
    cash = create_order_from_checkout(make_checkout(channel, [(variant, 1)], gateway="cod"))
    assert timezone.now() + timedelta(minutes=29) < transfer.expires_at < timezone.now() + timedelta(minutes=31)
    assert cash.expires_at is None


def test_click_and_collect_orders_get_a_pickup_code_and_take_stock_from_the_collection_point_only(channel):
    variant = stocked_variant(channel, stock=10)  # in the channel's main warehouse
    centre = collection_point(channel)
    put_stock(variant, centre, 1)
    order = create_order_from_checkout(make_checkout(channel, [(variant, 1)], collection_point=centre))

    assert len(order.pickup_code) == pickup.CODE_LENGTH
    assert set(order.pickup_code) <= set(pickup.ALPHABET)
    assert order.collection_point_name == "Trung tâm Bát Tràng"
    assert stock_of(variant, centre) == [(1, 1)]
    with pytest.raises(InsufficientStock) as caught:
        create_order_from_checkout(make_checkout(channel, [(variant, 1)], collection_point=centre))
    assert caught.value.items[0].warehouse_id == centre.pk


def test_a_fully_paid_order_records_fully_paid_once_and_no_longer_expires():
    channel = factories.make_channel(expire_orders_after=30)
    order = create_order_from_checkout(make_checkout(channel, [(stocked_variant(channel), 1)], gateway="vietqr"))
    Order.objects.filter(pk=order.pk).update(charge_status=OrderChargeStatus.FULL)

    order_charge_updated(order)
    order_charge_updated(order)

    order.refresh_from_db()
    assert order.expires_at is None
    assert order.events.filter(type=OrderEvents.ORDER_FULLY_PAID).count() == 1


def test_payment_news_on_an_unpaid_order_changes_nothing(channel):
    order = create_order_from_checkout(make_checkout(channel, [(stocked_variant(channel), 1)]))
    order_charge_updated(order)
    assert not order.events.filter(type=OrderEvents.ORDER_FULLY_PAID).exists()


def test_a_checkout_gone_without_an_order_is_not_found(channel):
    from django.core.exceptions import ValidationError

    checkout = make_checkout(channel, [(stocked_variant(channel), 1)])
    Checkout.objects.filter(pk=checkout.pk).delete()
    with pytest.raises(ValidationError) as raised:
        create_order_from_checkout(checkout)
    assert raised.value.error_dict["token"][0].code == "NOT_FOUND"
