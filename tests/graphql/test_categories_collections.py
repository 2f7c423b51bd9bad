"""Categories (public tree) and collections (published per channel)."""

from django.core.files.base import ContentFile

from commerce.graphql.core.ids import to_global_id
from commerce.product.models import CategoryTranslation, CollectionTranslation, Thumbnail
from tests import factories
from tests.graphql.conftest import permission_error


def make_tree():
    food = factories.make_category("Thực phẩm", slug="thuc-pham", ocop_code="1")
    tea = factories.make_category("Chè", slug="che", parent=food, ocop_code="1.1")
    green = factories.make_category("Chè xanh", slug="che-xanh", parent=tea, ocop_code="1.1.1")
    crafts = factories.make_category("Thủ công mỹ nghệ", slug="thu-cong", ocop_code="4")
    return food, tea, green, crafts


def test_categories_by_level_and_tree_fields(api, db):
    food, tea, green, crafts = make_tree()
    data = api.data("{ categories(first: 10, level: 0) { totalCount edges { node { slug level parent { slug } } } } }")
    assert [e["node"]["slug"] for e in data["categories"]["edges"]] == ["thuc-pham", "thu-cong"]
    query = """
    query($slug: String) { category(slug: $slug) {
      slug level parent { slug }
      ancestors(first: 5) { edges { node { slug } } }
      children(first: 5) { totalCount edges { node { slug } } }
    } }
    """
    data = api.data(query, {"slug": "che"})["category"]
    assert data["level"] == 1 and data["parent"] == {"slug": "thuc-pham"}
    assert [e["node"]["slug"] for e in data["ancestors"]["edges"]] == ["thuc-pham"]
    assert [e["node"]["slug"] for e in data["children"]["edges"]] == ["che-xanh"]
    green_data = api.data(query, {"slug": "che-xanh"})["category"]
    assert [e["node"]["slug"] for e in green_data["ancestors"]["edges"]] == ["thuc-pham", "che"]


def test_category_by_id_filter_and_sort(api, db):
    food, tea, green, crafts = make_tree()
    by_id = api.data("query($id: ID) { category(id: $id) { slug } }", {"id": to_global_id("Category", tea.pk)})
    assert by_id["category"]["slug"] == "che"
    data = api.data('{ categories(first: 10, filter: {search: "chè"}, sortBy: {field: NAME, direction: DESC}) { edges { node { slug } } } }')
    assert [e["node"]["slug"] for e in data["categories"]["edges"]] == ["che-xanh", "che"]
    data = api.data('{ categories(first: 10, filter: {slugs: ["thu-cong"]}) { edges { node { name } } } }')
    assert data["categories"]["edges"] == [{"node": {"name": "Thủ công mỹ nghệ"}}]


def test_category_products_include_subcategories_and_follow_visibility(api, channel):
    food, tea, green, crafts = make_tree()
    factories.make_product(slug="shan-tuyet", channels=[channel], category=green)
    factories.make_product(slug="che-hop", channels=[channel], category=tea)
    factories.make_product(slug="unlisted", channels=[channel], category=tea, listing={"visible": False})
    factories.make_product(slug="khay", channels=[channel], category=crafts)
    query = """
    query($slug: String) { category(slug: $slug) {
      products(first: 10, channel: "web-shop") { edges { node { slug channel } } }
    } }
    """
    edges = api.data(query, {"slug": "thuc-pham"})["category"]["products"]["edges"]
    assert sorted(e["node"]["slug"] for e in edges) == ["che-hop", "shan-tuyet"]
    assert {e["node"]["channel"] for e in edges} == {"web-shop"}
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    edges = api.data(query, {"slug": "che"})["category"]["products"]["edges"]
    assert sorted(e["node"]["slug"] for e in edges) == ["che-hop", "shan-tuyet", "unlisted"]


