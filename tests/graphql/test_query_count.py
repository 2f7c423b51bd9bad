"""A storefront product list costs a fixed number of SQL queries, however many
products it shows: every relation is read through a dataloader, one query per
relation per level of the query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.product.models import ProductTranslation
from tests import factories

PRODUCT_LIST = """
query($channel: String) {
  products(first: 100, channel: $channel) { edges { node {
    pricing { priceRange { start { gross { amount currency } } stop { gross { amount } } } }
    thumbnail(size: 256, format: WEBP) { url }
    category { name }
    producer { name }
    ocopCertification { stars status }
    variants { sku quantityAvailable pricing { price { gross { amount } } } }
    translation(languageCode: EN) { name }
  } } }
}
"""

# channel by slug; the page of products with their listings in the channel;
# then one query each for variant listings, first media with their thumbnails,
# categories, producers, certificates, variants and translations; then stock.
EXPECTED_QUERIES = 10


def build_catalogue(channel, count):
    category = factories.make_category()
    product_type = factories.make_product_type()
    for index in range(count):
        product = factories.make_product(
            f"Sản phẩm {index}",
            channels=[channel],
            category=category if index % 2 else factories.make_category(),
            producer=factories.make_producer(),
            product_type=product_type,
            variants=2,
        )
        factories.certify(product, 3 + index % 3)
        factories.make_media(product)
        if index % 2:
            ProductTranslation.objects.create(product=product, language_code="en", name=f"Product {index}")


def count_queries(api, channel):
    with CaptureQueriesContext(connection) as captured:
        data = api.data(PRODUCT_LIST, {"channel": channel.slug})
    return len(captured.captured_queries), data["products"]["edges"]


@pytest.mark.slow
def test_product_list_query_count_is_constant(api, channel, media_root):
    build_catalogue(channel, 10)
    queries_for_10, edges = count_queries(api, channel)
    assert len(edges) == 10
    build_catalogue(channel, 90)
    queries_for_100, edges = count_queries(api, channel)
    assert len(edges) == 100
    assert all(edge["node"]["pricing"]["priceRange"]["start"]["gross"]["amount"] == 125000.0 for edge in edges)
    assert all(len(edge["node"]["variants"]) == 2 for edge in edges)
    assert all(edge["node"]["thumbnail"]["url"].endswith("/256/webp/") for edge in edges)
    assert sum(edge["node"]["translation"] is not None for edge in edges) == 50
    assert (queries_for_10, queries_for_100) == (EXPECTED_QUERIES, EXPECTED_QUERIES)


EVERY_COLUMN = """
query($channel: String, $sort: ProductOrder) {
  products(first: 100, channel: $channel, sortBy: $sort) { edges { node {
    name slug description seoTitle seoDescription externalReference weight { value } rating created updatedAt
    metadata { key value } metafield(key: "source") ocopCertification { stars }
    craftVillage { name } productType { name } defaultVariant { sku }
  } } }
}
"""


@pytest.mark.parametrize("sort", [None, {"field": "CREATED_AT", "direction": "DESC"}, {"field": "RATING", "direction": "ASC"}])
def test_page_reads_the_columns_its_fields_show_in_the_page_query(api, channel, sort):
    """A page reads only the product columns the query asks for; any field that
    needs one must get it from the page query, never one product at a time."""

    def count(expected_products):
        with CaptureQueriesContext(connection) as captured:
            data = api.data(EVERY_COLUMN, {"channel": channel.slug, "sort": sort})
        edges = data["products"]["edges"]
        assert len(edges) == expected_products
        assert all(edge["node"]["description"] is not None and edge["node"]["metafield"] == "demo" for edge in edges)
        return len(captured.captured_queries)

    def add(n):
        for i in range(n):
            factories.make_product(
                f"Sản phẩm {i}", channels=[channel], description={"blocks": [{"type": "paragraph", "data": {"text": "Gốm"}}]},
                seo_title="Gốm", metadata={"source": "demo"}, rating=4.5, weight=1, external_reference=f"ERP-{n}-{i}",
            )

    add(1)
    one = count(1)
    add(4)
    assert count(5) == one


def test_every_product_field_says_which_columns_it_reads():
    from commerce.graphql.api import schema
    from commerce.graphql.product.page import FIELD_COLUMNS, PRODUCT_COLUMNS

    fields = set(schema.graphql_schema.type_map["Product"].fields)
    assert fields <= set(FIELD_COLUMNS), f"add {sorted(fields - set(FIELD_COLUMNS))} to page.FIELD_COLUMNS"
    assert all(set(columns) <= PRODUCT_COLUMNS for columns in FIELD_COLUMNS.values())


CATALOGUE_PAGE = """
query($channel: String, $after: String, $sort: ProductOrder) {
  products(first: 2, channel: $channel, after: $after, sortBy: $sort) {
    totalCount
    pageInfo { endCursor }
    edges { node { name pricing { priceRange { start { gross { amount } } } } } }
  }
}
"""


def compiled_statements(monkeypatch):
    """The SQL statements Django's compiler builds from here on."""
    from django.db.models.sql.compiler import SQLCompiler

    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(self) or original(self, *a, **k))
    return compiled


@pytest.mark.parametrize("sort", [None, {"field": "NAME", "direction": "DESC"}])
def test_a_customers_catalogue_page_compiles_no_sql_once_warm(api, channel, media_root, monkeypatch, sort):
    """The storefront's most frequent request, an unfiltered page of a channel
    as a customer sees it, reuses its statements: every query of a later page
    of as many products (with a new cursor and clock reading) swaps in its
    values, and the answers are those of the ORM (the filtered query below
    takes that path)."""
    build_catalogue(channel, 6)
    factories.make_product("Nháp", channels=[channel], listing={"published": False})
    variables = {"channel": channel.slug, "sort": sort}
    # Warm: the first page, and a page after a cursor (a statement of its own).
    first = api.data(CATALOGUE_PAGE, variables)["products"]
    second = api.data(CATALOGUE_PAGE, {**variables, "after": first["pageInfo"]["endCursor"]})["products"]
    compiled = compiled_statements(monkeypatch)
    assert api.data(CATALOGUE_PAGE, variables)["products"] == first
    after = {**variables, "after": second["pageInfo"]["endCursor"]}
    third = api.data(CATALOGUE_PAGE, after)["products"]
    assert [compiler.query.model.__name__ for compiler in compiled] == []
    assert third["totalCount"] == 6 and len(third["edges"]) == 2
    assert len({edge["node"]["name"] for page in (first, second, third) for edge in page["edges"]}) == 6
    # Through the ORM: the same page of the same five products.
    filtered = CATALOGUE_PAGE.replace("sortBy: $sort", 'sortBy: $sort, where: {name: {oneOf: ["never"]}}')
    assert api.data(filtered, after)["products"]["totalCount"] == 0
    assert compiled, "a filtered page is built by the ORM"
    through_orm = api.data(CATALOGUE_PAGE.replace("first: 2,", "first: 2, filter: {},"), after)["products"]
    assert through_orm == third


def test_staff_see_the_catalogue_through_the_orm(api, channel, monkeypatch):
    """Staff see drafts too: their pages are never served by the customers' statements."""
    factories.make_product("Đã đăng", channels=[channel])
    factories.make_product("Nháp", channels=[channel], listing={"published": False})
    assert api.data(CATALOGUE_PAGE, {"channel": channel.slug})["products"]["totalCount"] == 1
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    compiled = compiled_statements(monkeypatch)
    assert api.data(CATALOGUE_PAGE, {"channel": channel.slug})["products"]["totalCount"] == 2
    assert compiled
