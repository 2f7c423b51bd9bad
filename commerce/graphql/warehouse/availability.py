"""How many of a variant one checkout may take, by Saleor's rule.

Stock counts from the warehouses of the channel: per stock, what is on hand
minus what is allocated to orders (never below zero), summed. The answer is
capped at the shop's per-checkout limit (Saleor's `limitQuantityPerCheckout`,
default 50; settings.LIMIT_QUANTITY_PER_CHECKOUT here, None for no limit).
A variant whose inventory is not tracked, or that is on pre-order, is limited
only by that cap (and by its listing's pre-order threshold, if set).

Warehouses are not yet tied to shipping zones, so a destination country does
not narrow the warehouses: every warehouse of the channel ships everywhere the
channel sells.
"""

from django.conf import settings

DEFAULT_LIMIT_QUANTITY_PER_CHECKOUT = 50


def limit_quantity_per_checkout() -> int | None:
    return getattr(settings, "LIMIT_QUANTITY_PER_CHECKOUT", DEFAULT_LIMIT_QUANTITY_PER_CHECKOUT)


def stock_available(stocks) -> int:
    return sum(max(stock.quantity - stock.quantity_allocated, 0) for stock in stocks)


def _cap(quantity: int, limit: int | None) -> int:
    return max(quantity if limit is None else min(quantity, limit), 0)


def quantity_available(variant, stocks, variant_listing=None) -> int | None:
    limit = limit_quantity_per_checkout()
    if variant.is_preorder:
        threshold = getattr(variant_listing, "preorder_quantity_threshold", None)
        return limit if threshold is None else _cap(threshold, limit)
    if not variant.track_inventory:
        return limit
    return _cap(stock_available(stocks), limit)
