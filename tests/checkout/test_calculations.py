"""Checkout prices: tax-inclusive VND, channel prices of the day, and shipping
priced flat, by weight, free above a subtotal, and free for collection."""

from decimal import Decimal

import pytest

from commerce.checkout import actions
from commerce.checkout.calculations import checkout_totals, line_unit_price, shipping_price_for_listing
from commerce.core.prices import Money
from commerce.shipping.models import ShippingMethodChannelListing
from commerce.warehouse.models import WarehouseClickAndCollectOption
from tests import factories

from .helpers import address_input, make_collection_point, make_method, make_variant_in, make_zone, new_checkout

pytestmark = pytest.mark.django_db


def test_line_unit_price_is_the_channel_price_or_the_discounted_price(channel):
    variant = make_variant_in(channel, price=125000)
    checkout = new_checkout(channel, [(variant, 2)])
    line = checkout.lines.get()
    assert line_unit_price(checkout, line) == Money(Decimal(125000), "VND")

    variant.channel_listings.filter(channel=channel).update(discounted_price_amount=Decimal(99000))
    line = checkout.lines.get()
    assert line_unit_price(checkout, line) == Money(Decimal(99000), "VND")


def test_totals_are_tax_inclusive_and_have_no_minor_unit(channel):
    variant = make_variant_in(channel, price=125000)
    checkout = new_checkout(channel, [(variant, 3)])
    totals = checkout_totals(checkout)
    assert totals.subtotal.gross.amount == Decimal(375000)
    assert totals.subtotal.net == totals.subtotal.gross
    assert totals.subtotal.tax.amount == 0
    assert totals.total.gross.amount.as_tuple().exponent == 0
    assert totals.shipping_price.gross.amount == 0  # no delivery chosen yet


def _with_method(channel, variant, quantity, **method_fields):
    zone = make_zone(channel)
    method = make_method(zone, channel, **method_fields)
    checkout = new_checkout(channel, [(variant, quantity)], shipping_address=address_input())
    actions.update_delivery_method(checkout, shipping_method_id=method.pk)
    return checkout


def test_flat_shipping_is_added_to_the_total(channel):
    variant = make_variant_in(channel, price=100000)
    checkout = _with_method(channel, variant, 2, price=30000)
    totals = checkout_totals(checkout)
    assert totals.shipping_price.gross.amount == 30000
    assert totals.total.gross.amount == 230000


def test_shipping_is_free_from_the_threshold_up(channel):
    variant = make_variant_in(channel, price=250000)
    checkout = _with_method(channel, variant, 1, price=30000, free_above=500000)
    assert checkout_totals(checkout).shipping_price.gross.amount == 30000
    actions.add_lines(checkout, [{"variant_id": variant.pk, "quantity": 1}])  # 500.000 ₫: exactly the threshold
    totals = checkout_totals(checkout)
    assert totals.shipping_price.gross.amount == 0
    assert totals.total.gross.amount == 500000


def test_weight_based_shipping_charges_each_started_kilogram_above_the_first(channel):
    variant = make_variant_in(channel, price=50000, weight="0.6")
    checkout = _with_method(channel, variant, 1, price=25000, per_kg=5000)
    assert checkout_totals(checkout).shipping_price.gross.amount == 25000  # 0.6 kg
    actions.update_lines(checkout, [{"variant_id": variant.pk, "quantity": 2}])  # 1.2 kg
    assert checkout_totals(checkout).shipping_price.gross.amount == 30000
    actions.update_lines(checkout, [{"variant_id": variant.pk, "quantity": 4}])  # 2.4 kg
    totals = checkout_totals(checkout)
    assert totals.weight_kg == Decimal("2.4")
    assert totals.shipping_price.gross.amount == 35000


@pytest.mark.parametrize(
    ("weight", "expected"),
    [("0", 25000), ("1", 25000), ("1.001", 30000), ("2", 30000), ("2.01", 35000), ("10", 70000)],
)
def test_started_kilograms_above_the_first(weight, expected):
    listing = ShippingMethodChannelListing(currency="VND", price_amount=Decimal(25000), price_per_kg_amount=Decimal(5000))
    price = shipping_price_for_listing(listing, Money(Decimal(100000), "VND"), Decimal(weight))
    assert price.amount == expected


def test_weight_falls_back_to_the_product_and_its_type(channel):
    product_type = factories.make_product_type(weight=Decimal("0.5"))
    variant = make_variant_in(channel, product_type=product_type)
    checkout = new_checkout(channel, [(variant, 3)])
    assert checkout_totals(checkout).weight_kg == Decimal("1.5")
    variant.product.weight = Decimal("2")
    variant.product.save(update_fields=["weight"])
    assert checkout_totals(checkout).weight_kg == Decimal("6")


def test_click_and_collect_ships_free(channel):
    variant = make_variant_in(channel, price=100000)
    zone = make_zone(channel)
    make_method(zone, channel, price=30000)
    point = make_collection_point(channel, WarehouseClickAndCollectOption.LOCAL_STOCK, stock={variant: 5})
    checkout = new_checkout(channel, [(variant, 1)])
    actions.update_delivery_method(checkout, collection_point_id=point.pk)
    totals = checkout_totals(checkout)
    assert totals.shipping_price.gross.amount == 0
    assert totals.total.gross.amount == 100000


def test_a_checkout_without_shippable_goods_pays_no_shipping(channel):
    service = factories.make_product_type(is_shipping_required=False)
    variant = make_variant_in(channel, price=200000, product_type=service)
    checkout = new_checkout(channel, [(variant, 1)])
    checkout.shipping_method = make_method(make_zone(channel), channel, price=30000)
    checkout.save()
    assert checkout_totals(checkout).shipping_price.gross.amount == 0
