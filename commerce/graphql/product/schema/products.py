"""`products`, `product` and the product lists nested in other types."""

import graphene
from django.utils import timezone

from commerce.channel.models import Channel
from commerce.graphql.core.connection import (
    ConnectionField,
    PreparedSource,
    create_connection_slice,
    pagination_limit,
)
from commerce.graphql.core.ids import from_global_id_or_error
from commerce.search import expect_ranked_first_page, page_candidates, search_products

from ...channel.context import with_channel
from ..page import ProductPage
from ..filters import ProductFilterInput, ProductWhereInput, apply_product_filter, apply_product_where
from ..enums import enum_value
from ..sorters import ProductOrder, ranked_descending, sort_products
from ..types import Product, ProductCountableConnection
from ..visibility import (
    published_listings,
    published_products,
    sees_as_customer,
    visible_products,
    visible_products_counted,
)
from .arguments import one_of
from ...channel.utils import load_channel

CHANNEL_DESCRIPTION = "Slug of a channel for which the data should be returned."


def wrap_nodes(connection, channel_slug):
    for edge in connection.edges:
        edge.node = with_channel(edge.node, channel_slug)
    return connection


def _tell_the_first_page(queryset, args):
    """When the page asked for is the first in rank order, say so to the search
    (`expect_ranked_first_page`): it may rank it while it looks for matches."""
    first = args.get("first")
    if not isinstance(first, int) or not 0 < first <= pagination_limit():
        return
    if any(args.get(name) is not None for name in ("after", "last", "before")):
        return
    descending = ranked_descending(args.get("sort_by"))
    if descending is not None:
        expect_ranked_first_page(queryset, descending, first + 1)  # a page reads one row more, to know if another follows


def products_connection(
    info,
    args,
    *,
    channel_slug,
    base_filter=None,
    for_listing=True,
    collection_id=None,
    use_default_channel=True,
):
    """A page of the products the requester may see, filtered, searched and sorted.

    `for_listing` applies Saleor's `visible_in_listings` rule for customers
    (a list, not a lookup by slug); `base_filter` narrows to a category,
    collection or producer.
    """
    product_filter = args.get("filter") or {}
    channel_slug = channel_slug or product_filter.get("channel")

    def build(channel):
        search = args.get("search") or product_filter.get("search")
        plain = not (base_filter or args.get("filter") or args.get("where") or search or collection_id)
        if plain and channel is not None and channel.is_active and sees_as_customer(info.context, channel):
            page = ProductPage(info, channel)
            source = _customer_catalogue(channel, for_listing=for_listing, sort_by=args.get("sort_by"), page=page)
            connection = create_connection_slice(source, info, args, ProductCountableConnection)
            page.prime([edge.node for edge in connection.edges])
            return wrap_nodes(connection, channel.slug)
        queryset = visible = visible_products(info.context, channel, for_listing=for_listing)
        if base_filter:
            queryset = queryset.filter(**base_filter)
        queryset = apply_product_filter(queryset, product_filter, channel)
        queryset = apply_product_where(queryset, args.get("where"), channel)
        candidates = None
        if search:
            _tell_the_first_page(queryset, args)
            queryset = search_products(queryset, search)
            candidates = page_candidates(queryset)
        # totalCount: the filters return the queryset they were given when they
        # add nothing, and then the visible set has a cheaper count.
        if queryset is visible:
            counted = visible_products_counted(info.context, channel, for_listing=for_listing)
        else:
            counted = queryset  # without the sort's annotations and the listing's columns
        # A query of only punctuation searches nothing and is not ranked.
        ranked = "search_rank" in queryset.query.annotations
        queryset, sort_fields = sort_products(
            queryset, args.get("sort_by"), channel, searched=ranked, collection_id=collection_id
        )
        page = ProductPage(info, channel)
        connection = create_connection_slice(
            page.select(queryset, sort_fields),
            info,
            args,
            ProductCountableConnection,
            sort_fields,
            count_queryset=counted,
            page_candidates=candidates,
        )
        page.prime([edge.node for edge in connection.edges])
        return wrap_nodes(connection, channel.slug if channel else None)

    return load_channel(info, channel_slug, use_default=use_default_channel).then(build)


def _customer_catalogue(channel, *, for_listing, sort_by, page) -> PreparedSource:
    """A customer's unfiltered page of a channel's products: what a storefront
    asks for most, so its SQL is compiled once per process and shape (only the
    channel and the clock change between requests)."""
    sort_key = tuple(sorted((name, str(enum_value(value))) for name, value in (sort_by or {}).items()))

    def products(channel_id, now):
        in_channel = Channel(pk=channel_id, is_active=True)
        queryset = published_products(in_channel, for_listing=for_listing, now=now)
        queryset, sort_fields = sort_products(queryset, sort_by, in_channel, searched=False)
        return page.select(queryset, sort_fields).order_by(*sort_fields)

    def listings(channel_id, now):
        return published_listings(Channel(pk=channel_id, is_active=True), for_listing=for_listing, now=now)

    return PreparedSource(
        key=("customer catalogue", for_listing, sort_key, page.key),
        arguments={"channel_id": channel.pk, "now": timezone.now()},
        build=products,
        build_count=listings,
    )


def _lookup_product(info, channel, *, id=None, slug=None, external_reference=None):
    queryset = visible_products(info.context, channel, for_listing=False)
    if id:
        _type, pk = from_global_id_or_error(id, "Product")
        return queryset.filter(pk=pk).first()
    if slug:
        return queryset.filter(slug=slug).first()
    return queryset.filter(external_reference=external_reference).first()


class ProductQueries(graphene.ObjectType):
    products = ConnectionField(
        ProductCountableConnection,
        filter=ProductFilterInput(description="Filtering options for products."),
        where=ProductWhereInput(description="Where filtering options for products."),
        sort_by=ProductOrder(description="Sort products."),
        search=graphene.String(description="Search products."),
        channel=graphene.String(description=CHANNEL_DESCRIPTION),
        description=(
            "List of the shop's products. Requires one of the following permissions to include the "
            "unpublished items: MANAGE_ORDERS, MANAGE_DISCOUNTS, MANAGE_PRODUCTS."
        ),
    )
    product = graphene.Field(
        Product,
        id=graphene.Argument(graphene.ID, description="ID of the product."),
        slug=graphene.Argument(graphene.String, description="Slug of the product."),
        external_reference=graphene.Argument(graphene.String, description="External ID of the product."),
        channel=graphene.String(description=CHANNEL_DESCRIPTION),
        description=(
            "Look up a product by ID. Requires one of the following permissions to include the "
            "unpublished items: MANAGE_ORDERS, MANAGE_DISCOUNTS, MANAGE_PRODUCTS."
        ),
    )

    @staticmethod
    def resolve_products(_root, info, *, channel=None, **kwargs):
        return products_connection(info, kwargs, channel_slug=channel)

    @staticmethod
    def resolve_product(_root, info, *, id=None, slug=None, external_reference=None, channel=None):
        one_of(id=id, slug=slug, external_reference=external_reference)
        return load_channel(info, channel).then(
            lambda found: with_channel(
                _lookup_product(info, found, id=id, slug=slug, external_reference=external_reference),
                found.slug if found else None,
            )
        )
