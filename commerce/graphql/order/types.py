"""Saleor's Order, OrderLine, OrderEvent, Fulfillment and FulfillmentLine.

Every relation is read through a dataloader, so a page of orders with their
lines, events and fulfilments costs a fixed number of queries. What a
requester may see is decided in .access (owner and channel staff: all;
producer users: their own products' lines only).
"""

import graphene

from commerce.core.prices import Money as MoneyValue
from commerce.core.prices import TaxedMoney as TaxedMoneyValue
from commerce.order import models
from commerce.order.pickup import pickup_qr_data_uri

from ..account.dataloaders import AddressByIdLoader
from ..account.enums import AddressTypeEnum
from ..account.permissions import has_one_of_permissions, saleor_permissions
from ..account.types import Address, User
from ..channel.context import with_channel
from ..channel.dataloaders import ChannelByIdLoader
from ..channel.types import Channel
from ..core.connection import CountableConnection
from ..core.enums import LanguageCodeEnum
from ..core.errors import PermissionDenied
from ..core.types import Error, ModelObjectType, NonNullList
from ..meta.types import PRIVATE_METADATA_PERMISSIONS, ObjectWithMetadata
from ..core.promise import Promise
from ..product.dataloaders import ProductVariantByIdLoader
from ..product.types.money import Money, TaxedMoney, Weight, weight_in_kg
from ..warehouse.dataloaders import WarehouseByIdLoader
from ..warehouse.types import Warehouse
from . import access
from .dataloaders import (
    FulfillmentLinesByFulfillmentIdLoader,
    FulfillmentsByOrderIdLoader,
    OrderEventsByOrderIdLoader,
    OrderLineByIdLoader,
    OrderLinesByOrderIdLoader,
    ShippingMethodByIdLoader,
    UserByIdLoader,
)
from .enums import (
    EMAIL_KIND_TO_SALEOR,
    FulfillmentStatus,
    OrderAuthorizeStatusEnum,
    OrderChargeStatusEnum,
    OrderErrorCode,
    OrderEventsEmailsEnum,
    OrderEventsEnum,
    OrderOriginEnum,
    OrderStatus,
)

PRIVATE_METADATA_PERMISSIONS["Order"] = saleor_permissions("MANAGE_ORDERS")
PRIVATE_METADATA_PERMISSIONS["Fulfillment"] = saleor_permissions("MANAGE_ORDERS")
MANAGE_ORDERS = saleor_permissions("MANAGE_ORDERS")
USER_PERMISSIONS = saleor_permissions("MANAGE_USERS", "MANAGE_ORDERS")


class OrderError(Error):
    code = OrderErrorCode(required=True, description="The error code.")
    warehouse = graphene.ID(description="Warehouse ID which causes the error.")
    order_lines = NonNullList(graphene.ID, description="List of order line IDs that cause the error.")
    variants = NonNullList(graphene.ID, description="List of product variants that are associated with the error")
    address_type = AddressTypeEnum(description="A type of address that causes the error.")


def _money(amount, currency) -> MoneyValue:
    return MoneyValue(amount, currency)


def _taxed(net, gross, currency) -> TaxedMoneyValue:
    return TaxedMoneyValue(net=MoneyValue(net, currency), gross=MoneyValue(gross, currency))


def _plain(field):
    """A resolver giving a choices field's stored value: rows changed in memory
    hold TextChoices members, which graphene's enums do not recognise."""

    def resolve(root, _info):
        value = getattr(root, field)
        return getattr(value, "value", value)

    return staticmethod(resolve)


def _require(condition: bool, permissions=MANAGE_ORDERS):
    if not condition:
        raise PermissionDenied(permissions=permissions)


class FulfillmentLine(ModelObjectType):
    quantity = graphene.Int(required=True, description="The number of items included in the fulfillment line.")
    order_line = graphene.Field(lambda: OrderLine, description="The order line to which the fulfillment line is related.")

    class Meta:
        model = models.FulfillmentLine
        description = "Represents line of the fulfillment."

    @staticmethod
    def resolve_order_line(root, info):
        return OrderLineByIdLoader(info.context).load(root.order_line_id)


