"""URLs of images and their thumbnails.

A product media thumbnail that has been made is served straight from storage.
One that has not is named by the thumbnail proxy
(`/thumbnail/<media global id>/<size>/<format>/`, commerce.product.views),
which makes it on first request and redirects, so a product list never waits
for image resizing and never lists a broken link.

Category and collection background images have no proxy: until their
thumbnail exists, the original image is served.
"""

from graphql import GraphQLError

from commerce.product import thumbnails
from commerce.product.models import ThumbnailFormat

from .enums import enum_value

def absolute_uri(context, url: str) -> str:
    """An absolute URL for `url` (storage URLs may already be absolute, e.g. S3)."""
    if url.startswith(("http://", "https://")):
        return url
    request = getattr(context, "request", None)
    if request is not None:
        return request.build_absolute_uri(url)
    return url


def thumbnail_format(format_argument) -> str:
    return enum_value(format_argument) or ThumbnailFormat.ORIGINAL.value


def thumbnail_size(size_argument) -> int:
    """The allowed thumbnail size for what the client asked; no size means the
    largest ("Defaults to 4096")."""
    if size_argument is None:
        return thumbnails.allowed_sizes()[-1]
    try:
        return thumbnails.get_thumbnail_size(size_argument)
    except thumbnails.ThumbnailError as error:
        raise GraphQLError(str(error)) from None


def thumbnail_url(context, thumbnail, owner_global_id: str, size: int, format_: str) -> str:
    """A made thumbnail's own URL, else the proxy URL that makes it."""
    if thumbnail is not None and thumbnail.image:
        return absolute_uri(context, thumbnail.image.url)
    return absolute_uri(context, thumbnails.thumbnail_url(owner_global_id, size, format_))


def stored_thumbnail_url(context, thumbnail, original) -> str:
    """A made thumbnail's URL, else the original image's (no proxy for these)."""
    image = thumbnail.image if thumbnail is not None and thumbnail.image else original
    return absolute_uri(context, image.url)
