"""Click-and-collect: which centres a checkout may collect from."""

import pytest

from commerce.checkout import actions
from commerce.checkout.delivery import available_collection_points
from commerce.checkout.models import Checkout
from commerce.warehouse.models import WarehouseClickAndCollectOption as Option
from tests import factories

from .helpers import make_collection_point, make_variant_in, new_checkout

pytestmark = pytest.mark.django_db


def test_local_stock_points_need_every_line_in_their_own_stockroom(channel):
    variant = make_variant_in(channel, stock=10)
    enough = make_collection_point(channel, Option.LOCAL_STOCK, stock={variant: 3})
    short = make_collection_point(channel, Option.LOCAL_STOCK, stock={variant: 1})
    checkout = new_checkout(channel, [(variant, 2)])
    assert available_collection_points(checkout) == [enough]
    assert short not in available_collection_points(checkout)


def test_all_warehouses_points_need_the_stock_anywhere_in_the_channel(channel):
    variant = make_variant_in(channel, stock=5)
    anywhere = make_collection_point(channel, Option.ALL_WAREHOUSES)
    checkout = new_checkout(channel, [(variant, 4)])
    assert available_collection_points(checkout) == [anywhere]
    checkout.lines.update(quantity=6)
    assert available_collection_points(checkout) == []


def test_disabled_warehouses_and_warehouses_of_other_channels_are_not_points(channel):
    variant = make_variant_in(channel)
    make_collection_point(channel, Option.DISABLED, stock={variant: 5})
    other = factories.make_channel("kenh-khac")
    make_collection_point(other, Option.ALL_WAREHOUSES, stock={variant: 5})
    assert available_collection_points(new_checkout(channel, [(variant, 1)])) == []


def test_choosing_a_point_that_cannot_serve_the_checkout_is_not_applicable(channel):
    variant = make_variant_in(channel)
    other = factories.make_channel("kenh-khac")
    foreign = make_collection_point(other, Option.ALL_WAREHOUSES, stock={variant: 5})
    checkout = new_checkout(channel, [(variant, 1)])
    with pytest.raises(Exception) as caught:
        actions.update_delivery_method(checkout, collection_point_id=foreign.pk)
    assert caught.value.error_dict["delivery_method_id"][0].code == "DELIVERY_METHOD_NOT_APPLICABLE"
    assert Checkout.objects.get(pk=checkout.pk).collection_point is None


def test_choosing_a_point_clears_the_shipping_method(channel):
    variant = make_variant_in(channel)
    point = make_collection_point(channel, Option.LOCAL_STOCK, stock={variant: 1})
    checkout = new_checkout(channel, [(variant, 1)])
    actions.update_delivery_method(checkout, collection_point_id=point.pk)
    stored = Checkout.objects.get(pk=checkout.pk)
    assert stored.collection_point == point and stored.shipping_method is None
