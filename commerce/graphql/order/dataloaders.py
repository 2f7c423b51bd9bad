"""Batch loads for orders: a page of orders with their lines, events and
fulfilments costs one query per relation, not one per order."""

from commerce.order.models import Fulfillment, FulfillmentLine, Order, OrderEvent, OrderLine

from ..product.dataloaders.base import ModelByIdLoader, RowsByFieldLoader


class OrderByIdLoader(ModelByIdLoader):
    context_key = "order_by_id"
    model = Order


class OrderLinesByOrderIdLoader(RowsByFieldLoader):
    context_key = "order_lines_by_order_id"
    field = "order_id"

    def get_queryset(self):
        return OrderLine.objects.order_by("created_at", "id")


class OrderLineByIdLoader(ModelByIdLoader):
    context_key = "order_line_by_id"
    model = OrderLine


class OrderEventsByOrderIdLoader(RowsByFieldLoader):
    context_key = "order_events_by_order_id"
    field = "order_id"

    def get_queryset(self):
        return OrderEvent.objects.order_by("date", "pk")


class FulfillmentsByOrderIdLoader(RowsByFieldLoader):
    context_key = "fulfillments_by_order_id"
    field = "order_id"

    def get_queryset(self):
        return Fulfillment.objects.order_by("pk")


class FulfillmentLinesByFulfillmentIdLoader(RowsByFieldLoader):
    context_key = "fulfillment_lines_by_fulfillment_id"
    field = "fulfillment_id"

    def get_queryset(self):
        return FulfillmentLine.objects.order_by("pk")


class UserByIdLoader(ModelByIdLoader):
    context_key = "order_user_by_id"
    prepared = False

    @property
    def model(self):
        from commerce.account.models import User

        return User


class ShippingMethodByIdLoader(ModelByIdLoader):
    context_key = "order_shipping_method_by_id"
    prepared = False

    @property
    def model(self):
        from commerce.shipping.models import ShippingMethod

        return ShippingMethod

    def get_queryset(self):
        return self.model.objects.prefetch_related("translations")
