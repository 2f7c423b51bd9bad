"""Celery tasks of the catalogue.

Thumbnail making is idempotent (existing thumbnails are kept, unique constraints
settle races) and acknowledged late, so a worker that dies mid-way leaves the
message to be redelivered and the next run finishes what is missing.
"""

from celery import shared_task
from django.db import DatabaseError

from .models import ProductMedia
from .thumbnails import DEFAULT_THUMBNAIL_FORMATS, DEFAULT_THUMBNAIL_SIZES, make_thumbnails


@shared_task(acks_late=True, autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=5)
def create_product_media_thumbnails_task(media_id: int, sizes=DEFAULT_THUMBNAIL_SIZES,
                                         formats=DEFAULT_THUMBNAIL_FORMATS) -> int:
    """Make the media's thumbnails that do not exist yet; returns how many exist now.

    A media deleted before the task ran, or one without an image (a video), needs
    nothing, so the task ends quietly rather than retrying forever.
    """
    media = ProductMedia.objects.filter(pk=media_id).first()
    if media is None or not media.image:
        return 0
    return len(make_thumbnails(media, sizes, formats))
