"""Every change to a checkout: create it, change its lines, contact and
addresses, choose how it is delivered, and turn it into an order.

GraphQL mutations, storefront pages and tests call these functions, so each
rule lives here once. Each function validates everything before it writes
anything and raises ValidationError with Saleor's CheckoutErrorCode; callers
run it inside a transaction (the GraphQL mutations do), so a failure leaves
the checkout as it was.

Lines are addressed by variant primary key (`{"variant_id": 7, "quantity": 2}`)
or, for updates, by line id. Adding a variant that is already in the checkout
adds to that line; an update to quantity 0 removes the line.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from commerce.channel.models import Channel

from .addresses import BILLING, SHIPPING, build_address
from .calculations import fetch_lines, is_shipping_required
from .error_codes import CheckoutErrorCode
from .models import Checkout, CheckoutLine
from .validation import (
    check_available_in_channel,
    check_quantity_limits,
    check_requested_quantity,
    check_stock,
    error,
    insufficient_stock_error,
)

SUPPORTED_LANGUAGES = ("vi", "en")


@dataclass
class LineChange:
    """One requested line: a variant (pk) and the quantity asked for; for
    updates, `line_id` instead of a variant names an existing line."""

    quantity: int
    variant_id: int | None = None
    line_id: str | None = None


def _as_changes(lines) -> list[LineChange]:
    return [line if isinstance(line, LineChange) else LineChange(**line) for line in lines]


# --- channel ----------------------------------------------------------------------


def channel_for_checkout(slug: str | None) -> Channel:
    if not slug:
        raise error("channel", _("Chọn kênh bán hàng. (You must provide a channel slug.)"),
                    CheckoutErrorCode.MISSING_CHANNEL_SLUG)
    channel = Channel.objects.filter(slug=slug).first()
    if channel is None:
        raise error("channel", _("Không có kênh bán hàng '%(slug)s'. (Channel with '%(slug)s' slug does not exist.)")
                    % {"slug": slug}, CheckoutErrorCode.NOT_FOUND)
    if not channel.is_active:
        raise error("channel", _("Kênh '%(slug)s' đang tạm ngừng bán. (Channel '%(slug)s' is inactive.)")
                    % {"slug": slug}, CheckoutErrorCode.CHANNEL_INACTIVE)
    return channel


# --- lines -------------------------------------------------------------------------


def _load_variants(variant_ids, field="variant_id") -> dict:
    from commerce.product.models import ProductVariant

    variant_ids = set(variant_ids)
    variants = {v.pk: v for v in ProductVariant.objects.filter(pk__in=variant_ids).select_related("product")}
    missing = sorted(variant_ids - set(variants))
    if missing:
        raise error(field, _("Không tìm thấy sản phẩm. (Variant not found.)"), CheckoutErrorCode.NOT_FOUND,
                    variants=missing)
    return variants


def _validate_resulting_lines(checkout, totals: dict, variants: dict, user=None) -> None:
    """Checks on the lines the checkout would have, in Saleor's order."""
    check_quantity_limits(totals, variants, user=user or checkout.user)
    check_available_in_channel(checkout.channel, [variants[pk] for pk in totals])
    check_stock(checkout, totals, variants)


def _reserve(checkout) -> None:
    """Hold the lines' stock when the channel reserves stock for checkouts."""
    minutes = checkout.channel.checkout_reservation_minutes
    if not minutes:
        return
    from commerce.warehouse.exceptions import InsufficientStock
    from commerce.warehouse.stock import reserve_stocks

    lines = list(checkout.lines.select_related("checkout"))
    try:
        reserve_stocks(lines, checkout.channel, minutes)
    except InsufficientStock as exc:
        raise insufficient_stock_error([(item.variant, item.available_quantity) for item in exc.items])


def _apply(checkout, totals: dict, existing: dict) -> None:
    """Write the resulting quantity per variant: update, create or delete lines."""
    for variant_id, quantity in totals.items():
        line = existing.get(variant_id)
        if line is None:
            if quantity > 0:
                CheckoutLine.objects.create(checkout=checkout, variant_id=variant_id, quantity=quantity)
        elif quantity == 0:
            line.delete()
        elif line.quantity != quantity:
            line.quantity = quantity
            line.save(update_fields=["quantity"])
    checkout.save(update_fields=["last_change"])


def _existing_lines(checkout) -> dict:
    """The checkout's lines by variant; duplicate lines of a variant merge into one."""
    existing: dict = {}
    for line in checkout.lines.select_for_update().order_by("created_at", "id"):
        if line.variant_id in existing:
            kept = existing[line.variant_id]
            kept.quantity += line.quantity
            kept.save(update_fields=["quantity"])
            line.delete()
        else:
            existing[line.variant_id] = line
    return existing


