"""Warehouses and stock are staff-only, as in Saleor."""

from commerce.graphql.core.ids import to_global_id
from commerce.warehouse.models import Stock
from tests import factories
from tests.graphql.conftest import permission_error

WAREHOUSES = """
{ warehouses(first: 10) { totalCount edges { node {
    slug name isPrivate clickAndCollectOption email
    address { streetAddress1 city countryArea country { code } provinceCode wardCode legacyDistrict }
} } } }
"""


def test_anonymous_cannot_list_warehouses(api, channel):
    error = permission_error(api.post(WAREHOUSES)["errors"])
    assert error["message"].startswith("You need one of the following permissions: MANAGE_PRODUCTS")


def test_staff_with_product_or_warehouse_permission_lists_warehouses(api, channel):
    for permission in ("MANAGE_PRODUCTS", "MANAGE_WAREHOUSES"):
        api.login(factories.make_staff(permission))
        node = api.data(WAREHOUSES)["warehouses"]["edges"][0]["node"]
        assert node["slug"] == "kho-web-shop"
        assert node["clickAndCollectOption"] == "DISABLED"
        assert node["address"]["countryArea"] == "Thành phố Hà Nội"
        assert node["address"]["provinceCode"] == 1
        assert node["address"]["country"] == {"code": "VN"}


def test_warehouse_by_id_and_filters(api, channel):
    centre = factories.make_channel("trung-tam")
    warehouse = factories.channel_warehouse(centre)
    warehouse.click_and_collect_option = "local"
    warehouse.save()
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    query = "query($id: ID) { warehouse(id: $id) { slug clickAndCollectOption } }"
    data = api.data(query, {"id": to_global_id("Warehouse", warehouse.pk)})
    assert data["warehouse"] == {"slug": "kho-trung-tam", "clickAndCollectOption": "LOCAL"}
    filtered = api.data(
        "query($c: [ID!]) { warehouses(first: 5, filter: {channels: $c}) { edges { node { slug } } } }",
        {"c": [to_global_id("Channel", centre.pk)]},
    )
    assert [e["node"]["slug"] for e in filtered["warehouses"]["edges"]] == ["kho-trung-tam"]
    local = api.data('{ warehouses(first: 5, filter: {clickAndCollectOption: LOCAL}) { totalCount } }')
    assert local["warehouses"]["totalCount"] == 1


def test_stocks_are_staff_only(api, channel):
    product = factories.make_product(channels=[channel], stock=7)
    stock = Stock.objects.get(product_variant__product=product)
    stock.quantity_allocated = 2
    stock.save()
    query = "{ stocks(first: 5) { edges { node { quantity quantityAllocated warehouse { slug } productVariant { sku } } } } }"
    assert permission_error(api.post(query)["errors"])
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    node = api.data(query)["stocks"]["edges"][0]["node"]
    assert node["quantity"] == 7 and node["quantityAllocated"] == 2
    assert node["warehouse"]["slug"] == "kho-web-shop"


def test_variant_stocks_field_is_staff_only(api, channel):
    factories.make_product(slug="p", channels=[channel])
    query = '{ product(slug: "p", channel: "web-shop") { variants { stocks { quantity } } } }'
    assert permission_error(api.post(query)["errors"])
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    assert api.data(query)["product"]["variants"][0]["stocks"] == [{"quantity": 10}]
