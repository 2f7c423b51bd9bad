"""Media saved on this machine are served with long, immutable cache headers."""

import pytest
from django.conf import settings


@pytest.fixture
def media_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "vase-256.webp").write_bytes(b"RIFF....WEBP")
    return "products/vase-256.webp"


def test_media_is_served_with_long_cache_headers(client, media_file):
    response = client.get(f"/media/{media_file}")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"RIFF....WEBP"
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == (
        f"public, max-age={settings.MEDIA_CACHE_SECONDS}, immutable"
    )


def test_unchanged_media_answers_304(client, media_file):
    first = client.get(f"/media/{media_file}")
    again = client.get(f"/media/{media_file}", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304
    assert "immutable" in again["Cache-Control"]


def test_missing_media_and_escapes_are_404_without_cache_headers(client, media_file):
    for url in ("/media/products/none.webp", "/media/../settings.py", "/media/products/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "immutable" not in response.get("Cache-Control", "")


def test_media_is_read_only(client, media_file):
    assert client.post(f"/media/{media_file}").status_code == 405
