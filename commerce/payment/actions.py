"""Every change to payments: transactions, their events, and what they mean
for the checkout or order they pay for.

GraphQL mutations, the payment page, the Stripe and bank webhooks and the
order side (checkoutComplete, orderMarkAsPaid) all come through here, so the
bookkeeping rules (amounts from events, statuses from amounts) live once.
"""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction as db_transaction
from django.utils.translation import gettext as _

from commerce.core.prices import Money, format_vnd, quantize_price

from . import amounts
from .gateways import OFFLINE_GATEWAYS, gateway_problem, get_gateway
from .models import TransactionAction, TransactionEvent, TransactionEventType, TransactionItem

logger = logging.getLogger(__name__)

# Written on a transaction staff create when marking an order paid by hand
# and no offline transaction was waiting for the money.
MANUAL_GATEWAY = "manual"


def format_money(amount, currency: str) -> str:
    return format_vnd(amount) if currency == "VND" else f"{quantize_price(amount, currency)} {currency}"


# --- transactions and events ------------------------------------------------------


def create_transaction(*, gateway: str, currency: str, checkout=None, order=None, user=None, name: str = "",
                       psp_reference: str | None = None, available_actions=(), idempotency_key: str | None = None,
                       client_data: dict | None = None, token: uuid.UUID | None = None) -> TransactionItem:
    return TransactionItem.objects.create(
        token=token or uuid.uuid4(),
        gateway=gateway, currency=currency, checkout=checkout, order=order,
        user=user if user is not None and user.is_authenticated else None,
        name=name or _gateway_name(gateway), psp_reference=psp_reference,
        available_actions=list(available_actions), idempotency_key=idempotency_key, client_data=client_data or {},
    )


def _gateway_name(gateway_id: str) -> str:
    gateway = get_gateway(gateway_id)
    return str(gateway.name) if gateway else _("Thanh toán thủ công (Manual payment)")


def record_event(transaction: TransactionItem, type: str, amount=0, *, psp_reference: str | None = None,
                 message: str = "", user=None, app_identifier: str = "",
                 include_in_calculations: bool = True) -> tuple[TransactionEvent, bool]:
    """Record one provider fact on `transaction`; (event, created).

    A fact with a provider reference is recorded once: the same (type,
    reference) again returns the first event and changes nothing, even when
    two webhooks race (the unique constraint decides)."""
    fields = dict(
        message=message[:512], currency=transaction.currency,
        amount_value=quantize_price(amount, transaction.currency),
        include_in_calculations=include_in_calculations,
        user=user if user is not None and getattr(user, "is_authenticated", False) else None,
        app_identifier=app_identifier,
    )
    if psp_reference is None:
        return TransactionEvent.objects.create(transaction=transaction, type=type, **fields), True
    existing = TransactionEvent.objects.filter(transaction=transaction, type=type, psp_reference=psp_reference).first()
    if existing:
        return existing, False
    try:
        with db_transaction.atomic():
            event = TransactionEvent.objects.create(
                transaction=transaction, type=type, psp_reference=psp_reference, **fields)
        return event, True
    except IntegrityError:
        return TransactionEvent.objects.get(transaction=transaction, type=type, psp_reference=psp_reference), False


def transaction_changed(transaction: TransactionItem, *, user=None, app=None) -> None:
    """Recompute `transaction`'s amounts from its events, then the charge
    status of the checkout or order it pays for."""
    amounts.recalculate_transaction_amounts(transaction)
    if transaction.order_id:
        update_order_charge_data(transaction.order, user=user, app=app)
    elif transaction.checkout_id:
        from commerce.checkout.models import Checkout

        checkout = Checkout.objects.filter(pk=transaction.checkout_id).first()
        if checkout is not None:
            checkout_charge_updated(checkout)


# --- checkouts -------------------------------------------------------------------


def checkout_total(checkout) -> Money:
    from commerce.checkout.calculations import checkout_totals

    return checkout_totals(checkout).total.gross