@transaction.atomic
def add_lines(checkout: Checkout, lines, *, user=None) -> Checkout:
    """Add variants to the checkout (quantities add up for a variant already there)."""
    changes = _as_changes(lines)
    for change in changes:
        check_requested_quantity(change.quantity, allow_zero=False)
    variants = _load_variants(c.variant_id for c in changes)
    existing = _existing_lines(checkout)
    totals = {pk: line.quantity for pk, line in existing.items()}
    for change in changes:
        totals[change.variant_id] = totals.get(change.variant_id, 0) + change.quantity
    _validate_resulting_lines(checkout, {pk: totals[pk] for pk in variants}, variants, user)
    _apply(checkout, totals, existing)
    _reserve(checkout)
    return checkout


@transaction.atomic
def update_lines(checkout: Checkout, lines, *, user=None) -> Checkout:
    """Set the quantity of lines (by line id or variant); 0 removes the line;
    a variant not yet in the checkout is added."""
    changes = _as_changes(lines)
    for change in changes:
        check_requested_quantity(change.quantity, allow_zero=True)
    existing = _existing_lines(checkout)
    by_line_id = {str(line.pk): line for line in existing.values()}
    targets: dict = {}
    for change in changes:
        if change.line_id is not None:
            line = by_line_id.get(str(change.line_id))
            if line is None:
                raise ValidationError({"line_id": ValidationError(
                    _("Giỏ hàng không có dòng này. (Couldn't find the line in this checkout.)"),
                    code=CheckoutErrorCode.NOT_FOUND.value,
                    params={"lines": [_line_gid(change.line_id)]},
                )})
            targets[line.variant_id] = change.quantity
        else:
            targets[change.variant_id] = change.quantity
    variants = _load_variants(targets)
    remaining = {pk: quantity for pk, quantity in targets.items() if quantity > 0}
    if remaining:
        _validate_resulting_lines(checkout, remaining, {pk: variants[pk] for pk in remaining}, user)
    _apply(checkout, targets, existing)
    _reserve(checkout)
    return checkout


def _line_gid(line_id) -> str:
    from commerce.graphql.core.ids import to_global_id

    return to_global_id("CheckoutLine", line_id)


@transaction.atomic
def delete_lines(checkout: Checkout, line_ids) -> Checkout:
    line_ids = [str(pk) for pk in line_ids]
    found = {str(pk) for pk in checkout.lines.filter(pk__in=line_ids).values_list("pk", flat=True)}
    missing = [pk for pk in line_ids if pk not in found]
    if missing:
        raise ValidationError({"line_id": ValidationError(
            _("Giỏ hàng không có dòng này. (Couldn't find the line in this checkout.)"),
            code=CheckoutErrorCode.NOT_FOUND.value,
            params={"lines": [_line_gid(pk) for pk in missing]},
        )})
    checkout.lines.filter(pk__in=line_ids).delete()
    checkout.save(update_fields=["last_change"])
    return checkout


# --- creation ------------------------------------------------------------------------


def _clean_email(email: str | None, required: bool) -> str | None:
    email = (email or "").strip()
    if not email:
        if required:
            raise error("email", _("Nhập địa chỉ email. (This field cannot be blank.)"), CheckoutErrorCode.REQUIRED)
        return None
    try:
        validate_email(email)
    except ValidationError:
        raise error("email", _("%(email)s không phải địa chỉ email hợp lệ. (Enter a valid email address.)")
                    % {"email": email}, CheckoutErrorCode.INVALID)
    return email.lower()


def _language(code: str | None) -> str:
    code = (code or "vi").lower().replace("_", "-")
    base = code.split("-")[0]
    return base if base in SUPPORTED_LANGUAGES else "vi"


@transaction.atomic
def create_checkout(
    *,
    channel_slug: str | None,
    lines=(),
    email: str | None = None,
    shipping_address: dict | None = None,
    billing_address: dict | None = None,
    language_code: str | None = None,
    user=None,
) -> Checkout:
    """A new checkout in the channel, owned by `user` when signed in."""
    channel = channel_for_checkout(channel_slug)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    email = _clean_email(email, required=False) or (user.email if signed_in else None)
    shipping = build_address(shipping_address, SHIPPING) if shipping_address else None
    billing = build_address(billing_address, BILLING) if billing_address else None
    checkout = Checkout(
        channel=channel,
        currency=channel.currency_code,
        country=channel.default_country or "VN",
        email=email,
        user=user if signed_in else None,
        language_code=_language(language_code),
    )
    changes = _as_changes(lines)
    for change in changes:
        check_requested_quantity(change.quantity, allow_zero=False)
    variants = _load_variants(c.variant_id for c in changes)
    totals: dict = {}
    for change in changes:
        totals[change.variant_id] = totals.get(change.variant_id, 0) + change.quantity
    if shipping is not None:
        checkout.shipping_address = shipping  # unsaved: stock is looked for near it
    _validate_resulting_lines(checkout, totals, variants, user if signed_in else None)
    for address in (shipping, billing):
        if address is not None:
            address.save()
    checkout.shipping_address, checkout.billing_address = shipping, billing
    checkout.save()
    CheckoutLine.objects.bulk_create(
        [CheckoutLine(checkout=checkout, variant_id=pk, quantity=quantity) for pk, quantity in totals.items()]
    )
    _reserve(checkout)
    return checkout


