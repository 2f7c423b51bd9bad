"""A search's totalCount in a channel's lists is counted from the search entries'
`listed_channels` (no join with products and listings) and stays exact: when a
listing is unpublished, hidden from lists, unpriced, scheduled or moved to
another channel, before and after the product is indexed again."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commerce.graphql.product.visibility import published_products, visible_products
from commerce.product import actions
from commerce.product.models import Product, ProductChannelListing, ProductVariantChannelListing
from commerce.search import LISTED_IN, search_products
from commerce.search.backends import postgresql
from commerce.search.indexing import mark_due_scheduled_products, update_dirty_products
from commerce.search.models import ProductSearchEntry
from tests import factories

pytestmark = pytest.mark.django_db

SEARCH = """
query($q: String, $channel: String) {
  products(first: 1, channel: $channel, search: $q) { totalCount edges { node { slug } } }
}
"""


@pytest.fixture
def baskets(web, market):
    """Three bamboo baskets in the web shop (one also at the market) and a vase."""
    made = [
        factories.make_product(f"Giỏ mây tre đan {n}", slug=f"gio-{n}", channels=[web, market] if n == 1 else [web])
        for n in (1, 2, 3)
    ]
    factories.make_product("Bình gốm men lam", slug="binh", channels=[web])
    update_dirty_products()
    return made


def listed_count(channel, query="may tre"):
    """(count from the entries, count by joining the listings) of a customer's search."""
    found = search_products(published_products(channel, for_listing=True), query)
    assert "count" in vars(found), "a channel's list is counted from the entries"
    return found.count(), len(list(found))


def listing(product, channel):
    return ProductChannelListing.objects.get(product=product, channel=channel)


def entry(product):
    return ProductSearchEntry.objects.get(product=product)


def test_indexed_entries_record_the_channels_listing_them(baskets, web, market):
    assert entry(baskets[0]).listed_channels == sorted([web.pk, market.pk])
    assert entry(baskets[1]).listed_channels == [web.pk]
    assert entry(baskets[1]).scheduled_channels == []


def test_count_reads_only_the_entries(baskets, web):
    found = search_products(published_products(web, for_listing=True), "may tre")
    with CaptureQueriesContext(connection) as queries:
        assert found.count() == 3
    counting = queries.captured_queries[-1]["sql"]
    assert "search_productsearchentry" in counting
    assert "INNER JOIN" not in counting.split("UNION ALL")[0]


def test_graphql_total_count(baskets, client):
    def total(channel, q="may tre"):
        response = client.post(
            "/graphql/", json.dumps({"query": SEARCH, "variables": {"q": q, "channel": channel}}),
            content_type="application/json",
        )
        return response.json()["data"]["products"]["totalCount"]

    assert total("web-shop") == 3
    assert total("phien-cho") == 1
    assert total("web-shop", "gom") == 1


@pytest.mark.parametrize(
    "change",
    [
        {"is_published": False},
        {"visible_in_listings": False},
        {"discounted_price_amount": None},
        {"published_at": timezone.now() + datetime.timedelta(days=1)},
    ],
    ids=["unpublished", "hidden-from-lists", "unpriced", "published-later"],
)
def test_a_listing_that_stops_showing_the_product_is_not_counted(baskets, web, change):
    changed = listing(baskets[1], web)
    for field, value in change.items():
        setattr(changed, field, value)
    with pytest.MonkeyPatch.context() as patch:  # the cheapest price is the action's to compute
        patch.setattr(actions, "update_product_discounted_prices", lambda *args, **kwargs: None)
        actions.save_product_channel_listing(changed)
    assert Product.objects.get(pk=baskets[1].pk).search_index_dirty
    assert listed_count(web) == (2, 2)  # before the entry is rebuilt
    update_dirty_products()
    assert listed_count(web) == (2, 2)
    assert web.pk not in entry(baskets[1]).listed_channels


