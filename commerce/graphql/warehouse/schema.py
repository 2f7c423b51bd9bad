"""`warehouses`, `warehouse`, `stocks` and `stock`: staff only, as in Saleor; staff
restricted to channels see those channels' warehouses only (see access.py)."""

import graphene
from django.db.models import Q

from commerce.graphql.core.connection import ConnectionField, create_connection_slice
from commerce.graphql.core.ids import from_global_id_or_error
from commerce.graphql.core.types import NonNullList
from commerce.warehouse import models

from ..account.permissions import permission_required, saleor_permissions
from ..product.enums import OrderDirection, enum_value
from ..product.filter_inputs import MetadataFilter, filter_metadata, pks_from_global_ids
from ..product.schema.arguments import one_of
from .access import restrict_stocks, restrict_warehouses
from .enums import WarehouseClickAndCollectOptionEnum, WarehouseSortField
from .types import Stock, StockCountableConnection, Warehouse, WarehouseCountableConnection

# Saleor: MANAGE_PRODUCTS, MANAGE_ORDERS, MANAGE_SHIPPING; OCOP adds MANAGE_WAREHOUSES.
WAREHOUSE_PERMISSIONS = saleor_permissions("MANAGE_PRODUCTS", "MANAGE_ORDERS", "MANAGE_SHIPPING", "MANAGE_WAREHOUSES")
STOCK_QUERY_PERMISSIONS = saleor_permissions("MANAGE_PRODUCTS", "MANAGE_WAREHOUSES")


class WarehouseFilterInput(graphene.InputObjectType):
    click_and_collect_option = graphene.InputField(WarehouseClickAndCollectOptionEnum)
    metadata = NonNullList(MetadataFilter)
    search = graphene.String()
    ids = NonNullList(graphene.ID)
    is_private = graphene.Boolean()
    channels = NonNullList(graphene.ID)
    slugs = NonNullList(graphene.String)


class WarehouseSortingInput(graphene.InputObjectType):
    direction = graphene.InputField(
        OrderDirection, required=True, description="Specifies the direction in which to sort warehouses."
    )
    field = graphene.InputField(WarehouseSortField, required=True, description="Sort warehouses by the selected field.")


class StockFilterInput(graphene.InputObjectType):
    quantity = graphene.Float()
    search = graphene.String()


def apply_warehouse_filter(queryset, value):
    if not value:
        return queryset
    if value.get("click_and_collect_option"):
        queryset = queryset.filter(click_and_collect_option=enum_value(value["click_and_collect_option"]))
    if value.get("metadata"):
        queryset = filter_metadata(queryset, value["metadata"])
    if value.get("search"):
        text = value["search"]
        queryset = queryset.filter(
            Q(name__icontains=text) | Q(email__icontains=text) | Q(address__city__icontains=text)
            | Q(address__country_area__icontains=text) | Q(address__street_address_1__icontains=text)
        )
    if value.get("ids"):
        queryset = queryset.filter(pk__in=pks_from_global_ids(value["ids"], "Warehouse"))
    if value.get("is_private") is not None:
        queryset = queryset.filter(is_private=value["is_private"])
    if value.get("channels"):
        queryset = queryset.filter(
            channel_warehouses__channel_id__in=pks_from_global_ids(value["channels"], "Channel")
        ).distinct()
    if value.get("slugs"):
        queryset = queryset.filter(slug__in=value["slugs"])
    return queryset


def apply_stock_filter(queryset, value):
    if not value:
        return queryset
    if value.get("quantity") is not None:
        queryset = queryset.filter(quantity=value["quantity"])
    if value.get("search"):
        text = value["search"]
        queryset = queryset.filter(
            Q(product_variant__product__name__icontains=text)
            | Q(product_variant__name__icontains=text)
            | Q(product_variant__sku__icontains=text)
            | Q(warehouse__name__icontains=text)
        )
    return queryset


class WarehouseQueries(graphene.ObjectType):
    warehouse = graphene.Field(
        Warehouse,
        id=graphene.Argument(graphene.ID, description="ID of a warehouse."),
        external_reference=graphene.Argument(graphene.String, description="External ID of a warehouse."),
        description=(
            "Look up a warehouse by ID.\n\nRequires one of the following permissions: "
            "MANAGE_PRODUCTS, MANAGE_ORDERS, MANAGE_SHIPPING."
        ),
    )
    warehouses = ConnectionField(
        WarehouseCountableConnection,
        filter=WarehouseFilterInput(description="Filtering options for warehouses."),
        sort_by=WarehouseSortingInput(description="Sort warehouses."),
        description=(
            "List of warehouses.\n\nRequires one of the following permissions: "
            "MANAGE_PRODUCTS, MANAGE_ORDERS, MANAGE_SHIPPING."
        ),
    )
    stock = graphene.Field(
        Stock,
        id=graphene.Argument(graphene.ID, required=True, description="ID of an warehouse"),
        description="Look up a stock by ID\n\nRequires one of the following permissions: MANAGE_PRODUCTS.",
    )
    stocks = ConnectionField(
        StockCountableConnection,
        filter=StockFilterInput(),
        description="List of stocks.\n\nRequires one of the following permissions: MANAGE_PRODUCTS.",
    )

    @staticmethod
    @permission_required(*WAREHOUSE_PERMISSIONS)
    def resolve_warehouse(_root, info, *, id=None, external_reference=None):
        one_of(id=id, external_reference=external_reference)
        warehouses = restrict_warehouses(models.Warehouse.objects.all(), info.context)
        if id:
            _type, pk = from_global_id_or_error(id, "Warehouse")
            return warehouses.filter(pk=pk).first()
        return warehouses.filter(external_reference=external_reference).first()

    @staticmethod
    @permission_required(*WAREHOUSE_PERMISSIONS)
    def resolve_warehouses(_root, info, **kwargs):
        warehouses = restrict_warehouses(models.Warehouse.objects.all(), info.context)
        queryset = apply_warehouse_filter(warehouses, kwargs.get("filter"))
        sort_fields = ["slug"]
        if kwargs.get("sort_by"):
            prefix = enum_value(kwargs["sort_by"].get("direction")) or ""
            sort_fields = [f"{prefix}name", f"{prefix}slug"]
        return create_connection_slice(queryset, info, kwargs, WarehouseCountableConnection, sort_fields)

    @staticmethod
    @permission_required(*STOCK_QUERY_PERMISSIONS)
    def resolve_stock(_root, info, *, id):
        _type, pk = from_global_id_or_error(id, "Stock")
        return restrict_stocks(models.Stock.objects.all(), info.context).filter(pk=pk).first()

    @staticmethod
    @permission_required(*STOCK_QUERY_PERMISSIONS)
    def resolve_stocks(_root, info, **kwargs):
        queryset = apply_stock_filter(restrict_stocks(models.Stock.objects.all(), info.context), kwargs.get("filter"))
        return create_connection_slice(queryset, info, kwargs, StockCountableConnection, ["pk"])
