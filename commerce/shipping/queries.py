"""Which delivery methods a checkout may use.

A method is offered when its zone belongs to the checkout's channel and serves
the shipping address's province (`ShippingZone.serves`), it has a price in the
channel, and the order's subtotal and weight fall within the bounds of the
method and of its listing. Each returned method carries its listing
(`method.listing`) and its price for this order (`method.price`), so callers
need no further queries.
"""

from __future__ import annotations

from decimal import Decimal

from commerce.checkout.calculations import shipping_price_for_listing
from commerce.core.prices import Money

from .models import ShippingMethod, ShippingMethodChannelListing, ShippingZone


def _within(value: Decimal, low, high) -> bool:
    if low is not None and value < low:
        return False
    return high is None or value <= high


def listing_admits(listing: ShippingMethodChannelListing, subtotal: Money) -> bool:
    return _within(subtotal.amount, listing.minimum_order_price_amount, listing.maximum_order_price_amount)


def method_admits(method: ShippingMethod, weight_kg: Decimal) -> bool:
    return _within(Decimal(weight_kg), method.minimum_order_weight, method.maximum_order_weight)


def zones_serving(channel_id, country: str, province_code) -> list[ShippingZone]:
    zones = ShippingZone.objects.filter(channels__id=channel_id).order_by("pk")
    return [zone for zone in zones if zone.serves(country, province_code)]


def applicable_shipping_methods(checkout, subtotal: Money, weight) -> list[ShippingMethod]:
    """The methods the checkout may ship with, cheapest first (then by id).

    Nothing is applicable without a shipping address: where to ship decides
    which zones apply."""
    address = checkout.shipping_address
    if address is None:
        return []
    zones = zones_serving(checkout.channel_id, address.country or "VN", address.province_code)
    if not zones:
        return []
    listings = {
        listing.shipping_method_id: listing
        for listing in ShippingMethodChannelListing.objects.filter(
            channel_id=checkout.channel_id, shipping_method__shipping_zone__in=zones
        )
    }
    methods = ShippingMethod.objects.filter(pk__in=listings).prefetch_related("translations")
    result = []
    for method in methods:
        listing = listings[method.pk]
        if not (listing_admits(listing, subtotal) and method_admits(method, weight)):
            continue
        method.listing = listing
        method.price = shipping_price_for_listing(listing, subtotal, Decimal(weight))
        result.append(method)
    result.sort(key=lambda m: (m.price.amount, m.pk))
    return result


def is_shipping_method_applicable(checkout, method_id, subtotal: Money, weight) -> bool:
    return any(m.pk == int(method_id) for m in applicable_shipping_methods(checkout, subtotal, weight))
