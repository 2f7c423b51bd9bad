"""Saleor's payment types: TransactionItem, TransactionEvent, PaymentGateway,
and the refund granted on an order.

Order and Checkout types belong to other packages and are referenced lazily
(by import path), so this module imports neither.
"""

from importlib.util import find_spec

import graphene

from commerce.core.prices import Money as MoneyValue
from commerce.payment import models

from ..account.permissions import saleor_permissions
from ..core.types import ModelObjectType, NonNullList
from ..meta.types import PRIVATE_METADATA_PERMISSIONS, ObjectWithMetadata
from ..product.types.money import Money
from .dataloaders import (CheckoutByIdForTransactionLoader, OrderByIdForTransactionLoader,
                          TransactionEventsByTransactionIdLoader)
from .enums import TransactionActionEnum, TransactionEventTypeEnum

PRIVATE_METADATA_PERMISSIONS["TransactionItem"] = saleor_permissions("HANDLE_PAYMENTS", "MANAGE_ORDERS")


def _lazy(module: str, name: str):
    """A lazy type reference, or None while the module is not written yet."""
    try:
        found = find_spec(module) is not None
    except ModuleNotFoundError:  # the parent package is not written yet either
        found = False
    return f"{module}.{name}" if found else None


def _money(field: str):
    def resolve(root, _info):
        return MoneyValue(getattr(root, field), root.currency)

    return graphene.Field(Money, required=True, resolver=resolve)


class TransactionEvent(ModelObjectType):
    created_at = graphene.DateTime(required=True)
    psp_reference = graphene.String(required=True)
    message = graphene.String(required=True)
    external_url = graphene.String(
        required=True, description="The url that will allow to redirect user to payment provider page with transaction details.")
    amount = _money("amount_value")
    type = TransactionEventTypeEnum(description="The type of the event.")
    idempotency_key = graphene.String(description="Idempotency key assigned to the event.")

    class Meta:
        model = models.TransactionEvent
        description = "Represents transaction's event."

    @staticmethod
    def resolve_psp_reference(root, _info):
        return root.psp_reference or ""

    @staticmethod
    def resolve_idempotency_key(_root, _info):
        return None

    @staticmethod
    def resolve_type(root, _info):
        return getattr(root.type, "value", root.type)  # a fresh row holds the TextChoices member


_ORDER = _lazy("commerce.graphql.order.types", "Order")
_CHECKOUT = _lazy("commerce.graphql.checkout.types", "Checkout")


class TransactionItem(ModelObjectType):
    token = graphene.UUID(required=True)
    created_at = graphene.DateTime(required=True)
    modified_at = graphene.DateTime(required=True)
    actions = NonNullList(
        TransactionActionEnum, required=True,
        description="List of actions that can be performed in the current state of a payment.")
    authorized_amount = _money("amount_authorized_value")
    authorize_pending_amount = _money("amount_authorize_pending_value")
    refunded_amount = _money("amount_refunded_value")
    refund_pending_amount = _money("amount_refund_pending_value")
    canceled_amount = _money("amount_canceled_value")
    cancel_pending_amount = _money("amount_cancel_pending_value")
    charged_amount = _money("amount_charged_value")
    charge_pending_amount = _money("amount_charge_pending_value")
    name = graphene.String(required=True)
    message = graphene.String(required=True)
    psp_reference = graphene.String(required=True)
    if _ORDER:
        order = graphene.Field(_ORDER, description="The related order.")
    if _CHECKOUT:
        checkout = graphene.Field(_CHECKOUT, description="The related checkout.")
    events = NonNullList(TransactionEvent, required=True)
    external_url = graphene.String(required=True)

    class Meta:
        model = models.TransactionItem
        interfaces = [ObjectWithMetadata]
        description = "Represents a payment transaction."

    @staticmethod
    def resolve_actions(root, _info):
        return [getattr(action, "value", action) for action in root.available_actions]

    @staticmethod
    def resolve_psp_reference(root, _info):
        return root.psp_reference or ""

    @staticmethod
    def resolve_events(root, info):
        return TransactionEventsByTransactionIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_order(root, info):
        return OrderByIdForTransactionLoader(info.context).load(root.order_id) if root.order_id else None

    @staticmethod
    def resolve_checkout(root, info):
        return CheckoutByIdForTransactionLoader(info.context).load(root.checkout_id) if root.checkout_id else None


class GatewayConfigLine(graphene.ObjectType):
    field = graphene.String(required=True, description="Gateway config key.")
    value = graphene.String(description="Gateway config value for key.")

    class Meta:
        description = "Payment gateway client configuration key and value pair."


class PaymentGateway(graphene.ObjectType):
    name = graphene.String(required=True, description="Payment gateway name.")
    id = graphene.ID(required=True, description="Payment gateway ID.")
    config = NonNullList(GatewayConfigLine, required=True, description="Payment gateway client configuration.")
    currencies = NonNullList(graphene.String, required=True, description="Payment gateway supported currencies.")

    class Meta:
        description = (
            "Available payment gateway backend with configuration necessary to setup client. "
            "Built from commerce.payment.gateways.PaymentGatewayInfo.")

    @staticmethod
    def resolve_config(root, _info):
        return [GatewayConfigLine(field=field, value=value) for field, value in root.config]


class OrderGrantedRefundStatusEnum(graphene.Enum):
    NONE = "none"
    PENDING = "pending"
    SUCCESS = "full"
    FAILURE = "fail"

    class Meta:
        description = "Represents the status of a granted refund."


class OrderGrantedRefundLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    quantity = graphene.Int(required=True, description="Number of items to refund.")
    if _lazy("commerce.graphql.order.types", "OrderLine"):
        order_line = graphene.Field("commerce.graphql.order.types.OrderLine", required=True)
    reason = graphene.String(description="Reason for refunding the line.")

    @staticmethod
    def resolve_id(root, _info):
        from ..core.ids import to_global_id

        return to_global_id("OrderGrantedRefundLine", root.pk)


class OrderGrantedRefund(graphene.ObjectType):
    id = graphene.ID(required=True)
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    amount = _money("amount_value")
    reason = graphene.String(description="Reason of the refund.")
    shipping_costs_included = graphene.Boolean(required=True)
    lines = NonNullList(OrderGrantedRefundLine)
    status = OrderGrantedRefundStatusEnum(required=True)
    transaction_events = NonNullList(TransactionEvent)
    transaction = graphene.Field(TransactionItem)

    class Meta:
        description = "The details of granted refund."

    @staticmethod
    def resolve_id(root, _info):
        from ..core.ids import to_global_id

        return to_global_id("OrderGrantedRefund", root.pk)

    @staticmethod
    def resolve_status(root, _info):
        return getattr(root.status, "value", root.status)

    @staticmethod
    def resolve_lines(root, _info):
        return list(root.lines.all())

    @staticmethod
    def resolve_transaction(root, _info):
        return root.transaction_item

    @staticmethod
    def resolve_transaction_events(root, _info):
        if not root.transaction_item_id:
            return []
        return list(models.TransactionEvent.objects.filter(
            transaction_id=root.transaction_item_id, type__startswith="refund", created_at__gte=root.created_at))
