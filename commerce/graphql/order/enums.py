"""Saleor's order enums. Values are the model's stored values, names Saleor's."""

import graphene

from commerce.order import error_codes, models

OrderErrorCode = graphene.Enum.from_enum(error_codes.OrderErrorCode)


def _enum(name, choices, description):
    return graphene.Enum(name, [(member.name, member.value) for member in choices],
                         description=description)


OrderStatus = _enum("OrderStatus", models.OrderStatus, "An enumeration.")
OrderChargeStatusEnum = _enum(
    "OrderChargeStatusEnum", models.OrderChargeStatus,
    "Determine the current charge status for the order.")
OrderAuthorizeStatusEnum = _enum(
    "OrderAuthorizeStatusEnum", models.OrderAuthorizeStatus,
    "Determine a current authorize status for order.")
OrderOriginEnum = _enum("OrderOriginEnum", models.OrderOrigin, "An enumeration.")
FulfillmentStatus = _enum("FulfillmentStatus", models.FulfillmentStatus, "An enumeration.")

# Saleor's names for the events this shop records; FULFILLMENT_FULFILLED_ITEMS
# and ORDER_GRANTED_REFUND are stored under shorter values. PICKED_UP and
# PICKUP_REFUSED are OCOP's counter handover.
OrderEventsEnum = graphene.Enum(
    "OrderEventsEnum",
    [(member.name, member.value) for member in models.OrderEvents if member.name != "ORDER_GRANTED_REFUND"],
    description="An enumeration.",
)


class OrderEventsEmailsEnum(graphene.Enum):
    PAYMENT_CONFIRMATION = "payment_confirmation"
    CONFIRMED = "confirmed"
    SHIPPING_CONFIRMATION = "shipping_confirmation"
    TRACKING_UPDATED = "tracking_updated"
    ORDER_CONFIRMATION = "order_confirmation"
    ORDER_CANCEL = "order_cancel"
    ORDER_REFUND = "order_refund"
    FULFILLMENT_CONFIRMATION = "fulfillment_confirmation"
    DIGITAL_LINKS = "digital_links"


# Our email kinds (commerce.order.notifications) under Saleor's email names.
EMAIL_KIND_TO_SALEOR = {
    "placed": "order_confirmation",
    "paid": "payment_confirmation",
    "ready_for_pickup": "confirmed",
    "shipped": "shipping_confirmation",
    "canceled": "order_cancel",
}


class OrderStatusFilter(graphene.Enum):
    READY_TO_FULFILL = "ready_to_fulfill"
    READY_TO_CAPTURE = "ready_to_capture"
    UNFULFILLED = "unfulfilled"
    UNCONFIRMED = "unconfirmed"
    PARTIALLY_FULFILLED = "partially fulfilled"
    FULFILLED = "fulfilled"
    CANCELED = "canceled"
