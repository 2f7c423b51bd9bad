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
