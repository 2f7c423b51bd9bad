"""Sort orders of product lists, as Saleor's `ProductOrder`.

Each order is a list of columns ending in unique ones (slug, then pk), so the
keyset pagination of `create_connection_slice` can resume after any row.
Channel-dependent orders (price, publication) read the channel's listings
through an annotation; without a channel they sort as NULL.
"""

import graphene
from django.db.models import BooleanField, DateTimeField, DecimalField, F, IntegerField, OuterRef, Subquery
from graphql import GraphQLError

from commerce.product.models import CollectionProduct, ProductChannelListing

from .enums import OrderDirection, ProductOrderField, enum_value
from .visibility import CHANNEL_LISTING

PRICE_FIELD = DecimalField(max_digits=20, decimal_places=3)


class ProductOrder(graphene.InputObjectType):
    direction = graphene.InputField(
        OrderDirection, required=True, description="Specifies the direction in which to sort products."
    )
    channel = graphene.String(description="Specifies the channel in which to sort the data.")
    attribute_id = graphene.ID(
        description=(
            "Sort product by the selected attribute's values.\n"
            "Note: this doesn't take translations into account yet."
        )
    )
    field = graphene.InputField(ProductOrderField, description="Sort products by the selected field.")


def _listing_value(queryset, channel, column, output_field):
    """The product's listing's `column` in the channel, for sorting: read through
    the listing the queryset joins (a plain column, so an index on the listing
    can give the order), else a subquery (NULL without a channel)."""
    if channel is not None and CHANNEL_LISTING in queryset.query._filtered_relations:
        return F(f"{CHANNEL_LISTING}__{column}")
    listings = ProductChannelListing.objects.filter(
        product_id=OuterRef("pk"), channel_id=channel.pk if channel else None
    ).values(column)[:1]
    return Subquery(listings, output_field=output_field)


def _collection_position(collection_id):
    positions = CollectionProduct.objects.filter(product_id=OuterRef("pk"), collection_id=collection_id).values(
        "sort_order"
    )[:1]
    return Subquery(positions, output_field=IntegerField())


def ranked_descending(sort_by) -> bool | None:
    """Whether a search sorted by `sort_by` is ordered by rank descending (the
    default) or ascending; None when it is not ordered by rank."""
    if not sort_by:
        return True
    if sort_by.get("attribute_id") or enum_value(sort_by.get("field")) != ProductOrderField.RANK.value:
        return None
    return enum_value(sort_by.get("direction")) == OrderDirection.DESC.value


def sort_products(queryset, sort_by, channel, *, searched: bool, collection_id=None):
    """(queryset, sort fields) for a ProductOrder (None: Saleor's default order)."""
    if not sort_by:
        if searched:
            return queryset, ["-search_rank", "-pk"]
        return queryset, ["slug"]
    if sort_by.get("attribute_id"):
        raise GraphQLError("Sorting products by attribute is not supported yet; sort by a field.")
    field = enum_value(sort_by.get("field"))
    if field is None:
        raise GraphQLError("Specify the field to sort products by.")
    descending = enum_value(sort_by.get("direction")) == OrderDirection.DESC.value
    queryset, columns = _columns(queryset, field, channel, searched=searched, collection_id=collection_id)
    prefix = "-" if descending else ""
    return queryset, [prefix + column for column in columns]


def _columns(queryset, field, channel, *, searched, collection_id):
    order = ProductOrderField
    if field == order.NAME.value:
        return queryset, ["name", "slug"]
    if field == order.RANK.value:
        if not searched:
            raise GraphQLError("Sorting by RANK is available only when using a search filter.")
        return queryset, ["search_rank", "pk"]
    if field == order.PRICE.value:
        # Saleor's PRICE is the cheapest variant price in the channel, which is
        # what the listing stores (actions.update_product_discounted_prices).
        annotation = _listing_value(queryset, channel, "discounted_price_amount", PRICE_FIELD)
        return queryset.annotate(sort_price=annotation), ["sort_price", "name", "slug"]
    if field == order.MINIMAL_PRICE.value:
        annotation = _listing_value(queryset, channel, "discounted_price_amount", PRICE_FIELD)
        return queryset.annotate(sort_minimal_price=annotation), ["sort_minimal_price", "name", "slug"]
    if field in (order.LAST_MODIFIED.value, order.DATE.value, order.LAST_MODIFIED_AT.value):
        return queryset, ["updated_at", "name", "slug"]
    if field == order.TYPE.value:
        return queryset, ["product_type__name", "name", "slug"]
    if field == order.PUBLISHED.value:
        annotation = _listing_value(queryset, channel, "is_published", BooleanField())
        return queryset.annotate(sort_is_published=annotation), ["sort_is_published", "name", "slug"]
    if field in (order.PUBLICATION_DATE.value, order.PUBLISHED_AT.value):
        annotation = _listing_value(queryset, channel, "published_at", DateTimeField())
        return queryset.annotate(sort_published_at=annotation), ["sort_published_at", "name", "slug"]
    if field == order.COLLECTION.value:
        if collection_id is None:
            raise GraphQLError("Sorting by COLLECTION is available only for the `Collection.products` query.")
        return queryset.annotate(sort_collection=_collection_position(collection_id)), ["sort_collection", "slug"]
    if field == order.RATING.value:
        return queryset, ["rating", "name", "slug"]
    if field == order.CREATED_AT.value:
        return queryset, ["created_at", "name", "slug"]
    raise GraphQLError(f"Cannot sort products by {field}.")
