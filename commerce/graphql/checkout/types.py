"""Saleor's Checkout and CheckoutLine types.

Every price and list comes from one CheckoutInfo per checkout per request
(dataloaders.py), so a checkout with fifty lines costs the same few queries
as one with a single line. Variants are shown for the checkout's channel;
shipping method names follow the checkout's language.
"""

from __future__ import annotations

import graphene
from django.utils.module_loading import import_string

from commerce.checkout import models
from commerce.checkout.calculations import (
    is_shipping_required,
    line_total,
    line_undiscounted_unit_price,
    line_unit_price_or_none,
    shipping_listing,
    taxed,
)
from commerce.core.prices import Money as MoneyValue
from commerce.graphql.account.enums import AddressTypeEnum
from commerce.graphql.account.permissions import has_one_of_permissions, saleor_permissions
from commerce.graphql.account.types import Address
from commerce.graphql.channel.context import with_channel
from commerce.graphql.channel.types import Channel
from commerce.graphql.core.enums import LanguageCodeEnum
from commerce.graphql.core.scalars import UUID, DateTime
from commerce.graphql.core.types import Error, ModelObjectType, NonNullList
from commerce.graphql.meta.types import ObjectWithMetadata
from commerce.graphql.product.dataloaders import ProductVariantByIdLoader
from commerce.graphql.product.types.money import Money, TaxedMoney
from commerce.graphql.shipping.types import ShippingMethod, ShippingMethodData
from commerce.graphql.warehouse.types import Warehouse

from .dataloaders import load_info
from .enums import CheckoutAuthorizeStatusEnum, CheckoutChargeStatusEnum, CheckoutErrorCode

USER_PERMISSIONS = saleor_permissions("MANAGE_USERS", "HANDLE_PAYMENTS")
TRANSACTION_PERMISSIONS = saleor_permissions("MANAGE_CHECKOUTS", "HANDLE_PAYMENTS")


class CheckoutError(Error):
    code = CheckoutErrorCode(required=True, description="The error code.")
    variants = NonNullList(graphene.ID, description="List of varint IDs which causes the error.")
    lines = NonNullList(graphene.ID, description="List of line Ids which cause the error.")
    address_type = AddressTypeEnum(description="A type of address that causes the error.")


class DeliveryMethod(graphene.Union):
    class Meta:
        description = "Represents a delivery method chosen for the checkout. `Warehouse` type is used when checkout is marked as \"click and collect\" and `ShippingMethod` otherwise."
        types = (Warehouse, ShippingMethod)


class CheckoutLine(ModelObjectType):
    variant = graphene.Field("commerce.graphql.product.types.ProductVariant", required=True)
    quantity = graphene.Int(required=True, description="The quantity of the variant in the checkout line.")
    unit_price = graphene.Field(TaxedMoney, required=True, description="The unit price of the checkout line, with taxes and discounts.")
    undiscounted_unit_price = graphene.Field(Money, required=True, description="The unit price of the checkout line, without any discounts.")
    total_price = graphene.Field(TaxedMoney, required=True, description="The sum of the checkout line price, taxes and discounts.")
    undiscounted_total_price = graphene.Field(Money, required=True, description="The sum of the checkout line price, without discounts.")
    requires_shipping = graphene.Boolean(required=True, description="Indicates whether the item need to be delivered.")

    class Meta:
        model = models.CheckoutLine
        description = "Represents an item in the checkout."

    @staticmethod
    def resolve_variant(root, info):
        ProductVariantByIdLoader(info.context).prime(root.variant_id, root.variant)
        return with_channel(root.variant, root.checkout.channel.slug)

    @staticmethod
    def _unit(root):
        checkout = root.checkout
        price = line_unit_price_or_none(checkout, root)
        return price if price is not None else MoneyValue(0, checkout.currency)

    @staticmethod
    def resolve_unit_price(root, _info):
        unit = CheckoutLine._unit(root)
        return taxed(unit.amount, unit.currency)

    @staticmethod
    def resolve_undiscounted_unit_price(root, _info):
        return line_undiscounted_unit_price(root.checkout, root) or CheckoutLine._unit(root)

    @staticmethod
    def resolve_total_price(root, _info):
        total = line_total(root.checkout, root)
        return taxed(total.amount, total.currency)

    @staticmethod
    def resolve_undiscounted_total_price(root, _info):
        unit = CheckoutLine.resolve_undiscounted_unit_price(root, _info)
        return MoneyValue(unit.amount * root.quantity, unit.currency)

    @staticmethod
    def resolve_requires_shipping(root, _info):
        return root.variant.product.product_type.is_shipping_required


