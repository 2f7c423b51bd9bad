"""Categories: the OCOP classification tree (industry, group, set).

Categories are public and not channel-scoped; their products are.
"""

import graphene

from commerce.graphql.core.connection import ConnectionField, CountableConnection, create_connection_slice
from commerce.graphql.core.scalars import DateTime, JSONString
from commerce.graphql.core.types import ModelObjectType
from commerce.product import models

from ...meta.types import ObjectWithMetadata
from ...translations.dataloaders import CategoryTranslationByIdAndLanguageCodeLoader
from ...translations.types import CategoryTranslation, translation_field
from ..dataloaders import CategoryByIdLoader, ThumbnailByCategoryIdSizeAndFormatLoader
from ..filters import ProductFilterInput, ProductWhereInput
from ..images import absolute_uri, stored_thumbnail_url, thumbnail_format, thumbnail_size
from ..sorters import ProductOrder
from .media import Image, image_arguments


def background_image(info, owner, loader_class, size, format_):
    """The background image of a category or collection, as an Image (or None)."""
    if not owner.background_image:
        return None
    alt = owner.background_image_alt
    if size == 0:
        return Image(url=absolute_uri(info.context, owner.background_image.url), alt=alt)
    size = thumbnail_size(size)
    format_ = thumbnail_format(format_)
    return loader_class(info.context).load((owner.pk, size, format_)).then(
        lambda thumbnail: Image(url=stored_thumbnail_url(info.context, thumbnail, owner.background_image), alt=alt)
    )


def product_list_arguments():
    return {
        "filter": graphene.Argument(ProductFilterInput, description="Filtering options for products."),
        "where": graphene.Argument(ProductWhereInput, description="Where filtering options for products."),
        "sort_by": graphene.Argument(ProductOrder, description="Sort products."),
        "search": graphene.Argument(graphene.String, description="Search products."),
    }


class Category(ModelObjectType):
    seo_title = graphene.String(description="SEO title of category.")
    seo_description = graphene.String(description="SEO description of category.")
    name = graphene.String(required=True, description="Name of category")
    description = JSONString(description="Description of the category.\n\nRich text format. For reference see https://editorjs.io/")
    slug = graphene.String(required=True, description="Slug of the category.")
    parent = graphene.Field(lambda: Category, description="Parent category.")
    level = graphene.Int(required=True, description="Level of the category.")
    updated_at = DateTime(required=True, description="The date and time when the category was last updated.")
    ancestors = ConnectionField(
        lambda: CategoryCountableConnection, description="List of ancestors of the category."
    )
    products = ConnectionField(
        "commerce.graphql.product.types.products_connection.ProductCountableConnection",
        channel=graphene.String(description="Slug of a channel for which the data should be returned."),
        description=(
            "List of products in the category. Requires the following permissions to include the "
            "unpublished items: MANAGE_ORDERS, MANAGE_DISCOUNTS, MANAGE_PRODUCTS."
        ),
        **product_list_arguments(),
    )
    children = ConnectionField(lambda: CategoryCountableConnection, description="List of children of the category.")
    background_image = graphene.Field(Image, description="Background image of the category.", **image_arguments())
    translation = translation_field(CategoryTranslation, CategoryTranslationByIdAndLanguageCodeLoader, "category")

    class Meta:
        model = models.Category
        interfaces = [ObjectWithMetadata]
        description = (
            "Represents a single category of products. Categories allow to organize products in a "
            "tree-hierarchies which can be used for navigation in the storefront."
        )

    @staticmethod
    def resolve_parent(root, info):
        if root.parent_id is None:
            return None
        return CategoryByIdLoader(info.context).load(root.parent_id)

    @staticmethod
    def resolve_ancestors(root, info, **kwargs):
        ancestors = models.Category.objects.filter(tree_id=root.tree_id, lft__lt=root.lft, rght__gt=root.rght)
        return create_connection_slice(ancestors, info, kwargs, CategoryCountableConnection, sort_fields=["level"])

    @staticmethod
    def resolve_children(root, info, **kwargs):
        children = models.Category.objects.filter(parent_id=root.pk)
        return create_connection_slice(children, info, kwargs, CategoryCountableConnection, sort_fields=["lft"])

    @staticmethod
    def resolve_products(root, info, *, channel=None, **kwargs):
        from ..schema.products import products_connection

        tree = models.Category.objects.filter(tree_id=root.tree_id, lft__gte=root.lft, rght__lte=root.rght)
        return products_connection(info, kwargs, channel_slug=channel, base_filter={"category__in": tree})

    @staticmethod
    def resolve_background_image(root, info, *, size=None, format=None):
        return background_image(info, root, ThumbnailByCategoryIdSizeAndFormatLoader, size, format)


class CategoryCountableConnection(CountableConnection):
    class Meta:
        node = Category
