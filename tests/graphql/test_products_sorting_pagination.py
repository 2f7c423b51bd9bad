"""Keyset pagination walks every sort order the same forwards and backwards."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from commerce.product.models import Product, ProductChannelListing
from tests import factories

PAGE = """
query($first: Int, $after: String, $last: Int, $before: String, $sort: ProductOrder) {
  products(channel: "web-shop", first: $first, after: $after, last: $last, before: $before, sortBy: $sort) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { slug } }
  }
}
"""
FIELDS = [
    "NAME", "PRICE", "MINIMAL_PRICE", "CREATED_AT", "RATING", "LAST_MODIFIED_AT", "LAST_MODIFIED", "DATE",
    "TYPE", "PUBLISHED", "PUBLISHED_AT", "PUBLICATION_DATE",
]


@pytest.fixture
def catalogue(channel):
    """Seven products with ties and NULLs in the sort columns (names without
    diacritics, so the expected order does not depend on the database collation)."""
    now = timezone.now()
    kinds = [factories.make_product_type("Gốm"), factories.make_product_type("Lụa")]
    rows = [
        ("a", "Am tra Bat Trang", 150000, 4.5, 3),
        ("b", "Binh hoa", 90000, None, 1),
        ("c", "Che Shan tuyet", 150000, 4.5, 5),
        ("d", "Den long", 300000, 3.0, 2),
        ("e", "Binh hoa", 90000, None, 4),
        ("f", "Goi lua", 45000, 5.0, 6),
        ("g", "Am tra Bat Trang", 300000, 3.0, 7),
    ]
    for index, (slug, name, price, rating, days_ago) in enumerate(rows):
        factories.make_product(
            name, slug=slug, channels=[channel], price=price, rating=rating,
            product_type=kinds[index % 2], listing={"published_at": now - datetime.timedelta(days=days_ago % 3)},
        )
        Product.objects.filter(slug=slug).update(
            created_at=now - datetime.timedelta(days=days_ago % 4),
            updated_at=now - datetime.timedelta(hours=days_ago % 2),
        )
    # A draft only staff see would break customers' pages if it leaked.
    factories.make_product("Nháp", slug="z-draft", channels=[channel], listing={"published": False})
    return [row[0] for row in rows]


def walk_forward(api, sort, size=2):
    slugs, after, pages = [], None, 0
    while True:
        page = api.data(PAGE, {"first": size, "after": after, "sort": sort})["products"]
        slugs += [edge["node"]["slug"] for edge in page["edges"]]
        pages += 1
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            return slugs
        after = page["pageInfo"]["endCursor"]
        assert pages < 20


def walk_backward(api, sort, size=2):
    slugs, before = [], None
    while True:
        page = api.data(PAGE, {"last": size, "before": before, "sort": sort})["products"]
        slugs = [edge["node"]["slug"] for edge in page["edges"]] + slugs
        if not page["pageInfo"]["hasPreviousPage"]:
            return slugs
        before = page["pageInfo"]["startCursor"]


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize("field", FIELDS)
def test_every_sort_pages_consistently(api, catalogue, field, direction):
    sort = {"field": field, "direction": direction}
    everything = [e["node"]["slug"] for e in api.data(PAGE, {"first": 100, "sort": sort})["products"]["edges"]]
    assert sorted(everything) == sorted(catalogue)
    assert walk_forward(api, sort) == everything
    assert walk_backward(api, sort) == everything
    assert walk_forward(api, sort, size=3) == everything


def test_sort_orders_mean_what_they_say(api, catalogue):
    def order(field, direction="ASC"):
        data = api.data(PAGE, {"first": 100, "sort": {"field": field, "direction": direction}})
        return [edge["node"]["slug"] for edge in data["products"]["edges"]]

    assert order("NAME") == ["a", "g", "b", "e", "c", "d", "f"]
    # Ties on price fall back to name, then slug.
    assert order("PRICE") == ["f", "b", "e", "a", "c", "g", "d"]
    assert order("PRICE", "DESC") == ["d", "g", "c", "a", "e", "b", "f"]
    assert order("MINIMAL_PRICE") == order("PRICE")
    # Products without a rating sort last ascending, first descending (PostgreSQL's NULL order).
    assert order("RATING")[-2:] == ["b", "e"] and order("RATING", "DESC")[:2] == ["e", "b"]
    assert order("RATING")[:2] == ["g", "d"]


def test_default_order_is_by_slug_and_total_count(api, catalogue):
    data = api.data(PAGE, {"first": 3})["products"]
    assert [edge["node"]["slug"] for edge in data["edges"]] == ["a", "b", "c"]
    assert data["totalCount"] == 7
    assert data["pageInfo"]["hasNextPage"] is True and data["pageInfo"]["hasPreviousPage"] is False


def test_minimal_price_follows_the_listing(api, catalogue, channel):
    ProductChannelListing.objects.filter(product__slug="g").update(discounted_price_amount=Decimal(1000))
    data = api.data(PAGE, {"first": 1, "sort": {"field": "MINIMAL_PRICE", "direction": "ASC"}})
    assert data["products"]["edges"][0]["node"]["slug"] == "g"


def test_staff_sort_by_price_without_channel_data_still_pages(api, catalogue, channel):
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    sort = {"field": "PRICE", "direction": "ASC"}
    everything = [e["node"]["slug"] for e in api.data(PAGE, {"first": 100, "sort": sort})["products"]["edges"]]
    assert "z-draft" in everything
    assert walk_forward(api, sort) == everything


def test_collection_sort_needs_a_collection(api, catalogue):
    errors = api.errors(PAGE, {"first": 5, "sort": {"field": "COLLECTION", "direction": "ASC"}})
    assert "Collection.products" in errors[0]["message"]


def test_price_sort_uses_the_cheapest_priced_variant(api, catalogue, channel):
    product = factories.make_product("Bo am chen", slug="h", channels=[channel], price=900000)
    factories.make_variant(product, channels=[channel], price=30000)
    factories.price_variant(factories.make_variant(product), channel, None)  # unpriced: not the cheapest
    for field in ("PRICE", "MINIMAL_PRICE"):
        sort = {"field": field, "direction": "ASC"}
        everything = [e["node"]["slug"] for e in api.data(PAGE, {"first": 100, "sort": sort})["products"]["edges"]]
        assert everything[0] == "h"
        assert walk_forward(api, sort) == everything
        assert walk_backward(api, {"field": field, "direction": "DESC"}) == everything[::-1]