class Fulfillment(ModelObjectType):
    fulfillment_order = graphene.Int(required=True, description="Sequence in which the fulfillments were created.")
    status = graphene.Field(FulfillmentStatus, required=True, description="Status of fulfillment.")
    tracking_number = graphene.String(required=True, description="Fulfillment tracking number.")
    created = graphene.DateTime(required=True, description="Date and time when fulfillment was created.")
    lines = NonNullList(FulfillmentLine, description="List of lines for fulfillment.")
    status_display = graphene.String(description="User-friendly fulfillment status.")
    warehouse = graphene.Field(Warehouse, description="Warehouse from fulfillment was fulfilled.")

    class Meta:
        model = models.Fulfillment
        interfaces = [ObjectWithMetadata]
        description = "Represents order fulfillment."

    resolve_status = _plain("status")

    @staticmethod
    def resolve_created(root, _info):
        return root.created_at

    @staticmethod
    def resolve_lines(root, info):
        return FulfillmentLinesByFulfillmentIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_status_display(root, _info):
        return root.get_status_display()

    @staticmethod
    def resolve_warehouse(root, info):
        return WarehouseByIdLoader(info.context).load(root.warehouse_id) if root.warehouse_id else None


class OrderLine(ModelObjectType):
    product_name = graphene.String(required=True, description="Name of the product in order line.")
    variant_name = graphene.String(required=True, description="Name of the variant of product in order line.")
    product_sku = graphene.String(description="SKU of the product variant.")
    product_variant_id = graphene.String(description="The ID of the product variant.")
    is_shipping_required = graphene.Boolean(required=True, description="Whether the product variant requires shipping.")
    quantity = graphene.Int(required=True, description="Number of variant items ordered.")
    quantity_fulfilled = graphene.Int(required=True, description="Number of variant items fulfilled.")
    quantity_to_fulfill = graphene.Int(required=True, description="A quantity of items remaining to be fulfilled.")
    tax_rate = graphene.Float(required=True, description="Rate of tax applied on product variant.")
    unit_price = graphene.Field(TaxedMoney, required=True, description="Price of the single item in the order line.")
    undiscounted_unit_price = graphene.Field(
        TaxedMoney, required=True, description="Price of the single item in the order line without any discount applied.")
    total_price = graphene.Field(TaxedMoney, required=True, description="Price of the order line.")
    undiscounted_total_price = graphene.Field(
        TaxedMoney, required=True, description="Price of the order line without discounts.")
    variant = graphene.Field(
        "commerce.graphql.product.types.ProductVariant",
        description="A purchased product variant. Note: this field may be null if the variant has been removed.")
    translated_product_name = graphene.String(required=True, description="Product name in the customer's language")
    translated_variant_name = graphene.String(required=True, description="Variant name in the customer's language")
    # OCOP: who made it, as it was when the order was placed.
    producer_name = graphene.String(required=True, description="The OCOP producer of the product, at the time of sale.")

    class Meta:
        model = models.OrderLine
        description = "Represents order line of particular order."

    @staticmethod
    def resolve_quantity_to_fulfill(root, _info):
        return root.quantity_unfulfilled

    @staticmethod
    def resolve_tax_rate(root, _info):
        return float(root.tax_rate)

    @staticmethod
    def resolve_unit_price(root, _info):
        return _taxed(root.unit_price_net_amount, root.unit_price_gross_amount, root.currency)

    @staticmethod
    def resolve_undiscounted_unit_price(root, _info):
        return _taxed(root.undiscounted_unit_price_net_amount, root.undiscounted_unit_price_gross_amount, root.currency)

    @staticmethod
    def resolve_total_price(root, _info):
        return _taxed(root.total_price_net_amount, root.total_price_gross_amount, root.currency)

    @staticmethod
    def resolve_undiscounted_total_price(root, _info):
        return _taxed(root.undiscounted_unit_price_net_amount * root.quantity,
                      root.undiscounted_unit_price_gross_amount * root.quantity, root.currency)

    @staticmethod
    def resolve_variant(root, info):
        if root.variant_id is None:
            return None

        def wrap(result):
            variant, slug = result
            return with_channel(variant, slug)

        channel = ChannelByIdLoader(info.context).load(_order_channel_id(root)).then(lambda c: c and c.slug)
        return Promise.all([ProductVariantByIdLoader(info.context).load(root.variant_id), channel]).then(wrap)

    @staticmethod
    def resolve_translated_product_name(root, _info):
        return root.translated_product_name or ""

    @staticmethod
    def resolve_translated_variant_name(root, _info):
        return root.translated_variant_name or ""


