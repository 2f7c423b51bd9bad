"""`products(filter:)` and `products(where:)`: Saleor's filters and OCOP's."""

import datetime

import pytest
from django.utils import timezone

from commerce.graphql.core.ids import to_global_id
from commerce.product.models import AssignedProductAttributeValue, Attribute, AttributeValue
from commerce.warehouse.models import Stock
from tests import factories

FILTERED = """
query($filter: ProductFilterInput, $where: ProductWhereInput) {
  products(first: 50, channel: "web-shop", filter: $filter, where: $where) { edges { node { slug } } }
}
"""


def gid(type_name, obj):
    return to_global_id(type_name, obj.pk)


def found(api, filter=None, where=None):
    data = api.data(FILTERED, {"filter": filter, "where": where})
    return sorted(edge["node"]["slug"] for edge in data["products"]["edges"])


@pytest.fixture
def catalogue(channel):
    crafts = factories.make_category("Thủ công mỹ nghệ", slug="thu-cong")
    ceramics = factories.make_category("Gốm sứ", slug="gom-su", parent=crafts)
    food = factories.make_category("Thực phẩm", slug="thuc-pham")
    village = factories.make_village(slug="bat-trang")
    potter = factories.make_producer("HTX Gốm", slug="htx-gom", craft_village=village)
    tea_maker = factories.make_producer("HTX Chè", slug="htx-che")
    products = {
        "vase": factories.make_product(slug="vase", channels=[channel], category=ceramics, producer=potter, price=300000),
        "tray": factories.make_product(slug="tray", channels=[channel], category=crafts, producer=potter, price=150000),
        "tea": factories.make_product(slug="tea", channels=[channel], category=food, producer=tea_maker, price=80000, stock=0),
        "loose": factories.make_product(slug="loose", channels=[channel], price=50000),
    }
    today = timezone.localdate()
    factories.certify(products["vase"], 5)
    factories.certify(products["tray"], 3)
    factories.certify(products["tea"], 4, decision_date=today - datetime.timedelta(days=365 * 4))  # expired
    gifts = factories.make_collection("Quà Tết", slug="qua-tet", channels=[channel], products=[products["tea"], products["tray"]])
    return {
        "crafts": crafts, "ceramics": ceramics, "food": food, "potter": potter, "tea_maker": tea_maker,
        "village": village, "gifts": gifts, **products,
    }


def test_categories_include_their_descendants(api, catalogue):
    assert found(api, {"categories": [gid("Category", catalogue["crafts"])]}) == ["tray", "vase"]
    assert found(api, {"categories": [gid("Category", catalogue["ceramics"])]}) == ["vase"]
    assert found(api, {"hasCategory": False}) == ["loose"]


def test_collections_and_ids_and_slugs(api, catalogue):
    assert found(api, {"collections": [gid("Collection", catalogue["gifts"])]}) == ["tea", "tray"]
    assert found(api, where={"collection": {"eq": gid("Collection", catalogue["gifts"])}}) == ["tea", "tray"]
    assert found(api, {"ids": [gid("Product", catalogue["tea"])]}) == ["tea"]
    assert found(api, {"slugs": ["tea", "vase", "missing"]}) == ["tea", "vase"]


def test_producer_and_craft_village(api, catalogue):
    assert found(api, {"producers": [gid("Producer", catalogue["potter"])]}) == ["tray", "vase"]
    assert found(api, {"craftVillages": [gid("CraftVillage", catalogue["village"])]}) == []
    assert found(api, where={"producer": {"eq": gid("Producer", catalogue["tea_maker"])}}) == ["tea"]
    assert found(api, where={"producer": {"oneOf": [gid("Producer", catalogue["tea_maker"]), gid("Producer", catalogue["potter"])]}}) == [
        "tea", "tray", "vase",
    ]


def test_price_range(api, catalogue):
    assert found(api, {"price": {"gte": 100000, "lte": 300000}}) == ["tray", "vase"]
    assert found(api, {"price": {"lte": 80000}}) == ["loose", "tea"]
    assert found(api, {"minimalPrice": {"gte": 150000}}) == ["tray", "vase"]
    assert found(api, where={"price": {"range": {"gte": 80000, "lte": 150000}}}) == ["tea", "tray"]
    assert found(api, where={"price": {"eq": 50000}}) == ["loose"]
    assert found(api, where={"minimalPrice": {"oneOf": [50000, 300000]}}) == ["loose", "vase"]


def test_stars_of_the_current_certificate(api, catalogue):
    assert found(api, {"stars": {"gte": 4}}) == ["vase"]
    assert found(api, {"stars": {"gte": 3}}) == ["tray", "vase"]
    assert found(api, {"stars": {"lte": 3}}) == ["loose", "tea", "tray"]  # no current certificate counts as 0
    assert found(api, where={"stars": {"eq": 5}}) == ["vase"]
    assert found(api, where={"stars": {"range": {"gte": 3, "lte": 4}}}) == ["tray"]


