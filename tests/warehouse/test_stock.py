"""Where stock is allocated from, and what counts as available (commerce.warehouse.stock)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commerce.channel.models import AllocationStrategy, ChannelWarehouse
from commerce.checkout.models import CheckoutLine
from commerce.warehouse import stock as stock_management
from commerce.warehouse.exceptions import InsufficientStock
from commerce.warehouse.models import Reservation, Stock, WarehouseClickAndCollectOption
from tests import factories
from tests.order.helpers import (
    collection_point,
    make_checkout,
    place_order,
    put_stock,
    shipping_method,
    stock_of,
    stocked_variant,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    return factories.make_channel()


def allocated(order):
    return sorted(
        (a.stock.warehouse_id, a.quantity_allocated)
        for line in order.lines.all() for a in line.allocations.select_related("stock")
    )


def test_sorting_order_strategy_takes_from_the_first_warehouse_then_the_next(channel):
    first = factories.channel_warehouse(channel)
    second = factories.make_warehouse(channels=[channel])
    ChannelWarehouse.objects.filter(warehouse=second).update(sort_order=5)
    variant = stocked_variant(channel, stock=3)
    put_stock(variant, second, 10)
    order = place_order(channel, [(variant, 5)])
    assert allocated(order) == sorted([(first.pk, 3), (second.pk, 2)])


def test_high_stock_strategy_takes_from_the_warehouse_with_most_available():
    channel = factories.make_channel(allocation_strategy=AllocationStrategy.PRIORITIZE_HIGH_STOCK)
    second = factories.make_warehouse(channels=[channel])
    variant = stocked_variant(channel, stock=3)
    put_stock(variant, second, 10)
    order = place_order(channel, [(variant, 5)])
    assert allocated(order) == [(second.pk, 5)]


def test_collect_anywhere_takes_from_the_collection_point_first_then_other_warehouses(channel):
    main = factories.channel_warehouse(channel)
    centre = collection_point(channel, option=WarehouseClickAndCollectOption.ALL_WAREHOUSES)
    variant = stocked_variant(channel, stock=10)
    put_stock(variant, centre, 2)
    order = place_order(channel, [(variant, 4)], collection_point=centre)
    assert allocated(order) == sorted([(centre.pk, 2), (main.pk, 2)])


def test_shipping_takes_only_from_warehouses_of_the_zone_serving_the_address(channel):
    main = factories.channel_warehouse(channel)
    north = factories.make_warehouse(channels=[channel])
    shipping_method(channel, warehouses=[north])
    variant = stocked_variant(channel, stock=10)  # in `main`, which the zone does not name
    put_stock(variant, north, 1)
    with pytest.raises(InsufficientStock):
        place_order(channel, [(variant, 2)])
    order = place_order(channel, [(variant, 1)])
    assert allocated(order) == [(north.pk, 1)]
    assert stock_of(variant, main) == [(10, 0)]


def test_a_zone_without_warehouses_lets_any_channel_warehouse_serve(channel):
    shipping_method(channel)
    variant = stocked_variant(channel, stock=10)
    order = place_order(channel, [(variant, 2)])
    assert allocated(order) == [(factories.channel_warehouse(channel).pk, 2)]


def test_warehouses_of_other_channels_never_serve(channel):
    other = factories.make_channel()
    variant = stocked_variant(channel, stock=0)
    put_stock(variant, factories.channel_warehouse(other), 50)
    with pytest.raises(InsufficientStock):
        place_order(channel, [(variant, 1)])


def test_variants_that_do_not_track_inventory_need_no_stock(channel):
    variant = stocked_variant(channel, stock=None)
    variant.track_inventory = False
    variant.save(update_fields=["track_inventory"])
    order = place_order(channel, [(variant, 7)])
    assert order.lines.get().allocations.count() == 0
    assert stock_management.available_quantity(variant, channel) == stock_management.UNLIMITED


def test_other_checkouts_reservations_are_unavailable_until_they_run_out(channel):
    variant = stocked_variant(channel, stock=5)
    stock = Stock.objects.get(product_variant=variant)
    holder = make_checkout(channel, [(variant, 4)])
    line = CheckoutLine.objects.get(checkout=holder)
    reservation = Reservation.objects.create(
        checkout_line=line, stock=stock, quantity_reserved=4, reserved_until=timezone.now() + timedelta(minutes=10))

    assert stock_management.available_quantity(variant, channel) == 1
    assert stock_management.available_quantity(variant, channel, exclude_checkout=holder) == 5
    with pytest.raises(InsufficientStock):
        place_order(channel, [(variant, 2)])

    reservation.reserved_until = timezone.now() - timedelta(seconds=1)
    reservation.save()
    assert stock_management.available_quantity(variant, channel) == 5
    place_order(channel, [(variant, 2)])


def test_the_checkout_being_completed_is_not_blocked_by_its_own_reservation(channel):
    variant = stocked_variant(channel, stock=3)
    checkout = make_checkout(channel, [(variant, 3)])
    stock_management.reserve_stocks(checkout.lines.all(), channel, 10)
    from commerce.order.actions import create_order_from_checkout

    create_order_from_checkout(checkout)
    assert stock_of(variant) == [(3, 3)]
    assert not Reservation.objects.exists()


def test_reserving_more_than_is_available_raises_and_reserves_nothing(channel):
    variant = stocked_variant(channel, stock=2)
    checkout = make_checkout(channel, [(variant, 3)])
    with pytest.raises(InsufficientStock):
        stock_management.reserve_stocks(checkout.lines.all(), channel, 10)
    assert not Reservation.objects.exists()


def test_reservations_are_off_when_the_channel_sets_no_minutes(channel):
    variant = stocked_variant(channel, stock=2)
    checkout = make_checkout(channel, [(variant, 1)])
    assert stock_management.reserve_stocks(checkout.lines.all(), channel, None) == []


def test_deallocating_an_order_releases_all_it_held(channel):
    variant = stocked_variant(channel, stock=5)
    order = place_order(channel, [(variant, 4)])
    assert stock_management.deallocate_stock_for_order(order) == 4
    assert stock_of(variant) == [(5, 0)]
    assert stock_management.deallocate_stock_for_order(order) == 0
