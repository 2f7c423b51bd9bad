"""Enums of the catalogue, with Saleor's names and values."""

import graphene

from commerce.product.models import ProductMediaTypes, ProductTypeKind, ThumbnailFormat


class OrderDirection(graphene.Enum):
    ASC = ""
    DESC = "-"

    @property
    def description(self):
        if self == OrderDirection.ASC:
            return "Specifies an ascending sort order."
        return "Specifies a descending sort order."


class ProductMediaType(graphene.Enum):
    IMAGE = ProductMediaTypes.IMAGE.value
    VIDEO = ProductMediaTypes.VIDEO.value


class ThumbnailFormatEnum(graphene.Enum):
    """Formats a thumbnail can be made in. Saleor also has AVIF; the shop makes
    WebP (every browser we serve reads it) and the original's own format."""

    ORIGINAL = ThumbnailFormat.ORIGINAL.value
    WEBP = ThumbnailFormat.WEBP.value


class ProductTypeKindEnum(graphene.Enum):
    NORMAL = ProductTypeKind.NORMAL.value
    GIFT_CARD = ProductTypeKind.GIFT_CARD.value

    class Meta:
        description = "The enum of product type kinds."


class StockAvailability(graphene.Enum):
    IN_STOCK = "IN_STOCK"
    OUT_OF_STOCK = "OUT_OF_STOCK"


class ProductOrderField(graphene.Enum):
    NAME = "name"
    RANK = "rank"
    PRICE = "price"
    MINIMAL_PRICE = "minimal_price"
    LAST_MODIFIED = "last_modified"
    DATE = "date"
    TYPE = "type"
    PUBLISHED = "published"
    PUBLICATION_DATE = "publication_date"
    PUBLISHED_AT = "published_at"
    LAST_MODIFIED_AT = "last_modified_at"
    COLLECTION = "collection"
    RATING = "rating"
    CREATED_AT = "created_at"

    @property
    def description(self):
        descriptions = {
            "NAME": "Sort products by name.",
            "RANK": "Sort products by rank. Note: This option is available only with the `search` filter.",
            "PRICE": "Sort products by price.",
            "MINIMAL_PRICE": "Sort products by a minimal price of a product's variant.",
            "LAST_MODIFIED": "Sort products by update date.",
            "DATE": "Sort products by update date.",
            "TYPE": "Sort products by type.",
            "PUBLISHED": "Sort products by publication status.",
            "PUBLICATION_DATE": "Sort products by publication date.",
            "PUBLISHED_AT": "Sort products by publication date.",
            "LAST_MODIFIED_AT": "Sort products by update date.",
            "COLLECTION": "Sort products by collection. Note: This option is available only for the `Collection.products` query.",
            "RATING": "Sort products by rating.",
            "CREATED_AT": "Sort products by creation date.",
        }
        return descriptions.get(self.name)


class ProductVariantSortField(graphene.Enum):
    LAST_MODIFIED_AT = "last_modified_at"


class CategorySortField(graphene.Enum):
    NAME = "name"
    PRODUCT_COUNT = "product_count"
    SUBCATEGORY_COUNT = "subcategory_count"


class CollectionSortField(graphene.Enum):
    NAME = "name"
    AVAILABILITY = "availability"
    PRODUCT_COUNT = "product_count"
    PUBLICATION_DATE = "publication_date"
    PUBLISHED_AT = "published_at"


class CollectionPublished(graphene.Enum):
    PUBLISHED = "published"
    HIDDEN = "hidden"


def enum_value(value):
    """The plain value of an enum argument (graphene passes enum members)."""
    return getattr(value, "value", value)
