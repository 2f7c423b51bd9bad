"""Serving uploaded media (and collected static files) from this process.

For one machine and for development: gunicorn serves them itself. Media names
never change once written (a new photo or thumbnail gets a new name), so they
carry a long, immutable cache lifetime and a browser or CDN asks for each only
once. Static files keep their names across releases, so they get an hour. Past
one machine, media lives in S3-compatible storage (MEDIA_URL is then a full URL
and these routes are not installed) and a CDN or the load balancer serves static.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.views import static
from django.views.decorators.http import require_safe

STATIC_CACHE_SECONDS = 3600


def serve(request, path, document_root):
    """Django's file view; a path that climbs out of the folder is simply not found."""
    try:
        return static.serve(request, path, document_root=document_root)
    except SuspiciousFileOperation:
        raise Http404(path) from None


def _with_cache_control(response, value: str):
    if response.status_code in (200, 304):
        response["Cache-Control"] = value
    return response


@require_safe
def serve_media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    return _with_cache_control(
        response, f"public, max-age={settings.MEDIA_CACHE_SECONDS}, immutable"
    )


@require_safe
def serve_static(request, path):
    response = serve(request, path, document_root=settings.STATIC_ROOT)
    return _with_cache_control(response, f"public, max-age={STATIC_CACHE_SECONDS}")


def local_prefix(url: str) -> str | None:
    """The URL path prefix to route ("media/"), or None when files live elsewhere."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return None
    return url.lstrip("/")
