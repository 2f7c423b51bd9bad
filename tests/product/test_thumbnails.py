"""Thumbnails: allowed sizes and formats, the resized files themselves, the proxy
view and the Celery task (run by a real worker)."""

import io
import time

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse, set_script_prefix
from PIL import Image

from commerce.product.models import ProductMedia, Thumbnail
from commerce.product.tasks import create_product_media_thumbnails_task
from commerce.product.thumbnails import (
    DEFAULT_THUMBNAIL_SIZES,
    ThumbnailError,
    get_thumbnail_format,
    get_thumbnail_size,
    make_thumbnail,
    media_created,
    media_global_id,
    media_pk_from_global_id,
    thumbnail_url,
)
from tests.factories import make_product

EXIF_ORIENTATION, EXIF_MAKE = 0x0112, 0x010F


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_URL = "/media/"
    return tmp_path


def jpeg_bytes(size=(800, 400), color=(31, 78, 156), exif=None) -> bytes:
    image = Image.new("RGB", size, color)
    image.paste((220, 180, 40), (0, 0, size[0] // 4, size[1] // 4))  # a marker in the top-left corner
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, **({"exif": exif.tobytes()} if exif is not None else {}))
    return buffer.getvalue()


def make_image_media(product=None, data=None, name="binh-gom.jpg") -> ProductMedia:
    media = ProductMedia(product=product or make_product(), alt="Bình gốm")
    media.image.save(name, ContentFile(data or jpeg_bytes()), save=False)
    media.save()
    return media


def opened(thumbnail: Thumbnail) -> Image.Image:
    with thumbnail.image.open("rb") as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


# --- sizes and formats ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "expected"),
    [(1, 32), (32, 32), (33, 64), (200, 256), ("300", 512), (4096, 4096), (5000, 4096)],
)
def test_sizes_round_up_to_an_allowed_size_and_stop_at_4096(requested, expected):
    assert get_thumbnail_size(requested) == expected


@pytest.mark.parametrize("requested", ["abc", "", None, 0, -64, "12.5"])
def test_a_size_that_is_not_a_positive_whole_number_is_refused(requested):
    with pytest.raises(ThumbnailError):
        get_thumbnail_size(requested)


def test_formats_are_webp_or_original_in_any_case():
    assert get_thumbnail_format("webp") == "webp"
    assert get_thumbnail_format("WEBP") == "webp"
    assert get_thumbnail_format("original") == "original"
    with pytest.raises(ThumbnailError, match="webp, original"):
        get_thumbnail_format("png")


def test_global_ids_are_saleors_and_only_product_media_ones_decode():
    assert media_global_id(42) == "UHJvZHVjdE1lZGlhOjQy"  # base64("ProductMedia:42")
    assert media_pk_from_global_id("UHJvZHVjdE1lZGlhOjQy") == 42
    assert media_pk_from_global_id("UHJvZHVjdE1lZGlhOjQy".rstrip("=")) == 42
    assert media_pk_from_global_id("UHJvZHVjdDo0Mg==") is None  # Product:42
    assert media_pk_from_global_id("not base64!") is None
    assert media_pk_from_global_id("UHJvZHVjdE1lZGlhOmFiYw==") is None  # ProductMedia:abc


# --- making thumbnails -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_webp_thumbnail_keeps_the_aspect_ratio():
    media = make_image_media(data=jpeg_bytes((800, 400)))

    thumbnail = make_thumbnail(media, 256, "webp")

    image = opened(thumbnail)
    assert image.format == "WEBP"
    assert image.size == (256, 128)
    assert (thumbnail.size, thumbnail.format) == (256, "webp")
    assert thumbnail.image.name.startswith("thumbnails/binh-gom") and thumbnail.image.name.endswith(".webp")


@pytest.mark.django_db
def test_a_requested_size_is_rounded_up_and_a_small_image_is_never_enlarged():
    media = make_image_media(data=jpeg_bytes((120, 90)))

    thumbnail = make_thumbnail(media, 300, "webp")

    assert thumbnail.size == 512
    assert opened(thumbnail).size == (120, 90)


