"""Saleor's Transaction API mutations: thin wrappers over commerce.payment."""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError

from commerce.account.access import can_access_channel
from commerce.payment import initialize, refunds
from commerce.payment.models import TransactionItem as TransactionItemModel

from ..core.errors import PermissionDenied
from ..core.ids import from_global_id, to_global_id
from ..core.mutations import BaseMutation
from ..core.scalars import JSON, UUID, Decimal, PositiveDecimal
from ..core.types import Error, NonNullList
from .enums import (OrderGrantRefundCreateErrorCode, OrderGrantRefundCreateLineErrorCode, TransactionActionEnum,
                    TransactionFlowStrategyEnum, TransactionInitializeErrorCode, TransactionProcessErrorCode,
                    TransactionRequestActionErrorCode)
from .types import _ORDER, OrderGrantedRefund, TransactionEvent, TransactionItem


class TransactionInitializeError(Error):
    code = TransactionInitializeErrorCode(required=True, description="The error code.")


class TransactionProcessError(Error):
    code = TransactionProcessErrorCode(required=True, description="The error code.")


class TransactionRequestActionError(Error):
    code = TransactionRequestActionErrorCode(required=True, description="The error code.")


class OrderGrantRefundCreateLineError(Error):
    code = OrderGrantRefundCreateLineErrorCode(required=True, description="The error code.")
    line_id = graphene.ID(required=True, description="The ID of the line related to the error.")


class OrderGrantRefundCreateError(Error):
    code = OrderGrantRefundCreateErrorCode(required=True, description="The error code.")
    lines = NonNullList(OrderGrantRefundCreateLineError, description="List of lines which cause the error.")


class PaymentGatewayToInitialize(graphene.InputObjectType):
    id = graphene.String(required=True, description="The identifier of the payment gateway app to initialize.")
    data = JSON(description="The data that will be passed to the payment gateway.")


def not_found(field: str, message: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code="NOT_FOUND")})


def _source(global_id: str):
    """The checkout or order a transaction pays for, from its global ID."""
    from commerce.checkout.models import Checkout
    from commerce.order.models import Order

    try:
        type_name, pk = from_global_id(global_id)
    except ValueError:
        type_name, pk = "", ""
    model = {"Checkout": Checkout, "Order": Order}.get(type_name)
    source = None
    if model is not None:
        try:
            source = model.objects.select_related("channel").filter(pk=pk).first()
        except (ValueError, ValidationError):
            source = None
    if source is None:
        raise not_found("id", f"Không tìm thấy giỏ hàng hoặc đơn hàng {global_id}. "
                              f"(Couldn't find a checkout or order with id {global_id}.)")
    return source


def _transaction(id=None, token=None, code="NOT_FOUND") -> TransactionItemModel:
    item = None
    if id:
        try:
            type_name, pk = from_global_id(id)
            if type_name == "TransactionItem":
                item = TransactionItemModel.objects.filter(pk=int(pk)).first()
        except ValueError:
            item = None
    elif token:
        item = TransactionItemModel.objects.filter(token=token).first()
    else:
        raise ValidationError({"id": ValidationError("Give the transaction's id or token.", code="INVALID")})
    if item is None:
        raise not_found("id", f"Không tìm thấy giao dịch {id or token}. (Couldn't find transaction {id or token}.)")
    return item


def transaction_channel_id(item) -> int | None:
    owner = item.order or item.checkout
    return owner.channel_id if owner is not None else None


def check_channel_access(context, item) -> None:
    channel_id = transaction_channel_id(item)
    if channel_id is not None and not can_access_channel(context.user, channel_id):
        raise PermissionDenied("You do not have access to this transaction's channel.")


class TransactionInitialize(BaseMutation):
    transaction = graphene.Field(TransactionItem, description="The initialized transaction.")
    transaction_event = graphene.Field(TransactionEvent, description="The event created for the initialized transaction.")
    data = JSON(description="The JSON data required to finalize the payment.")

    class Arguments:
        action = TransactionFlowStrategyEnum(description="The expected action called for the transaction.")
        amount = PositiveDecimal(description="The amount requested for initializing the payment gateway.")
        customer_ip_address = graphene.String(description="The customer's IP address.")
        id = graphene.ID(required=True, description="The ID of the checkout or order.")
        idempotency_key = graphene.String(description="The idempotency key assigned to the action.")
        payment_gateway = PaymentGatewayToInitialize(required=True, description="Payment gateway used to initialize the transaction.")

    class Meta:
        description = (
            "Initializes a transaction session: a Stripe PaymentIntent for `stripe`, the VietQR code for "
            "`vietqr`, or the customer's choice of cash on delivery (`cod`) / paying at the centre (`pay_at_centre`).")
        error_type_class = TransactionInitializeError

    @classmethod
    def perform_mutation(cls, _root, info, /, *, id, payment_gateway, amount=None, idempotency_key=None, **_data):
        source = _source(id)
        item, event, data = initialize.initialize_transaction(
            source, gateway_id=payment_gateway.id, data=payment_gateway.get("data"), amount=amount,
            idempotency_key=idempotency_key, user=info.context.user)
        return TransactionInitialize(transaction=item, transaction_event=event, data=data)


