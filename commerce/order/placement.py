"""Placing an order from a checkout (contract 4): the one path from cart to order.

Runs inside the caller's transaction (checkoutComplete's) and, in a savepoint
of its own, either does everything or nothing:

1. locks the checkout row, so two requests completing the same checkout queue;
   the second finds the order the first made (by `checkout_token`) and gets it
   back: a retried checkoutComplete is idempotent;
2. snapshots the lines (names in Vietnamese and in the checkout's language,
   SKU, producer, unit price from commerce.checkout.calculations);
3. allocates stock with row locks (commerce.warehouse.stock), which raises
   InsufficientStock when the last items went to another order meanwhile;
4. records PLACED, moves the checkout's payment transactions to the order,
   deletes the checkout and queues the "placed" email for after the commit.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from commerce.checkout import calculations
from commerce.warehouse import stock as stock_management

from . import history, pickup
from .error_codes import OrderErrorCode
from .models import Order, OrderEvents, OrderLine, OrderStatus
from .notifications import queue_order_email


def create_order_from_checkout(checkout, *, user=None, app=None, lines=None, totals=None) -> Order:
    from commerce.checkout.models import Checkout

    token = str(checkout.pk)
    with transaction.atomic():
        locked = Checkout.objects.select_for_update(of=("self",)).filter(pk=checkout.pk).first()
        existing = Order.objects.filter(checkout_token=token).first()
        if existing is not None:
            return existing
        if locked is None:
            raise ValidationError({"token": ValidationError(
                _("Không tìm thấy giỏ hàng %(token)s. (Checkout not found.)") % {"token": token},
                code=OrderErrorCode.NOT_FOUND.value)})
        _keep_caches(locked, checkout)
        checkout = locked
        if lines is None:
            lines = calculations.fetch_lines(checkout)
        if totals is None:
            totals = calculations.checkout_totals(checkout, lines)
        order = _new_order(checkout, totals, user)
        order_lines = _snapshot_lines(checkout, order, lines)
        stock_management.allocate_stocks(
            order_lines, checkout.channel, collection_point=checkout.collection_point,
            address=checkout.shipping_address, exclude_checkout=checkout,
        )
        history.record(order, OrderEvents.PLACED, user=order.user, app=app)
        queue_order_email(order, "placed")
        if order.is_click_and_collect() and order.status == OrderStatus.UNFULFILLED:
            queue_order_email(order, "ready_for_pickup")
        _attach_payments(checkout, order)
        checkout.delete()
        order.refresh_from_db()
        return order


def _keep_caches(locked, given):
    # Prices the caller already looked up stay valid for the locked row.
    for name in ("_shipping_listing_cache",):
        if hasattr(given, name):
            setattr(locked, name, getattr(given, name))


def _new_order(checkout, totals, user) -> Order:
    from commerce.order.actions import expiry_time

    channel = checkout.channel
    if user is None or not getattr(user, "is_authenticated", False):
        user = checkout.user
    shipping_method = checkout.shipping_method
    collection_point = checkout.collection_point
    order = Order(
        checkout_token=str(checkout.pk),
        status=OrderStatus.UNFULFILLED if channel.automatically_confirm_all_new_orders else OrderStatus.UNCONFIRMED,
        user=user,
        user_email=checkout.email or (user.email if user else ""),
        language_code=checkout.language_code or "vi",
        channel=channel,
        billing_address=_copy_address(checkout.billing_address),
        shipping_address=_copy_address(checkout.shipping_address),
        shipping_method=shipping_method,
        shipping_method_name=shipping_method.name if shipping_method else "",
        collection_point=collection_point,
        collection_point_name=collection_point.name if collection_point else "",
        currency=checkout.currency,
        shipping_price_net_amount=totals.shipping_price.net.amount,
        shipping_price_gross_amount=totals.shipping_price.gross.amount,
        base_shipping_price_amount=totals.shipping_price.gross.amount,
        subtotal_net_amount=totals.subtotal.net.amount,
        subtotal_gross_amount=totals.subtotal.gross.amount,
        total_net_amount=totals.total.net.amount,
        total_gross_amount=totals.total.gross.amount,
        undiscounted_total_net_amount=totals.total.net.amount,
        undiscounted_total_gross_amount=totals.total.gross.amount,
        weight=totals.weight_kg,
        customer_note=checkout.customer_note,
        payment_gateway=checkout.payment_gateway,
    )
    order.expires_at = expiry_time(order, channel)
    if collection_point is not None:
        order.pickup_code = _unused_pickup_code()
    order.save()
    return order


def _unused_pickup_code() -> str:
    while True:
        code = pickup.new_pickup_code()
        if not Order.objects.filter(pickup_code=code, collected_at__isnull=True).exists():
            return code


def _copy_address(address):
    """A copy of `address`, so editing the address book never moves a placed order."""
    if address is None:
        return None
    fields = {f.attname: getattr(address, f.attname) for f in type(address)._meta.concrete_fields if not f.primary_key}
    return type(address).objects.create(**fields)


def _snapshot_lines(checkout, order, lines) -> list[OrderLine]:
    from commerce.graphql.core.ids import to_global_id
    from commerce.producer.models import Producer
    from commerce.product.models import ProductTranslation, ProductVariantTranslation

    language = (checkout.language_code or "vi").split("-")[0].lower()
    product_names, variant_names = {}, {}
    if language != "vi":
        product_names = dict(ProductTranslation.objects.filter(
            language_code=language, product_id__in={line.variant.product_id for line in lines}
        ).values_list("product_id", "name"))
        variant_names = dict(ProductVariantTranslation.objects.filter(
            language_code=language, product_variant_id__in={line.variant_id for line in lines}
        ).values_list("product_variant_id", "name"))
    producers = {p.pk: p.name for p in Producer.objects.filter(
        pk__in={line.variant.product.producer_id for line in lines if line.variant.product.producer_id})}

    order_lines = []
    for line in lines:
        variant, product = line.variant, line.variant.product
        unit = calculations.line_unit_price(checkout, line)
        undiscounted = calculations.line_undiscounted_unit_price(checkout, line) or unit
        translated_product = product_names.get(product.pk) or ""
        translated_variant = variant_names.get(variant.pk) or ""
        order_lines.append(OrderLine(
            order=order,
            variant=variant,
            product_name=product.name,
            variant_name=variant.name,
            translated_product_name=translated_product if translated_product != product.name else "",
            translated_variant_name=translated_variant if translated_variant != variant.name else "",
            product_sku=variant.sku,
            product_variant_id=to_global_id("ProductVariant", variant.pk),
            producer_id=product.producer_id,
            producer_name=producers.get(product.producer_id, ""),
            is_shipping_required=product.product_type.is_shipping_required,
            quantity=line.quantity,
            currency=order.currency,
            unit_price_net_amount=unit.amount,
            unit_price_gross_amount=unit.amount,
            undiscounted_unit_price_net_amount=undiscounted.amount,
            undiscounted_unit_price_gross_amount=undiscounted.amount,
            base_unit_price_amount=unit.amount,
            total_price_net_amount=unit.amount * line.quantity,
            total_price_gross_amount=unit.amount * line.quantity,
        ))
    return OrderLine.objects.bulk_create(order_lines)


def _attach_payments(checkout, order):
    """The checkout's transactions follow it to the order before the checkout goes
    (contract 5); without the payment app yet, there is nothing to move."""
    try:
        from commerce.payment.actions import attach_checkout_transactions_to_order
    except ImportError:
        return
    attach_checkout_transactions_to_order(checkout, order)
