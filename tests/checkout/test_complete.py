"""checkoutComplete as an action: everything is checked before an order is made,
then the order is placed in one transaction and the checkout is gone."""

import pytest
from django.core.exceptions import ValidationError

from commerce.checkout import actions
from commerce.checkout.models import Checkout
from commerce.order.models import Order
from commerce.shipping.models import ShippingMethodChannelListing
from commerce.warehouse.models import Stock, WarehouseClickAndCollectOption
from tests import factories

from .helpers import address_input, make_collection_point, make_method, make_variant_in, make_zone, new_checkout

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(channel):
    channel.allow_unpaid_orders = True
    channel.save()
    variant = make_variant_in(channel, price=120000, stock=5)
    method = make_method(make_zone(channel), channel, price=30000)
    return channel, variant, method


def ready_checkout(shop, quantity=2):
    channel, variant, method = shop
    checkout = new_checkout(channel, [(variant, quantity)], email="lan@ocop.test", shipping_address=address_input())
    actions.update_delivery_method(checkout, shipping_method_id=method.pk)
    return Checkout.objects.get(pk=checkout.pk)


def code_of(checkout, **kwargs):
    with pytest.raises(ValidationError) as caught:
        actions.complete_checkout(checkout, user=None, **kwargs)
    [(field, [error])] = caught.value.error_dict.items()
    assert Order.objects.count() == 0 and Checkout.objects.filter(pk=checkout.pk).exists()
    return field, error.code, error.params or {}


def test_a_ready_checkout_becomes_an_order_and_disappears(shop):
    channel, variant, _method = shop
    checkout = ready_checkout(shop)
    order = actions.complete_checkout(checkout, user=None)
    assert order.checkout_token == str(checkout.pk)
    assert order.total_gross_amount == 2 * 120000 + 30000
    assert order.lines.get().quantity == 2
    assert not Checkout.objects.filter(pk=checkout.pk).exists()
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 2


def test_a_checkout_without_lines_cannot_be_completed(shop):
    checkout = ready_checkout(shop)
    checkout.lines.all().delete()
    assert code_of(checkout)[1] == "NO_LINES"


def test_an_email_is_needed(shop):
    checkout = ready_checkout(shop)
    Checkout.objects.filter(pk=checkout.pk).update(email=None)
    assert code_of(Checkout.objects.get(pk=checkout.pk))[:2] == ("email", "EMAIL_NOT_SET")


def test_a_shipping_address_and_method_are_needed_for_goods(shop):
    channel, variant, _method = shop
    checkout = new_checkout(channel, [(variant, 1)], email="lan@ocop.test")
    assert code_of(checkout)[1] == "SHIPPING_ADDRESS_NOT_SET"
    actions.update_shipping_address(checkout, address_input())
    assert code_of(checkout)[1] == "SHIPPING_METHOD_NOT_SET"


def test_a_method_no_longer_priced_in_the_channel_is_not_applicable(shop):
    checkout = ready_checkout(shop)
    ShippingMethodChannelListing.objects.all().delete()
    assert code_of(Checkout.objects.get(pk=checkout.pk))[1] == "SHIPPING_METHOD_NOT_APPLICABLE"


def test_a_product_unpublished_meanwhile_stops_completion(shop):
    channel, variant, _method = shop
    checkout = ready_checkout(shop)
    variant.product.channel_listings.update(is_published=False)
    field, code, params = code_of(checkout)
    assert code == "PRODUCT_NOT_PUBLISHED" and len(params["variants"]) == 1


def test_stock_sold_meanwhile_is_insufficient_stock(shop):
    channel, variant, _method = shop
    checkout = ready_checkout(shop, quantity=3)
    Stock.objects.filter(product_variant=variant).update(quantity=2)
    assert code_of(checkout)[1] == "INSUFFICIENT_STOCK"


def test_a_shortage_found_while_allocating_rolls_back_and_names_the_variant(shop, monkeypatch):
    """Another order took the last items between the checks and the allocation."""
    from commerce.checkout import complete
    from commerce.graphql.core.ids import to_global_id

    channel, variant, _method = shop
    checkout = ready_checkout(shop, quantity=3)
    Stock.objects.filter(product_variant=variant).update(quantity_allocated=4)
    monkeypatch.setattr(complete, "check_stock", lambda *args, **kwargs: None)
    field, code, params = code_of(checkout)
    assert (code, params["variants"]) == ("INSUFFICIENT_STOCK", [to_global_id("ProductVariant", variant.pk)])
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 4


def test_an_unpaid_checkout_is_refused_unless_the_channel_allows_it(shop):
    channel, _variant, _method = shop
    channel.allow_unpaid_orders = False
    channel.save()
    checkout = ready_checkout(shop)
    assert code_of(checkout)[1] == "CHECKOUT_NOT_FULLY_PAID"


def test_cash_on_delivery_places_an_unpaid_order(shop):
    channel, _variant, _method = shop
    channel.allow_unpaid_orders = False
    channel.save()
    checkout = ready_checkout(shop)
    Checkout.objects.filter(pk=checkout.pk).update(payment_gateway="cod")
    order = actions.complete_checkout(Checkout.objects.get(pk=checkout.pk), user=None)
    assert order.payment_gateway == "cod"
    assert order.charge_status == "none"


def test_an_inactive_channel_stops_completion(shop):
    channel, _variant, _method = shop
    checkout = ready_checkout(shop)
    channel.is_active = False
    channel.save()
    assert code_of(Checkout.objects.get(pk=checkout.pk))[1] == "CHANNEL_INACTIVE"


def test_the_signed_in_customer_owns_the_order(shop):
    channel, variant, method = shop
    customer = factories.make_customer()
    checkout = new_checkout(channel, [(variant, 1)], user=customer, shipping_address=address_input())
    actions.update_delivery_method(checkout, shipping_method_id=method.pk)
    order = actions.complete_checkout(Checkout.objects.get(pk=checkout.pk), user=customer)
    assert order.user == customer and order.user_email == customer.email


def test_collection_at_a_centre_needs_no_address_and_ships_free(shop):
    channel, variant, _method = shop
    point = make_collection_point(channel, WarehouseClickAndCollectOption.LOCAL_STOCK, stock={variant: 2})
    checkout = new_checkout(channel, [(variant, 2)], email="lan@ocop.test")
    actions.update_delivery_method(checkout, collection_point_id=point.pk)
    order = actions.complete_checkout(Checkout.objects.get(pk=checkout.pk), user=None)
    assert order.collection_point == point
    assert order.total_gross_amount == 240000
    assert Stock.objects.get(warehouse=point, product_variant=variant).quantity_allocated == 2


def test_a_collection_point_emptied_meanwhile_is_not_applicable(shop):
    channel, variant, _method = shop
    point = make_collection_point(channel, WarehouseClickAndCollectOption.LOCAL_STOCK, stock={variant: 2})
    checkout = new_checkout(channel, [(variant, 2)], email="lan@ocop.test")
    actions.update_delivery_method(checkout, collection_point_id=point.pk)
    Stock.objects.filter(warehouse=point).update(quantity=1)
    assert code_of(Checkout.objects.get(pk=checkout.pk))[1] == "DELIVERY_METHOD_NOT_APPLICABLE"
