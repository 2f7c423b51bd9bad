"""Saleor's order mutations, thin: decode IDs, check the channel, call
commerce.order.actions. MANAGE_ORDERS is checked by BaseMutation; access to
the order's channel (restricted staff) here, as a PermissionDenied."""

import graphene
from django.core.exceptions import ValidationError

from commerce.order import actions
from commerce.order.error_codes import OrderErrorCode
from commerce.order.models import Fulfillment as FulfillmentModel
from commerce.order.models import Order as OrderModel

from ..core.ids import from_global_id
from ..core.mutations import BaseMutation
from ..core.types import NonNullList
from . import access
from .types import Fulfillment, Order, OrderError


def _pk(global_id, expected_type: str, field: str):
    """The pk behind a global ID of `expected_type`, or a GRAPHQL_ERROR on `field`."""
    try:
        type_name, pk = from_global_id(global_id)
    except ValueError:
        type_name, pk = None, None
    if type_name != expected_type:
        raise ValidationError({field: ValidationError(
            f"Couldn't resolve id: {global_id}. Must receive a {expected_type} id.",
            code=OrderErrorCode.GRAPHQL_ERROR.value)})
    return pk


def _get(model, global_id, expected_type, field):
    pk = _pk(global_id, expected_type, field)
    try:
        return model.objects.get(pk=pk)
    except (model.DoesNotExist, ValueError, ValidationError):
        raise ValidationError({field: ValidationError(
            f"Couldn't resolve to a node: {global_id}", code=OrderErrorCode.NOT_FOUND.value)})


def order_for_staff(info, global_id, field="id") -> OrderModel:
    order = _get(OrderModel, global_id, "Order", field)
    access.require_staff_of(info, order)
    return order


class OrderMutation(BaseMutation):
    order = graphene.Field(Order, description="Order the mutation acted on.")

    class Meta:
        abstract = True


class OrderConfirm(OrderMutation):
    class Arguments:
        id = graphene.ID(required=True, description="ID of an order to confirm.")

    class Meta:
        description = "Confirms an unconfirmed order by changing status to unfulfilled."
        error_type_class = OrderError
        permissions = ("MANAGE_ORDERS",)

    @classmethod
    def perform_mutation(cls, _root, info, /, **data):
        order = order_for_staff(info, data["id"])
        return cls(order=actions.confirm_order(order, user=info.context.user))


class OrderFulfillStockInput(graphene.InputObjectType):
    quantity = graphene.Int(required=True, description="The number of line items to be fulfilled from given warehouse.")
    warehouse = graphene.ID(required=True, description="ID of the warehouse from which the item will be fulfilled.")


class OrderFulfillLineInput(graphene.InputObjectType):
    order_line_id = graphene.ID(description="The ID of the order line.")
    stocks = NonNullList(OrderFulfillStockInput, required=True, description="List of stock items to create.")


class OrderFulfillInput(graphene.InputObjectType):
    lines = NonNullList(OrderFulfillLineInput, required=True, description="List of items informing how to fulfill the order.")
    notify_customer = graphene.Boolean(description="If true, send an email notification to the customer.")
    allow_stock_to_be_exceeded = graphene.Boolean(
        default_value=False, description="If true, then allow proceed fulfillment when stock is exceeded.")
    tracking_number = graphene.String(description="Fulfillment tracking number.")


class OrderFulfill(OrderMutation):
    fulfillments = NonNullList(Fulfillment, description="List of created fulfillments.")

    class Arguments:
        order = graphene.ID(description="ID of the order to be fulfilled.")
        input = OrderFulfillInput(required=True, description="Fields required to create a fulfillment.")

    class Meta:
        description = "Creates new fulfillments for an order."
        error_type_class = OrderError
        permissions = ("MANAGE_ORDERS",)

    @classmethod
    def perform_mutation(cls, _root, info, /, **data):
        order = order_for_staff(info, data.get("order"), field="order")
        payload = data["input"]
        lines = []
        for item in payload["lines"]:
            line_id = _pk(item.get("order_line_id"), "OrderLine", "orderLineId")
            stocks = [
                {"warehouse": _warehouse_pk(stock["warehouse"]), "quantity": stock["quantity"]}
                for stock in item["stocks"]
            ]
            lines.append({"order_line": _uuid_or_not_found(line_id), "stocks": stocks})
        fulfillments = actions.fulfill_order(
            order, lines, info.context.user,
            notify=payload.get("notify_customer") is not False,
            tracking=payload.get("tracking_number") or "",
            allow_stock_to_be_exceeded=bool(payload.get("allow_stock_to_be_exceeded")),
        )
        order.refresh_from_db()
        return cls(order=order, fulfillments=fulfillments)


def _warehouse_pk(global_id):
    pk = _pk(global_id, "Warehouse", "warehouse")
    try:
        return int(pk)
    except ValueError:
        raise ValidationError({"warehouse": ValidationError(
            f"Couldn't resolve id: {global_id}.", code=OrderErrorCode.GRAPHQL_ERROR.value)})


def _uuid_or_not_found(pk):
    import uuid

    try:
        return uuid.UUID(pk)
    except ValueError:
        raise ValidationError({"orderLineId": ValidationError(
            f"Couldn't resolve order line {pk}.", code=OrderErrorCode.GRAPHQL_ERROR.value)})