def test_category_translation_and_background(api, db, media_root):
    category = factories.make_category("Gốm sứ", slug="gom-su", background_image_alt="Lò gốm")
    category.background_image.save("lo-gom.png", ContentFile(factories.png_bytes()), save=True)
    CategoryTranslation.objects.create(category=category, language_code="en", name="Ceramics")
    query = """{ category(slug: "gom-su") {
      translation(languageCode: EN) { name language { code } }
      vi: translation(languageCode: VI) { name }
      original: backgroundImage(size: 0) { url alt }
      small: backgroundImage(size: 100, format: WEBP) { url }
    } }"""
    data = api.data(query)["category"]
    assert data["translation"] == {"name": "Ceramics", "language": {"code": "EN"}}
    assert data["vi"] is None
    assert data["original"] == {"url": f"http://testserver/media/{category.background_image.name}", "alt": "Lò gốm"}
    # No thumbnail made yet: the original image stands in.
    assert data["small"]["url"] == data["original"]["url"]
    thumbnail = Thumbnail(category=category, size=128, format="webp")
    thumbnail.image.save("lo-gom-128.webp", ContentFile(factories.png_bytes()), save=True)
    assert api.data(query)["category"]["small"]["url"] == f"http://testserver/media/{thumbnail.image.name}"


def test_collections_are_published_per_channel(api, channel):
    vase = factories.make_product(slug="vase", channels=[channel])
    hidden_product = factories.make_product(slug="hidden", channels=[channel], listing={"published": False})
    factories.make_collection("Quà Tết", slug="qua-tet", channels=[channel], products=[vase, hidden_product])
    factories.make_collection("Sắp ra mắt", slug="sap-ra-mat", channels=[channel], published=False)
    centre = factories.make_channel("trung-tam")
    factories.make_collection("Trung tâm", slug="trung-tam", channels=[centre])
    data = api.data('{ collections(first: 10, channel: "web-shop") { edges { node { slug channel } } } }')
    assert data["collections"]["edges"] == [{"node": {"slug": "qua-tet", "channel": "web-shop"}}]
    query = """query($slug: String) { collection(slug: $slug, channel: "web-shop") {
        name products(first: 10) { edges { node { slug channel } } } } }"""
    collection = api.data(query, {"slug": "qua-tet"})["collection"]
    assert collection["products"]["edges"] == [{"node": {"slug": "vase", "channel": "web-shop"}}]
    assert api.data(query, {"slug": "sap-ra-mat"})["collection"] is None
    assert api.data(query, {"slug": "trung-tam"})["collection"] is None
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    data = api.data('{ collections(first: 10, channel: "web-shop", filter: {published: HIDDEN}) { edges { node { slug } } } }')
    assert data["collections"]["edges"] == [{"node": {"slug": "sap-ra-mat"}}]
    staff_collection = api.data(query, {"slug": "qua-tet"})["collection"]
    assert sorted(e["node"]["slug"] for e in staff_collection["products"]["edges"]) == ["hidden", "vase"]


def test_collection_products_sort_by_collection_position(api, channel):
    first = factories.make_product(slug="z-first", channels=[channel])
    second = factories.make_product(slug="a-second", channels=[channel])
    factories.make_collection("Quà", slug="qua", channels=[channel], products=[first, second])
    query = """{ collection(slug: "qua", channel: "web-shop") {
        products(first: 10, sortBy: {field: COLLECTION, direction: ASC}) { edges { node { slug } } } } }"""
    edges = api.data(query)["collection"]["products"]["edges"]
    assert [e["node"]["slug"] for e in edges] == ["z-first", "a-second"]


def test_collection_channel_listings_and_translation(api, channel):
    collection = factories.make_collection("Quà Tết", slug="qua-tet", channels=[channel])
    CollectionTranslation.objects.create(collection=collection, language_code="en", name="Tết gifts")
    query = '{ collection(slug: "qua-tet", channel: "web-shop") { translation(languageCode: EN) { name } channelListings { isPublished channel { slug } } } }'
    payload = api.post(query)
    assert payload["data"]["collection"]["translation"] == {"name": "Tết gifts"}
    assert permission_error(payload["errors"])
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    listings = api.data(query)["collection"]["channelListings"]
    assert listings == [{"isPublished": True, "channel": {"slug": "web-shop"}}]
