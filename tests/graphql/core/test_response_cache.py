"""Anonymous catalogue answers come from the cache until the catalogue changes.

These tests commit (transactional_db): the catalogue version moves only when a
change commits, which is what keeps a cached answer from outliving its rows.
"""

import json
from decimal import Decimal

import pytest
from django.db import transaction

from commerce.core import catalogue_version
from commerce.product import actions
from commerce.product.models import ProductVariantChannelListing
from tests import factories

PRODUCTS = """
query($channel: String) {
  products(first: 10, channel: $channel) {
    totalCount
    edges { node { name pricing { priceRange { start { gross { amount } } } } } }
  }
}
"""


@pytest.fixture
def response_cache(settings, transactional_db):
    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 30
    # Entries of earlier runs (a test database starts empty, Redis does not)
    # become unreachable.
    catalogue_version._bump()
    return settings


@pytest.fixture
def catalogue(response_cache, channel):
    product = factories.make_product("Bình gốm men lam", channels=[channel], price=125000)
    return product


def post(client, query, variables=None, **headers):
    response = client.post(
        "/graphql/", json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json", **headers,
    )
    return response, response.json()


def names(payload):
    return [edge["node"]["name"] for edge in payload["data"]["products"]["edges"]]


def test_repeated_anonymous_query_is_answered_from_the_cache_without_sql(
    client, catalogue, channel, django_assert_num_queries
):
    first, first_payload = post(client, PRODUCTS, {"channel": channel.slug})
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second, second_payload = post(client, PRODUCTS, {"channel": channel.slug})
    assert second["X-Cache"] == "hit"
    assert second_payload == first_payload
    assert names(second_payload) == ["Bình gốm men lam"]


def test_a_committed_product_change_shows_on_the_next_request(client, catalogue, channel):
    post(client, PRODUCTS, {"channel": channel.slug})
    catalogue.name = "Bình gốm men rạn"
    actions.save_product(catalogue)
    response, payload = post(client, PRODUCTS, {"channel": channel.slug})
    assert response["X-Cache"] == "miss"
    assert names(payload) == ["Bình gốm men rạn"]


def test_a_price_change_shows_on_the_next_request(client, catalogue, channel):
    post(client, PRODUCTS, {"channel": channel.slug})
    listing = ProductVariantChannelListing.objects.get(variant__product=catalogue, channel=channel)
    listing.price_amount = Decimal(99000)
    actions.save_variant_channel_listing(listing)
    _, payload = post(client, PRODUCTS, {"channel": channel.slug})
    price = payload["data"]["products"]["edges"][0]["node"]["pricing"]["priceRange"]["start"]["gross"]["amount"]
    assert price == 99000


def test_a_new_product_shows_on_the_next_request(client, catalogue, channel):
    post(client, PRODUCTS, {"channel": channel.slug})
    factories.make_product("Nón lá Chuông", channels=[channel])
    _, payload = post(client, PRODUCTS, {"channel": channel.slug})
    assert payload["data"]["products"]["totalCount"] == 2


def test_a_rolled_back_change_leaves_the_cache_valid(client, catalogue, channel):
    post(client, PRODUCTS, {"channel": channel.slug})
    version = catalogue_version.catalogue_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        catalogue.name = "Không lưu"
        actions.save_product(catalogue)
        raise RuntimeError
    assert catalogue_version.catalogue_version() == version
    response, payload = post(client, PRODUCTS, {"channel": channel.slug})
    assert response["X-Cache"] == "hit"
    assert names(payload) == ["Bình gốm men lam"]


def test_one_transaction_moves_the_version_once(catalogue, channel):
    version = catalogue_version.catalogue_version()
    with transaction.atomic():
        factories.make_product("Khăn lụa Vạn Phúc", channels=[channel], variants=2)
        assert catalogue_version.catalogue_version() == version  # not before the commit
    assert catalogue_version.catalogue_version() == version + 1


def test_variables_language_and_host_are_part_of_the_key(client, catalogue, channel, response_cache):
    other = factories.make_channel("trung-tam-bat-trang")
    post(client, PRODUCTS, {"channel": channel.slug})
    response, payload = post(client, PRODUCTS, {"channel": other.slug})
    assert response["X-Cache"] == "miss"
    assert payload["data"]["products"]["totalCount"] == 0
    response, _ = post(client, PRODUCTS, {"channel": channel.slug}, HTTP_ACCEPT_LANGUAGE="en")
    assert response["X-Cache"] == "miss"
    response_cache.ALLOWED_HOSTS = ["*"]
    response, _ = post(client, PRODUCTS, {"channel": channel.slug}, HTTP_HOST="shop.example.vn")
    assert response["X-Cache"] == "miss"


def test_staff_answers_are_never_cached(client, catalogue, channel):
    client.force_login(factories.make_staff("MANAGE_PRODUCTS"))
    for _ in range(2):
        response, _ = post(client, PRODUCTS, {"channel": channel.slug})
        assert "X-Cache" not in response


def test_a_request_with_credentials_is_not_cached(client, catalogue, channel):
    for _ in range(2):
        response, _ = post(client, PRODUCTS, {"channel": channel.slug}, HTTP_AUTHORIZATION="Bearer abc")
        assert "X-Cache" not in response


def test_queries_outside_the_catalogue_are_not_cached(client, catalogue, channel):
    query = "query { products(first: 1, channel: \"%s\") { totalCount } warehouses(first: 1) { totalCount } }"
    for _ in range(2):
        response, _ = post(client, query % channel.slug)
        assert "X-Cache" not in response


def test_answers_with_errors_are_not_cached(client, catalogue):
    for _ in range(2):
        response, payload = post(client, PRODUCTS, {"channel": "khong-co"})
        assert payload["errors"]
        assert response["X-Cache"] == "miss"


def test_zero_seconds_turns_the_cache_off(client, catalogue, channel, response_cache):
    response_cache.GRAPHQL_RESPONSE_CACHE_SECONDS = 0
    for _ in range(2):
        response, _ = post(client, PRODUCTS, {"channel": channel.slug})
        assert "X-Cache" not in response


def test_a_cache_outage_answers_uncached(client, catalogue, channel, monkeypatch):
    from django.core.cache import cache

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get", unreachable)
    monkeypatch.setattr(cache, "set", unreachable)
    response, payload = post(client, PRODUCTS, {"channel": channel.slug})
    assert response.status_code == 200
    assert names(payload) == ["Bình gốm men lam"]
    assert "X-Cache" not in response


def test_a_change_outside_the_product_actions_shows_too(client, response_cache, channel):
    """Rows saved directly (admin, a shell, a migration) invalidate through Django's signals."""
    category = factories.make_category("Gốm sứ")
    factories.make_product(channels=[channel], category=category)
    query = "query($c: String) { products(first: 5, channel: $c) { edges { node { category { name } } } } }"
    post(client, query, {"c": channel.slug})
    category.name = "Gốm sứ Bát Tràng"
    category.save()
    response, payload = post(client, query, {"c": channel.slug})
    assert response["X-Cache"] == "miss"
    assert payload["data"]["products"]["edges"][0]["node"]["category"]["name"] == "Gốm sứ Bát Tràng"
