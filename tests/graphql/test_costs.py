"""The catalogue's declared query costs name real fields and make fan-out expensive."""

from commerce.graphql.core.cost import validate_cost_map
from commerce.graphql.costs import CATALOGUE_COSTS


def test_every_declared_cost_names_a_field_of_the_schema():
    from commerce.graphql.api import schema

    assert validate_cost_map(schema.graphql_schema, CATALOGUE_COSTS) == []
    assert validate_cost_map(schema.graphql_schema) == []


def test_a_storefront_product_page_is_cheap_and_a_nested_crawl_is_not(api, channel):
    page = api.post('{ products(first: 20, channel: "web-shop") { edges { node { name pricing { onSale } } } } }')
    assert page["extensions"]["cost"]["requestedQueryCost"] < 200
    crawl = """{ producers(first: 100) { edges { node {
        products(first: 100, channel: "web-shop") { edges { node { variants { quantityAvailable } } } }
    } } } }"""
    payload = api.post(crawl, status=400)
    assert payload["extensions"]["cost"]["requestedQueryCost"] > payload["extensions"]["cost"]["maximumAvailable"]
