"""`collections` and `collection`, published per channel like products."""

import graphene
from django.db.models import Count, DateTimeField, Exists, OuterRef, Q, Subquery, BooleanField

from commerce.graphql.core.connection import ConnectionField, create_connection_slice
from commerce.graphql.core.ids import from_global_id_or_error
from commerce.graphql.core.types import NonNullList
from commerce.product.models import CollectionChannelListing

from ...channel.context import with_channel
from ..enums import CollectionPublished, CollectionSortField, OrderDirection, enum_value
from ..filter_inputs import MetadataFilter, filter_metadata, pks_from_global_ids
from ..types import Collection, CollectionCountableConnection
from ..visibility import visible_collections
from .arguments import one_of
from ...channel.utils import load_channel
from .products import CHANNEL_DESCRIPTION, wrap_nodes


class CollectionFilterInput(graphene.InputObjectType):
    published = graphene.InputField(CollectionPublished)
    search = graphene.String()
    metadata = NonNullList(MetadataFilter)
    ids = NonNullList(graphene.ID)
    slugs = NonNullList(graphene.String)
    channel = graphene.String(description="Specifies the channel by which the data should be filtered.")


class CollectionSortingInput(graphene.InputObjectType):
    direction = graphene.InputField(
        OrderDirection, required=True, description="Specifies the direction in which to sort collections."
    )
    channel = graphene.String(description="Specifies the channel in which to sort the data.")
    field = graphene.InputField(CollectionSortField, required=True, description="Sort collections by the selected field.")


def _listing_column(channel, column, output_field):
    listing = CollectionChannelListing.objects.filter(
        collection_id=OuterRef("pk"), channel_id=channel.pk if channel else None
    ).values(column)[:1]
    return Subquery(listing, output_field=output_field)


def apply_collection_filter(queryset, value, channel):
    if not value:
        return queryset
    if value.get("published"):
        published = enum_value(value["published"]) == CollectionPublished.PUBLISHED.value
        listings = CollectionChannelListing.objects.filter(
            collection_id=OuterRef("pk"), channel_id=channel.pk if channel else None, is_published=published
        )
        queryset = queryset.filter(Exists(listings))
    if value.get("search"):
        text = value["search"]
        queryset = queryset.filter(Q(name__icontains=text) | Q(slug__icontains=text))
    if value.get("metadata"):
        queryset = filter_metadata(queryset, value["metadata"])
    if value.get("ids"):
        queryset = queryset.filter(pk__in=pks_from_global_ids(value["ids"], "Collection"))
    if value.get("slugs"):
        queryset = queryset.filter(slug__in=value["slugs"])
    return queryset


def sort_collections(queryset, sort_by, channel):
    if not sort_by:
        return queryset, ["slug"]
    prefix = enum_value(sort_by.get("direction")) or ""
    field = enum_value(sort_by.get("field"))
    if field == CollectionSortField.PRODUCT_COUNT.value:
        queryset = queryset.annotate(sort_product_count=Count("collectionproduct", distinct=True))
        return queryset, [f"{prefix}sort_product_count", f"{prefix}slug"]
    if field == CollectionSortField.AVAILABILITY.value:
        queryset = queryset.annotate(sort_is_published=_listing_column(channel, "is_published", BooleanField()))
        return queryset, [f"{prefix}sort_is_published", f"{prefix}slug"]
    if field in (CollectionSortField.PUBLICATION_DATE.value, CollectionSortField.PUBLISHED_AT.value):
        queryset = queryset.annotate(sort_published_at=_listing_column(channel, "published_at", DateTimeField()))
        return queryset, [f"{prefix}sort_published_at", f"{prefix}slug"]
    return queryset, [f"{prefix}name", f"{prefix}slug"]


class CollectionQueries(graphene.ObjectType):
    collections = ConnectionField(
        CollectionCountableConnection,
        filter=CollectionFilterInput(description="Filtering options for collections."),
        sort_by=CollectionSortingInput(description="Sort collections."),
        channel=graphene.String(description=CHANNEL_DESCRIPTION),
        description=(
            "List of the shop's collections. Requires one of the following permissions to include the "
            "unpublished items: MANAGE_ORDERS, MANAGE_DISCOUNTS, MANAGE_PRODUCTS."
        ),
    )
    collection = graphene.Field(
        Collection,
        id=graphene.Argument(graphene.ID, description="ID of the collection."),
        slug=graphene.Argument(graphene.String, description="Slug of the category"),
        channel=graphene.String(description=CHANNEL_DESCRIPTION),
        description=(
            "Look up a collection by ID or slug. Requires one of the following permissions to include the "
            "unpublished items: MANAGE_ORDERS, MANAGE_DISCOUNTS, MANAGE_PRODUCTS."
        ),
    )

    @staticmethod
    def resolve_collections(_root, info, *, channel=None, **kwargs):
        collection_filter = kwargs.get("filter") or {}
        channel = channel or collection_filter.get("channel")

        def build(found):
            queryset = visible_collections(info.context, found)
            queryset = apply_collection_filter(queryset, collection_filter, found)
            queryset, sort_fields = sort_collections(queryset, kwargs.get("sort_by"), found)
            connection = create_connection_slice(queryset, info, kwargs, CollectionCountableConnection, sort_fields)
            return wrap_nodes(connection, found.slug if found else None)

        return load_channel(info, channel).then(build)

    @staticmethod
    def resolve_collection(_root, info, *, id=None, slug=None, channel=None):
        one_of(id=id, slug=slug)

        def lookup(found):
            queryset = visible_collections(info.context, found)
            if id:
                _type, pk = from_global_id_or_error(id, "Collection")
                collection = queryset.filter(pk=pk).first()
            else:
                collection = queryset.filter(slug=slug).first()
            return with_channel(collection, found.slug if found else None)

        return load_channel(info, channel).then(lookup)
