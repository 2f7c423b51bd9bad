"""Staff actions on money already moving: refund, charge, cancel (Saleor's
transactionRequestAction) and refunds granted on an order
(orderGrantRefundCreate).

Stripe transactions are refunded or canceled at Stripe and the answer is
recorded; cash and bank transfers are moved by hand, so for them the action
records what staff did (a refund paid out, cash received at handover).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import stripe
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from commerce.core.prices import has_valid_precision

from .actions import format_money, record_event, transaction_changed
from .gateways import STRIPE
from .models import TransactionAction, TransactionEventType as T, TransactionItem


def invalid(field: str, message: str, code: str = "INVALID", **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def request_action(item: TransactionItem, action: str, amount: Decimal | None = None, *, user=None,
                   reason: str = "") -> TransactionItem:
    action = action.lower()
    if amount is not None and not has_valid_precision(amount, item.currency):
        raise invalid("amount", _("Số tiền %(amount)s không hợp lệ với %(currency)s. "
                                  "(The amount has more decimals than %(currency)s allows.)")
                      % {"amount": amount, "currency": item.currency})
    if action == TransactionAction.REFUND:
        _refund(item, amount, user=user, reason=reason)
    elif action == TransactionAction.CHARGE:
        _charge(item, amount, user=user)
    elif action == TransactionAction.CANCEL:
        _cancel(item, user=user)
    else:
        raise invalid("action_type", _("Hành động không hợp lệ. (Unknown action %(action)s.)") % {"action": action})
    _order_event(item, action, amount, user)
    item.refresh_from_db()
    return item


def _refund(item, amount, *, user, reason):
    if amount is None:
        amount = item.amount_charged_value
    if item.amount_charged_value <= 0:
        raise invalid("id", _("Giao dịch chưa thu tiền nên không thể hoàn. (Nothing was charged on this transaction, "
                              "so there is nothing to refund.)"))
    if amount > item.amount_charged_value:
        raise invalid("amount", _("Chỉ có thể hoàn tối đa %(max)s. (At most %(max)s can be refunded.)")
                      % {"max": format_money(item.amount_charged_value, item.currency)})
    if item.gateway == STRIPE:
        from integrations.stripe import client as stripe_client
        from integrations.stripe.sync import record_refund

        try:
            refund = stripe_client.refund_payment_intent(
                item.psp_reference, amount=amount, currency=item.currency,
                metadata={"transaction_token": str(item.token)}, idempotency_key=f"ocop-refund-{uuid.uuid4()}")
        except stripe.StripeError as exc:
            record_event(item, T.REFUND_FAILURE, amount, message=str(exc.user_message or exc)[:500], user=user)
            raise invalid("id", _("Stripe từ chối hoàn tiền: %(error)s (Stripe refused the refund.)")
                          % {"error": exc.user_message or str(exc)})
        record_refund(item, refund, user=user)
    else:
        record_event(item, T.REFUND_SUCCESS, amount, user=user,
                     message=reason or _("Nhân viên đã hoàn tiền trực tiếp. (Paid back by hand by staff.)"))
    transaction_changed(item, user=user)


def _charge(item, amount, *, user):
    if TransactionAction.CHARGE not in item.available_actions:
        raise invalid("id", _("Giao dịch này không thể thu tiền thêm. (This transaction cannot be charged.)"))
    if item.gateway == STRIPE:
        from integrations.stripe import client as stripe_client
        from integrations.stripe.sync import record_payment_intent

        try:
            intent = stripe_client.client().v1.payment_intents.capture(item.psp_reference)
        except stripe.StripeError as exc:
            raise invalid("id", str(exc.user_message or exc))
        record_payment_intent(item, intent, user=user)
        return
    if amount is None:
        from .initialize import amount_due

        source = item.order or item.checkout
        amount = amount_due(source) if source is not None else Decimal(0)
    if amount <= 0:
        raise invalid("amount", _("Không còn gì phải thu. (Nothing is left to charge.)"))
    record_event(item, T.CHARGE_SUCCESS, amount, user=user,
                 message=_("Nhân viên đã nhận tiền. (Received by staff.)"))
    item.available_actions = [TransactionAction.REFUND]
    item.save(update_fields=["available_actions", "modified_at"])
    transaction_changed(item, user=user)


def _cancel(item, *, user):
    if TransactionAction.CANCEL not in item.available_actions and not (
            item.gateway != STRIPE and item.amount_charged_value == 0):
        raise invalid("id", _("Giao dịch này không thể hủy. (This transaction cannot be canceled.)"))
    if item.gateway == STRIPE:
        from integrations.stripe import client as stripe_client
        from integrations.stripe.sync import record_payment_intent

        try:
            intent = stripe_client.cancel_payment_intent(item.psp_reference, idempotency_key=f"ocop-cancel-{item.token}")
        except stripe.StripeError as exc:
            raise invalid("id", str(exc.user_message or exc))
        record_payment_intent(item, intent, user=user)
        return
    record_event(item, T.CANCEL_SUCCESS, 0, user=user, message=_("Đã hủy. (Canceled by staff.)"))
    item.available_actions = []
    item.save(update_fields=["available_actions", "modified_at"])
    transaction_changed(item, user=user)


def _order_event(item, action, amount, user):
    if not item.order_id:
        return
    from commerce.order.models import OrderEvent, OrderEvents

    kind = {TransactionAction.REFUND: OrderEvents.TRANSACTION_REFUND_REQUESTED,
            TransactionAction.CHARGE: OrderEvents.TRANSACTION_CHARGE_REQUESTED,
            TransactionAction.CANCEL: OrderEvents.TRANSACTION_CANCEL_REQUESTED}[action]
    OrderEvent.objects.create(order_id=item.order_id, type=kind, user=user if user and user.is_authenticated else None,
                              parameters={"amount": str(amount) if amount is not None else None,
                                          "reference": item.psp_reference or str(item.token)})


# --- refunds granted on an order ---------------------------------------------------


def grant_refund(order, *, transaction: TransactionItem, amount: Decimal | None = None, reason: str = "",
                 lines=(), grant_refund_for_shipping: bool = False, user=None):
    """A refund staff grant on `order` (Saleor's orderGrantRefundCreate).

    `lines` are (OrderLine, quantity, reason). With a Stripe transaction the
    money is refunded at once through the same refund action; for cash and
    bank transfers the grant waits for staff to pay out by hand."""
    from commerce.order.models import (OrderEvent, OrderEvents, OrderGrantedRefund, OrderGrantedRefundLine,
                                       OrderGrantedRefundStatus)

    from .actions import update_order_charge_data

    if transaction.order_id != order.pk:
        raise invalid("transaction_id", _("Giao dịch không thuộc đơn hàng này. "
                                          "(The transaction does not belong to this order.)"), "NOT_FOUND")
    if amount is None and not lines and not grant_refund_for_shipping:
        raise invalid("amount", _("Nhập số tiền, dòng hàng hoặc phí vận chuyển cần hoàn. "
                                  "(Give an amount, lines or grantRefundForShipping.)"), "REQUIRED")
    _check_lines(order, lines)
    if grant_refund_for_shipping and order.granted_refunds.filter(shipping_costs_included=True).exists():
        raise invalid("grant_refund_for_shipping", _("Phí vận chuyển đã được hoàn. "
                                                     "(The shipping costs were already granted.)"),
                      "SHIPPING_COSTS_ALREADY_GRANTED")
    already = order.granted_refunds.filter(transaction_item=transaction).aggregate(s=Sum("amount_value"))["s"] or 0
    available = transaction.amount_charged_value + transaction.amount_refunded_value - already
    if amount is None:
        calculated = sum((line.unit_price_gross_amount * quantity for line, quantity, _reason in lines), Decimal(0))
        if grant_refund_for_shipping:
            calculated += order.shipping_price_gross_amount
        amount = min(calculated, max(available, Decimal(0)))
    elif not has_valid_precision(amount, order.currency) or amount <= 0:
        raise invalid("amount", _("Số tiền hoàn không hợp lệ. (The amount must be positive and fit %(currency)s.)")
                      % {"currency": order.currency})
    if amount > available:
        raise invalid("amount", _("Chỉ có thể hoàn tối đa %(max)s từ giao dịch này. "
                                  "(At most %(max)s is available to refund from this transaction.)")
                      % {"max": format_money(max(available, 0), order.currency)}, "AMOUNT_GREATER_THAN_AVAILABLE")
    granted = OrderGrantedRefund.objects.create(
        order=order, amount_value=amount, currency=order.currency, reason=reason or "",
        user=user if user and user.is_authenticated else None, shipping_costs_included=grant_refund_for_shipping,
        transaction_item=transaction)
    OrderGrantedRefundLine.objects.bulk_create(
        OrderGrantedRefundLine(granted_refund=granted, order_line=line, quantity=quantity, reason=line_reason or "")
        for line, quantity, line_reason in lines)
    OrderEvent.objects.create(order=order, type=OrderEvents.ORDER_GRANTED_REFUND,
                              user=user if user and user.is_authenticated else None,
                              parameters={"amount": str(amount), "reason": reason or "",
                                          "shipping_costs_included": grant_refund_for_shipping})
    if transaction.gateway == STRIPE:
        granted.status = OrderGrantedRefundStatus.PENDING
        request_action(transaction, TransactionAction.REFUND, amount, user=user, reason=reason)
        transaction.refresh_from_db()
        granted.status = OrderGrantedRefundStatus.FULL
        granted.save(update_fields=["status", "updated_at"])
    update_order_charge_data(order, user=user)
    return granted


def _check_lines(order, lines):
    from commerce.order.models import OrderGrantedRefundLine

    errors = []
    for line, quantity, _reason in lines:
        granted = OrderGrantedRefundLine.objects.filter(order_line=line).aggregate(q=Sum("quantity"))["q"] or 0
        if line.order_id != order.pk:
            errors.append((line, "NOT_FOUND", _("Dòng hàng không thuộc đơn này. (The line is not in this order.)")))
        elif quantity <= 0 or quantity > line.quantity - granted:
            errors.append((line, "QUANTITY_GREATER_THAN_AVAILABLE", _(
                "Chỉ còn %(left)s sản phẩm của dòng này có thể hoàn. (Only %(left)s of this line can be refunded.)")
                % {"left": line.quantity - granted}))
    if errors:
        raise ValidationError({"lines": ValidationError(
            _("Một số dòng hàng không thể hoàn. (Some lines cannot be refunded.)"), code="INVALID",
            params={"line_errors": errors})})
