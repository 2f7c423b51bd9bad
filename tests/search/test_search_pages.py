"""A search of a channel's lists finds each page from the search entries: it
ranks only the matching entries listed in the channel, takes the page's rows
(plus as many as may be behind their listings) and reads only those products
through the listings, learning `totalCount` in the same statement.

Whatever the shortcut, pages are exactly what joining every match with its
listing gives: in both directions, while listings change before the products
are indexed again, and when too much is waiting for the indexer to take it."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.db.models import CharField, Func
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commerce.graphql.product.visibility import published_products
from commerce.product import actions
from commerce.product.models import Product, ProductChannelListing
from commerce.search import search_products
from commerce.search.backends import postgresql
from commerce.search.indexing import update_dirty_products
from commerce.search.models import ProductSearchEntry
from tests import factories

pytestmark = pytest.mark.django_db

SEARCH = """
query($q: String, $first: Int, $after: String, $last: Int, $before: String) {
  products(channel: "web-shop", search: $q, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { slug } }
  }
}
"""


@pytest.fixture
def baskets(web, market):
    """Bamboo and rattan goods ranking differently for "may tre": both words in
    the name, one of them only in the description, "tre" only begun ("treo"),
    and twins that tie (ordered by id). One more is only at the market."""
    names = [
        ("Giỏ mây tre đan", ""),
        ("Khay mây tre", ""),
        ("Giỏ mây treo tường", ""),
        ("Đèn mây", "Khung tre uốn tay."),
        ("Mây tre đan lát Phú Vinh", ""),
        ("Mây tre đan lát Phú Vinh", ""),
        ("Ghế mây tre", "Ghế mây tre bền đẹp, mây tre tự nhiên."),
    ]
    made = [
        factories.make_product(name, slug=f"hang-{n}", channels=[web], description_plaintext=text)
        for n, (name, text) in enumerate(names)
    ]
    factories.make_product("Mẹt mây tre", slug="met", channels=[market])
    factories.make_product("Bình gốm men lam", slug="binh", channels=[web])
    update_dirty_products()
    return made


def joined(channel, query="may tre"):
    """The slugs of every match in rank order, read by joining each match with
    its listing (what the pages must equal)."""
    found = search_products(published_products(channel, for_listing=True), query)
    return [p.slug for p in found.order_by("-search_rank", "-pk")]


def page(client, **variables):
    variables.setdefault("q", "may tre")
    response = client.post("/graphql/", json.dumps({"query": SEARCH, "variables": variables}),
                           content_type="application/json")
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["products"]


def slugs(result):
    return [edge["node"]["slug"] for edge in result["edges"]]


def walk_forward(client, size=2, **variables):
    found, after = [], None
    while True:
        result = page(client, first=size, after=after, **variables)
        found += slugs(result)
        if not result["pageInfo"]["hasNextPage"]:
            return found, result["totalCount"]
        after = result["pageInfo"]["endCursor"]


def walk_backward(client, size=2, **variables):
    found, before = [], None
    while True:
        result = page(client, last=size, before=before, **variables)
        found = slugs(result) + found
        if not result["pageInfo"]["hasPreviousPage"]:
            return found, result["totalCount"]
        before = result["pageInfo"]["startCursor"]


def assert_pages_match_the_join(client, channel):
    expected = joined(channel)
    assert walk_forward(client) == (expected, len(expected))
    assert walk_backward(client) == (expected, len(expected))
    assert walk_forward(client, size=len(expected) + 5) == (expected, len(expected))


def listing(product, channel):
    return ProductChannelListing.objects.get(product=product, channel=channel)


def test_pages_in_both_directions_are_the_ranked_matches(baskets, web, client):
    expected = joined(web)
    assert len(expected) == len(baskets)
    # Whole words before a word only begun; ties by id, newest first (Saleor's RANK).
    assert expected.index("hang-2") == len(expected) - 1
    assert expected.index("hang-5") + 1 == expected.index("hang-4")
    assert_pages_match_the_join(client, web)


def ranked_statements(queries) -> list[str]:
    """The statements that rank search entries for a page (`ListedSearch`)."""
    return [q["sql"] for q in queries.captured_queries if re.search(r"\branked\b", q["sql"])]


def page_statements(queries) -> list[str]:
    """The statements that read a page's products."""
    return [q["sql"] for q in queries.captured_queries if 'FROM "product_product"' in q["sql"] and "search_rank" in q["sql"]]


