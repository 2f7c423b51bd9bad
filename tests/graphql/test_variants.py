"""`productVariant` and `productVariants`."""

from commerce.graphql.core.ids import to_global_id
from tests import factories
from commerce.core.validators import gtin_check_digit


def test_variant_by_sku_and_id(api, channel):
    product = factories.make_product(slug="p", channels=[channel])
    body = "893123456789"
    variant = factories.make_variant(product, sku="GOM-01", channels=[channel], price=99000, gtin=body + str(gtin_check_digit(body)))
    query = """query($id: ID, $sku: String) { productVariant(id: $id, sku: $sku, channel: "web-shop") {
        id sku gtin name channel product { slug channel } pricing { price { gross { amount } } } trackInventory
        created updatedAt
    } }"""
    data = api.data(query, {"sku": "GOM-01"})["productVariant"]
    assert data["id"] == to_global_id("ProductVariant", variant.pk)
    assert data["gtin"] == variant.gtin and data["channel"] == "web-shop"
    assert data["product"] == {"slug": "p", "channel": "web-shop"}
    assert data["pricing"]["price"]["gross"]["amount"] == 99000.0
    assert api.data(query, {"id": data["id"]})["productVariant"]["sku"] == "GOM-01"


def test_variant_of_hidden_product_or_without_listing_is_hidden(api, channel):
    draft = factories.make_product(slug="draft", channels=[channel], listing={"published": False})
    unlisted = factories.make_product(slug="p", channels=[channel])
    factories.make_variant(unlisted, sku="NO-LISTING")
    query = 'query($sku: String) { productVariant(sku: $sku, channel: "web-shop") { sku } }'
    assert api.data(query, {"sku": draft.variants.get().sku})["productVariant"] is None
    assert api.data(query, {"sku": "NO-LISTING"})["productVariant"] is None
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    assert api.data(query, {"sku": draft.variants.get().sku})["productVariant"] is not None


def test_product_variants_list(api, channel):
    first = factories.make_product(slug="a", channels=[channel], variants=2)
    factories.make_product(slug="b", channels=[channel], listing={"visible": False})
    query = """query($ids: [ID!], $filter: ProductVariantFilterInput) {
        productVariants(first: 10, channel: "web-shop", ids: $ids, filter: $filter) {
          totalCount edges { node { sku product { slug } } } } }"""
    data = api.data(query)["productVariants"]
    assert data["totalCount"] == 2
    assert {e["node"]["product"]["slug"] for e in data["edges"]} == {"a"}
    one = first.variants.order_by("pk").first()
    data = api.data(query, {"ids": [to_global_id("ProductVariant", one.pk)]})["productVariants"]
    assert [e["node"]["sku"] for e in data["edges"]] == [one.sku]
    data = api.data(query, {"filter": {"sku": [one.sku]}})["productVariants"]
    assert data["totalCount"] == 1


def test_variant_attributes_by_selection_scope(api, channel):
    from commerce.product.models import AssignedVariantAttributeValue, Attribute, AttributeValue, AttributeVariant

    product = factories.make_product(slug="p", channels=[channel])
    size = Attribute.objects.create(slug="kich-co", name="Kích cỡ")
    glaze = Attribute.objects.create(slug="men", name="Men")
    AttributeVariant.objects.create(attribute=size, product_type=product.product_type, variant_selection=True, sort_order=0)
    AttributeVariant.objects.create(attribute=glaze, product_type=product.product_type, sort_order=1)
    variant = product.variants.get()
    AssignedVariantAttributeValue.objects.create(variant=variant, value=AttributeValue.objects.create(attribute=size, name="Lớn", slug="lon"))
    AssignedVariantAttributeValue.objects.create(variant=variant, value=AttributeValue.objects.create(attribute=glaze, name="Men lam", slug="men-lam"))
    query = """query($scope: VariantAttributeScope) { product(slug: "p", channel: "web-shop") {
        variants { attributes(variantSelection: $scope) { attribute { slug } values { name } } } } }"""

    def slugs(scope):
        attributes = api.data(query, {"scope": scope})["product"]["variants"][0]["attributes"]
        return [a["attribute"]["slug"] for a in attributes]

    assert slugs("ALL") == ["kich-co", "men"]
    assert slugs("VARIANT_SELECTION") == ["kich-co"]
    assert slugs("NOT_VARIANT_SELECTION") == ["men"]
