"""Warehouses and stock. Saleor shows both to staff only: where goods sit and how
many there are is the shop's business, while customers see `quantityAvailable`."""

import graphene

from commerce.graphql.core.connection import ConnectionField, CountableConnection
from commerce.graphql.core.types import ModelObjectType
from commerce.warehouse import models

from ..account.dataloaders import AddressByIdLoader
from ..account.permissions import permission_required, saleor_permissions
from ..account.types import Address
from ..channel.context import with_channel
from ..meta.types import ObjectWithMetadata
from ..product.dataloaders import ProductVariantByIdLoader
from .dataloaders import WarehouseByIdLoader
from .enums import WarehouseClickAndCollectOptionEnum

STOCK_PERMISSIONS = saleor_permissions("MANAGE_PRODUCTS", "MANAGE_ORDERS", "MANAGE_WAREHOUSES")


class Warehouse(ModelObjectType):
    name = graphene.String(required=True, description="Warehouse name.")
    slug = graphene.String(required=True, description="Warehouse slug.")
    email = graphene.String(required=True, description="Warehouse email.")
    is_private = graphene.Boolean(required=True, description="Determine if the warehouse is private.")
    address = graphene.Field(Address, required=True, description="Address of the warehouse.")
    click_and_collect_option = graphene.Field(
        WarehouseClickAndCollectOptionEnum,
        required=True,
        description="Click and collect options: local, all or disabled.",
    )
    stocks = ConnectionField(
        "commerce.graphql.warehouse.types.StockCountableConnection",
        description="Stocks that belong to this warehouse.",
    )
    external_reference = graphene.String(description="External ID of this warehouse.")

    class Meta:
        model = models.Warehouse
        interfaces = [ObjectWithMetadata]
        description = "Represents warehouse."

    @staticmethod
    def resolve_address(root, info):
        return AddressByIdLoader(info.context).load(root.address_id)

    @staticmethod
    @permission_required(*STOCK_PERMISSIONS)
    def resolve_stocks(root, _info, **_kwargs):
        return models.Stock.objects.filter(warehouse_id=root.pk).order_by("pk")


class Stock(ModelObjectType):
    warehouse = graphene.Field(Warehouse, required=True, description="The warehouse associated with the stock.")
    product_variant = graphene.Field(
        "commerce.graphql.product.types.ProductVariant",
        required=True,
        description="Information about the product variant.",
    )
    quantity = graphene.Int(
        required=True,
        description=(
            "Quantity of a product in the warehouse's possession, including the allocated stock "
            "that is waiting for shipment."
        ),
    )
    quantity_allocated = graphene.Int(required=True, description="Quantity allocated for orders.")

    class Meta:
        model = models.Stock
        description = "Represents stock."

    @staticmethod
    def resolve_warehouse(root, info):
        return WarehouseByIdLoader(info.context).load(root.warehouse_id)

    @staticmethod
    def resolve_product_variant(root, info):
        return ProductVariantByIdLoader(info.context).load(root.product_variant_id).then(
            lambda variant: with_channel(variant, None)
        )

    @staticmethod
    @permission_required(*STOCK_PERMISSIONS)
    def resolve_quantity(root, _info):
        return root.quantity

    @staticmethod
    @permission_required(*STOCK_PERMISSIONS)
    def resolve_quantity_allocated(root, _info):
        return root.quantity_allocated


class WarehouseCountableConnection(CountableConnection):
    class Meta:
        node = Warehouse


class StockCountableConnection(CountableConnection):
    class Meta:
        node = Stock
