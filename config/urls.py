"""URL map: health, GraphQL, the staff dashboard, locally stored files, then the storefront at the root."""

import re
from importlib.util import find_spec

from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt

from commerce.core.files import local_prefix, serve_media, serve_static
from commerce.core.health import health_view
from commerce.graphql.views import GraphQLView

urlpatterns = [
    path("health/", health_view, name="health"),
    # Clients authenticate with tokens in headers, not cookies, so no CSRF token.
    path("graphql/", csrf_exempt(GraphQLView.as_view()), name="graphql"),
    path("dashboard/", include("dashboard.urls")),
    path("", include("commerce.payment.urls")),  # /pay/<token>/ and the payment webhooks
    path("", include("commerce.product.urls")),
]

# Files kept on this machine's disk are served by Django with cache headers;
# with S3-compatible storage MEDIA_URL is absolute and no route is needed.
for url, view in ((settings.MEDIA_URL, serve_media), (settings.STATIC_URL, serve_static)):
    prefix = local_prefix(url)
    if prefix:
        urlpatterns.append(re_path(rf"^{re.escape(prefix)}(?P<path>.+)$", view))

# The storefront owns the root once it has pages.
if find_spec("storefront.urls") is not None:
    urlpatterns.append(path("", include("storefront.urls")))