def _order_channel_id(line):
    """The channel of a line's order: lines are read through their order, which
    leaves its channel id on them (no query); a line loaded alone asks once."""
    channel_id = getattr(line, "_order_channel_id", None)
    if channel_id is None:
        channel_id = models.Order.objects.filter(pk=line.order_id).values_list("channel_id", flat=True).first()
    return channel_id


def _is_enum_value(value) -> bool:
    return any(member.value == value for member in OrderEventsEnum._meta.enum)


class OrderEvent(ModelObjectType):
    date = graphene.DateTime(description="Date when event happened at in ISO 8601 format.")
    type = graphene.Field(OrderEventsEnum, description="Order event type.")
    user = graphene.Field(User, description="User who performed the action.")
    message = graphene.String(description="Content of the event.")
    email = graphene.String(description="Email of the customer.")
    email_type = graphene.Field(OrderEventsEmailsEnum, description="Type of an email sent to the customer.")
    amount = graphene.Float(description="Amount of money.")
    quantity = graphene.Int(description="Number of items.")
    composed_id = graphene.String(description="Composed ID of the Fulfillment.")
    order_number = graphene.String(description="User-friendly number of an order.")
    transaction_reference = graphene.String(description="The transaction reference of captured payment.")
    warehouse = graphene.Field(Warehouse, description="The warehouse were items were restocked.")

    class Meta:
        model = models.OrderEvent
        description = "History log of the order."

    @staticmethod
    def resolve_type(root, _info):
        # Events the API has no name for (a granted refund) show as OTHER.
        value = getattr(root.type, "value", root.type)
        return value if _is_enum_value(value) else models.OrderEvents.OTHER.value

    @staticmethod
    def resolve_user(root, info):
        return UserByIdLoader(info.context).load(root.user_id) if root.user_id else None

    @staticmethod
    def resolve_message(root, _info):
        params = root.parameters or {}
        if root.type in (models.OrderEvents.PICKED_UP, models.OrderEvents.PICKUP_REFUSED):
            return params.get("reason") or ("Handed over at the collection point."
                                           if root.type == models.OrderEvents.PICKED_UP else None)
        return params.get("message")

    @staticmethod
    def resolve_email(root, _info):
        return (root.parameters or {}).get("email")

    @staticmethod
    def resolve_email_type(root, _info):
        return EMAIL_KIND_TO_SALEOR.get((root.parameters or {}).get("email_type"))

    @staticmethod
    def resolve_amount(root, _info):
        amount = (root.parameters or {}).get("amount")
        return float(amount) if amount is not None else None

    @staticmethod
    def resolve_quantity(root, _info):
        return (root.parameters or {}).get("quantity")

    @staticmethod
    def resolve_composed_id(root, _info):
        return (root.parameters or {}).get("composed_id")

    @staticmethod
    def resolve_order_number(root, _info):
        return getattr(root, "_order_number", None)

    @staticmethod
    def resolve_transaction_reference(root, _info):
        return (root.parameters or {}).get("transaction_reference")

    @staticmethod
    def resolve_warehouse(root, info):
        restocked = (root.parameters or {}).get("restocked_into") or []
        return WarehouseByIdLoader(info.context).load(restocked[0]) if restocked else None


