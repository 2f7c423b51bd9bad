"""Checkouts and orders for order, stock and API tests, built through the real
placement path (commerce.order.actions.create_order_from_checkout)."""

from django.contrib.auth.models import Group

from commerce.account.models import GroupChannelAccess
from commerce.checkout.models import Checkout, CheckoutLine
from commerce.order.actions import create_order_from_checkout
from commerce.warehouse.models import Stock, WarehouseClickAndCollectOption
from tests import factories


def stocked_variant(channel, *, stock=10, price=125000, producer=None, name="Bình gốm men lam", **fields):
    product = factories.make_product(name, channels=[channel], price=price, stock=stock, producer=producer, **fields)
    return product.variants.get()


def make_checkout(channel, items, *, user=None, email="khach@ocop.test", language_code="vi",
                  collection_point=None, address=None, gateway="", **fields):
    if address is None and collection_point is None:
        address = factories.make_address()
    checkout = Checkout.objects.create(
        channel=channel, currency=channel.currency_code, user=user, email=email, language_code=language_code,
        collection_point=collection_point, shipping_address=address, billing_address=address,
        payment_gateway=gateway, **fields,
    )
    for variant, quantity in items:
        CheckoutLine.objects.create(checkout=checkout, variant=variant, quantity=quantity)
    return checkout


def place_order(channel, items, **fields):
    return create_order_from_checkout(make_checkout(channel, items, **fields))


def collection_point(channel, *, option=WarehouseClickAndCollectOption.LOCAL_STOCK, name="Trung tâm Bát Tràng"):
    return factories.make_warehouse(channels=[channel], click_and_collect_option=option, name=name)


def put_stock(variant, warehouse, quantity):
    stock, _ = Stock.objects.update_or_create(
        warehouse=warehouse, product_variant=variant, defaults={"quantity": quantity})
    return stock


def restricted_staff(*permission_names, channels):
    """Staff whose only group is restricted to `channels` (a centre's staff)."""
    from django.contrib.auth.models import Permission

    from commerce.core.permissions import PermissionEnum

    user = factories.make_customer()
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    group = Group.objects.create(name=f"Nhóm {factories.serial()}")
    for name in permission_names:
        app_label, codename = PermissionEnum[name].value.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    access = GroupChannelAccess.objects.create(group=group, restricted_access_to_channels=True)
    access.channels.set(channels)
    user.groups.add(group)
    return type(user).objects.get(pk=user.pk)


def stock_of(variant, warehouse=None):
    stocks = Stock.objects.filter(product_variant=variant)
    if warehouse is not None:
        stocks = stocks.filter(warehouse=warehouse)
    return list(stocks.values_list("quantity", "quantity_allocated").order_by("pk"))


def shipping_method(channel, *, price=30000, warehouses=()):
    """A nationwide zone of `channel` with one flat-priced method."""
    from decimal import Decimal

    from commerce.shipping.models import ShippingMethod, ShippingMethodChannelListing, ShippingZone

    zone = ShippingZone.objects.create(name=f"Toàn quốc {factories.serial()}", countries=["VN"])
    zone.channels.add(channel)
    zone.warehouses.add(*warehouses)
    method = ShippingMethod.objects.create(shipping_zone=zone, name="Giao hàng tiêu chuẩn")
    ShippingMethodChannelListing.objects.create(
        shipping_method=method, channel=channel, currency=channel.currency_code, price_amount=Decimal(price))
    return method
