"""Collections: hand-picked sets of products (a centre's picks, Tết gifts, ...),
published per channel like products."""

import graphene

from commerce.graphql.core.connection import ConnectionField, CountableConnection
from commerce.graphql.core.scalars import JSONString
from commerce.graphql.core.types import NonNullList
from commerce.product import models

from ...account.permissions import permission_required, saleor_permissions
from ...channel.context import ChannelContextType, channel_of
from ...meta.types import ObjectWithMetadata
from ...translations.dataloaders import CollectionTranslationByIdAndLanguageCodeLoader
from ...translations.types import CollectionTranslation, translation_field
from ..dataloaders import CollectionChannelListingByCollectionIdLoader, ThumbnailByCollectionIdSizeAndFormatLoader
from .categories import background_image, product_list_arguments
from .channel_listings import CollectionChannelListing
from .media import Image, image_arguments

MANAGE_PRODUCTS = saleor_permissions("MANAGE_PRODUCTS")


class Collection(ChannelContextType):
    seo_title = graphene.String(description="SEO title of the collection.")
    seo_description = graphene.String(description="SEO description of the collection.")
    name = graphene.String(required=True, description="Name of the collection.")
    description = JSONString(description="Description of the collection.\n\nRich text format. For reference see https://editorjs.io/")
    slug = graphene.String(required=True, description="Slug of the collection.")
    channel = graphene.String(description="Channel given to retrieve this collection.")
    products = ConnectionField(
        "commerce.graphql.product.types.products_connection.ProductCountableConnection",
        description="List of products in this collection.",
        **product_list_arguments(),
    )
    background_image = graphene.Field(Image, description="Background image of the collection.", **image_arguments())
    translation = translation_field(CollectionTranslation, CollectionTranslationByIdAndLanguageCodeLoader, "collection")
    channel_listings = NonNullList(
        CollectionChannelListing,
        description=(
            "List of channels in which the collection is available.\n\nRequires one of the following "
            "permissions: MANAGE_PRODUCTS."
        ),
    )

    class Meta:
        model = models.Collection
        interfaces = [ObjectWithMetadata]
        description = "Represents a collection of products."

    @staticmethod
    def resolve_channel(root, _info):
        return channel_of(root)

    @staticmethod
    def resolve_products(root, info, **kwargs):
        from ..schema.products import products_connection

        return products_connection(
            info,
            kwargs,
            channel_slug=channel_of(root),
            base_filter={"collectionproduct__collection_id": root.node.pk},
            for_listing=False,
            collection_id=root.node.pk,
            use_default_channel=False,
        )

    @staticmethod
    def resolve_background_image(root, info, *, size=None, format=None):
        return background_image(info, root.node, ThumbnailByCollectionIdSizeAndFormatLoader, size, format)

    @staticmethod
    @permission_required(*MANAGE_PRODUCTS)
    def resolve_channel_listings(root, info):
        return CollectionChannelListingByCollectionIdLoader(info.context).load(root.node.pk)


class CollectionCountableConnection(CountableConnection):
    class Meta:
        node = Collection