@pytest.mark.django_db
def test_an_original_format_thumbnail_of_a_jpeg_is_a_jpeg():
    media = make_image_media(data=jpeg_bytes((1000, 1000)))

    image = opened(make_thumbnail(media, 128, "original"))

    assert image.format == "JPEG"
    assert image.size == (128, 128)


@pytest.mark.django_db
def test_exif_orientation_is_applied_and_exif_is_not_copied():
    # A camera photo stored landscape with "rotate 90° clockwise to view" (6), and
    # a camera make that must not leak into the thumbnail.
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = 6
    exif[EXIF_MAKE] = "Canon"
    media = make_image_media(data=jpeg_bytes((400, 200), exif=exif))

    for fmt in ("webp", "original"):
        image = opened(make_thumbnail(media, 128, fmt))
        assert image.size == (64, 128), fmt  # portrait once turned upright
        # The marker from the stored top-left corner is now at the top right.
        assert image.convert("RGB").getpixel((58, 4))[0] > 150, fmt
        assert not image.getexif(), fmt
        assert "exif" not in image.info, fmt


@pytest.mark.django_db
def test_making_a_thumbnail_twice_returns_the_same_row_and_file():
    media = make_image_media()

    first = make_thumbnail(media, 256)
    second = make_thumbnail(media, 256)

    assert first.pk == second.pk
    assert Thumbnail.objects.filter(product_media=media).count() == 1


@pytest.mark.django_db
def test_thumbnail_names_differ_when_the_content_differs():
    """Names carry a hash of the bytes, so a URL cached for a year never goes stale."""
    blue = make_thumbnail(make_image_media(data=jpeg_bytes(color=(31, 78, 156))), 128)
    red = make_thumbnail(make_image_media(data=jpeg_bytes(color=(150, 32, 58))), 128)

    assert blue.image.name != red.image.name


# --- the proxy view ----------------------------------------------------------------------

pytestmark_urls = pytest.mark.urls("commerce.product.urls")


@pytestmark_urls
def test_thumbnail_url_rounds_the_size():
    assert thumbnail_url("UHJvZHVjdE1lZGlhOjQy", 200) == "/thumbnail/UHJvZHVjdE1lZGlhOjQy/256/webp/"
    assert thumbnail_url("UHJvZHVjdE1lZGlhOjQy", 64, "ORIGINAL") == "/thumbnail/UHJvZHVjdE1lZGlhOjQy/64/original/"


@pytestmark_urls
@pytest.mark.parametrize("script_prefix", ["/", "/cua-hang/"])
@pytest.mark.parametrize("media_id", ["UHJvZHVjdE1lZGlhOjQy", "UHJvZHVjdE1lZGlhOjEyMzQ1Njc=", "a+b/c_d-e"])
def test_thumbnail_url_is_what_reverse_gives(media_id, script_prefix):
    # The URL is built from the route's prefix, worked out once; it must not
    # differ from reversing the route for each image.
    set_script_prefix(script_prefix)
    try:
        expected = reverse("thumbnail", kwargs={"media_id": media_id, "size": 512, "format": "webp"})
        assert thumbnail_url(media_id, 400, "webp") == expected
        assert expected.startswith(script_prefix)
    finally:
        set_script_prefix("/")


@pytestmark_urls
@pytest.mark.django_db
def test_the_view_makes_a_missing_thumbnail_then_redirects_to_it(client):
    media = make_image_media(data=jpeg_bytes((800, 400)))

    response = client.get(f"/thumbnail/{media_global_id(media)}/200/webp/")

    thumbnail = Thumbnail.objects.get(product_media=media)
    assert (thumbnail.size, thumbnail.format) == (256, "webp")
    assert response.status_code == 302
    assert response["Location"] == f"/media/{thumbnail.image.name}"
    assert opened(thumbnail).size == (256, 128)


@pytestmark_urls
@pytest.mark.django_db
def test_the_view_redirects_to_an_existing_thumbnail_without_making_another(client):
    media = make_image_media()
    existing = make_thumbnail(media, 512, "original")

    response = client.get(f"/thumbnail/{media_global_id(media)}/512/original/")

    assert response.status_code == 302
    assert response["Location"] == existing.image.url
    assert Thumbnail.objects.filter(product_media=media).count() == 1
    assert client.head(f"/thumbnail/{media_global_id(media)}/512/original/").status_code == 302


