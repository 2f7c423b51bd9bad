"""Products, product types, categories and collections by id."""

from commerce.graphql.core.dataloaders import DataLoader
from commerce.product.models import (
    Category,
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    Product,
    ProductType,
)

from .base import ModelByIdLoader, group_by, group_by_channel_slug


def product_queryset():
    return Product.objects.all()


class ProductByIdLoader(ModelByIdLoader):
    context_key = "product_by_id"
    model = Product

    def get_queryset(self):
        return product_queryset()


class ProductTypeByIdLoader(ModelByIdLoader):
    context_key = "product_type_by_id"
    model = ProductType


class CategoryByIdLoader(ModelByIdLoader):
    context_key = "category_by_id"
    model = Category


class CollectionByIdLoader(ModelByIdLoader):
    context_key = "collection_by_id"
    model = Collection


class CollectionsByProductIdLoader(DataLoader):
    """The collections a product belongs to, in the product's collection order."""

    context_key = "collections_by_product_id"

    def batch_load(self, keys):
        links = (
            CollectionProduct.objects.filter(product_id__in=keys)
            .select_related("collection")
            .order_by("sort_order", "pk")
        )
        grouped = group_by(links, lambda link: link.product_id, keys)
        return [[link.collection for link in group] for group in grouped]


class CollectionChannelListingByCollectionIdAndChannelSlugLoader(DataLoader):
    context_key = "collection_listing_by_collection_id_and_channel_slug"

    def batch_load(self, keys):
        found = {}
        for slug, ids in group_by_channel_slug(keys).items():
            for listing in CollectionChannelListing.objects.filter(collection_id__in=ids, channel__slug=slug):
                found[(listing.collection_id, slug)] = listing
        return [found.get(key) for key in keys]


class CollectionChannelListingByCollectionIdLoader(DataLoader):
    context_key = "collection_listings_by_collection_id"

    def batch_load(self, keys):
        listings = CollectionChannelListing.objects.filter(collection_id__in=keys).order_by("pk")
        return group_by(listings, lambda listing: listing.collection_id, keys)