class TransactionProcess(BaseMutation):
    transaction = graphene.Field(TransactionItem, description="The processed transaction.")
    transaction_event = graphene.Field(TransactionEvent, description="The event created for the processed transaction.")
    data = JSON(description="The json data required to finalize the payment.")

    class Arguments:
        customer_ip_address = graphene.String(description="The customer's IP address.")
        data = JSON(description="The data that will be passed to the payment gateway.")
        id = graphene.ID(description="The ID of the transaction to process.")
        token = UUID(description="The token of the transaction to process.")

    class Meta:
        description = "Processes a transaction session: re-reads the payment from the provider and records it."
        error_type_class = TransactionProcessError

    @classmethod
    def perform_mutation(cls, _root, info, /, *, id=None, token=None, data=None, **_data):
        item = _transaction(id, token)
        if item.checkout_id and item.checkout and item.checkout.completing_started_at:
            raise ValidationError({"id": ValidationError(
                "Đơn hàng đang được tạo từ giỏ hàng này. (The checkout is being completed.)",
                code="CHECKOUT_COMPLETION_IN_PROGRESS")})
        item, event, payload = initialize.process_transaction(item, data=data, user=info.context.user)
        return TransactionProcess(transaction=item, transaction_event=event, data=payload)


class TransactionRequestAction(BaseMutation):
    transaction = graphene.Field(TransactionItem)

    class Arguments:
        action_type = TransactionActionEnum(required=True, description="Determines the action type.")
        amount = PositiveDecimal(description="Transaction request amount. If empty, maximal possible amount will be used.")
        id = graphene.ID(description="The ID of the transaction.")
        refund_reason = graphene.String(description="Reason of the refund")
        token = UUID(description="The token of the transaction.")

    class Meta:
        description = "Request an action for payment transaction: refund at Stripe, or record cash paid back or received."
        error_type_class = TransactionRequestActionError
        permissions = ("HANDLE_PAYMENTS",)

    @classmethod
    def perform_mutation(cls, _root, info, /, *, action_type, id=None, token=None, amount=None, refund_reason=None):
        item = _transaction(id, token)
        check_channel_access(info.context, item)
        action = getattr(action_type, "value", action_type)
        item = refunds.request_action(item, action, amount, user=info.context.user, reason=refund_reason or "")
        return TransactionRequestAction(transaction=item)


class OrderGrantRefundCreateLineInput(graphene.InputObjectType):
    id = graphene.ID(required=True, description="The ID of the order line.")
    quantity = graphene.Int(required=True, description="The quantity of line items to be marked to refund.")
    reason = graphene.String(description="Reason of the granted refund for the line.")


class OrderGrantRefundCreateInput(graphene.InputObjectType):
    amount = Decimal(description="Amount of the granted refund.")
    reason = graphene.String(description="Reason of the granted refund.")
    lines = NonNullList(OrderGrantRefundCreateLineInput, description="Lines to assign to granted refund.")
    grant_refund_for_shipping = graphene.Boolean(description="Determine if granted refund should include shipping costs.")
    transaction_id = graphene.ID(required=True, description="The ID of the transaction item related to the granted refund.")


class OrderGrantRefundCreate(BaseMutation):
    if _ORDER:
        order = graphene.Field(_ORDER, description="Order which has assigned new grant refund.")
    granted_refund = graphene.Field(OrderGrantedRefund, description="Created granted refund.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the order.")
        input = OrderGrantRefundCreateInput(required=True, description="Fields required to create a granted refund for the order.")

    class Meta:
        description = (
            "Adds granted refund to the order. A Stripe transaction is refunded at once; for cash and bank "
            "transfers the refund is recorded for staff to pay out by hand.")
        error_type_class = OrderGrantRefundCreateError
        permissions = ("MANAGE_ORDERS",)

    @classmethod
    def perform_mutation(cls, _root, info, /, *, id, input):
        from commerce.order.models import Order, OrderLine

        try:
            type_name, pk = from_global_id(id)
            order = Order.objects.filter(pk=pk).first() if type_name == "Order" else None
        except (ValueError, ValidationError):
            order = None
        if order is None:
            raise not_found("id", f"Không tìm thấy đơn hàng {id}. (Couldn't find order {id}.)")
        if not can_access_channel(info.context.user, order.channel_id):
            raise PermissionDenied("You do not have access to this order's channel.")
        try:
            item = _transaction(input.transaction_id)
        except ValidationError:
            raise not_found("transaction_id", f"Không tìm thấy giao dịch {input.transaction_id}. "
                                              f"(Couldn't find transaction {input.transaction_id}.)")
        lines, line_errors = [], []
        for line_input in input.get("lines") or []:
            try:
                _type, line_pk = from_global_id(line_input.id)
                line = OrderLine.objects.filter(pk=line_pk, order=order).first() if _type == "OrderLine" else None
            except (ValueError, ValidationError):
                line = None
            if line is None:
                line_errors.append(OrderGrantRefundCreateLineError(
                    field="id", code="NOT_FOUND", line_id=line_input.id,
                    message="Dòng hàng không thuộc đơn này. (No such line in this order.)"))
                continue
            lines.append((line, line_input.quantity, line_input.get("reason") or ""))
        if line_errors:
            raise _lines_error(line_errors)
        try:
            granted = refunds.grant_refund(
                order, transaction=item, amount=input.get("amount"), reason=input.get("reason") or "",
                lines=lines, grant_refund_for_shipping=bool(input.get("grant_refund_for_shipping")),
                user=info.context.user)
        except ValidationError as error:
            detail = getattr(error, "error_dict", {}).get("lines")
            if detail and detail[0].params and "line_errors" in detail[0].params:
                raise _lines_error([
                    OrderGrantRefundCreateLineError(field="quantity", code=code, message=message,
                                                    line_id=to_global_id("OrderLine", line.pk))
                    for line, code, message in detail[0].params["line_errors"]])
            raise
        order.refresh_from_db()
        return OrderGrantRefundCreate(order=order, granted_refund=granted)


def _lines_error(line_errors) -> ValidationError:
    return ValidationError({"lines": ValidationError(
        "Một số dòng hàng không thể hoàn. (Some lines cannot be refunded.)", code="INVALID",
        params={"lines": line_errors})})
