"""Checkout actions: lines, limits, availability in the channel, stock, contact,
addresses and delivery; every refusal names the code and changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commerce.account.models import Address
from commerce.checkout import actions
from commerce.checkout.models import Checkout, CheckoutLine
from commerce.graphql.core.ids import to_global_id
from commerce.warehouse.models import Reservation
from tests import factories

from .helpers import (
    HANOI_WARD,
    HCMC,
    address_input,
    make_collection_point,
    make_method,
    make_variant_in,
    make_zone,
    new_checkout,
)

pytestmark = pytest.mark.django_db


def refusal(call, *args, **kwargs):
    """(field, code, params) of the one error `call` raises."""
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    [(field, [error])] = caught.value.error_dict.items()
    return field, error.code, error.params or {}


def gid(variant):
    return to_global_id("ProductVariant", variant.pk)


def quantities(checkout):
    return {line.variant_id: line.quantity for line in checkout.lines.all()}


# --- creation ----------------------------------------------------------------------------


def test_create_checkout_in_a_channel_with_lines_in_its_currency(channel):
    variant = make_variant_in(channel)
    user = factories.make_customer("lan@ocop.test")
    checkout = new_checkout(channel, [(variant, 2), (variant, 1)], user=user, language_code="EN")
    assert checkout.currency == "VND"
    assert checkout.email == "lan@ocop.test" and checkout.user == user
    assert checkout.language_code == "en"
    assert quantities(checkout) == {variant.pk: 3}  # the same variant twice is one line


def test_unknown_channel_slug_is_named_in_the_error(channel):
    field, code, _ = refusal(new_checkout, type("C", (), {"slug": "khong-co"})(), [])
    assert (field, code) == ("channel", "NOT_FOUND")
    with pytest.raises(ValidationError, match="khong-co"):
        new_checkout(type("C", (), {"slug": "khong-co"})(), [])


def test_no_channel_slug_is_missing_channel_slug(db):
    assert refusal(actions.create_checkout, channel_slug=None)[:2] == ("channel", "MISSING_CHANNEL_SLUG")


def test_an_inactive_channel_takes_no_checkouts(db):
    closed = factories.make_channel("dong-cua", is_active=False)
    assert refusal(new_checkout, closed, [])[:2] == ("channel", "CHANNEL_INACTIVE")
    assert Checkout.objects.count() == 0


def test_a_variant_not_sold_in_the_channel_is_unavailable_there(channel):
    other = factories.make_channel("kenh-khac")
    variant = make_variant_in(other)
    field, code, params = refusal(new_checkout, channel, [(variant, 1)])
    assert (code, params["variants"]) == ("UNAVAILABLE_VARIANT_IN_CHANNEL", [gid(variant)])
    assert Checkout.objects.count() == 0


def test_an_unpublished_product_cannot_be_bought(channel):
    variant = make_variant_in(channel, listing={"published": False})
    assert refusal(new_checkout, channel, [(variant, 1)])[1] == "PRODUCT_NOT_PUBLISHED"


def test_a_product_not_yet_available_for_purchase_cannot_be_bought(channel):
    variant = make_variant_in(channel, listing={"available_at": timezone.now() + datetime.timedelta(days=3)})
    assert refusal(new_checkout, channel, [(variant, 1)])[1] == "PRODUCT_UNAVAILABLE_FOR_PURCHASE"


def test_unknown_variant_is_not_found(channel):
    field, code, params = refusal(actions.create_checkout, channel_slug=channel.slug,
                                  lines=[{"variant_id": 987654, "quantity": 1}])
    assert (field, code, params["variants"]) == ("variant_id", "NOT_FOUND", [to_global_id("ProductVariant", 987654)])


# --- quantities -----------------------------------------------------------------------------


@pytest.mark.parametrize("quantity", [0, -1])
def test_adding_zero_or_a_negative_quantity_is_refused(channel, quantity):
    variant = make_variant_in(channel)
    checkout = new_checkout(channel, [(variant, 1)])
    assert refusal(actions.add_lines, checkout, [{"variant_id": variant.pk, "quantity": quantity}])[:2] == (
        "quantity", "ZERO_QUANTITY")
    assert quantities(checkout) == {variant.pk: 1}


def test_a_huge_quantity_is_over_the_limit_not_a_crash(channel):
    variant = make_variant_in(channel)
    checkout = new_checkout(channel, [(variant, 1)])
    assert refusal(actions.add_lines, checkout, [{"variant_id": variant.pk, "quantity": 10**9}])[1] == (
        "QUANTITY_GREATER_THAN_LIMIT")
    assert quantities(checkout) == {variant.pk: 1}


def test_the_shop_limit_counts_what_is_already_in_the_checkout(channel, settings):
    settings.LIMIT_QUANTITY_PER_CHECKOUT = 5
    variant = make_variant_in(channel, stock=100)
    checkout = new_checkout(channel, [(variant, 4)])
    field, code, params = refusal(actions.add_lines, checkout, [{"variant_id": variant.pk, "quantity": 2}])
    assert (code, params["variants"]) == ("QUANTITY_GREATER_THAN_LIMIT", [gid(variant)])
    assert quantities(checkout) == {variant.pk: 4}


def test_a_variant_limit_per_customer_caps_the_checkout(channel):
    variant = make_variant_in(channel, stock=100)
    variant.quantity_limit_per_customer = 3
    variant.save(update_fields=["quantity_limit_per_customer"])
    checkout = new_checkout(channel, [(variant, 3)])
    assert refusal(actions.add_lines, checkout, [{"variant_id": variant.pk, "quantity": 1}])[1] == (
        "QUANTITY_GREATER_THAN_LIMIT")


def test_more_than_in_stock_is_insufficient_stock(channel):
    variant = make_variant_in(channel, stock=3)
    checkout = new_checkout(channel, [(variant, 2)])
    field, code, params = refusal(actions.add_lines, checkout, [{"variant_id": variant.pk, "quantity": 2}])
    assert (field, code, params["variants"]) == ("quantity", "INSUFFICIENT_STOCK", [gid(variant)])
    assert quantities(checkout) == {variant.pk: 2}


def test_adding_a_variant_already_there_adds_to_its_line(channel):
    variant, other = make_variant_in(channel), make_variant_in(channel)
    checkout = new_checkout(channel, [(variant, 1)])
    actions.add_lines(checkout, [{"variant_id": variant.pk, "quantity": 2}, {"variant_id": other.pk, "quantity": 1}])
    assert quantities(checkout) == {variant.pk: 3, other.pk: 1}
    assert checkout.lines.count() == 2


def test_update_sets_quantities_and_zero_removes_the_line(channel):
    variant, other = make_variant_in(channel), make_variant_in(channel)
    checkout = new_checkout(channel, [(variant, 1), (other, 1)])
    line = checkout.lines.get(variant=variant)
    actions.update_lines(checkout, [{"line_id": line.pk, "quantity": 5}, {"variant_id": other.pk, "quantity": 0}])
    assert quantities(checkout) == {variant.pk: 5}
    assert refusal(actions.update_lines, checkout, [{"line_id": line.pk, "quantity": -1}])[1] == "ZERO_QUANTITY"


def test_update_of_a_line_of_another_checkout_is_not_found(channel):
    variant = make_variant_in(channel)
    mine, theirs = new_checkout(channel, [(variant, 1)]), new_checkout(channel, [(variant, 1)])
    field, code, params = refusal(actions.update_lines, mine, [{"line_id": theirs.lines.get().pk, "quantity": 2}])
    assert (field, code) == ("line_id", "NOT_FOUND")
    assert params["lines"] == [to_global_id("CheckoutLine", theirs.lines.get().pk)]


def test_delete_lines(channel):
    variant, other = make_variant_in(channel), make_variant_in(channel)
    checkout = new_checkout(channel, [(variant, 1), (other, 2)])
    actions.delete_lines(checkout, [checkout.lines.get(variant=variant).pk])
    assert quantities(checkout) == {other.pk: 2}
    assert refusal(actions.delete_lines, checkout, ["00000000-0000-0000-0000-000000000000"])[1] == "NOT_FOUND"
    assert quantities(checkout) == {other.pk: 2}


def test_reservations_hold_stock_when_the_channel_reserves(channel):
    channel.checkout_reservation_minutes = 15
    channel.save()
    variant = make_variant_in(channel, stock=3)
    first = new_checkout(channel, [(variant, 2)])
    assert Reservation.objects.filter(checkout_line__checkout=first).get().quantity_reserved == 2
    assert refusal(new_checkout, channel, [(variant, 2)])[1] == "INSUFFICIENT_STOCK"
    new_checkout(channel, [(variant, 1)])


def test_no_reservations_by_default(channel):
    new_checkout(channel, [(make_variant_in(channel), 2)])
    assert Reservation.objects.count() == 0


# --- contact and addresses -----------------------------------------------------------------


def test_email_is_required_and_must_be_valid(channel):
    checkout = new_checkout(channel, [])
    assert refusal(actions.update_email, checkout, "  ")[:2] == ("email", "REQUIRED")
    assert refusal(actions.update_email, checkout, "khong-phai-email")[:2] == ("email", "INVALID")
    actions.update_email(checkout, "Lan@OCOP.test")
    checkout.refresh_from_db()
    assert checkout.email == "lan@ocop.test"


def test_shipping_address_is_stored_with_unit_names_and_an_e164_phone(channel):
    checkout = new_checkout(channel, [])
    actions.update_shipping_address(checkout, address_input(ward_code=70))
    address = Checkout.objects.get(pk=checkout.pk).shipping_address
    assert (address.province_code, address.ward_code) == (1, 70)
    assert (address.country_area, address.city) == ("Thành phố Hà Nội", "Phường Hoàn Kiếm")
    assert address.phone == "+84912345678"


def test_province_and_ward_may_be_given_by_name_as_saleor_fields(channel):
    checkout = new_checkout(channel, [])
    data = address_input(province_code=None, ward_code=None, country_area="Hà Nội", city="Bát Tràng")
    actions.update_billing_address(checkout, data)
    assert Checkout.objects.get(pk=checkout.pk).billing_address.ward_code == 583


def test_a_ward_of_another_province_is_refused_and_nothing_is_saved(channel):
    checkout = new_checkout(channel, [])
    addresses = Address.objects.count()
    field, code, params = refusal(actions.update_shipping_address, checkout, address_input(province_code=HCMC, ward_code=HANOI_WARD))
    assert (field, code, params["address_type"]) == ("ward_code", "INVALID", "SHIPPING")
    assert Address.objects.count() == addresses
    assert Checkout.objects.get(pk=checkout.pk).shipping_address is None


@pytest.mark.parametrize("phone", ["12345", "+1 202 555 0143"])
def test_a_phone_number_that_is_not_vietnamese_is_invalid(channel, phone):
    checkout = new_checkout(channel, [])
    assert refusal(actions.update_shipping_address, checkout, address_input(phone=phone))[:2] == ("phone", "INVALID")


def test_a_shipping_address_needs_a_phone_and_a_street(channel):
    checkout = new_checkout(channel, [])
    assert refusal(actions.update_shipping_address, checkout, address_input(phone=""))[:2] == ("phone", "REQUIRED")
    assert refusal(actions.update_shipping_address, checkout, address_input(street_address_1=""))[:2] == (
        "street_address_1", "REQUIRED")


def test_only_vietnam_is_served(channel):
    checkout = new_checkout(channel, [])
    assert refusal(actions.update_shipping_address, checkout, address_input(country="TH"))[:2] == ("country", "INVALID")


def test_replacing_an_address_deletes_the_old_copy(channel):
    checkout = new_checkout(channel, [], shipping_address=address_input())
    old = checkout.shipping_address_id
    actions.update_shipping_address(checkout, address_input(street_address_1="5 Hàng Bạc"))
    assert not Address.objects.filter(pk=old).exists()


# --- delivery ---------------------------------------------------------------------------------


def test_shipping_method_needs_an_address_and_must_apply(channel):
    variant = make_variant_in(channel)
    hanoi_only = make_method(make_zone(channel, provinces=[1]), channel)
    checkout = new_checkout(channel, [(variant, 1)])
    assert refusal(actions.update_delivery_method, checkout, shipping_method_id=hanoi_only.pk)[1] == (
        "SHIPPING_ADDRESS_NOT_SET")
    actions.update_shipping_address(checkout, address_input(province_code=HCMC, ward_code=None, city="Phường Sài Gòn"))
    field, code, _ = refusal(actions.update_delivery_method, checkout, shipping_method_id=hanoi_only.pk)
    assert (field, code) == ("delivery_method_id", "SHIPPING_METHOD_NOT_APPLICABLE")
    assert Checkout.objects.get(pk=checkout.pk).shipping_method is None
    assert refusal(actions.update_delivery_method, checkout, shipping_method_id=999999)[1] == "NOT_FOUND"


def test_shipping_is_refused_when_nothing_needs_shipping(channel):
    service = factories.make_product_type(is_shipping_required=False)
    checkout = new_checkout(channel, [(make_variant_in(channel, product_type=service), 1)],
                            shipping_address=address_input())
    method = make_method(make_zone(channel), channel)
    assert refusal(actions.update_delivery_method, checkout, shipping_method_id=method.pk)[1] == "SHIPPING_NOT_REQUIRED"


def test_choosing_a_method_replaces_the_collection_point_and_none_clears_both(channel):
    variant = make_variant_in(channel)
    method = make_method(make_zone(channel), channel)
    checkout = new_checkout(channel, [(variant, 1)], shipping_address=address_input())
    actions.update_delivery_method(checkout, shipping_method_id=method.pk)
    assert Checkout.objects.get(pk=checkout.pk).shipping_method == method
    actions.update_delivery_method(checkout)
    assert Checkout.objects.get(pk=checkout.pk).shipping_method is None


def test_a_province_and_a_ward_are_required_and_must_exist(channel):
    checkout = new_checkout(channel, [])
    assert refusal(actions.update_shipping_address, checkout, address_input(province_code=None))[:2] == (
        "country_area", "REQUIRED")
    assert refusal(actions.update_shipping_address, checkout, address_input(ward_code=None))[:2] == (
        "city", "REQUIRED")
    assert refusal(actions.update_shipping_address, checkout, address_input(province_code=99))[1] == "INVALID"
    assert refusal(actions.update_shipping_address, checkout,
                   address_input(province_code=None, country_area="Tỉnh Không Có"))[:2] == ("country_area", "INVALID")


def test_an_unknown_collection_point_is_not_found(channel):
    checkout = new_checkout(channel, [(make_variant_in(channel), 1)])
    assert refusal(actions.update_delivery_method, checkout, collection_point_id=987654)[:2] == (
        "delivery_method_id", "NOT_FOUND")


def test_a_variant_limit_per_customer_counts_what_they_bought_before(channel):
    from commerce.checkout.models import Checkout as CheckoutModel

    channel.allow_unpaid_orders = True
    channel.save()
    variant = make_variant_in(channel, stock=100)
    variant.quantity_limit_per_customer = 3
    variant.save(update_fields=["quantity_limit_per_customer"])
    point = make_collection_point(channel, stock={variant: 10})
    customer = factories.make_customer()
    first = new_checkout(channel, [(variant, 2)], user=customer)
    actions.update_delivery_method(first, collection_point_id=point.pk)
    actions.complete_checkout(CheckoutModel.objects.get(pk=first.pk), user=customer)
    field, code, params = refusal(new_checkout, channel, [(variant, 2)], user=customer)
    assert (code, params["variants"]) == ("QUANTITY_GREATER_THAN_LIMIT", [gid(variant)])
    new_checkout(channel, [(variant, 1)], user=customer)
    new_checkout(channel, [(variant, 3)])  # a guest has bought nothing before
