"""Catalogue URLs outside GraphQL; config/urls.py includes these at the root."""

from django.urls import re_path

from .views import thumbnail_view

urlpatterns = [
    # Standard base64 may contain "/" and "+", so the id is matched by pattern;
    # size and format are taken as text so a bad one gets a 400, not a 404.
    re_path(
        r"^thumbnail/(?P<media_id>[A-Za-z0-9+/=_-]+)/(?P<size>[^/]+)/(?P<format>[^/]+)/$",
        thumbnail_view,
        name="thumbnail",
    ),
]