def test_availability_filters(api, catalogue, channel):
    later = timezone.now() + datetime.timedelta(days=5)
    factories.make_product(slug="soon", channels=[channel], listing={"available_at": later})
    assert "soon" not in found(api, {"isAvailable": True})
    assert found(api, {"isAvailable": False}) == ["soon"]
    assert found(api, {"availableFrom": later.isoformat()}) == ["loose", "soon", "tea", "tray", "vase"]
    assert found(api, {"stockAvailability": "OUT_OF_STOCK"}) == ["tea"]
    assert "tea" not in found(api, {"stockAvailability": "IN_STOCK"})
    assert found(api, where={"isAvailable": False}) == ["soon"]
    Stock.objects.filter(product_variant__product__slug="vase").update(quantity_allocated=10)
    assert found(api, {"stockAvailability": "OUT_OF_STOCK"}) == ["tea", "vase"]


def test_stock_in_other_channels_does_not_count(api, catalogue):
    centre = factories.make_channel("trung-tam")
    Stock.objects.create(
        warehouse=factories.channel_warehouse(centre),
        product_variant=catalogue["tea"].variants.get(),
        quantity=99,
    )
    assert found(api, {"stockAvailability": "OUT_OF_STOCK"}) == ["tea"]


def test_staff_filter_by_publication_and_listing(api, catalogue, channel):
    factories.make_product(slug="draft", channels=[channel], listing={"published": False})
    factories.make_product(slug="hidden", channels=[channel], listing={"visible": False})
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    assert found(api, {"isPublished": False}) == ["draft"]
    assert found(api, {"isVisibleInListing": False}) == ["hidden"]
    assert "draft" not in found(api, where={"isPublished": True})


def test_attribute_filter(api, catalogue):
    material = Attribute.objects.create(slug="chat-lieu", name="Chất liệu")
    clay = AttributeValue.objects.create(attribute=material, name="Đất sét", slug="dat-set")
    lacquer = AttributeValue.objects.create(attribute=material, name="Sơn mài", slug="son-mai")
    AssignedProductAttributeValue.objects.create(product=catalogue["vase"], value=clay)
    AssignedProductAttributeValue.objects.create(product=catalogue["tray"], value=lacquer)
    assert found(api, {"attributes": [{"slug": "chat-lieu", "values": ["dat-set"]}]}) == ["vase"]
    assert found(api, {"attributes": [{"slug": "chat-lieu", "values": ["dat-set", "son-mai"]}]}) == ["tray", "vase"]
    volume = Attribute.objects.create(slug="dung-tich", name="Dung tích", input_type="numeric")
    litre = AttributeValue.objects.create(attribute=volume, name="500", slug="500")
    AssignedProductAttributeValue.objects.create(product=catalogue["tea"], value=litre)
    assert found(api, {"attributes": [{"slug": "dung-tich", "valuesRange": {"gte": 400, "lte": 600}}]}) == ["tea"]


def test_metadata_and_where_operators(api, catalogue):
    catalogue["tea"].metadata = {"vung": "thai-nguyen"}
    catalogue["tea"].save()
    assert found(api, {"metadata": [{"key": "vung", "value": "thai-nguyen"}]}) == ["tea"]
    assert found(api, {"metadata": [{"key": "vung"}]}) == ["tea"]
    assert found(api, where={"slug": {"oneOf": ["tea", "vase"]}}) == ["tea", "vase"]
    assert found(api, where={"category": {"eq": gid("Category", catalogue["crafts"])}}) == ["tray", "vase"]
    either = {"OR": [{"slug": {"eq": "tea"}}, {"stars": {"eq": 5}}]}
    assert found(api, where=either) == ["tea", "vase"]
    both = {"AND": [{"producer": {"eq": gid("Producer", catalogue["potter"])}}, {"price": {"range": {"gte": 200000}}}]}
    assert found(api, where=both) == ["vase"]
    # Saleor's `where`: an explicit null matches nothing.
    assert found(api, where={"hasCategory": None}) == []


def test_filter_channel_field_is_the_fallback_channel(api, catalogue):
    query = 'query { products(first: 5, filter: {channel: "web-shop", slugs: ["tea"]}) { edges { node { channel } } } }'
    factories.make_channel("trung-tam")
    assert api.data(query)["products"]["edges"][0]["node"]["channel"] == "web-shop"


def test_search_argument_reaches_the_search_backend(api, catalogue):
    from commerce.search.indexing import update_products_search_vector

    for key, name in (("vase", "Bình gốm men lam"), ("tea", "Chè Shan tuyết"), ("tray", "Khay sơn mài")):
        catalogue[key].name = name
        catalogue[key].save()
    update_products_search_vector([p.pk for p in (catalogue["vase"], catalogue["tea"], catalogue["tray"])])
    query = 'query($q: String) { products(first: 5, channel: "web-shop", search: $q) { edges { node { slug } } } }'
    data = api.data(query, {"q": "binh gom"})
    assert [edge["node"]["slug"] for edge in data["products"]["edges"]] == ["vase"]


def test_search_of_only_punctuation_lists_everything_unranked(api, catalogue):
    query = 'query($q: String) { products(first: 10, channel: "web-shop", search: $q) { totalCount } }'
    assert api.data(query, {"q": "!!!"})["products"]["totalCount"] == 4
