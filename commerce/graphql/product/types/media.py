"""Images and product media, with thumbnails through the thumbnail loaders."""

import graphene
from graphql import GraphQLError

from commerce.graphql.core.ids import to_global_id
from commerce.graphql.core.scalars import JSONString
from commerce.graphql.core.types import ModelObjectType
from commerce.graphql.core.promise import Promise
from commerce.product import models

from ...meta.types import ObjectWithMetadata
from ..dataloaders import (
    MediaByProductIdLoader,
    ThumbnailByProductMediaIdSizeAndFormatLoader,
    ThumbnailMediaByProductIdSizeAndFormatLoader,
)
from ..enums import ProductMediaType, ThumbnailFormatEnum
from ..images import absolute_uri, thumbnail_format, thumbnail_size, thumbnail_url

SIZE_DESCRIPTION = (
    "Desired longest side the image in pixels. Defaults to 4096. Images are never cropped. "
    "Pass 0 to retrieve the original size (not recommended)."
)
FORMAT_DESCRIPTION = "The format of the image. When not provided, format of the original image will be used."


def image_arguments():
    return {
        "size": graphene.Argument(graphene.Int, description=SIZE_DESCRIPTION),
        "format": graphene.Argument(
            ThumbnailFormatEnum, default_value=ThumbnailFormatEnum.ORIGINAL.value, description=FORMAT_DESCRIPTION
        ),
    }


class Image(graphene.ObjectType):
    url = graphene.String(required=True, description="The URL of the image.")
    alt = graphene.String(description="Alt text for an image.")

    class Meta:
        description = "Represents an image."


# `thumbnail` not given: the thumbnail is loaded (else it was, and is this or None).
_NOT_LOADED = object()


def media_url(context, media, size, format_, thumbnail=_NOT_LOADED) -> str | Promise | None:
    """The URL of a media item at a size: its external URL (videos), its original
    file (size 0), or a thumbnail."""
    if media.external_url:
        return media.external_url
    if not media.image:
        return None
    if size == 0:
        return absolute_uri(context, media.image.url)
    size = thumbnail_size(size)
    format_ = thumbnail_format(format_)
    global_id = to_global_id("ProductMedia", media.pk)
    if thumbnail is not _NOT_LOADED:
        return thumbnail_url(context, thumbnail, global_id, size, format_)
    return ThumbnailByProductMediaIdSizeAndFormatLoader(context).load((media.pk, size, format_)).then(
        lambda thumbnail: thumbnail_url(context, thumbnail, global_id, size, format_)
    )


def product_thumbnail(context, product_id, size, format_):
    """The Image of a product's first media at a size and format (None without
    media): with the thumbnail looked up in the same query as the media."""
    try:
        key = (product_id, thumbnail_size(size), thumbnail_format(format_))
    except GraphQLError:
        key = None  # raised (as before) only for a product that has an image
    if size == 0 or key is None:
        return MediaByProductIdLoader(context).load(product_id).then(
            lambda media: media_image(context, media[0] if media else None, size, format_)
        )
    return ThumbnailMediaByProductIdSizeAndFormatLoader(context).load(key).then(
        lambda found: media_image(context, found[0], size, format_, thumbnail=found[1])
    )


def media_image(context, media, size, format_, thumbnail=_NOT_LOADED):
    """An Image for the first media of a product (oEmbed media show their own thumbnail)."""
    if media is None:
        return None
    oembed = media.oembed_data or {}
    if oembed.get("thumbnail_url"):
        return Image(url=oembed["thumbnail_url"], alt=oembed.get("title") or media.alt)
    if not media.image:
        return None  # a video with no preview image: nothing to show as a picture
    url = media_url(context, media, size, format_, thumbnail)
    if isinstance(url, Promise):
        return url.then(lambda value: Image(url=value, alt=media.alt) if value else None)
    return Image(url=url, alt=media.alt) if url else None


class ProductMedia(ModelObjectType):
    sort_order = graphene.Int(description="The sort order of the media.")
    alt = graphene.String(required=True, description="The alt text of the media.")
    type = graphene.Field(ProductMediaType, required=True, description="The type of the media.")
    oembed_data = JSONString(required=True, description="The oEmbed data of the media.")
    url = graphene.String(required=True, description="The URL of the media.", **image_arguments())
    product_id = graphene.ID(description="Product id the media refers to.")

    class Meta:
        model = models.ProductMedia
        interfaces = [ObjectWithMetadata]
        description = "Represents a product media."

    @staticmethod
    def resolve_url(root, info, *, size=None, format=None):
        return media_url(info.context, root, size, format) or ""

    @staticmethod
    def resolve_product_id(root, _info):
        return to_global_id("Product", root.product_id)
