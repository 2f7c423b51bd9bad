"""Which shipping methods a checkout is offered: zones of its channel serving
the address's province, methods priced in the channel, within their bounds."""

from decimal import Decimal

import pytest

from commerce.checkout.calculations import checkout_totals
from commerce.shipping.demo import HANOI_EXPRESS, STANDARD, ensure_default_shipping
from commerce.shipping.queries import applicable_shipping_methods
from tests import factories
from tests.checkout.helpers import (
    HCMC,
    HCMC_WARD,
    address_input,
    make_method,
    make_variant_in,
    make_zone,
    new_checkout,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(db):
    return factories.make_channel("web-shop")


def _offered(checkout):
    totals = checkout_totals(checkout)
    return [m.name for m in applicable_shipping_methods(checkout, totals.subtotal.gross, totals.weight_kg)]


def test_nothing_is_offered_without_a_shipping_address(channel):
    make_method(make_zone(channel), channel)
    checkout = new_checkout(channel, [(make_variant_in(channel), 1)])
    assert _offered(checkout) == []


def test_a_zone_serves_only_its_provinces(channel):
    make_method(make_zone(channel, "Cả nước"), channel, "Toàn quốc")
    make_method(make_zone(channel, "Hà Nội", provinces=[1]), channel, "Nội thành")
    variant = make_variant_in(channel)
    in_hanoi = new_checkout(channel, [(variant, 1)], shipping_address=address_input())
    in_saigon = new_checkout(channel, [(variant, 1)], shipping_address=address_input(province_code=HCMC, ward_code=HCMC_WARD))
    assert set(_offered(in_hanoi)) == {"Toàn quốc", "Nội thành"}
    assert _offered(in_saigon) == ["Toàn quốc"]


def test_zones_and_prices_of_other_channels_do_not_apply(channel):
    other = factories.make_channel("kenh-khac")
    make_method(make_zone(other), other, "Kênh khác")
    zone = make_zone(channel)
    make_method(zone, other, "Giá ở kênh khác")  # a zone of ours, priced only elsewhere
    checkout = new_checkout(channel, [(make_variant_in(channel), 1)], shipping_address=address_input())
    assert _offered(checkout) == []


def test_order_price_and_weight_bounds_admit_or_refuse(channel):
    zone = make_zone(channel)
    make_method(zone, channel, "Đơn nhỏ", max_price=200000)
    make_method(zone, channel, "Đơn lớn", min_price=200001)
    make_method(zone, channel, "Hàng nhẹ", max_weight=Decimal("2"))
    variant = make_variant_in(channel, price=150000, weight="1.5")
    checkout = new_checkout(channel, [(variant, 1)], shipping_address=address_input())
    assert set(_offered(checkout)) == {"Đơn nhỏ", "Hàng nhẹ"}
    checkout.lines.update(quantity=2)  # 300.000 ₫, 3 kg
    assert _offered(checkout) == ["Đơn lớn"]


def test_methods_come_cheapest_first_with_their_price_for_this_order(channel):
    zone = make_zone(channel)
    make_method(zone, channel, "Nhanh", price=50000)
    make_method(zone, channel, "Tiết kiệm", price=30000, free_above=100000)
    checkout = new_checkout(channel, [(make_variant_in(channel, price=125000), 1)], shipping_address=address_input())
    totals = checkout_totals(checkout)
    methods = applicable_shipping_methods(checkout, totals.subtotal.gross, totals.weight_kg)
    assert [(m.name, m.price.amount) for m in methods] == [("Tiết kiệm", 0), ("Nhanh", 50000)]


def test_default_shipping_offers_standard_everywhere_and_express_in_hanoi_only(channel):
    methods = ensure_default_shipping(channel)
    assert ensure_default_shipping(channel) == methods  # idempotent
    variant = make_variant_in(channel, price=100000, weight="2.5")
    in_hanoi = new_checkout(channel, [(variant, 1)], shipping_address=address_input())
    in_saigon = new_checkout(channel, [(variant, 1)], shipping_address=address_input(province_code=HCMC, ward_code=HCMC_WARD))
    totals = checkout_totals(in_hanoi)
    prices = {m.name: m.price.amount for m in applicable_shipping_methods(in_hanoi, totals.subtotal.gross, totals.weight_kg)}
    assert prices == {STANDARD: 30000, HANOI_EXPRESS: 25000 + 2 * 5000}
    assert _offered(in_saigon) == [STANDARD]
    in_saigon.lines.update(quantity=5)  # 500.000 ₫
    totals = checkout_totals(in_saigon)
    assert [m.price.amount for m in applicable_shipping_methods(in_saigon, totals.subtotal.gross, totals.weight_kg)] == [0]
