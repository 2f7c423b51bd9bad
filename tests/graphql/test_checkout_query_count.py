"""A checkout costs the same number of SQL queries with 50 lines as with one:
lines, variants, products, types and channel prices are read in batches and
the totals computed once per request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.graphql.core.ids import to_global_id
from commerce.warehouse.models import WarehouseClickAndCollectOption as Option
from tests.checkout.helpers import address_input, make_collection_point, make_method, make_variant_in, make_zone, new_checkout

pytestmark = pytest.mark.django_db

QUERY = """
query($id: ID) { checkout(id: $id) {
  id quantity isShippingRequired
  lines { id quantity requiresShipping
          variant { id sku name product { name } }
          unitPrice { gross { amount } } undiscountedUnitPrice { amount } totalPrice { gross { amount } } }
  subtotalPrice { gross { amount } } shippingPrice { gross { amount } } totalPrice { gross { amount } }
  shippingAddress { city } billingAddress { city } channel { slug }
  shippingMethods { id name price { amount } }
  availableCollectionPoints { id name }
  deliveryMethod { ... on ShippingMethod { id name price { amount } } }
} }
"""

# the checkout; its lines with variants, products and types; their channel
# prices; the chosen method's price; zones, methods and their prices and
# translations for shippingMethods; warehouses, stock and reservations for
# collection points; then the variants' products through the catalogue loaders.
EXPECTED_QUERIES = 13


def checkout_with(channel, method, count):
    variants = [make_variant_in(channel, price=10000 + index, stock=5) for index in range(count)]
    checkout = new_checkout(channel, [(v, 1) for v in variants], shipping_address=address_input())
    checkout.shipping_method = method
    checkout.save()
    for option in (Option.LOCAL_STOCK, Option.ALL_WAREHOUSES):
        make_collection_point(channel, option, stock={v: 5 for v in variants})
    return to_global_id("Checkout", checkout.pk)


def queries_for(api, checkout_id):
    with CaptureQueriesContext(connection) as captured:
        data = api.data(QUERY, {"id": checkout_id})["checkout"]
    return len(captured), data


def test_fifty_lines_cost_what_one_line_costs(api, channel):
    method = make_method(make_zone(channel), channel, price=30000)
    one = checkout_with(channel, method, 1)
    fifty = checkout_with(channel, method, 50)
    queries_one, data_one = queries_for(api, one)
    queries_fifty, data_fifty = queries_for(api, fifty)
    assert len(data_one["lines"]) == 1 and len(data_fifty["lines"]) == 50
    assert data_fifty["deliveryMethod"]["price"]["amount"] == 30000
    # its own two points, and the first checkout's ALL_WAREHOUSES point (stock anywhere will do)
    assert len(data_fifty["availableCollectionPoints"]) == 3
    assert queries_fifty == queries_one, (queries_one, queries_fifty)
    assert queries_one <= EXPECTED_QUERIES
