"""Who sees which products, variants and collections in a channel (Saleor's rules).

Customers (and anyone without ALL_PRODUCTS_PERMISSIONS) see a product in a
channel when the channel is active, the product's listing there is published
(`is_published`, and `published_at` unset or past) and at least one of its
variants has a price in that channel (read from the listing's stored cheapest
price, `discounted_price_amount`, which is NULL exactly when none has). Lists
additionally require the listing to be `visible_in_listings`; a product hidden
from lists is still found by its id or slug. Variants are seen when they have a priced listing in the channel.

Staff with ALL_PRODUCTS_PERMISSIONS see everything listed in the channel they
name, published or not, and everything at all when they name none.

Unlike Saleor, a staff user whose permission groups are all restricted to
channels (commerce.account.access) sees staff-level data only in those
channels: in any other channel they see what a customer sees, and naming no
channel they see the products and collections listed in their channels.
"""

from django.db.models import Exists, FilteredRelation, OuterRef, Q
from django.utils import timezone

from commerce.product.models import (
    Collection,
    CollectionChannelListing,
    Product,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
)
from commerce.search import mark_listed_in

from ..account.permissions import has_all_products_access, has_all_products_access_in, staff_channel_ids
from .dataloaders import product_queryset


def _published(listings, now):
    return listings.filter(Q(published_at__lte=now) | Q(published_at__isnull=True), is_published=True)


# The alias under which a product queryset for a channel carries the product's
# listing in that channel (a join: a product has at most one listing per
# channel). Sorts and the page query read the listing's columns through it.
CHANNEL_LISTING = "channel_listing"


def with_channel_listing(queryset, channel):
    """`queryset` with each product's listing in `channel` joined as CHANNEL_LISTING."""
    listing = FilteredRelation("channel_listings", condition=Q(channel_listings__channel_id=channel.pk))
    return queryset.annotate(**{CHANNEL_LISTING: listing})


def _customer_listing_rule(prefix: str, *, for_listing: bool, now) -> Q:
    """Published (`published_at` unset or past), priced, and listed when `for_listing`.

    "At least one variant priced in the channel" reads the listing's cheapest
    price, which actions.update_product_discounted_prices keeps (NULL when no
    variant has a price): one row per product, no join through the variants.
    """
    rule = Q(**{f"{prefix}is_published": True, f"{prefix}discounted_price_amount__isnull": False}) & (
        Q(**{f"{prefix}published_at__lte": now}) | Q(**{f"{prefix}published_at__isnull": True})
    )
    if for_listing:
        rule &= Q(**{f"{prefix}visible_in_listings": True})
    return rule


def published_listings(channel, *, for_listing: bool, now=None):
    """The listings in `channel` of the products a customer sees there (one each);
    product_listing_listed_idx covers them for lists."""
    if channel is None or not channel.is_active:
        return ProductChannelListing.objects.none()
    rule = _customer_listing_rule("", for_listing=for_listing, now=now or timezone.now())
    return ProductChannelListing.objects.filter(rule, channel_id=channel.pk)


def published_products(channel, *, for_listing: bool, now=None):
    """Products a customer sees in `channel` (a list when `for_listing`), joined
    with their listing there as CHANNEL_LISTING."""
    if channel is None:
        return product_queryset().none()
    products = with_channel_listing(product_queryset(), channel)
    if not channel.is_active:
        return products.none()
    now = now or timezone.now()
    rule = _customer_listing_rule(f"{CHANNEL_LISTING}__", for_listing=for_listing, now=now)
    products = products.filter(rule)
    if for_listing:
        # A search of exactly this set may be counted from its search entries.
        mark_listed_in(products, channel.pk, published_listings(channel, for_listing=True, now=now))
    return products


def _staff_in(context, channel) -> bool:
    """Whether the requester sees staff-level data in `channel` (None: across channels)."""
    if channel is None:
        return has_all_products_access(context)
    return has_all_products_access_in(context, channel.pk)


