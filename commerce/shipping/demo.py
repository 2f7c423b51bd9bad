"""Default delivery methods for a demo or a fresh channel (used by the demo loader)."""

from decimal import Decimal

from django.db import transaction

from commerce.account.divisions import HANOI

from .models import ShippingMethod, ShippingMethodChannelListing, ShippingMethodType, ShippingZone

STANDARD = "Giao hàng tiêu chuẩn"
HANOI_EXPRESS = "Giao hàng nhanh nội thành Hà Nội"
VIETNAM_ZONE = "Toàn quốc"
HANOI_ZONE = "Hà Nội"


def _zone(name: str, channel, province_codes: list[int]) -> ShippingZone:
    zone, _ = ShippingZone.objects.get_or_create(
        name=name, defaults={"countries": ["VN"], "province_codes": province_codes, "default": not province_codes}
    )
    zone.channels.add(channel)
    return zone


def _method(zone, name, channel, *, type, price, per_kg=None, free_above=None, days=(None, None)):
    method, _ = ShippingMethod.objects.get_or_create(
        shipping_zone=zone,
        name=name,
        defaults={"type": type, "minimum_delivery_days": days[0], "maximum_delivery_days": days[1]},
    )
    ShippingMethodChannelListing.objects.update_or_create(
        shipping_method=method,
        channel=channel,
        defaults={
            "currency": channel.currency_code,
            "price_amount": Decimal(price),
            "price_per_kg_amount": None if per_kg is None else Decimal(per_kg),
            "free_above_amount": None if free_above is None else Decimal(free_above),
        },
    )
    return method


@transaction.atomic
def ensure_default_shipping(channel) -> list[ShippingMethod]:
    """Idempotent: standard delivery everywhere (30.000 ₫, free from 500.000 ₫)
    and express delivery inside Hà Nội priced by weight (25.000 ₫ for the first
    kilogram, 5.000 ₫ for each started kilogram above it)."""
    country = _zone(VIETNAM_ZONE, channel, [])
    hanoi = _zone(HANOI_ZONE, channel, [HANOI])
    return [
        _method(country, STANDARD, channel, type=ShippingMethodType.PRICE, price=30000, free_above=500000, days=(2, 5)),
        _method(hanoi, HANOI_EXPRESS, channel, type=ShippingMethodType.WEIGHT, price=25000, per_kg=5000, days=(0, 1)),
    ]
