"""Thumbnails of product media: resized copies made once and served forever.

A storefront asks for an image at some size through the proxy URL
(`/thumbnail/<media id>/<size>/<format>/`). The size is rounded up to one of
`settings.THUMBNAIL_SIZES`, so a handful of files serve every layout, and the
thumbnail's file name carries a hash of its bytes: a URL never changes what it
points at, so browsers and CDNs may cache it for a year.

Thumbnails keep the image's aspect ratio, never enlarge it, turn it upright as
its EXIF orientation says, and drop EXIF (camera, GPS) from the copy. Whoever
creates a ProductMedia calls `media_created(media)`, which queues the common
sizes after the transaction commits.
"""

import base64
import binascii
import functools
import hashlib
import io
import os
import re
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import get_valid_filename
from PIL import Image, ImageOps

from .models import ProductMedia, Thumbnail, ThumbnailFormat

MAX_THUMBNAIL_SIZE = 4096
WEBP_QUALITY = 80
JPEG_QUALITY = 85
# Sizes a product card, a product page and their high-density versions use.
DEFAULT_THUMBNAIL_SIZES = (128, 256, 512, 1024)
DEFAULT_THUMBNAIL_FORMATS = (ThumbnailFormat.WEBP.value,)
# What an "original" thumbnail is saved as, by the source's format.
ORIGINAL_FORMATS = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("WEBP", "webp"), "GIF": ("PNG", "png")}
MEDIA_TYPE_NAME = "ProductMedia"


class ThumbnailError(ValueError):
    """A size or format that no thumbnail can have; the message says what is allowed."""


def allowed_sizes() -> tuple[int, ...]:
    return _allowed_sizes(tuple(settings.THUMBNAIL_SIZES))


@functools.lru_cache(maxsize=8)
def _allowed_sizes(configured: tuple) -> tuple[int, ...]:
    # Asked for once per image of a product list: sorted once per setting.
    return tuple(sorted(size for size in configured if 0 < size <= MAX_THUMBNAIL_SIZE))


def get_thumbnail_size(requested) -> int:
    """The smallest allowed size at least as large as `requested`, or the largest
    allowed size when more is asked for; raises ThumbnailError for a non-number."""
    try:
        requested = int(requested)
    except (TypeError, ValueError):
        raise ThumbnailError(f"Size {requested!r} is not a whole number of pixels.") from None
    if requested <= 0:
        raise ThumbnailError(f"Size must be a positive number of pixels, not {requested}.")
    sizes = allowed_sizes()
    return next((size for size in sizes if size >= requested), sizes[-1])


def allowed_formats() -> list[str]:
    return [fmt.lower() for fmt in settings.THUMBNAIL_FORMATS]


def get_thumbnail_format(requested) -> str:
    """'webp' or 'original' (case-insensitive); raises ThumbnailError otherwise."""
    fmt = str(requested or "").lower()
    if fmt not in _usable_formats(tuple(settings.THUMBNAIL_FORMATS)):
        raise ThumbnailError(f"Format {requested!r} is not available; use one of {', '.join(allowed_formats())}.")
    return fmt


@functools.lru_cache(maxsize=8)
def _usable_formats(configured: tuple) -> frozenset[str]:
    """The allowed formats a thumbnail can be made in (checked once per image of a
    product list, so worked out once per setting)."""
    return frozenset(fmt.lower() for fmt in configured) & frozenset(ThumbnailFormat.values)


# --- Global ids and URLs -------------------------------------------------------------


def media_global_id(media: ProductMedia | int) -> str:
    """Saleor's global id of a media: base64("ProductMedia:<pk>")."""
    pk = media.pk if isinstance(media, ProductMedia) else int(media)
    return base64.b64encode(f"{MEDIA_TYPE_NAME}:{pk}".encode()).decode()


