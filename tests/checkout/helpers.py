"""Building blocks for checkout tests: a shop with one channel, a product in
stock, shipping zones, a collection point; addresses in Hà Nội."""

from decimal import Decimal

from commerce.account import divisions
from commerce.checkout import actions
from commerce.shipping.models import ShippingMethod, ShippingMethodChannelListing, ShippingMethodType, ShippingZone
from commerce.warehouse.models import Stock, WarehouseClickAndCollectOption
from tests import factories

HANOI = divisions.HANOI
# A ward of Hà Nội and one of Hồ Chí Minh City (province 79).
HANOI_WARD = next(code for code, w in divisions.wards().items() if int(w.province_code) == HANOI)
HCMC = 79
HCMC_WARD = next(code for code, w in divisions.wards().items() if int(w.province_code) == HCMC)


def address_input(**fields) -> dict:
    data = {
        "first_name": "Lan",
        "last_name": "Nguyễn",
        "street_address_1": "12 Hàng Gai",
        "province_code": HANOI,
        "ward_code": HANOI_WARD,
        "phone": "0912 345 678",
        "country": "VN",
    }
    data.update(fields)
    return data


def make_zone(channel, name="Toàn quốc", provinces=(), warehouses=()) -> ShippingZone:
    zone = ShippingZone.objects.create(name=name, countries=["VN"], province_codes=list(provinces))
    zone.channels.add(channel)
    zone.warehouses.add(*warehouses)
    return zone


def make_method(zone, channel, name="Giao hàng tiêu chuẩn", *, price=30000, per_kg=None, free_above=None,
                min_price=None, max_price=None, min_weight=None, max_weight=None, type=ShippingMethodType.PRICE):
    method = ShippingMethod.objects.create(
        shipping_zone=zone, name=name, type=type, minimum_order_weight=min_weight, maximum_order_weight=max_weight
    )
    ShippingMethodChannelListing.objects.create(
        shipping_method=method,
        channel=channel,
        currency=channel.currency_code,
        price_amount=Decimal(price),
        price_per_kg_amount=None if per_kg is None else Decimal(per_kg),
        free_above_amount=None if free_above is None else Decimal(free_above),
        minimum_order_price_amount=None if min_price is None else Decimal(min_price),
        maximum_order_price_amount=None if max_price is None else Decimal(max_price),
    )
    return method


def make_variant_in(channel, *, price=125000, stock=10, weight=None, **product_fields):
    product = factories.make_product(channels=[channel], price=price, stock=stock, **product_fields)
    variant = product.variants.get()
    if weight is not None:
        variant.weight = Decimal(weight)
        variant.save(update_fields=["weight"])
    return variant


def make_collection_point(channel, option=WarehouseClickAndCollectOption.LOCAL_STOCK, *, stock=None):
    """A centre's counter serving `channel`; `stock`: {variant: quantity} held there."""
    warehouse = factories.make_warehouse(channels=[channel], click_and_collect_option=option)
    for variant, quantity in (stock or {}).items():
        Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=quantity)
    return warehouse


def new_checkout(channel, lines=(), **fields):
    """`lines`: (variant, quantity) pairs."""
    return actions.create_checkout(
        channel_slug=channel.slug,
        lines=[{"variant_id": v.pk, "quantity": q} for v, q in lines],
        **fields,
    )