def _method_data(method, info_, language):
    from commerce.checkout.calculations import shipping_price_for_listing

    listing = shipping_listing(info_.checkout)
    price = info_.totals.shipping_price.gross
    if listing is not None and info_.checkout.collection_point_id is None:
        price = shipping_price_for_listing(listing, info_.totals.subtotal.gross, info_.totals.weight_kg)
    return ShippingMethodData(node=method, price=price, listing=listing, language_code=language)


class Checkout(ModelObjectType):
    created = DateTime(required=True)
    updated_at = DateTime(required=True, description="Time of last modification of the given checkout.")
    last_change = DateTime(required=True, deprecation_reason="Use `updatedAt` instead.")
    user = graphene.Field(
        "commerce.graphql.account.types.User",
        description="The user assigned to the checkout. Requires one of the following permissions: MANAGE_USERS, HANDLE_PAYMENTS, OWNER.",
    )
    channel = graphene.Field(Channel, required=True, description="The channel for which checkout was created.")
    billing_address = graphene.Field(Address, description="The billing address of the checkout.")
    shipping_address = graphene.Field(Address, description="The shipping address of the checkout.")
    customer_note = graphene.String(required=True, description="The customer note for the checkout.")
    note = graphene.String(required=True, deprecation_reason="Use `customerNote` instead.")
    available_shipping_methods = NonNullList(
        ShippingMethod, required=True, description="Shipping methods that can be used with this checkout.",
        deprecation_reason="Use `shippingMethods` instead.",
    )
    shipping_methods = NonNullList(ShippingMethod, required=True, description="Shipping methods that can be used with this checkout.")
    available_collection_points = NonNullList(
        Warehouse, required=True, description="Collection points that can be used for this order."
    )
    available_payment_gateways = NonNullList(
        "commerce.graphql.payment.types.PaymentGateway", required=True, description="List of available payment gateways."
    )
    email = graphene.String(description="Email of a customer.")
    is_shipping_required = graphene.Boolean(required=True, description="Returns True, if checkout requires shipping.")
    quantity = graphene.Int(required=True, description="The number of items purchased.")
    lines = NonNullList(CheckoutLine, required=True, description="A list of checkout lines, each containing information about an item in the checkout.")
    shipping_price = graphene.Field(TaxedMoney, required=True, description="The price of the shipping, with all the taxes included. Set to 0 when no delivery method is selected.")
    shipping_method = graphene.Field(ShippingMethod, description="The shipping method related with checkout.",
                                     deprecation_reason="Use `delivery` instead.")
    delivery_method = graphene.Field(DeliveryMethod, description="The delivery method selected for this checkout.",
                                     deprecation_reason="Use `delivery` instead.")
    subtotal_price = graphene.Field(TaxedMoney, required=True, description="The price of the checkout before shipping, with taxes included.")
    tax_exemption = graphene.Boolean(required=True, description="Returns True if checkout has to be exempt from taxes.")
    token = UUID(required=True, description="The checkout's token.")
    total_price = graphene.Field(TaxedMoney, required=True, description="The sum of the checkout line prices, with all the taxes,shipping costs, and discounts included.")
    language_code = graphene.Field(LanguageCodeEnum, required=True, description="Checkout language code.")
    display_gross_prices = graphene.Boolean(required=True, description="Determines whether displayed prices should include taxes.")
    authorize_status = graphene.Field(CheckoutAuthorizeStatusEnum, required=True, description="The authorize status of the checkout.")
    charge_status = graphene.Field(CheckoutChargeStatusEnum, required=True, description="The charge status of the checkout.")
    transactions = NonNullList(
        "commerce.graphql.payment.types.TransactionItem",
        description=(
            "List of transactions for the checkout. Requires one of the following permissions: "
            "MANAGE_CHECKOUTS, HANDLE_PAYMENTS."
        ),
    )

    class Meta:
        model = models.Checkout
        interfaces = [ObjectWithMetadata]
        description = "Checkout object."

    @staticmethod
    def resolve_created(root, _info):
        return root.created_at

    @staticmethod
    def resolve_updated_at(root, _info):
        return root.last_change

    resolve_last_change = resolve_updated_at

    @staticmethod
    def resolve_user(root, info):
        if root.user_id is None:
            return None
        requester = getattr(info.context, "user", None)
        is_owner = requester is not None and requester.is_authenticated and requester.pk == root.user_id
        if is_owner or has_one_of_permissions(info.context, USER_PERMISSIONS):
            return root.user
        return None

    @staticmethod
    def resolve_channel(root, info):
        return load_info(info, root).then(lambda i: i.checkout.channel)

    @staticmethod
    def resolve_shipping_address(root, info):
        return load_info(info, root).then(lambda i: i.checkout.shipping_address)

    @staticmethod
    def resolve_billing_address(root, info):
        return load_info(info, root).then(lambda i: i.checkout.billing_address)

    @staticmethod
    def resolve_customer_note(root, _info):
        return root.customer_note or ""

    resolve_note = resolve_customer_note

    @staticmethod
    def resolve_shipping_methods(root, info):
        from commerce.checkout.delivery import applicable_methods

        def methods(i):
            return [
                ShippingMethodData(node=m, price=m.price, listing=m.listing, language_code=i.checkout.language_code)
                for m in applicable_methods(i.checkout, i.lines, i.totals)
            ]

        return load_info(info, root).then(methods)

    resolve_available_shipping_methods = resolve_shipping_methods

    @staticmethod
    def resolve_available_collection_points(root, info):
        from commerce.checkout.delivery import available_collection_points

        return load_info(info, root).then(lambda i: available_collection_points(i.checkout, i.lines))

    @staticmethod
    def resolve_transactions(root, info):
        """The signed-in owner sees their checkout's payments; otherwise staff
        (or an app) with MANAGE_CHECKOUTS or HANDLE_PAYMENTS in its channel, as
        in Saleor. A guest's payments are seen through transactionInitialize."""
        from commerce.account.access import can_access_channel
        from commerce.graphql.core.errors import PermissionDenied
        from commerce.graphql.payment.dataloaders import TransactionItemsByCheckoutIdLoader

        user = getattr(info.context, "user", None)
        is_owner = root.user_id is not None and user is not None and user.is_authenticated and user.pk == root.user_id
        if not is_owner:
            if not has_one_of_permissions(info.context, TRANSACTION_PERMISSIONS):
                raise PermissionDenied(permissions=TRANSACTION_PERMISSIONS)
            if getattr(info.context, "app", None) is None and not can_access_channel(user, root.channel_id):
                raise PermissionDenied()
        return TransactionItemsByCheckoutIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_available_payment_gateways(root, info):
        from commerce.payment.gateways import available_gateways

        return load_info(info, root).then(lambda i: available_gateways(i.checkout))

    @staticmethod
    def resolve_is_shipping_required(root, info):
        return load_info(info, root).then(lambda i: is_shipping_required(i.lines))

    @staticmethod
    def resolve_quantity(root, info):
        return load_info(info, root).then(lambda i: sum(line.quantity for line in i.lines))

    @staticmethod
    def resolve_lines(root, info):
        return load_info(info, root).then(lambda i: i.lines)

    @staticmethod
    def resolve_shipping_price(root, info):
        return load_info(info, root).then(lambda i: i.totals.shipping_price)

    @staticmethod
    def resolve_subtotal_price(root, info):
        return load_info(info, root).then(lambda i: i.totals.subtotal)

    @staticmethod
    def resolve_total_price(root, info):
        return load_info(info, root).then(lambda i: i.totals.total)

    @staticmethod
    def resolve_shipping_method(root, info):
        def method(i):
            if i.checkout.shipping_method is None:
                return None
            return _method_data(i.checkout.shipping_method, i, i.checkout.language_code)

        return load_info(info, root).then(method)

    @staticmethod
    def resolve_delivery_method(root, info):
        def method(i):
            if i.checkout.collection_point is not None:
                return i.checkout.collection_point
            if i.checkout.shipping_method is not None:
                return _method_data(i.checkout.shipping_method, i, i.checkout.language_code)
            return None

        return load_info(info, root).then(method)

    @staticmethod
    def resolve_tax_exemption(_root, _info):
        return False

    @staticmethod
    def resolve_display_gross_prices(_root, _info):
        return True

    @staticmethod
    def resolve_charge_status(root, _info):
        return getattr(root.charge_status, "value", root.charge_status)

    @staticmethod
    def resolve_authorize_status(root, _info):
        return getattr(root.authorize_status, "value", root.authorize_status)

    @staticmethod
    def resolve_language_code(root, _info):
        return root.language_code or "vi"


_ORDER_PLACEHOLDER = []


def order_type():
    """The Order type of commerce.graphql.order, imported when the schema is built.

    While that package does not exist (it is written alongside this one), a
    stand-in `Order { id }` keeps the schema buildable."""
    try:
        return import_string("commerce.graphql.order.types.Order")
    except ImportError:
        if not _ORDER_PLACEHOLDER:
            _ORDER_PLACEHOLDER.append(type("Order", (graphene.ObjectType,), {
                "id": graphene.ID(required=True),
                "resolve_id": staticmethod(lambda root, _info: root.pk and __import__(
                    "commerce.graphql.core.ids", fromlist=["to_global_id"]).to_global_id("Order", root.pk)),
            }))
        return _ORDER_PLACEHOLDER[0]
