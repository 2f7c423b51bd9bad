"""`productVariant` and `productVariants`."""

import graphene
from django.db.models import Q

from commerce.graphql.core.connection import ConnectionField, create_connection_slice
from commerce.graphql.core.ids import from_global_id_or_error
from commerce.graphql.core.types import NonNullList

from ...channel.context import with_channel
from ..enums import OrderDirection, ProductVariantSortField, enum_value
from ..filter_inputs import DateTimeRangeInput, MetadataFilter, filter_metadata, filter_range, pks_from_global_ids
from ..types import ProductVariant, ProductVariantCountableConnection
from ..visibility import visible_variants
from .arguments import one_of
from ...channel.utils import load_channel
from .products import CHANNEL_DESCRIPTION, wrap_nodes


class ProductVariantFilterInput(graphene.InputObjectType):
    search = graphene.String()
    sku = NonNullList(graphene.String)
    metadata = NonNullList(MetadataFilter)
    is_preorder = graphene.Boolean(description="Filter by variants that are currently in preorder.")
    updated_at = graphene.InputField(DateTimeRangeInput)


class ProductVariantSortingInput(graphene.InputObjectType):
    direction = graphene.InputField(
        OrderDirection, required=True, description="Specifies the direction in which to sort productVariants."
    )
    field = graphene.InputField(
        ProductVariantSortField, required=True, description="Sort productVariants by the selected field."
    )


def _search(queryset, text):
    return queryset.filter(Q(name__icontains=text) | Q(sku__icontains=text) | Q(product__name__icontains=text))


def apply_variant_filter(queryset, value):
    if not value:
        return queryset
    if value.get("search"):
        queryset = _search(queryset, value["search"])
    if value.get("sku"):
        queryset = queryset.filter(sku__in=value["sku"])
    if value.get("metadata"):
        queryset = filter_metadata(queryset, value["metadata"])
    if value.get("is_preorder") is not None:
        queryset = queryset.filter(is_preorder=value["is_preorder"])
    if value.get("updated_at"):
        queryset = filter_range(queryset, "updated_at", value["updated_at"])
    return queryset


class ProductVariantQueries(graphene.ObjectType):
    product_variant = graphene.Field(
        ProductVariant,
        id=graphene.Argument(graphene.ID, description="ID of the product variant."),
        sku=graphene.Argument(graphene.String, description="SKU of the product variant."),
        external_reference=graphene.Argument(graphene.String, description="External ID of the product variant."),
        channel=graphene.String(description=CHANNEL_DESCRIPTION),
        description=(
            "Look up a product variant by ID or SKU. Requires one of the following permissions to include "
            "the unpublished items: MANAGE_ORDERS, MANAGE_DISCOUNTS, MANAGE_PRODUCTS."
        ),
    )
    product_variants = ConnectionField(
        ProductVariantCountableConnection,
        ids=NonNullList(graphene.ID, description="Filter product variants by given IDs."),
        channel=graphene.String(description=CHANNEL_DESCRIPTION),
        filter=ProductVariantFilterInput(description="Filtering options for product variant."),
        search=graphene.String(description="Search product variants."),
        sort_by=ProductVariantSortingInput(description="Sort products variants."),
        description=(
            "List of product variants. Requires one of the following permissions to include the "
            "unpublished items: MANAGE_ORDERS, MANAGE_DISCOUNTS, MANAGE_PRODUCTS."
        ),
    )

    @staticmethod
    def resolve_product_variant(_root, info, *, id=None, sku=None, external_reference=None, channel=None):
        one_of(id=id, sku=sku, external_reference=external_reference)

        def lookup(found):
            queryset = visible_variants(info.context, found, for_listing=False)
            if id:
                _type, pk = from_global_id_or_error(id, "ProductVariant")
                variant = queryset.filter(pk=pk).first()
            elif sku:
                variant = queryset.filter(sku=sku).first()
            else:
                variant = queryset.filter(external_reference=external_reference).first()
            return with_channel(variant, found.slug if found else None)

        return load_channel(info, channel).then(lookup)

    @staticmethod
    def resolve_product_variants(_root, info, *, ids=None, channel=None, **kwargs):
        def build(found):
            queryset = visible_variants(info.context, found, for_listing=True)
            if ids:
                queryset = queryset.filter(pk__in=pks_from_global_ids(ids, "ProductVariant"))
            queryset = apply_variant_filter(queryset, kwargs.get("filter"))
            if kwargs.get("search"):
                queryset = _search(queryset, kwargs["search"])
            sort_fields = None
            if kwargs.get("sort_by"):
                prefix = enum_value(kwargs["sort_by"].get("direction")) or ""
                sort_fields = [f"{prefix}updated_at"]
            connection = create_connection_slice(
                queryset, info, kwargs, ProductVariantCountableConnection, sort_fields
            )
            return wrap_nodes(connection, found.slug if found else None)

        return load_channel(info, channel).then(build)
