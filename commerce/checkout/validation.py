"""Checks on what a checkout holds, shared by the line actions and completion.

Each check raises Django's ValidationError with a Saleor CheckoutErrorCode and
the global IDs of the variants at fault (`params["variants"]`), so the client
learns every offending line at once, not only the first.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from commerce.graphql.core.ids import to_global_id

from .error_codes import CheckoutErrorCode

# Saleor's default: no more than 50 of one variant in a checkout.
DEFAULT_LIMIT_QUANTITY_PER_CHECKOUT = 50


def variant_gid(variant_or_pk) -> str:
    return to_global_id("ProductVariant", getattr(variant_or_pk, "pk", variant_or_pk))


def error(field: str, message: str, code: CheckoutErrorCode, variants=None, **params) -> ValidationError:
    if variants is not None:
        params["variants"] = [variant_gid(v) for v in variants]
    return ValidationError({field: ValidationError(message, code=code.value, params=params or None)})


def global_quantity_limit() -> int:
    return getattr(settings, "LIMIT_QUANTITY_PER_CHECKOUT", DEFAULT_LIMIT_QUANTITY_PER_CHECKOUT)


def _label(variant) -> str:
    return variant.sku or str(variant)


# --- quantities ----------------------------------------------------------------------


def check_requested_quantity(quantity: int, *, allow_zero: bool) -> None:
    """A quantity typed by the customer: positive (zero only where it means
    "remove"), and not beyond the shop's per-checkout limit (so 10**9 is an
    error, not an overflow)."""
    if quantity < 0 or (quantity == 0 and not allow_zero):
        message = (
            _("Số lượng phải lớn hơn hoặc bằng 0. (The quantity should be zero or more.)")
            if allow_zero
            else _("Số lượng phải lớn hơn 0. (The quantity should be higher than zero.)")
        )
        raise error("quantity", message, CheckoutErrorCode.ZERO_QUANTITY)
    limit = global_quantity_limit()
    if quantity > limit:
        raise error(
            "quantity",
            _("Mỗi sản phẩm tối đa %(limit)s chiếc trong một giỏ hàng. (Cannot add more than %(limit)s of one item.)")
            % {"limit": limit},
            CheckoutErrorCode.QUANTITY_GREATER_THAN_LIMIT,
        )


def _ordered_before(user, variant_ids) -> dict[int, int]:
    """What `user` already bought of each variant, in orders not canceled or expired."""
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    from commerce.order.models import OrderLine, OrderStatus

    rows = (
        OrderLine.objects.filter(order__user=user, variant_id__in=variant_ids)
        .exclude(order__status__in=[OrderStatus.CANCELED, OrderStatus.EXPIRED, OrderStatus.DRAFT])
        .values("variant_id")
        .annotate(total=Sum("quantity"))
    )
    return {row["variant_id"]: row["total"] for row in rows}


def check_quantity_limits(totals: dict, variants: dict, user=None) -> None:
    """`totals`: the checkout's resulting quantity per variant pk. The shop-wide
    limit per checkout, then each variant's own limit per customer (counting
    what a signed-in customer bought before, as Saleor does)."""
    limit = global_quantity_limit()
    over = [variants[pk] for pk, quantity in totals.items() if quantity > limit]
    if over:
        raise error(
            "quantity",
            _("Mỗi sản phẩm tối đa %(limit)s chiếc trong một giỏ hàng: %(items)s. "
              "(Cannot add more than %(limit)s of one item.)")
            % {"limit": limit, "items": ", ".join(_label(v) for v in over)},
            CheckoutErrorCode.QUANTITY_GREATER_THAN_LIMIT,
            variants=over,
        )
    limited = [pk for pk in totals if variants[pk].quantity_limit_per_customer is not None]
    if not limited:
        return
    before = _ordered_before(user, limited)
    over = [
        variants[pk]
        for pk in limited
        if totals[pk] + before.get(pk, 0) > variants[pk].quantity_limit_per_customer
    ]
    if over:
        raise error(
            "quantity",
            _("Mỗi khách chỉ được mua tối đa %(limit)s chiếc %(item)s. (Limit per customer: %(limit)s.)")
            % {"limit": over[0].quantity_limit_per_customer, "item": _label(over[0])},
            CheckoutErrorCode.QUANTITY_GREATER_THAN_LIMIT,
            variants=over,
        )


# --- availability in the channel ------------------------------------------------------


def check_available_in_channel(channel, variants: list, field: str = "lines", now=None) -> None:
    """Every variant is priced in the channel, its product published there and
    available for purchase (three queries for any number of variants)."""
    from commerce.product.models import ProductChannelListing, ProductVariantChannelListing

    now = now or timezone.now()
    if not variants:
        return
    priced = set(
        ProductVariantChannelListing.objects.filter(
            channel_id=channel.pk, variant_id__in=[v.pk for v in variants], price_amount__isnull=False
        ).values_list("variant_id", flat=True)
    )
    product_listings = {
        listing.product_id: listing
        for listing in ProductChannelListing.objects.filter(
            channel_id=channel.pk, product_id__in={v.product_id for v in variants}
        )
    }
    unavailable = [v for v in variants if v.pk not in priced or v.product_id not in product_listings]
    if unavailable:
        raise error(
            field,
            _("Không bán tại kênh %(channel)s: %(items)s. (Not available in channel %(channel)s.)")
            % {"channel": channel.slug, "items": ", ".join(_label(v) for v in unavailable)},
            CheckoutErrorCode.UNAVAILABLE_VARIANT_IN_CHANNEL,
            variants=unavailable,
        )
    unpublished = [v for v in variants if not product_listings[v.product_id].is_visible(now)]
    if unpublished:
        raise error(
            field,
            _("Sản phẩm chưa được đăng bán: %(items)s. (The product is not published.)")
            % {"items": ", ".join(_label(v) for v in unpublished)},
            CheckoutErrorCode.PRODUCT_NOT_PUBLISHED,
            variants=unpublished,
        )
    not_yet = [v for v in variants if not product_listings[v.product_id].is_available_for_purchase(now)]
    if not_yet:
        raise error(
            field,
            _("Sản phẩm chưa mở bán: %(items)s. (The product is not available for purchase.)")
            % {"items": ", ".join(_label(v) for v in not_yet)},
            CheckoutErrorCode.PRODUCT_UNAVAILABLE_FOR_PURCHASE,
            variants=not_yet,
        )


# --- stock ----------------------------------------------------------------------------------


def check_stock(checkout, totals: dict, variants: dict, *, collection_point=None, field: str = "quantity") -> None:
    """Enough stock for each variant's resulting quantity, where this checkout's
    delivery may take it from (other checkouts' reservations excluded)."""
    from commerce.warehouse.stock import available_quantities

    collection_point = collection_point if collection_point is not None else checkout.collection_point
    checked = [
        variants[pk] for pk in totals if variants[pk].track_inventory and not variants[pk].is_preorder
    ]
    available = available_quantities(
        checked,
        checkout.channel,
        collection_point=collection_point,
        exclude_checkout=checkout if checkout.pk and not checkout._state.adding else None,
        address=None if collection_point is not None else checkout.shipping_address,
    )
    short = [(variant, available[variant.pk]) for variant in checked if totals[variant.pk] > available[variant.pk]]
    if short:
        raise insufficient_stock_error(short, field)


def insufficient_stock_error(short, field="quantity") -> ValidationError:
    """`short`: (variant, available quantity) pairs."""
    items = ", ".join(
        _("%(item)s (còn %(available)s / only %(available)s left)") % {"item": _label(v), "available": n}
        for v, n in short
    )
    return error(
        field,
        _("Không đủ hàng trong kho: %(items)s. (Insufficient stock.)") % {"items": items},
        CheckoutErrorCode.INSUFFICIENT_STOCK,
        variants=[v for v, _n in short],
    )