def _listed_in_reach(queryset, context, model):
    """`queryset` (products or collections, named by no channel) limited to rows
    listed in a channel a restricted staff user reaches; unchanged for others."""
    ids = staff_channel_ids(context)
    if ids is None:
        return queryset
    field = "product_id" if model is ProductChannelListing else "collection_id"
    return queryset.filter(Exists(model.objects.filter(**{field: OuterRef("pk"), "channel_id__in": ids})))


def sees_as_customer(context, channel) -> bool:
    """Whether the requester sees `channel`'s products as a customer does
    (`published_products`), not with staff rights there."""
    return not _staff_in(context, channel)


def visible_products(context, channel, *, for_listing: bool):
    """Products the requester sees; with a channel, joined with their listing
    there as CHANNEL_LISTING."""
    if _staff_in(context, channel):
        if channel is None:
            return _listed_in_reach(product_queryset(), context, ProductChannelListing)
        return with_channel_listing(product_queryset(), channel).filter(**{f"{CHANNEL_LISTING}__isnull": False})
    return published_products(channel, for_listing=for_listing)


def visible_products_counted(context, channel, *, for_listing: bool):
    """A queryset with as many rows as `visible_products(...)` and cheaper to count.

    A product has at most one listing per channel, so in a channel counting the
    visible listings counts the visible products without reading the product
    table (a COUNT over the products' EXISTS was most of a catalogue page's
    time). Only for the unfiltered set: any other condition is on products.
    """
    if _staff_in(context, channel):
        if channel is None:
            return _listed_in_reach(Product.objects.all(), context, ProductChannelListing)
        return ProductChannelListing.objects.filter(channel_id=channel.pk)
    return published_listings(channel, for_listing=for_listing)


def visible_variants(context, channel, *, for_listing: bool):
    """Variants whose product is visible and that are offered in the channel."""
    products = visible_products(context, channel, for_listing=for_listing)
    variants = ProductVariant.objects.filter(Exists(products.filter(pk=OuterRef("product_id"))))
    if _staff_in(context, channel):
        return variants
    return variants.filter(
        Exists(
            ProductVariantChannelListing.objects.filter(
                variant_id=OuterRef("pk"), channel_id=channel.pk, price_amount__isnull=False
            )
        )
    )


def visible_variants_of_product(context, channel_slug, variants, variant_listings):
    """Which of a product's variants to show, given its variant listings in the channel."""
    if has_all_products_access(context) and (channel_slug is None or _staff_in_slug(context, channel_slug)):
        if channel_slug is None:
            return variants
        listed = {listing.variant_id for listing in variant_listings}
    else:
        listed = {listing.variant_id for listing in variant_listings if listing.price_amount is not None}
    return [variant for variant in variants if variant.pk in listed]


def _staff_in_slug(context, slug) -> bool:
    ids = staff_channel_ids(context)
    if ids is None:
        return True
    from commerce.channel.models import Channel

    known = context.__dict__.setdefault("_staff_channel_slugs", {})  # one query per slug and request
    if slug not in known:
        known[slug] = Channel.objects.filter(slug=slug, pk__in=ids).exists()
    return known[slug]


def visible_collections(context, channel):
    if _staff_in(context, channel):
        if channel is None:
            return _listed_in_reach(Collection.objects.all(), context, CollectionChannelListing)
        return Collection.objects.filter(
            Exists(CollectionChannelListing.objects.filter(collection_id=OuterRef("pk"), channel_id=channel.pk))
        )
    if channel is None or not channel.is_active:
        return Collection.objects.none()
    listings = _published(CollectionChannelListing.objects.filter(channel_id=channel.pk), timezone.now())
    return Collection.objects.filter(Exists(listings.filter(collection_id=OuterRef("pk"))))


def product_listing_is_visible(listing, now=None) -> bool:
    return listing is not None and listing.is_visible(now)

