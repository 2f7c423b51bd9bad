"""Root fields of orders: `order`, `orders`, `me { orders }` and the order mutations."""

import graphene
from django.db.models import Q

from commerce.order.models import Order as OrderModel

from ..account.types import extend_user_type
from ..core.connection import ConnectionField
from ..core.cost import register_cost
from ..core.ids import from_global_id_or_error
from ..core.types import NonNullList
from ..product.filter_inputs import pks_from_global_ids
from ..product.enums import enum_value
from . import access
from .enums import OrderAuthorizeStatusEnum, OrderChargeStatusEnum, OrderStatusFilter
from .mutations import (
    FulfillmentCancel,
    FulfillmentUpdateTracking,
    OrderCancel,
    OrderConfirm,
    OrderFulfill,
    OrderMarkAsPaid,
    OrderPickup,
)
from .types import Order, OrderCountableConnection


class OrderFilterInput(graphene.InputObjectType):
    """A subset of Saleor's OrderFilterInput, with Saleor's field types."""

    status = NonNullList(OrderStatusFilter)
    customer = graphene.String()
    search = graphene.String()
    channels = NonNullList(graphene.ID)
    authorize_status = NonNullList(OrderAuthorizeStatusEnum)
    charge_status = NonNullList(OrderChargeStatusEnum)
    is_click_and_collect = graphene.Boolean()
    ids = NonNullList(graphene.ID)
    numbers = NonNullList(graphene.String)


STATUS_FILTERS = {
    "ready_to_fulfill": Q(status__in=["unfulfilled", "partially fulfilled"], charge_status__in=["full", "overcharged"]),
    "ready_to_capture": Q(authorize_status="full", charge_status="none"),
}


def apply_order_filter(queryset, value):
    if not value:
        return queryset
    if value.get("status"):
        condition = Q()
        for status in (enum_value(s) for s in value["status"]):
            condition |= STATUS_FILTERS.get(status, Q(status=status))
        queryset = queryset.filter(condition)
    if value.get("customer"):
        text = value["customer"]
        queryset = queryset.filter(Q(user_email__icontains=text) | Q(user__email__icontains=text)
                                   | Q(user__first_name__icontains=text) | Q(user__last_name__icontains=text))
    if value.get("search"):
        text = value["search"].strip().lstrip("#")
        condition = Q(user_email__icontains=text) | Q(lines__product_sku__iexact=text) | Q(pickup_code__iexact=text)
        if text.isdigit():
            condition |= Q(number=int(text))
        queryset = queryset.filter(pk__in=OrderModel.objects.filter(condition).values("pk"))
    if value.get("channels"):
        queryset = queryset.filter(channel_id__in=pks_from_global_ids(value["channels"], "Channel"))
    if value.get("authorize_status"):
        queryset = queryset.filter(authorize_status__in=[enum_value(s) for s in value["authorize_status"]])
    if value.get("charge_status"):
        queryset = queryset.filter(charge_status__in=[enum_value(s) for s in value["charge_status"]])
    if value.get("is_click_and_collect") is not None:
        queryset = queryset.filter(collection_point__isnull=not value["is_click_and_collect"])
    if value.get("ids"):
        queryset = queryset.filter(pk__in=[from_global_id_or_error(i, "Order")[1] for i in value["ids"]])
    if value.get("numbers"):
        queryset = queryset.filter(number__in=[int(n) for n in value["numbers"] if str(n).isdigit()])
    return queryset


class OrderQueries(graphene.ObjectType):
    order = graphene.Field(
        Order,
        id=graphene.Argument(graphene.ID, description="ID of an order."),
        external_reference=graphene.Argument(graphene.String, description="External ID of an order."),
        description="Look up an order by ID or external reference.",
    )
    orders = ConnectionField(
        OrderCountableConnection,
        filter=OrderFilterInput(description="Filtering options for orders."),
        channel=graphene.String(description="Slug of a channel for which the data should be returned."),
        search=graphene.String(description="Search orders."),
        description="List of orders. Requires one of the following permissions: MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_order(_root, info, *, id=None, external_reference=None):
        if not id:
            return None
        _type, pk = from_global_id_or_error(id, Order, raise_error=False)
        if pk is None:
            return None
        order = OrderModel.objects.filter(pk=pk).first()
        if order is None or not access.can_see_order(info, order):
            return None
        return order

    @staticmethod
    def resolve_orders(_root, info, *, filter=None, channel=None, search=None, **_kwargs):
        queryset = access.visible_orders(info)
        if channel:
            queryset = queryset.filter(channel__slug=channel)
        if search:
            filter = {**(filter or {}), "search": search}
        return apply_order_filter(queryset, filter).order_by("-number")


def resolve_user_orders(root, info, **_kwargs):
    """`me { orders }`: a customer's own orders; staff reading another user see
    only the orders of channels they reach."""
    requester = getattr(info.context, "user", None)
    queryset = OrderModel.objects.filter(user_id=root.pk).order_by("-number")
    if requester is None or not requester.is_authenticated:
        return queryset.none()
    if requester.pk == root.pk:
        return queryset
    if access.manages_orders(requester):
        from commerce.account.access import restrict_to_channels

        return restrict_to_channels(queryset, requester)
    return queryset.none()


extend_user_type("orders", ConnectionField(OrderCountableConnection, description="List of user's orders."),
                 resolve_user_orders)


class OrderMutations(graphene.ObjectType):
    order_confirm = OrderConfirm.Field()
    order_fulfill = OrderFulfill.Field()
    order_fulfillment_update_tracking = FulfillmentUpdateTracking.Field()
    order_fulfillment_cancel = FulfillmentCancel.Field()
    order_cancel = OrderCancel.Field()
    order_mark_as_paid = OrderMarkAsPaid.Field()
    # OCOP: hand a click-and-collect order over at the counter.
    order_pickup = OrderPickup.Field()


ORDER_COSTS = {
    "Query": {"orders": {"complexity": 1}},
    "User": {"orders": {"complexity": 1}},
    "Order": {"lines": {"complexity": 1}, "events": {"complexity": 1}, "fulfillments": {"complexity": 1},
              "transactions": {"complexity": 1}},
    "Fulfillment": {"lines": {"complexity": 1}},
}
for _type_name, _fields in ORDER_COSTS.items():
    for _field_name, _spec in _fields.items():
        register_cost(_type_name, _field_name, **_spec)
