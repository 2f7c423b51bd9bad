"""Turning a checkout into an order (Saleor's checkoutComplete).

Everything that can be checked beforehand is checked first, in the order a
customer would fix it (lines, channel, email, address, delivery, stock,
payment); then one transaction creates the order (which locks the checkout,
allocates stock and deletes the checkout) and moves the checkout's payments
to it. A shortage found while allocating (someone bought the last one a
moment ago) rolls everything back and reports INSUFFICIENT_STOCK with the
variants concerned.

Billing address: not required. Vietnamese shops rarely ask for one (a VAT
invoice is requested separately), so BILLING_ADDRESS_NOT_SET is never raised.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from .calculations import checkout_totals, fetch_lines, is_shipping_required
from .error_codes import CheckoutErrorCode
from .validation import check_available_in_channel, check_stock, error, insufficient_stock_error


def _check_lines(checkout, lines) -> None:
    if not lines:
        raise error("lines", _("Giỏ hàng trống. (Cannot complete a checkout without lines.)"),
                    CheckoutErrorCode.NO_LINES)
    # Also refuses lines whose variant lost its price in the channel.
    check_available_in_channel(checkout.channel, [line.variant for line in lines])


def _check_delivery(checkout, lines, totals) -> None:
    from .delivery import applicable_methods, available_collection_points

    if checkout.collection_point_id is not None:
        if checkout.collection_point_id not in {w.pk for w in available_collection_points(checkout, lines)}:
            raise error("delivery_method_id", _("Không thể nhận hàng tại điểm đã chọn nữa; hãy chọn lại. "
                                                "(The collection point is no longer applicable.)"),
                        CheckoutErrorCode.DELIVERY_METHOD_NOT_APPLICABLE)
        return
    if not is_shipping_required(lines):
        return
    if checkout.shipping_address_id is None:
        raise error("shipping_address", _("Nhập địa chỉ giao hàng. (The shipping address is not set.)"),
                    CheckoutErrorCode.SHIPPING_ADDRESS_NOT_SET)
    if checkout.shipping_method_id is None:
        raise error("shipping_method", _("Chọn phương thức giao hàng. (The shipping method is not set.)"),
                    CheckoutErrorCode.SHIPPING_METHOD_NOT_SET)
    if checkout.shipping_method_id not in {m.pk for m in applicable_methods(checkout, lines, totals)}:
        raise error("shipping_method", _("Phương thức giao hàng đã chọn không còn áp dụng; hãy chọn lại. "
                                         "(The shipping method is no longer applicable.)"),
                    CheckoutErrorCode.SHIPPING_METHOD_NOT_APPLICABLE)


def _quantities(lines):
    totals, variants = {}, {}
    for line in lines:
        totals[line.variant_id] = totals.get(line.variant_id, 0) + line.quantity
        variants[line.variant_id] = line.variant
    return totals, variants


def validate_checkout_for_completion(checkout, *, user=None):
    """(lines, totals) of a checkout that may become an order, else ValidationError."""
    lines = fetch_lines(checkout)
    _check_lines(checkout, lines)
    if not checkout.channel.is_active:
        raise error("channel", _("Kênh '%(slug)s' đang tạm ngừng bán. (Channel '%(slug)s' is inactive.)")
                    % {"slug": checkout.channel.slug}, CheckoutErrorCode.CHANNEL_INACTIVE)
    if not (checkout.email or (checkout.user and checkout.user.email)):
        raise error("email", _("Nhập email để nhận xác nhận đơn hàng. (Checkout email must be set.)"),
                    CheckoutErrorCode.EMAIL_NOT_SET)
    totals = checkout_totals(checkout, lines)
    _check_delivery(checkout, lines, totals)
    quantities, variants = _quantities(lines)
    check_stock(checkout, quantities, variants, field="lines")
    from commerce.payment.actions import checkout_payment_problem

    problem = checkout_payment_problem(checkout, totals.total.gross)
    if problem is not None:
        code, message = problem
        raise error("id", message, CheckoutErrorCode(code))
    return lines, totals


def complete_checkout(checkout, *, user=None, app=None):
    """The order made from `checkout` (Saleor's checkoutComplete), in one transaction."""
    from commerce.order.actions import create_order_from_checkout
    from commerce.warehouse.exceptions import InsufficientStock

    signed_in = user is not None and getattr(user, "is_authenticated", False)
    lines, totals = validate_checkout_for_completion(checkout, user=user)
    try:
        with transaction.atomic():
            order = create_order_from_checkout(
                checkout, user=(checkout.user or (user if signed_in else None)), app=app, lines=lines, totals=totals
            )
    except InsufficientStock as exc:
        raise insufficient_stock_error([(item.variant, item.available_quantity) for item in exc.items], "lines")
    return order
