"""Connections of products and variants, apart from the node types so that
categories, collections and producers can name them without import cycles."""

from commerce.graphql.core.connection import CountableConnection

from .products import Product, ProductVariant


class ProductCountableConnection(CountableConnection):
    class Meta:
        node = Product


class ProductVariantCountableConnection(CountableConnection):
    class Meta:
        node = ProductVariant