def media_pk_from_global_id(global_id: str) -> int | None:
    """The pk in a ProductMedia global id, or None for anything else (wrong type,
    not base64, not a number)."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        decoded = base64.b64decode(padded, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    type_name, _, pk = decoded.partition(":")
    if type_name != MEDIA_TYPE_NAME or not pk.isdigit():
        return None
    return int(pk)


def thumbnail_url(media_global_id: str, size, format: str = ThumbnailFormat.WEBP.value) -> str:
    """The proxy URL of a thumbnail, rounded to an allowed size; it redirects to the
    file, making it on first request."""
    size, format = get_thumbnail_size(size), get_thumbnail_format(format)
    if not _PROXY_ID.fullmatch(media_global_id):
        # Not an id the route accepts: let reverse() say so.
        return reverse("thumbnail", kwargs={"media_id": media_global_id, "size": size, "format": format})
    prefix = _proxy_url_prefix(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return f"{prefix}{media_global_id}/{size}/{format}/"


# What the thumbnail route accepts as a media id (commerce/product/urls.py); such
# ids need no quoting, so a URL is the route's prefix and the three parts.
_PROXY_ID = re.compile(r"[A-Za-z0-9+/=_-]+")


@functools.lru_cache(maxsize=8)
def _proxy_url_prefix(script_prefix: str, urlconf) -> str:
    """The proxy route up to the media id, reversed once per script prefix and
    URLconf rather than once per image of a product list (reverse() costs more
    than the rest)."""
    sample = reverse("thumbnail", urlconf=urlconf, kwargs={"media_id": "0", "size": 1, "format": "webp"})
    return sample.removesuffix("0/1/webp/")


# --- Making thumbnails ------------------------------------------------------------------


def media_created(media: ProductMedia) -> None:
    """Call after creating a ProductMedia: queues its common thumbnails once the
    transaction commits (a rolled-back upload queues nothing)."""
    if not media.image:
        return
    from .tasks import create_product_media_thumbnails_task

    media_id = media.pk
    transaction.on_commit(lambda: create_product_media_thumbnails_task.delay(media_id))


def make_thumbnail(media: ProductMedia, size, format: str = ThumbnailFormat.WEBP.value) -> Thumbnail:
    """The media's thumbnail at this size and format, made and stored if missing."""
    return make_thumbnails(media, [size], [format])[0]


def make_thumbnails(media: ProductMedia, sizes: Iterable, formats: Iterable[str]) -> list[Thumbnail]:
    """Thumbnails for every size x format, opening the source image at most once.
    Existing ones are returned as they are, so this is safe to repeat."""
    wanted = [(get_thumbnail_size(s), get_thumbnail_format(f)) for s in sizes for f in formats]
    existing = {(t.size, t.format): t for t in Thumbnail.objects.filter(product_media=media)}
    source = None
    result = []
    for size, fmt in wanted:
        thumbnail = existing.get((size, fmt))
        if thumbnail is None:
            if source is None:
                source = _open_source(media)
            thumbnail = _store(media, size, fmt, *_render(source, size, fmt))
            existing[(size, fmt)] = thumbnail
        result.append(thumbnail)
    return result


def _open_source(media: ProductMedia) -> Image.Image:
    if not media.image:
        raise ThumbnailError(f"Media {media.pk} has no image to make thumbnails of.")
    with media.image.open("rb") as file:
        image = Image.open(file)
        image.load()
    original_format = image.format
    image = ImageOps.exif_transpose(image)  # upright, and without the orientation tag
    image.info.pop("exif", None)
    image.format = original_format
    return image


def _render(source: Image.Image, size: int, fmt: str) -> tuple[bytes, str]:
    """(bytes, file extension) of the source scaled to fit size x size."""
    image = source.copy()
    image.thumbnail((size, size), Image.Resampling.LANCZOS)  # keeps aspect, never enlarges
    if fmt == ThumbnailFormat.WEBP:
        pil_format, extension = "WEBP", "webp"
    else:
        pil_format, extension = ORIGINAL_FORMATS.get(source.format or "", ("PNG", "png"))
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if pil_format == "JPEG" or not has_alpha:
        image = image.convert("RGB")
    elif image.mode != "RGBA":
        image = image.convert("RGBA")
    options = {"icc_profile": source.info.get("icc_profile")} if source.info.get("icc_profile") else {}
    if pil_format == "WEBP":
        options.update(quality=WEBP_QUALITY, method=4)
    elif pil_format == "JPEG":
        options.update(quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif pil_format == "PNG":
        options.update(optimize=True)
    buffer = io.BytesIO()
    image.save(buffer, pil_format, **options)  # no exif= given: none is written
    return buffer.getvalue(), extension


def _thumbnail_name(media: ProductMedia, size: int, data: bytes, extension: str) -> str:
    """thumbnails/<original name>-<size>-<hash of these bytes>.<ext>: unique per content."""
    stem = os.path.splitext(os.path.basename(media.image.name))[0]
    stem = get_valid_filename(stem)[:60] or "image"
    digest = hashlib.sha256(data).hexdigest()[:16]
    return f"{Thumbnail._meta.get_field('image').upload_to}/{stem}-{size}-{digest}.{extension}"


def _store(media: ProductMedia, size: int, fmt: str, data: bytes, extension: str) -> Thumbnail:
    field = Thumbnail._meta.get_field("image")
    storage = field.storage
    name = _thumbnail_name(media, size, data, extension)
    if not storage.exists(name):  # same name, same bytes: another worker got here first
        name = storage.save(name, ContentFile(data))
    try:
        with transaction.atomic():
            return Thumbnail.objects.create(product_media=media, size=size, format=fmt, image=name)
    except IntegrityError:
        # Made at the same moment by another request or worker; theirs is as good.
        return Thumbnail.objects.get(product_media=media, size=size, format=fmt)
