"""Batch loaders of the catalogue: one query per relation per level of a query tree."""

from .media import (
    MediaByProductIdLoader,
    MediaByProductVariantIdLoader,
    ProductMediaByIdLoader,
    ThumbnailByCategoryIdSizeAndFormatLoader,
    ThumbnailByCollectionIdSizeAndFormatLoader,
    ThumbnailByProductMediaIdSizeAndFormatLoader,
    ThumbnailMediaByProductIdSizeAndFormatLoader,
)
from .products import (
    CategoryByIdLoader,
    CollectionByIdLoader,
    CollectionChannelListingByCollectionIdAndChannelSlugLoader,
    CollectionChannelListingByCollectionIdLoader,
    CollectionsByProductIdLoader,
    ProductByIdLoader,
    ProductTypeByIdLoader,
    product_queryset,
)
from .variants import (
    ProductChannelListingByProductIdAndChannelSlugLoader,
    ProductChannelListingByProductIdLoader,
    ProductVariantByIdLoader,
    ProductVariantsByProductIdLoader,
    VariantChannelListingByVariantIdAndChannelSlugLoader,
    VariantChannelListingByVariantIdLoader,
    VariantsChannelListingByProductIdAndChannelSlugLoader,
)

__all__ = [
    "CategoryByIdLoader",
    "CollectionByIdLoader",
    "CollectionChannelListingByCollectionIdAndChannelSlugLoader",
    "CollectionChannelListingByCollectionIdLoader",
    "CollectionsByProductIdLoader",
    "MediaByProductIdLoader",
    "MediaByProductVariantIdLoader",
    "ProductByIdLoader",
    "ProductChannelListingByProductIdAndChannelSlugLoader",
    "ProductChannelListingByProductIdLoader",
    "ProductMediaByIdLoader",
    "ProductTypeByIdLoader",
    "ProductVariantByIdLoader",
    "ProductVariantsByProductIdLoader",
    "ThumbnailByCategoryIdSizeAndFormatLoader",
    "ThumbnailByCollectionIdSizeAndFormatLoader",
    "ThumbnailByProductMediaIdSizeAndFormatLoader",
    "ThumbnailMediaByProductIdSizeAndFormatLoader",
    "VariantChannelListingByVariantIdAndChannelSlugLoader",
    "VariantChannelListingByVariantIdLoader",
    "VariantsChannelListingByProductIdAndChannelSlugLoader",
    "product_queryset",
]