def test_a_page_reads_only_its_candidates(baskets, web, client):
    with CaptureQueriesContext(connection) as queries:
        result = page(client, first=2)
    assert result["totalCount"] == len(baskets)
    statements = [q["sql"] for q in queries.captured_queries]
    ranked = ranked_statements(queries)
    assert len(ranked) == 1 and "search_productsearchentry" in ranked[0] and "LIMIT 3" in ranked[0]
    assert "product_productchannellisting" not in ranked[0]
    paged = page_statements(queries)
    assert len(paged) == 1 and '"product_product"."id" IN (' in paged[0]
    # totalCount came with the ranking: nothing else counts.
    assert not [sql for sql in statements if sql.startswith("SELECT COUNT(*)")]
    # Ranking the first page was also how the search learnt that it finds
    # something and that nothing is behind the listings: no other probe ran.
    assert not [sql for sql in statements if "EXISTS" in sql]
    assert [sql for sql in statements if "search_index_dirty" in sql] == ranked


@pytest.mark.parametrize("direction", ["DESC", "ASC"])
def test_the_first_page_by_rank_either_way_is_the_joins(baskets, web, client, direction):
    query = SEARCH.replace("search: $q,", f"search: $q, sortBy: {{field: RANK, direction: {direction}}},")
    response = client.post("/graphql/", json.dumps({"query": query, "variables": {"q": "may tre", "first": 3}}),
                           content_type="application/json")
    result = response.json()["data"]["products"]
    expected = joined(web) if direction == "DESC" else joined(web)[::-1]
    assert (slugs(result), result["totalCount"]) == (expected[:3], len(expected))
    assert result["pageInfo"]["hasNextPage"]


def test_later_pages_count_separately(baskets, web, client):
    first = page(client, first=2)
    with CaptureQueriesContext(connection) as queries:
        second = page(client, first=2, after=first["pageInfo"]["endCursor"])
    assert second["totalCount"] == len(baskets)
    assert any(q["sql"].startswith("SELECT COUNT(*)") for q in queries.captured_queries)


def test_a_product_hidden_before_it_is_indexed_again_leaves_its_page_full(baskets, web, client):
    top = Product.objects.get(slug=joined(web)[0])
    hidden = listing(top, web)
    hidden.is_published = False
    actions.save_product_channel_listing(hidden)
    assert Product.objects.get(pk=top.pk).search_index_dirty  # its entry still lists it
    assert top.slug not in joined(web)
    result = page(client, first=2)
    assert len(result["edges"]) == 2 and top.slug not in slugs(result)
    assert_pages_match_the_join(client, web)
    update_dirty_products()
    assert_pages_match_the_join(client, web)


def test_a_product_shown_before_it_is_indexed_again_is_on_its_page(baskets, web, market, client):
    tray = Product.objects.get(slug="met")
    factories.list_product(tray, web)
    factories.price_variant(tray.variants.get(), web, 90000)
    assert Product.objects.get(pk=tray.pk).search_index_dirty  # its entry lists only the market
    assert "met" in joined(web)
    assert_pages_match_the_join(client, web)


def test_a_scheduled_listing_is_on_its_page_once_due(baskets, web, client):
    later = listing(baskets[0], web)
    later.published_at = timezone.now() + datetime.timedelta(hours=1)
    actions.save_product_channel_listing(later)
    update_dirty_products()
    assert "hang-0" not in joined(web)
    assert_pages_match_the_join(client, web)
    # Time passes: the listing is due, nothing was written, nothing is dirty.
    ProductChannelListing.objects.filter(pk=later.pk).update(published_at=timezone.now() - datetime.timedelta(seconds=1))
    assert "hang-0" in joined(web)
    assert_pages_match_the_join(client, web)


def test_too_much_waiting_for_the_indexer_pages_by_the_join(baskets, web, client, monkeypatch):
    monkeypatch.setattr(postgresql, "MAX_UNCERTAIN", 0)
    Product.objects.filter(pk=baskets[3].pk).update(search_index_dirty=True)
    with CaptureQueriesContext(connection) as queries:
        page(client, first=2)
    (paged,) = page_statements(queries)
    assert '"product_product"."id" IN (' not in paged  # no candidates: the page is cut from the join
    assert_pages_match_the_join(client, web)


