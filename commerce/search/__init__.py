"""Product search behind one interface, so the backend can change with the
catalogue's size (PostgreSQL now, Elasticsearch when one database is not enough)
without touching the API or the storefront.

`settings.SEARCH_BACKEND` is the dotted path of a module that provides
`search_products(queryset, query) -> queryset`: the products of `queryset` that
match `query`, annotated with `search_rank` and ordered best first. The result
may carry a way to find one page of it faster (`page_candidates`). Callers may
mark the queryset with what it is (`mark_listed_in`) and with the page they
will read first (`expect_ranked_first_page`); a backend may use both or neither.
"""

from importlib import import_module
from typing import NamedTuple

from django.db.models import QuerySet

# The attribute of a product queryset (that object only: a filtered copy has
# none) saying it is exactly the products a customer sees in a channel's lists.
LISTED_IN = "search_listed_in"
# The attribute of a search's result (that object only) holding its
# `commerce.graphql.core.connection.PageCandidates`, when the backend has one.
PAGE_CANDIDATES = "search_page_candidates"
# The attribute of a product queryset (that object only) saying the first page
# its search will be read as: `RankedFirstPage`.
RANKED_FIRST_PAGE = "search_ranked_first_page"


class ListedIn(NamedTuple):
    """Products a customer sees in the lists of channel `channel_id`: those with
    one of `listings` (the channel's listings shown in lists now, the authority)."""

    channel_id: int
    listings: QuerySet


class RankedFirstPage(NamedTuple):
    """The caller will read the first `limit` rows of the search ordered by
    rank, then pk (both descending or both ascending): a backend that must look
    for matches anyway may rank that page in the same breath."""

    descending: bool
    limit: int


def expect_ranked_first_page(queryset, descending: bool, limit: int):
    """Tell `search_products` which page of `queryset`'s search comes first
    (see `RankedFirstPage`); a hint, which a backend may ignore."""
    setattr(queryset, RANKED_FIRST_PAGE, RankedFirstPage(descending, limit))
    return queryset


def mark_listed_in(queryset, channel_id: int, listings: QuerySet):
    """Tell `search_products` that `queryset` is exactly what `ListedIn` says, so a
    search of it may be counted from the search entries (see the backend)."""
    setattr(queryset, LISTED_IN, ListedIn(channel_id, listings))
    return queryset


def search_products(queryset, query: str):
    """Products of `queryset` matching the shopper's `query`, best first; an empty
    query returns `queryset` unchanged."""
    from django.conf import settings

    return import_module(settings.SEARCH_BACKEND).search_products(queryset, query)


def page_candidates(matches):
    """What narrows a search's result `matches` to one page's candidates before
    the page is cut (None: nothing does); read it before filtering `matches`."""
    return getattr(matches, PAGE_CANDIDATES, None)
