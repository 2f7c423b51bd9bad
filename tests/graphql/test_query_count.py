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

# channel by slug; the page of products; then one query each for product
# listings, variant listings, media, categories, producers, certificates,
# variants and translations; then thumbnails and stock.
EXPECTED_QUERIES = 12


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
