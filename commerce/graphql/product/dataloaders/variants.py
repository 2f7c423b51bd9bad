"""Variants and the per-channel offers (listings) of products and variants."""

from django.db.models import F

from commerce.graphql.core.dataloaders import DataLoader
from commerce.graphql.core.prepared import run_prepared
from commerce.product.models import (
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
)

from .base import ModelByIdLoader, RowsByFieldLoader, group_by_channel_slug


class ProductVariantByIdLoader(ModelByIdLoader):
    context_key = "product_variant_by_id"
    model = ProductVariant


class ProductVariantsByProductIdLoader(RowsByFieldLoader):
    """All variants of a product in their sort order; visibility is decided by the
    caller, which knows the channel and the requester."""

    context_key = "product_variants_by_product_id"
    field = "product_id"

    def get_queryset(self):
        return ProductVariant.objects.order_by("sort_order", "sku", "pk")

    def batch_load(self, keys):
        groups = super().batch_load(keys)
        by_id = ProductVariantByIdLoader(self.context)
        for group in groups:
            for variant in group:
                by_id.prime(variant.pk, variant)
        return groups


class ProductChannelListingByProductIdAndChannelSlugLoader(DataLoader):
    context_key = "product_listing_by_product_id_and_channel_slug"

    def batch_load(self, keys):
        found = {}
        for slug, ids in group_by_channel_slug(keys).items():
            for listing in ProductChannelListing.objects.filter(product_id__in=ids, channel__slug=slug):
                found[(listing.product_id, slug)] = listing
        return [found.get(key) for key in keys]


class ProductChannelListingByProductIdLoader(RowsByFieldLoader):
    context_key = "product_listings_by_product_id"
    field = "product_id"

    def get_queryset(self):
        return ProductChannelListing.objects.order_by("pk")


class VariantChannelListingByVariantIdAndChannelSlugLoader(DataLoader):
    context_key = "variant_listing_by_variant_id_and_channel_slug"

    def batch_load(self, keys):
        found = {}
        for slug, ids in group_by_channel_slug(keys).items():
            for listing in ProductVariantChannelListing.objects.filter(variant_id__in=ids, channel__slug=slug):
                found[(listing.variant_id, slug)] = listing
        return [found.get(key) for key in keys]


class VariantsChannelListingByProductIdAndChannelSlugLoader(DataLoader):
    """Every variant listing of a product in one channel: what product pricing and
    the visibility of its variants are computed from.

    The listings it reads are also handed to the per-variant loader, so the
    variants' own `pricing` fields later cost no query.
    """

    context_key = "variant_listings_by_product_id_and_channel_slug"

    def batch_load(self, keys):
        found = {key: [] for key in keys}
        per_variant = VariantChannelListingByVariantIdAndChannelSlugLoader(self.context)
        for slug, ids in group_by_channel_slug(keys).items():
            # Only the variant's product id is needed, not the variant row.
            listings = run_prepared(
                "variant_listings_by_product_id_and_channel_slug", _listings_of_products, ids=list(ids), slug=slug
            )
            for listing in listings:
                found[(listing.variant_product_id, slug)].append(listing)
                per_variant.prime((listing.variant_id, slug), listing)
        return [found[key] for key in keys]


def _listings_of_products(ids, slug):
    return (
        ProductVariantChannelListing.objects.filter(variant__product_id__in=ids, channel__slug=slug)
        .annotate(variant_product_id=F("variant__product_id"))
        .order_by("pk")
    )


class VariantChannelListingByVariantIdLoader(RowsByFieldLoader):
    context_key = "variant_listings_by_variant_id"
    field = "variant_id"

    def get_queryset(self):
        return ProductVariantChannelListing.objects.order_by("pk")