def update_checkout_charge_data(checkout, total: Money | None = None) -> None:
    """Store the checkout's charge and authorize status from its transactions."""
    total = total or checkout_total(checkout)
    charged, authorized = amounts.sum_transactions(checkout.payment_transactions.all())
    checkout.charge_status = amounts.charge_status(total.amount, charged)
    checkout.authorize_status = amounts.authorize_status(total.amount, authorized, charged)
    type(checkout).objects.filter(pk=checkout.pk).update(
        charge_status=checkout.charge_status, authorize_status=checkout.authorize_status)


def checkout_charge_updated(checkout) -> None:
    """After a payment landed on a checkout: update its statuses and, when the
    channel says so (Saleor's automatically_complete_fully_paid_checkouts),
    turn a fully paid checkout into an order."""
    update_checkout_charge_data(checkout)
    if checkout.charge_status in ("full", "overcharged") and checkout.channel.automatically_complete_fully_paid_checkouts:
        from commerce.checkout.actions import complete_checkout

        try:
            with db_transaction.atomic():
                complete_checkout(checkout)
        except Exception:  # the customer's own checkoutComplete will report it
            logger.exception("Could not complete fully paid checkout %s", checkout.pk)


def checkout_payment_problem(checkout, total: Money) -> tuple[str, str] | None:
    """None when `checkout` may become an order as far as payment goes, else
    (CheckoutErrorCode value, message saying what to do)."""
    charged, authorized = amounts.sum_transactions(checkout.payment_transactions.all())
    if charged + authorized >= total.amount:
        return None
    chosen = checkout.payment_gateway
    if chosen in OFFLINE_GATEWAYS:
        problem = gateway_problem(checkout, chosen)
        if problem is None:
            return None
        if not checkout.channel.allow_unpaid_orders:
            return "PAYMENT_ERROR", problem
    if checkout.channel.allow_unpaid_orders:
        return None
    return "CHECKOUT_NOT_FULLY_PAID", _(
        "Giỏ hàng mới được thanh toán %(paid)s trên %(total)s. Hãy thanh toán phần còn lại bằng thẻ, "
        "hoặc chọn trả tiền khi nhận hàng, chuyển khoản hay trả tại trung tâm. "
        "(The checkout is not fully paid: %(paid)s of %(total)s. Pay the rest by card, "
        "or choose cash on delivery, bank transfer or paying at the centre.)"
    ) % {"paid": format_money(charged + authorized, total.currency), "total": format_money(total.amount, total.currency)}


def attach_checkout_transactions_to_order(checkout, order) -> None:
    """Move the checkout's transactions to the order placed from it (call it
    before the checkout row is deleted) and bring the order's payment
    status in step."""
    moved = list(TransactionItem.objects.filter(checkout_id=checkout.pk).order_by("pk"))
    TransactionItem.objects.filter(pk__in=[item.pk for item in moved]).update(order=order, checkout=None)
    stored = type(checkout).objects.filter(pk=checkout.pk).values_list("payment_gateway", flat=True).first()
    gateway = stored or checkout.payment_gateway or next(
        (item.gateway for item in reversed(moved) if item.amount_charged_value or item.amount_authorized_value), "")
    if gateway != order.payment_gateway:
        order.payment_gateway = gateway
        type(order).objects.filter(pk=order.pk).update(payment_gateway=gateway)
    update_order_charge_data(order)


# --- orders ----------------------------------------------------------------------


def granted_refund_total(order) -> Decimal:
    return sum((refund.amount_value for refund in order.granted_refunds.all()), amounts.ZERO)


def update_order_charge_data(order, *, user=None, app=None) -> bool:
    """Store the order's charged/authorized totals and statuses from its
    transactions; when they changed, tell the order side (contract 4's
    order_charge_updated). True when something changed."""
    with db_transaction.atomic():
        # One writer at a time: two webhooks for one order add up correctly.
        type(order).objects.select_for_update(of=("self",)).filter(pk=order.pk).values_list("pk").first()
        return _update_order_charge_data(order, user=user, app=app)


def _update_order_charge_data(order, *, user, app) -> bool:
    charged, authorized = amounts.sum_transactions(TransactionItem.objects.filter(order_id=order.pk))
    target = order.total_gross_amount - granted_refund_total(order)
    new = {
        "total_charged_amount": charged,
        "total_authorized_amount": authorized,
        "charge_status": amounts.charge_status(target, charged),
        "authorize_status": amounts.authorize_status(order.total_gross_amount, authorized, charged),
    }
    changed = any(getattr(order, name) != value for name, value in new.items())
    if not changed:
        return False
    for name, value in new.items():
        setattr(order, name, value)
    type(order).objects.filter(pk=order.pk).update(**new)
    from commerce.order.actions import order_charge_updated

    order_charge_updated(order, user=user, app=app)
    return True