class FulfillmentUpdateTrackingInput(graphene.InputObjectType):
    tracking_number = graphene.String(description="Fulfillment tracking number.")
    notify_customer = graphene.Boolean(default_value=False, description="If true, send an email notification to the customer.")


class FulfillmentUpdateTracking(OrderMutation):
    fulfillment = graphene.Field(Fulfillment, description="A fulfillment with updated tracking.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of a fulfillment to update.")
        input = FulfillmentUpdateTrackingInput(required=True, description="Fields required to update a fulfillment.")

    class Meta:
        description = "Updates a fulfillment for an order."
        error_type_class = OrderError
        permissions = ("MANAGE_ORDERS",)

    @classmethod
    def perform_mutation(cls, _root, info, /, **data):
        fulfillment = _get(FulfillmentModel, data["id"], "Fulfillment", "id")
        access.require_staff_of(info, fulfillment.order)
        fulfillment = actions.update_fulfillment_tracking(
            fulfillment, data["input"].get("tracking_number") or "", user=info.context.user,
            notify=bool(data["input"].get("notify_customer")))
        return cls(fulfillment=fulfillment, order=OrderModel.objects.get(pk=fulfillment.order_id))


class FulfillmentCancelInput(graphene.InputObjectType):
    warehouse_id = graphene.ID(description="ID of a warehouse where items will be restocked. Optional when fulfillment is in WAITING_FOR_APPROVAL state.")


class FulfillmentCancel(OrderMutation):
    fulfillment = graphene.Field(Fulfillment, description="A canceled fulfillment.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of a fulfillment to cancel.")
        input = FulfillmentCancelInput(description="Fields required to cancel a fulfillment.")

    class Meta:
        description = "Cancels existing fulfillment and optionally restocks items."
        error_type_class = OrderError
        permissions = ("MANAGE_ORDERS",)

    @classmethod
    def perform_mutation(cls, _root, info, /, **data):
        fulfillment = _get(FulfillmentModel, data["id"], "Fulfillment", "id")
        access.require_staff_of(info, fulfillment.order)
        warehouse_id = (data.get("input") or {}).get("warehouse_id")
        warehouse = None
        if warehouse_id:
            from commerce.warehouse.models import Warehouse

            warehouse = _get(Warehouse, warehouse_id, "Warehouse", "warehouseId")
        fulfillment = actions.cancel_fulfillment(fulfillment, user=info.context.user, warehouse=warehouse)
        return cls(fulfillment=fulfillment, order=OrderModel.objects.get(pk=fulfillment.order_id))


class OrderCancel(OrderMutation):
    class Arguments:
        id = graphene.ID(required=True, description="ID of the order to cancel.")

    class Meta:
        description = "Cancel an order."
        error_type_class = OrderError
        permissions = ("MANAGE_ORDERS",)

    @classmethod
    def perform_mutation(cls, _root, info, /, **data):
        order = order_for_staff(info, data["id"])
        return cls(order=actions.cancel_order(order, user=info.context.user))


class OrderMarkAsPaid(OrderMutation):
    class Arguments:
        id = graphene.ID(required=True, description="ID of the order to mark paid.")
        transaction_reference = graphene.String(description="The external transaction reference.")

    class Meta:
        description = "Mark order as manually paid."
        error_type_class = OrderError
        permissions = ("MANAGE_ORDERS",)

    @classmethod
    def perform_mutation(cls, _root, info, /, **data):
        order = order_for_staff(info, data["id"])
        return cls(order=actions.mark_as_paid(
            order, user=info.context.user, transaction_reference=data.get("transaction_reference")))


class OrderPickup(OrderMutation):
    """OCOP: the counter handover of a click-and-collect order."""

    class Arguments:
        id = graphene.ID(required=True, description="ID of the order being collected.")
        pickup_code = graphene.String(required=True, description="The code the customer shows (typed or scanned).")
        mark_as_paid = graphene.Boolean(
            default_value=False, description="Record the payment taken at the counter in the same step.")

    class Meta:
        description = ("Hands a click-and-collect order over at its collection point: checks the pickup code, "
                       "fulfils every line from the centre and records who handed it over.")
        error_type_class = OrderError
        permissions = ("MANAGE_ORDERS",)
        # Not one transaction: a refused attempt (wrong code, another centre)
        # must stay in the order's history although the handover fails.
        atomic = False

    @classmethod
    def perform_mutation(cls, _root, info, /, **data):
        from django.core.exceptions import PermissionDenied as DjangoPermissionDenied

        from ..core.errors import PermissionDenied

        order = _get(OrderModel, data["id"], "Order", "id")
        try:
            order = actions.hand_over_order(
                order, data["pickup_code"], user=info.context.user, mark_as_paid=bool(data.get("mark_as_paid")))
        except DjangoPermissionDenied as denied:
            raise PermissionDenied(str(denied))
        return cls(order=order)


__all__ = [
    "FulfillmentCancel",
    "FulfillmentUpdateTracking",
    "OrderCancel",
    "OrderConfirm",
    "OrderFulfill",
    "OrderMarkAsPaid",
    "OrderPickup",
]
