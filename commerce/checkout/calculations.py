"""What a checkout costs, computed from current channel prices every time.

Prices are tax-inclusive (Vietnamese retail prices include VAT), so net = gross
and tax = 0. Every amount is quantized to the currency's own precision (VND has
no minor unit). Totals are never stored on the checkout: a price change in the
channel shows in the cart at once, and the order snapshots what was paid.

Shipping (a ShippingMethodChannelListing of the chosen method in the channel):
- flat: `price_amount`;
- weight-based (a `price_per_kg_amount` is set): `price_amount` plus
  `price_per_kg_amount` for every started kilogram above the first
  (1 kg → base, 1.2 kg → base + 1×, 2.01 kg → base + 2×);
- free when the subtotal reaches `free_above_amount`;
- click-and-collect at a centre ships nothing, so it is free.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from commerce.core.prices import Money, TaxedMoney


@dataclass(frozen=True)
class CheckoutTotals:
    subtotal: TaxedMoney
    shipping_price: TaxedMoney
    total: TaxedMoney
    weight_kg: Decimal


def taxed(amount, currency: str) -> TaxedMoney:
    """Tax-inclusive money: net equals gross."""
    money = Money(Decimal(amount or 0), currency)
    return TaxedMoney(net=money, gross=money)


def zero(currency: str) -> TaxedMoney:
    return taxed(0, currency)


# --- lines --------------------------------------------------------------------------


def fetch_lines(checkout) -> list:
    """The checkout's lines with everything pricing and weighing need, in a
    constant number of queries (variants, products, types, this channel's listings)."""
    from commerce.product.models import ProductVariantChannelListing

    lines = list(
        checkout.lines.select_related("variant__product__product_type").order_by("created_at", "id")
    )
    attach_variant_listings(lines, checkout.channel_id, ProductVariantChannelListing)
    return lines


def attach_variant_listings(lines, channel_id, listing_model=None) -> None:
    """Cache each line's variant listing in the channel on the line (`_listing`,
    None when the variant is not sold there), one query for all lines."""
    if listing_model is None:
        from commerce.product.models import ProductVariantChannelListing as listing_model
    pending = [line for line in lines if not hasattr(line, "_listing")]
    if not pending:
        return
    listings = {
        listing.variant_id: listing
        for listing in listing_model.objects.filter(
            channel_id=channel_id, variant_id__in={line.variant_id for line in pending}
        )
    }
    for line in pending:
        line._listing = listings.get(line.variant_id)


def variant_listing(checkout, line):
    """The line's ProductVariantChannelListing in the checkout's channel, or None."""
    if not hasattr(line, "_listing"):
        attach_variant_listings([line], checkout.channel_id)
    return line._listing


def listing_price_amount(listing) -> Decimal | None:
    if listing is None:
        return None
    if listing.discounted_price_amount is not None:
        return listing.discounted_price_amount
    return listing.price_amount


def line_unit_price(checkout, line) -> Money:
    """The variant's price in the checkout's channel: the discounted price when
    set, else the listed price. A line without a price (no listing, or a
    listing without price) raises ValueError: complete_checkout refuses such
    lines before any order is made."""
    amount = listing_price_amount(variant_listing(checkout, line))
    if amount is None:
        raise ValueError(f"Variant {line.variant_id} has no price in channel {checkout.channel_id}.")
    return Money(amount, checkout.currency)


def line_undiscounted_unit_price(checkout, line) -> Money | None:
    listing = variant_listing(checkout, line)
    if listing is None or listing.price_amount is None:
        return None
    return Money(listing.price_amount, checkout.currency)


def line_unit_price_or_none(checkout, line) -> Money | None:
    try:
        return line_unit_price(checkout, line)
    except ValueError:
        return None


def line_total(checkout, line) -> Money:
    """Quantity × unit price; an unpriced line counts as zero (it cannot be bought)."""
    unit = line_unit_price_or_none(checkout, line)
    if unit is None:
        return Money(Decimal(0), checkout.currency)
    return Money(unit.amount * line.quantity, checkout.currency)


def variant_weight_kg(variant) -> Decimal:
    """Saleor's fallback: the variant's weight, else the product's, else its type's."""
    for weight in (variant.weight, variant.product.weight, variant.product.product_type.weight):
        if weight is not None:
            return Decimal(weight)
    return Decimal(0)


def is_shipping_required(lines) -> bool:
    return any(line.variant.product.product_type.is_shipping_required for line in lines)


# --- shipping --------------------------------------------------------------------------


def shipping_price_for_listing(listing, subtotal: Money, weight_kg: Decimal) -> Money:
    """The price of delivering an order of `subtotal` weighing `weight_kg` with
    the method priced by `listing` (a ShippingMethodChannelListing)."""
    currency = listing.currency
    if listing.free_above_amount is not None and subtotal.amount >= listing.free_above_amount:
        return Money(Decimal(0), currency)
    amount = Decimal(listing.price_amount or 0)
    if listing.price_per_kg_amount is not None and weight_kg > 1:
        started_kg_above_first = math.ceil(Decimal(weight_kg) - 1)
        amount += Decimal(listing.price_per_kg_amount) * started_kg_above_first
    return Money(amount, currency)


def shipping_listing(checkout):
    """The chosen method's listing in the checkout's channel, or None."""
    from commerce.shipping.models import ShippingMethodChannelListing

    if not checkout.shipping_method_id:
        return None
    cache = getattr(checkout, "_shipping_listing_cache", None)
    if cache is not None and cache[0] == checkout.shipping_method_id:
        return cache[1]
    listing = ShippingMethodChannelListing.objects.filter(
        shipping_method_id=checkout.shipping_method_id, channel_id=checkout.channel_id
    ).first()
    checkout._shipping_listing_cache = (checkout.shipping_method_id, listing)
    return listing


def checkout_shipping_price(checkout, subtotal: Money, weight_kg: Decimal, lines) -> TaxedMoney:
    if checkout.collection_point_id or not is_shipping_required(lines):
        return zero(checkout.currency)
    listing = shipping_listing(checkout)
    if listing is None:
        return zero(checkout.currency)
    price = shipping_price_for_listing(listing, subtotal, weight_kg)
    return taxed(price.amount, checkout.currency)


# --- totals -----------------------------------------------------------------------------


def checkout_totals(checkout, lines=None) -> CheckoutTotals:
    """Subtotal, shipping, total and weight of the checkout at today's prices.

    `lines` may be passed when the caller already fetched them (with
    fetch_lines, so prices and weights need no further queries)."""
    if lines is None:
        lines = fetch_lines(checkout)
    else:
        attach_variant_listings(lines, checkout.channel_id)
    currency = checkout.currency
    subtotal_amount = sum((line_total(checkout, line).amount for line in lines), Decimal(0))
    weight = sum((variant_weight_kg(line.variant) * line.quantity for line in lines), Decimal(0))
    subtotal = taxed(subtotal_amount, currency)
    shipping = checkout_shipping_price(checkout, subtotal.gross, weight, lines)
    total = taxed(subtotal.gross.amount + shipping.gross.amount, currency)
    return CheckoutTotals(subtotal=subtotal, shipping_price=shipping, total=total, weight_kg=weight)
