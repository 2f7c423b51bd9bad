"""Mistakes a client can make get errors it can act on."""

import base64

from commerce.graphql.core.ids import to_global_id
from tests import factories


def test_bad_global_id_is_a_clear_error(api, channel):
    errors = api.errors('{ product(id: "not-an-id", channel: "web-shop") { slug } }')
    assert errors[0]["message"] == "Couldn't resolve id: not-an-id."


def test_id_of_another_type_is_refused(api, channel):
    category = factories.make_category()
    query = 'query($id: ID) { product(id: $id, channel: "web-shop") { slug } }'
    errors = api.errors(query, {"id": to_global_id("Category", category.pk)})
    assert errors[0]["message"] == "Must receive a Product id."
    errors = api.errors(
        'query($id: ID) { productVariant(id: $id, channel: "web-shop") { sku } }',
        {"id": to_global_id("Product", 1)},
    )
    assert errors[0]["message"] == "Must receive a ProductVariant id."


def test_id_with_a_non_numeric_pk_is_refused(api, channel):
    bad = base64.b64encode(b"Product:abc").decode()
    errors = api.errors('query($id: ID) { product(id: $id, channel: "web-shop") { slug } }', {"id": bad})
    assert "validation" in errors[0]["message"]


def test_page_size_above_the_limit_is_refused(api, channel):
    errors = api.errors('{ products(first: 1000, channel: "web-shop") { edges { node { slug } } } }')
    assert errors[0]["message"] == (
        "Requesting 1000 records on the `products` connection exceeds the `first` limit of 100 records."
    )


def test_connection_needs_a_page_size(api, channel):
    errors = api.errors('{ products(channel: "web-shop") { edges { node { slug } } } }')
    assert "You must provide a `first` or `last` value" in errors[0]["message"]


def test_wrong_type_in_a_filter_is_refused(api, channel):
    collection = factories.make_collection()
    query = 'query($ids: [ID!]) { products(first: 5, channel: "web-shop", filter: {categories: $ids}) { totalCount } }'
    errors = api.errors(query, {"ids": [to_global_id("Collection", collection.pk)]})
    assert errors[0]["message"] == "Must receive a Category id."


def test_bad_cursor_is_refused(api, channel):
    errors = api.errors('{ products(first: 5, after: "bm9wZQ==", channel: "web-shop") { totalCount } }')
    assert errors[0]["message"] == "Received cursor is invalid."


def test_huge_nested_query_is_rejected_by_cost(api, channel):
    query = """
    { categories(first: 100) { edges { node {
        products(first: 100, channel: "web-shop") { edges { node {
          variants { quantityAvailable pricing { price { gross { amount } } } }
          pricing { priceRange { start { gross { amount } } } }
        } } }
    } } } }
    """
    payload = api.post(query, status=400)
    assert payload["errors"][0]["message"].startswith("The query exceeds the maximum cost of")


def test_thumbnail_size_must_be_positive(api, channel, media_root):
    product = factories.make_product(slug="p", channels=[channel])
    factories.make_media(product)
    errors = api.errors('{ product(slug: "p", channel: "web-shop") { thumbnail(size: -5) { url } } }')
    assert "positive" in errors[0]["message"]


def test_rank_sort_needs_a_search(api, channel):
    errors = api.errors(
        '{ products(first: 5, channel: "web-shop", sortBy: {field: RANK, direction: DESC}) { totalCount } }'
    )
    assert errors[0]["message"] == "Sorting by RANK is available only when using a search filter."