def test_removing_the_last_price_hides_the_product(baskets, web):
    variant = baskets[2].variants.get()
    price = ProductVariantChannelListing.objects.get(variant=variant, channel=web)
    price.price_amount = None
    actions.save_variant_channel_listing(price)
    assert listed_count(web) == (2, 2)
    update_dirty_products()
    assert listed_count(web) == (2, 2)


def test_a_product_listed_in_another_channel(baskets, web, market):
    factories.list_product(baskets[2], market)
    assert listed_count(market) == (1, 1)  # not priced there yet
    factories.price_variant(baskets[2].variants.get(), market, 90000)
    assert listed_count(market) == (2, 2)  # dirty: checked against the listings
    update_dirty_products()
    assert listed_count(market) == (2, 2)
    assert entry(baskets[2]).listed_channels == sorted([web.pk, market.pk])
    # Whatever removes a listing records the change, as every listing write does.
    ProductChannelListing.objects.filter(product=baskets[0], channel=market).delete()
    actions.products_changed([baskets[0].pk])
    assert listed_count(market) == (1, 1)
    update_dirty_products()
    assert entry(baskets[0]).listed_channels == [web.pk]


def test_a_scheduled_listing_is_counted_once_it_is_due(baskets, web, market):
    later = listing(baskets[0], web)
    later.published_at = timezone.now() + datetime.timedelta(hours=1)
    actions.save_product_channel_listing(later)
    update_dirty_products()
    assert entry(baskets[0]).scheduled_channels == [web.pk]
    assert entry(baskets[0]).listed_channels == [market.pk]
    assert listed_count(web) == (2, 2)
    # Time passes: the listing is due, nothing was written, nothing is dirty.
    due = timezone.now() - datetime.timedelta(seconds=1)
    ProductChannelListing.objects.filter(pk=later.pk).update(published_at=due)
    assert listed_count(web) == (3, 3)
    assert mark_due_scheduled_products() == 1
    update_dirty_products()
    assert entry(baskets[0]).listed_channels == sorted([web.pk, market.pk])
    assert entry(baskets[0]).scheduled_channels == []
    assert listed_count(web) == (3, 3)


def test_new_products_are_counted_before_they_are_indexed(baskets, web):
    factories.make_product("Khay mây tre", slug="khay", channels=[web])
    assert not ProductSearchEntry.objects.filter(product__slug="khay").exists()
    assert listed_count(web) == (3, 3)  # not indexed: not found yet, by either count
    update_dirty_products()
    assert listed_count(web) == (4, 4)


def test_inactive_channel_shows_nothing(baskets, market):
    market.is_active = False
    market.save()
    found = search_products(published_products(market, for_listing=True), "may tre")
    assert found.count() == 0


def test_many_dirty_products_fall_back_to_the_join(baskets, web, monkeypatch):
    monkeypatch.setattr(postgresql, "MAX_UNCERTAIN", 0)
    Product.objects.filter(pk=baskets[0].pk).update(search_index_dirty=True)
    found = search_products(published_products(web, for_listing=True), "may tre")
    with CaptureQueriesContext(connection) as queries:
        assert found.count() == 3
    assert "product_productchannellisting" in queries.captured_queries[-1]["sql"]


def test_only_an_unfiltered_customer_list_is_counted_from_entries(baskets, web, rf):
    visible = published_products(web, for_listing=True)
    assert getattr(visible.filter(slug="gio-1"), LISTED_IN, None) is None
    assert "count" not in vars(search_products(visible.filter(slug="gio-1"), "may tre"))
    assert search_products(visible.filter(slug="gio-1"), "may tre").count() == 1
    assert getattr(published_products(web, for_listing=False), LISTED_IN, None) is None
    # A ranked page of the counted search reads as usual (the override is not copied).
    found = search_products(visible, "may tre")
    assert "count" not in vars(found.order_by("pk"))
    assert found.order_by("pk")[:1].count() == 1


def test_staff_searches_are_counted_by_the_join(baskets, web):
    staff = factories.make_staff("MANAGE_PRODUCTS")

    class Context:
        user = staff
        app = None

    queryset = visible_products(Context(), web, for_listing=True)
    assert getattr(queryset, LISTED_IN, None) is None