@pytestmark_urls
@pytest.mark.django_db
@pytest.mark.parametrize(("size", "fmt"), [("abc", "webp"), ("0", "webp"), ("256", "gif"), ("-1", "original")])
def test_the_view_answers_400_for_a_bad_size_or_format(client, size, fmt):
    media = make_image_media()

    response = client.get(f"/thumbnail/{media_global_id(media)}/{size}/{fmt}/")

    assert response.status_code == 400
    assert not Thumbnail.objects.exists()


@pytestmark_urls
@pytest.mark.django_db
@pytest.mark.parametrize("global_id", ["UHJvZHVjdE1lZGlhOjk5OTk5OQ==", "UHJvZHVjdDox", "bm90LWFuLWlk"])
def test_the_view_answers_404_for_unknown_media(client, global_id):
    make_image_media()

    assert client.get(f"/thumbnail/{global_id}/256/webp/").status_code == 404


@pytestmark_urls
@pytest.mark.django_db
def test_the_view_answers_404_for_media_without_a_readable_image(client):
    video = ProductMedia.objects.create(product=make_product(), type="VIDEO", external_url="https://youtu.be/x")
    lost = make_image_media()
    lost.image.storage.delete(lost.image.name)

    assert client.get(f"/thumbnail/{media_global_id(video)}/256/webp/").status_code == 404
    assert client.get(f"/thumbnail/{media_global_id(lost)}/256/webp/").status_code == 404


# --- the task ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_task_makes_the_common_sizes_once():
    media = make_image_media(data=jpeg_bytes((1200, 1200)))

    assert create_product_media_thumbnails_task(media.pk) == len(DEFAULT_THUMBNAIL_SIZES)
    names = set(Thumbnail.objects.filter(product_media=media).values_list("image", flat=True))
    assert create_product_media_thumbnails_task(media.pk) == len(DEFAULT_THUMBNAIL_SIZES)

    assert set(Thumbnail.objects.filter(product_media=media).values_list("image", flat=True)) == names
    assert sorted(Thumbnail.objects.filter(product_media=media).values_list("size", flat=True)) == sorted(
        DEFAULT_THUMBNAIL_SIZES
    )


@pytest.mark.django_db
def test_the_task_ends_quietly_for_deleted_media():
    media = make_image_media()
    media_id = media.pk
    media.delete()

    assert create_product_media_thumbnails_task(media_id) == 0


def wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_media_created_queues_thumbnails_that_a_worker_makes_after_commit(celery_worker_real):
    with transaction.atomic():
        media = make_image_media(data=jpeg_bytes((1200, 800)))
        media_created(media)
        # Nothing may run before the media row is committed.
        assert not Thumbnail.objects.filter(product_media=media).exists()

    assert wait_for(lambda: Thumbnail.objects.filter(product_media=media).count() == len(DEFAULT_THUMBNAIL_SIZES))
    biggest = Thumbnail.objects.get(product_media=media, size=max(DEFAULT_THUMBNAIL_SIZES))
    assert opened(biggest).size == (1024, 683)


@pytest.mark.slow
def test_a_repeated_task_on_a_real_worker_adds_nothing(celery_worker_real):
    media = make_image_media()
    create_product_media_thumbnails_task.delay(media.pk, sizes=[64], formats=["webp", "original"])
    assert wait_for(lambda: Thumbnail.objects.filter(product_media=media).count() == 2)
    names = set(Thumbnail.objects.values_list("image", flat=True))

    create_product_media_thumbnails_task.delay(media.pk, sizes=[64, 33], formats=["webp", "original"])
    create_product_media_thumbnails_task.delay(media.pk, sizes=[128], formats=["webp"])
    assert wait_for(lambda: Thumbnail.objects.filter(product_media=media).count() == 3)

    assert names < set(Thumbnail.objects.values_list("image", flat=True))
    assert Thumbnail.objects.filter(product_media=media, size=64).count() == 2