class Order(ModelObjectType):
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    status = graphene.Field(OrderStatus, required=True)
    user = graphene.Field(User, description="User who placed the order. This field is set only for orders placed by "
                                            "authenticated users. Requires one of the following permissions: "
                                            "MANAGE_USERS, MANAGE_ORDERS, OWNER.")
    billing_address = graphene.Field(Address)
    shipping_address = graphene.Field(Address)
    shipping_method_name = graphene.String(description="Method used for shipping.")
    collection_point_name = graphene.String(description="Name of the collection point where the order should be picked up by the customer.")
    channel = graphene.Field(Channel, required=True)
    fulfillments = NonNullList(Fulfillment, required=True, description="List of shipments for the order.")
    lines = NonNullList(OrderLine, required=True, description="List of order lines.")
    number = graphene.String(required=True, description="User-friendly number of an order.")
    origin = graphene.Field(OrderOriginEnum, required=True, description="Order origin.")
    is_paid = graphene.Boolean(required=True, description="Informs if an order is fully paid.")
    authorize_status = graphene.Field(OrderAuthorizeStatusEnum, required=True)
    charge_status = graphene.Field(OrderChargeStatusEnum, required=True)
    transactions = NonNullList(
        "commerce.graphql.payment.types.TransactionItem", required=True,
        description="List of transactions for the order. Requires one of the following permissions: MANAGE_ORDERS, "
                    "HANDLE_PAYMENTS.")
    total = graphene.Field(TaxedMoney, required=True, description="Total amount of the order.")
    undiscounted_total = graphene.Field(TaxedMoney, required=True, description="Undiscounted total amount of the order.")
    shipping_price = graphene.Field(TaxedMoney, required=True, description="Total price of shipping.")
    undiscounted_shipping_price = graphene.Field(Money, required=True, description="Undiscounted total price of shipping.")
    customer_note = graphene.String(required=True)
    weight = graphene.Field(Weight, required=True)
    subtotal = graphene.Field(TaxedMoney, required=True, description="The sum of line prices not including shipping.")
    status_display = graphene.String(required=True, description="User-friendly order status.")
    total_authorized = graphene.Field(Money, required=True, description="Amount authorized for the order.")
    total_charged = graphene.Field(Money, required=True, description="Amount charged for the order.")
    events = NonNullList(OrderEvent, required=True, description="List of events associated with the order. Requires "
                                                                "one of the following permissions: MANAGE_ORDERS.")
    total_balance = graphene.Field(
        Money, required=True,
        description="The difference between the paid and the order total amount.")
    user_email = graphene.String(description="Email address of the customer.")
    is_shipping_required = graphene.Boolean(required=True, description="Returns True, if order requires shipping.")
    delivery_method = graphene.Field(
        "commerce.graphql.checkout.types.DeliveryMethod",
        description="The delivery method selected for this order.")
    language_code = graphene.String(required=True, deprecation_reason="Use the `languageCodeEnum` field to fetch the language code.")
    language_code_enum = graphene.Field(LanguageCodeEnum, required=True, description="Order language code.")
    checkout_id = graphene.ID(description="ID of the checkout that the order was created from.")
    # OCOP: click-and-collect handover at a centre's counter.
    pickup_code = graphene.String(description="Code the customer shows at the collection point to collect the order. "
                                              "Visible to the customer who placed it and to the channel's staff.")
    pickup_qr_code = graphene.String(description="The pickup code as a QR image (an SVG data URI).")

    class Meta:
        model = models.Order
        interfaces = [ObjectWithMetadata]
        description = "Represents an order in the shop."

    resolve_status = _plain("status")
    resolve_charge_status = _plain("charge_status")
    resolve_authorize_status = _plain("authorize_status")
    resolve_origin = _plain("origin")

    @staticmethod
    def resolve_created(root, _info):
        return root.created_at

    @staticmethod
    def resolve_user(root, info):
        requester = getattr(info.context, "user", None)
        owner = requester is not None and requester.is_authenticated and root.user_id == requester.pk
        _require(owner or has_one_of_permissions(info.context, USER_PERMISSIONS), USER_PERMISSIONS)
        return UserByIdLoader(info.context).load(root.user_id) if root.user_id else None

    @staticmethod
    def resolve_billing_address(root, info):
        if access.order_view(info, root) != access.FULL or not root.billing_address_id:
            return None
        return AddressByIdLoader(info.context).load(root.billing_address_id)

    @staticmethod
    def resolve_shipping_address(root, info):
        if access.order_view(info, root) != access.FULL or not root.shipping_address_id:
            return None
        return AddressByIdLoader(info.context).load(root.shipping_address_id)

    @staticmethod
    def resolve_user_email(root, info):
        # A producer sees what to make and ship, not who the customer is.
        return root.user_email if access.order_view(info, root) == access.FULL else None

    @staticmethod
    def resolve_channel(root, info):
        return ChannelByIdLoader(info.context).load(root.channel_id)

    @staticmethod
    def resolve_fulfillments(root, info):
        return FulfillmentsByOrderIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_lines(root, info):
        def visible(lines):
            by_id = OrderLineByIdLoader(info.context)
            for line in lines:
                line._order_channel_id = root.channel_id
                by_id.prime(line.pk, line)  # fulfilment lines point back at them
            return access.visible_lines(info, root, lines)

        return OrderLinesByOrderIdLoader(info.context).load(root.pk).then(visible)

    @staticmethod
    def resolve_number(root, _info):
        return str(root.number)

    @staticmethod
    def resolve_is_paid(root, _info):
        return root.charge_status in (models.OrderChargeStatus.FULL, models.OrderChargeStatus.OVERCHARGED)

    @staticmethod
    def resolve_transactions(root, info):
        from ..payment.dataloaders import TransactionItemsByOrderIdLoader

        _require(access.order_view(info, root) == access.FULL)
        return TransactionItemsByOrderIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_total(root, _info):
        return _taxed(root.total_net_amount, root.total_gross_amount, root.currency)

    @staticmethod
    def resolve_undiscounted_total(root, _info):
        return _taxed(root.undiscounted_total_net_amount, root.undiscounted_total_gross_amount, root.currency)

    @staticmethod
    def resolve_shipping_price(root, _info):
        return _taxed(root.shipping_price_net_amount, root.shipping_price_gross_amount, root.currency)

    @staticmethod
    def resolve_undiscounted_shipping_price(root, _info):
        return _money(root.base_shipping_price_amount, root.currency)

    @staticmethod
    def resolve_weight(root, _info):
        return weight_in_kg(root.weight)

    @staticmethod
    def resolve_subtotal(root, _info):
        return _taxed(root.subtotal_net_amount, root.subtotal_gross_amount, root.currency)

    @staticmethod
    def resolve_status_display(root, _info):
        return root.get_status_display()

    @staticmethod
    def resolve_total_authorized(root, _info):
        return _money(root.total_authorized_amount, root.currency)

    @staticmethod
    def resolve_total_charged(root, _info):
        return _money(root.total_charged_amount, root.currency)

    @staticmethod
    def resolve_events(root, info):
        _require(access.is_staff_of(access._user(info), root))

        def with_number(events):
            for event in events:
                event._order_number = str(root.number)
            return events

        return OrderEventsByOrderIdLoader(info.context).load(root.pk).then(with_number)

    @staticmethod
    def resolve_total_balance(root, _info):
        return _money(root.total_charged_amount - root.total_gross_amount, root.currency)

    @staticmethod
    def resolve_is_shipping_required(root, info):
        return OrderLinesByOrderIdLoader(info.context).load(root.pk).then(
            lambda lines: any(line.is_shipping_required for line in lines))

    @staticmethod
    def resolve_delivery_method(root, info):
        if root.collection_point_id:
            return WarehouseByIdLoader(info.context).load(root.collection_point_id)
        if not root.shipping_method_id:
            return None
        from ..shipping.types import ShippingMethodData

        price = _money(root.shipping_price_gross_amount, root.currency)
        return ShippingMethodByIdLoader(info.context).load(root.shipping_method_id).then(
            lambda method: method and ShippingMethodData(node=method, price=price, language_code=root.language_code))

    @staticmethod
    def resolve_language_code_enum(root, _info):
        return root.language_code or "vi"

    @staticmethod
    def resolve_checkout_id(root, _info):
        from ..core.ids import to_global_id

        return to_global_id("Checkout", root.checkout_token) if root.checkout_token else None

    @staticmethod
    def resolve_pickup_code(root, info):
        if not root.pickup_code or access.order_view(info, root) != access.FULL:
            return None
        return root.pickup_code

    @staticmethod
    def resolve_pickup_qr_code(root, info):
        code = Order.resolve_pickup_code(root, info)
        return pickup_qr_data_uri(code) if code else None


class OrderCountableConnection(CountableConnection):
    class Meta:
        node = Order
