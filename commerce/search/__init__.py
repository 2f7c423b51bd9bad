"""Product search behind one interface, so the backend can change with the
catalogue's size (PostgreSQL now, Elasticsearch when one database is not enough)
without touching the API or the storefront.

`settings.SEARCH_BACKEND` is the dotted path of a module that provides
`search_products(queryset, query) -> queryset`: the products of `queryset` that
match `query`, annotated with `search_rank` and ordered best first.
"""

from importlib import import_module


def search_products(queryset, query: str):
    """Products of `queryset` matching the shopper's `query`, best first; an empty
    query returns `queryset` unchanged."""
    from django.conf import settings

    return import_module(settings.SEARCH_BACKEND).search_products(queryset, query)