# --- contact and addresses -------------------------------------------------------------


@transaction.atomic
def update_email(checkout: Checkout, email: str | None) -> Checkout:
    checkout.email = _clean_email(email, required=True)
    checkout.save(update_fields=["email", "last_change"])
    return checkout


def _replace_address(checkout, field: str, data: dict, address_type: str) -> Checkout:
    address = build_address(data, address_type)
    old = getattr(checkout, field)
    address.save()
    setattr(checkout, field, address)
    checkout.save(update_fields=[field, "last_change"])
    if old is not None and old.pk != address.pk:
        _delete_if_orphan(old)
    return checkout


def _delete_if_orphan(address) -> None:
    """A checkout's own copy of an address, once replaced, is deleted unless
    something else (a user's book, another checkout) refers to it."""
    from commerce.account.models import User

    if Checkout.objects.filter(shipping_address=address).exists() or Checkout.objects.filter(
        billing_address=address
    ).exists():
        return
    if User.objects.filter(addresses=address).exists():
        return
    if User.objects.filter(default_shipping_address=address).exists() or User.objects.filter(
        default_billing_address=address
    ).exists():
        return
    try:
        address.delete()
    except Exception:  # protected by an order or a warehouse: keep it
        pass


@transaction.atomic
def update_shipping_address(checkout: Checkout, data: dict) -> Checkout:
    return _replace_address(checkout, "shipping_address", data, SHIPPING)


@transaction.atomic
def update_billing_address(checkout: Checkout, data: dict) -> Checkout:
    return _replace_address(checkout, "billing_address", data, BILLING)


# --- delivery -------------------------------------------------------------------------------


@transaction.atomic
def update_delivery_method(checkout: Checkout, *, shipping_method_id=None, collection_point_id=None) -> Checkout:
    """Choose a shipping method or a collection point (exactly one); the other is cleared."""
    from commerce.shipping.models import ShippingMethod
    from commerce.warehouse.models import Warehouse

    from .delivery import applicable_methods, available_collection_points

    lines = fetch_lines(checkout)
    field = "delivery_method_id"
    if shipping_method_id is not None:
        if not ShippingMethod.objects.filter(pk=shipping_method_id).exists():
            raise error(field, _("Không tìm thấy phương thức giao hàng. (Shipping method not found.)"),
                        CheckoutErrorCode.NOT_FOUND)
        if not is_shipping_required(lines):
            raise error(field, _("Giỏ hàng không cần giao hàng. (This checkout doesn't need shipping.)"),
                        CheckoutErrorCode.SHIPPING_NOT_REQUIRED)
        if checkout.shipping_address is None:
            raise error(field, _("Nhập địa chỉ giao hàng trước. (Set the shipping address first.)"),
                        CheckoutErrorCode.SHIPPING_ADDRESS_NOT_SET)
        if shipping_method_id not in {m.pk for m in applicable_methods(checkout, lines)}:
            raise error(field, _("Phương thức giao hàng này không áp dụng cho giỏ hàng và địa chỉ này. "
                                 "(This shipping method is not applicable.)"),
                        CheckoutErrorCode.SHIPPING_METHOD_NOT_APPLICABLE)
        checkout.shipping_method_id, checkout.collection_point = shipping_method_id, None
    elif collection_point_id is not None:
        if not Warehouse.objects.filter(pk=collection_point_id).exists():
            raise error(field, _("Không tìm thấy điểm nhận hàng. (Collection point not found.)"),
                        CheckoutErrorCode.NOT_FOUND)
        points = {w.pk: w for w in available_collection_points(checkout, lines)}
        if collection_point_id not in points:
            raise error(field, _("Không thể nhận hàng tại điểm này cho giỏ hàng này. "
                                 "(This collection point is not applicable.)"),
                        CheckoutErrorCode.DELIVERY_METHOD_NOT_APPLICABLE)
        checkout.collection_point, checkout.shipping_method_id = points[collection_point_id], None
    else:
        checkout.shipping_method_id, checkout.collection_point = None, None
    checkout.save(update_fields=["shipping_method", "collection_point", "last_change"])
    _reserve(checkout)
    return checkout


def update_language(checkout: Checkout, language_code: str) -> Checkout:
    checkout.language_code = _language(language_code)
    checkout.save(update_fields=["language_code", "last_change"])
    return checkout


# --- completion ------------------------------------------------------------------------------

from .complete import complete_checkout, validate_checkout_for_completion  # noqa: E402

__all__ = [
    "LineChange",
    "add_lines",
    "channel_for_checkout",
    "complete_checkout",
    "create_checkout",
    "delete_lines",
    "update_billing_address",
    "update_delivery_method",
    "update_email",
    "update_language",
    "update_lines",
    "update_shipping_address",
    "validate_checkout_for_completion",
]