def mark_order_as_paid(order, *, user, psp_reference: str | None = None) -> TransactionItem:
    """Staff confirm they received the money (cash at delivery or the counter,
    a bank transfer): charge the order's waiting offline transaction, or a new
    manual one, with what is still due."""
    from commerce.order.models import Order, OrderEvent, OrderEvents

    with db_transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        charged, _authorized = amounts.sum_transactions(TransactionItem.objects.filter(order_id=order.pk))
        due = order.total_gross_amount - granted_refund_total(order) - charged
        if due <= 0:
            raise ValidationError({"id": ValidationError(
                _("Đơn hàng #%(number)s đã được thanh toán đủ. (Order #%(number)s is already paid; nothing is left to mark as paid.)") % {"number": order.number},
                code="INVALID")})
        waiting = _waiting_offline_transaction(order)
        if waiting is None:
            gateway = order.payment_gateway if order.payment_gateway in OFFLINE_GATEWAYS else MANUAL_GATEWAY
            waiting = create_transaction(gateway=gateway, currency=order.currency, order=order, user=user)
        if psp_reference and not waiting.psp_reference:
            waiting.psp_reference = psp_reference
        waiting.available_actions = [TransactionAction.REFUND]
        waiting.save(update_fields=["psp_reference", "available_actions", "modified_at"])
        record_event(waiting, TransactionEventType.CHARGE_SUCCESS, due, psp_reference=psp_reference,
                     message=_("Nhân viên xác nhận đã nhận tiền. (Marked as paid by staff.)"), user=user)
        OrderEvent.objects.create(order=order, type=OrderEvents.ORDER_MARKED_AS_PAID, user=user,
                                  parameters={"transaction_reference": psp_reference or ""})
        transaction_changed(waiting, user=user)
        return waiting


def _waiting_offline_transaction(order) -> TransactionItem | None:
    candidates = TransactionItem.objects.filter(
        order_id=order.pk, gateway__in=OFFLINE_GATEWAYS, amount_charged_value=0).order_by("pk")
    return candidates.filter(gateway=order.payment_gateway).first() or candidates.first()


def offline_transaction_for(source, gateway_id: str, *, user=None) -> tuple[TransactionItem, TransactionEvent]:
    """Record that the customer will pay `source` (checkout or order) offline:
    a transaction with nothing charged yet, which staff can CHARGE at handover.
    Choosing again reuses it; an earlier offline choice still unpaid goes."""
    is_checkout = type(source).__name__ == "Checkout"
    owner = {"checkout_id": source.pk} if is_checkout else {"order_id": source.pk}
    unpaid = TransactionItem.objects.filter(**owner, gateway__in=OFFLINE_GATEWAYS, amount_charged_value=0)
    unpaid.exclude(gateway=gateway_id).delete()
    item = unpaid.filter(gateway=gateway_id).first()
    if item is None:
        item = create_transaction(
            gateway=gateway_id, currency=source.currency, user=user,
            available_actions=[TransactionAction.CHARGE],
            **({"checkout": source} if is_checkout else {"order": source}))
    event, _created = record_event(
        item, TransactionEventType.INFO, 0, include_in_calculations=False, user=user,
        message=_("Khách chọn thanh toán: %(name)s. (The customer chose this payment method.)") % {"name": item.name})
    if is_checkout:
        source.payment_gateway = gateway_id
        type(source).objects.filter(pk=source.pk).update(payment_gateway=gateway_id)
    elif source.payment_gateway != gateway_id:
        source.payment_gateway = gateway_id
        type(source).objects.filter(pk=source.pk).update(payment_gateway=gateway_id)
    return item, event


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


__all__ = [
    "attach_checkout_transactions_to_order", "checkout_payment_problem", "mark_order_as_paid",
    "record_event", "transaction_changed", "update_order_charge_data", "update_checkout_charge_data",
    "offline_transaction_for",
]
