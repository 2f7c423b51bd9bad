"""Sales channels: a centre, the national web shop, a livestream account or a
supermarket chain, each with its own currency, warehouses and settings.

Saleor shows customers a channel's slug and public metadata only; its name,
currency, warehouses and settings are for staff and apps.
"""

import graphene

from commerce.channel import models
from commerce.graphql.core.scalars import Day, Minute
from commerce.graphql.core.types import ModelObjectType, NonNullList

from ..account.permissions import STAFF_OR_APP, permission_required, saleor_permissions
from ..account.types import CountryDisplay
from ..meta.types import ObjectWithMetadata
from .dataloaders import WarehousesByChannelIdLoader
from .enums import AllocationStrategyEnum, MarkAsPaidStrategyEnum

ORDER_SETTINGS_PERMISSIONS = saleor_permissions("MANAGE_CHANNELS", "MANAGE_ORDERS")
CHECKOUT_SETTINGS_PERMISSIONS = saleor_permissions("MANAGE_CHANNELS", "MANAGE_CHECKOUTS")


class StockSettings(graphene.ObjectType):
    allocation_strategy = graphene.Field(
        AllocationStrategyEnum,
        required=True,
        description="Allocation strategy defines the preference of warehouses for allocations and reservations.",
    )

    class Meta:
        description = "Represents the channel stock settings."


class OrderSettings(graphene.ObjectType):
    automatically_confirm_all_new_orders = graphene.Boolean(required=True)
    automatically_fulfill_non_shippable_gift_card = graphene.Boolean(required=True)
    expire_orders_after = Minute(description="Expiration time in minutes. Default null - means do not expire any orders.")
    mark_as_paid_strategy = graphene.Field(MarkAsPaidStrategyEnum, required=True)
    delete_expired_orders_after = Day(
        required=True, description="The time in days after expired orders will be deleted."
    )
    allow_unpaid_orders = graphene.Boolean(required=True)
    include_draft_order_in_voucher_usage = graphene.Boolean(required=True)

    class Meta:
        description = "Represents the channel-specific order settings."


class CheckoutSettings(graphene.ObjectType):
    use_legacy_error_flow = graphene.Boolean(required=True)
    automatically_complete_fully_paid_checkouts = graphene.Boolean(required=True)

    class Meta:
        description = "Represents the channel-specific checkout settings."


class Channel(ModelObjectType):
    slug = graphene.String(required=True, description="Slug of the channel.")
    name = graphene.String(required=True, description="Name of the channel.")
    is_active = graphene.Boolean(required=True, description="Whether the channel is active.")
    currency_code = graphene.String(required=True, description="A currency that is assigned to the channel.")
    default_country = graphene.Field(CountryDisplay, required=True, description="Default country for the channel.")
    warehouses = NonNullList(
        "commerce.graphql.warehouse.types.Warehouse",
        required=True,
        description="List of warehouses assigned to this channel.",
    )
    stock_settings = graphene.Field(
        StockSettings, required=True, description="Define the stock setting for this channel."
    )
    order_settings = graphene.Field(OrderSettings, required=True, description="Channel-specific order settings.")
    checkout_settings = graphene.Field(
        CheckoutSettings, required=True, description="Channel-specific checkout settings."
    )

    class Meta:
        model = models.Channel
        interfaces = [ObjectWithMetadata]
        description = "Represents channel."

    @staticmethod
    @permission_required(*STAFF_OR_APP)
    def resolve_name(root, _info):
        return root.name

    @staticmethod
    @permission_required(*STAFF_OR_APP)
    def resolve_is_active(root, _info):
        return root.is_active

    @staticmethod
    @permission_required(*STAFF_OR_APP)
    def resolve_currency_code(root, _info):
        return root.currency_code

    @staticmethod
    @permission_required(*STAFF_OR_APP)
    def resolve_default_country(root, _info):
        return CountryDisplay.for_code(root.default_country)

    @staticmethod
    @permission_required(*STAFF_OR_APP)
    def resolve_warehouses(root, info):
        return WarehousesByChannelIdLoader(info.context).load(root.pk)

    @staticmethod
    @permission_required(*STAFF_OR_APP)
    def resolve_stock_settings(root, _info):
        return StockSettings(allocation_strategy=root.allocation_strategy)

    @staticmethod
    @permission_required(*ORDER_SETTINGS_PERMISSIONS)
    def resolve_order_settings(root, _info):
        return OrderSettings(
            automatically_confirm_all_new_orders=root.automatically_confirm_all_new_orders,
            automatically_fulfill_non_shippable_gift_card=root.automatically_fulfill_non_shippable_gift_card,
            expire_orders_after=root.expire_orders_after,
            mark_as_paid_strategy=root.mark_as_paid_strategy,
            delete_expired_orders_after=root.delete_expired_orders_after,
            allow_unpaid_orders=root.allow_unpaid_orders,
            include_draft_order_in_voucher_usage=root.include_draft_order_in_voucher_usage,
        )

    @staticmethod
    @permission_required(*CHECKOUT_SETTINGS_PERMISSIONS)
    def resolve_checkout_settings(root, _info):
        return CheckoutSettings(
            use_legacy_error_flow=root.use_legacy_error_flow,
            automatically_complete_fully_paid_checkouts=root.automatically_complete_fully_paid_checkouts,
        )
