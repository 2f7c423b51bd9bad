from .categories import Category, CategoryCountableConnection
from .channel_listings import CollectionChannelListing, ProductChannelListing, ProductVariantChannelListing
from .collections import Collection, CollectionCountableConnection
from .media import Image, ProductMedia
from .money import Money, MoneyRange, TaxedMoney, TaxedMoneyRange, Weight
from .pricing import ProductPricingInfo, VariantPricingInfo
from .products import Product, ProductType, ProductVariant
from .products_connection import ProductCountableConnection, ProductVariantCountableConnection

__all__ = [
    "Category",
    "CategoryCountableConnection",
    "Collection",
    "CollectionChannelListing",
    "CollectionCountableConnection",
    "Image",
    "Money",
    "MoneyRange",
    "Product",
    "ProductChannelListing",
    "ProductCountableConnection",
    "ProductMedia",
    "ProductPricingInfo",
    "ProductType",
    "ProductVariant",
    "ProductVariantChannelListing",
    "ProductVariantCountableConnection",
    "TaxedMoney",
    "TaxedMoneyRange",
    "VariantPricingInfo",
    "Weight",
]
