"""Who sees which products, variants and collections in a channel (Saleor's rules).

Customers (and anyone without ALL_PRODUCTS_PERMISSIONS) see a product in a
channel when the channel is active, the product's listing there is published
(`is_published`, and `published_at` unset or past) and at least one of its
variants has a price in that channel. Lists additionally require the listing
to be `visible_in_listings`; a product hidden from lists is still found by its
id or slug. Variants are seen when they have a priced listing in the channel.

Staff with ALL_PRODUCTS_PERMISSIONS see everything listed in the channel they
name, published or not, and everything at all when they name none.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from commerce.product.models import (
    Collection,
    CollectionChannelListing,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
)

from ..account.permissions import has_all_products_access
from .dataloaders import product_queryset


def _published(listings, now):
    return listings.filter(Q(published_at__lte=now) | Q(published_at__isnull=True), is_published=True)


def published_products(channel, *, for_listing: bool, now=None):
    """Products a customer sees in `channel` (a list when `for_listing`)."""
    if channel is None or not channel.is_active:
        return product_queryset().none()
    now = now or timezone.now()
    listings = _published(ProductChannelListing.objects.filter(channel_id=channel.pk), now)
    if for_listing:
        listings = listings.filter(visible_in_listings=True)
    priced_variants = ProductVariant.objects.filter(
        Exists(
            ProductVariantChannelListing.objects.filter(
                variant_id=OuterRef("pk"), channel_id=channel.pk, price_amount__isnull=False
            )
        )
    )
    return product_queryset().filter(
        Exists(listings.filter(product_id=OuterRef("pk"))),
        Exists(priced_variants.filter(product_id=OuterRef("pk"))),
    )


def visible_products(context, channel, *, for_listing: bool):
    if has_all_products_access(context):
        if channel is None:
            return product_queryset()
        return product_queryset().filter(
            Exists(ProductChannelListing.objects.filter(product_id=OuterRef("pk"), channel_id=channel.pk))
        )
    return published_products(channel, for_listing=for_listing)


def visible_variants(context, channel, *, for_listing: bool):
    """Variants whose product is visible and that are offered in the channel."""
    products = visible_products(context, channel, for_listing=for_listing)
    variants = ProductVariant.objects.filter(Exists(products.filter(pk=OuterRef("product_id"))))
    if has_all_products_access(context):
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
    if has_all_products_access(context):
        if channel_slug is None:
            return variants
        listed = {listing.variant_id for listing in variant_listings}
    else:
        listed = {listing.variant_id for listing in variant_listings if listing.price_amount is not None}
    return [variant for variant in variants if variant.pk in listed]


def visible_collections(context, channel):
    if has_all_products_access(context):
        if channel is None:
            return Collection.objects.all()
        return Collection.objects.filter(
            Exists(CollectionChannelListing.objects.filter(collection_id=OuterRef("pk"), channel_id=channel.pk))
        )
    if channel is None or not channel.is_active:
        return Collection.objects.none()
    listings = _published(CollectionChannelListing.objects.filter(channel_id=channel.pk), timezone.now())
    return Collection.objects.filter(Exists(listings.filter(collection_id=OuterRef("pk"))))


def product_listing_is_visible(listing, now=None) -> bool:
    return listing is not None and listing.is_visible(now)