def test_other_orders_page_by_the_join(baskets, web, client):
    query = SEARCH.replace("search: $q,", 'search: $q, sortBy: {field: NAME, direction: ASC},')
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/graphql/", json.dumps({"query": query, "variables": {"q": "may tre", "first": 3}}),
                               content_type="application/json")
    result = response.json()["data"]["products"]
    assert result["totalCount"] == len(baskets)
    assert not ranked_statements(queries)


# --- The statements written as SQL say what the ORM's conditions say ----------


def entry_ids_matching_sql(terms):
    where, params = postgresql.matching_sql(terms)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT product_id FROM search_productsearchentry WHERE {where}", params)
        return sorted(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    "terms",
    [
        postgresql.as_typed_terms(["may", "tre"]),  # the last word whole, or begun in a name
        postgresql.prefix_terms(["may", "tr"]),  # every word may be begun
        postgresql.corrected_terms(["mya", "tre"], {"mya": ["may"]}),  # a word or its corrections
        postgresql.as_typed_terms(["den"]),
        postgresql.as_typed_terms(["khung", "tre"]),  # words only in a description
    ],
)
def test_matching_written_as_sql_finds_what_the_orm_condition_finds(baskets, terms):
    by_orm = sorted(ProductSearchEntry.objects.filter(postgresql.matching(terms, entry="")).values_list("pk", flat=True))
    assert by_orm  # each shape finds something here, so an empty answer cannot pass
    assert entry_ids_matching_sql(terms) == by_orm


@pytest.mark.parametrize("boost", [None, "'may' & 'tre'"])
def test_the_rank_written_as_sql_has_the_orm_ranks_values_and_type(baskets, boost):
    """Cursors carry the rank read through the ORM; the SQL statement compares
    its own rank with them, so both must be the same numbers of the same type."""
    rank = postgresql.Rank("'may' & 'tre':*", boost=boost)
    by_orm = (
        ProductSearchEntry.objects.annotate(r=rank.of(entry=""))
        .annotate(t=Func(rank.of(entry=""), function="pg_typeof", output_field=CharField()))
        .order_by("pk")
        .values_list("r", "t")
    )
    sql, params = rank.sql("vector")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}, pg_typeof({sql})::text FROM search_productsearchentry ORDER BY product_id",
                       params + params)
        by_sql = cursor.fetchall()
    assert by_sql == [(r, str(t)) for r, t in by_orm]
    assert len({r for r, _ in by_sql}) > 2  # the products rank differently


def test_a_reading_asks_the_entries_whether_it_finds_anything(baskets, web, client):
    """Pages not read by rank from the start (here: a later one) ask first."""
    first = page(client, first=2)
    with CaptureQueriesContext(connection) as queries:
        result = page(client, first=2, after=first["pageInfo"]["endCursor"])
    assert result["totalCount"] == len(baskets)
    statements = [q["sql"] for q in queries.captured_queries]
    probes = [sql for sql in statements if "EXISTS" in sql and "product_productchannellisting" not in sql]
    assert len(probes) == 1
    # The same round trip asked how much may be behind the listings; nothing else did.
    assert [sql for sql in statements if "WHERE search_index_dirty LIMIT" in sql] == probes


def test_a_reading_only_a_hidden_product_matches_finds_nothing(baskets, web, client):
    """Its entry still lists the product until it is indexed again: the listings decide."""
    vase = Product.objects.get(slug="binh")
    hidden = listing(vase, web)
    hidden.is_published = False
    actions.save_product_channel_listing(hidden)
    result = page(client, q="binh gom", first=2)
    assert result["totalCount"] == 0 and slugs(result) == []
    update_dirty_products()
    assert page(client, q="binh gom", first=2)["totalCount"] == 0


@pytest.mark.parametrize("query", ["gio ma tr", "myy tre"])
def test_readings_after_the_first_are_tried_from_the_entries_too(baskets, web, client, query):
    """Abbreviated words (every word begun) and a typo (corrected) find what
    the join finds, though the entries said the first reading finds nothing."""
    expected = joined(web, query)
    assert expected  # each finds something, in a later reading
    result = page(client, q=query, first=10)
    assert (slugs(result), result["totalCount"]) == (expected, len(expected))
