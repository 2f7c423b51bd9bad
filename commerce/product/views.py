"""The thumbnail proxy: `/thumbnail/<media global id>/<size>/<format>/`.

Storefronts ask for an image at the size their layout needs; this view rounds
the size up to an allowed one and redirects to the stored thumbnail, making it
on the first request. The redirect target never changes content (its name holds
a hash of its bytes), so the file itself is cached for a year; the redirect is
cached briefly, since a media's image may be replaced.
"""

from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from PIL import UnidentifiedImageError

from .models import ProductMedia, Thumbnail
from .thumbnails import (
    ThumbnailError,
    get_thumbnail_format,
    get_thumbnail_size,
    make_thumbnail,
    media_pk_from_global_id,
)

REDIRECT_CACHE_SECONDS = 3600


@require_safe
def thumbnail_view(request, media_id: str, size: str, format: str):
    try:
        size = get_thumbnail_size(size)
        fmt = get_thumbnail_format(format)
    except ThumbnailError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    pk = media_pk_from_global_id(media_id)
    media = ProductMedia.objects.filter(pk=pk).first() if pk is not None else None
    if media is None or not media.image:
        raise Http404("No product image with this id.")
    thumbnail = Thumbnail.objects.filter(product_media=media, size=size, format=fmt).first()
    if thumbnail is None:
        try:
            thumbnail = make_thumbnail(media, size, fmt)
        except (OSError, UnidentifiedImageError):
            # The stored file is missing or is not an image: nothing to show.
            raise Http404("This product image cannot be read.") from None
    response = HttpResponseRedirect(thumbnail.image.url)
    patch_cache_control(response, public=True, max_age=REDIRECT_CACHE_SECONDS)
    return response
