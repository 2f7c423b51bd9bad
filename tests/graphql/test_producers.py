"""OCOP additions: producers and craft villages."""

from commerce.graphql.core.ids import to_global_id
from commerce.producer.models import CraftVillageTranslation, LegalType
from tests import factories
from tests.graphql.conftest import permission_error


def test_producers_list_and_filters(api, channel):
    village = factories.make_village("Làng lụa Vạn Phúc", slug="van-phuc")
    factories.make_producer("Công ty Gốm Minh Long", slug="minh-long", legal_type=LegalType.ENTERPRISE)
    factories.make_producer("HTX Lụa Vạn Phúc", slug="lua-van-phuc", craft_village=village)
    factories.make_producer("Hộ Nguyễn Văn A", slug="ho-a", legal_type=LegalType.HOUSEHOLD, is_active=False)
    query = """query($filter: ProducerFilterInput) { producers(first: 10, filter: $filter) {
        totalCount edges { node { slug legalType craftVillage { slug } } } } }"""
    data = api.data(query)["producers"]
    assert [e["node"]["slug"] for e in data["edges"]] == ["minh-long", "lua-van-phuc"]
    assert api.data(query, {"filter": {"legalType": "ENTERPRISE"}})["producers"]["totalCount"] == 1
    found = api.data(query, {"filter": {"search": "lụa"}})["producers"]["edges"]
    assert found == [{"node": {"slug": "lua-van-phuc", "legalType": "COOPERATIVE", "craftVillage": {"slug": "van-phuc"}}}]
    api.login(factories.make_staff())
    assert api.data(query)["producers"]["totalCount"] == 3


def test_producer_by_slug_with_products_and_tax_code(api, channel):
    producer = factories.make_producer("HTX Gốm", slug="htx-gom", tax_code="0100109106")
    factories.make_product(slug="binh", channels=[channel], producer=producer)
    factories.make_product(slug="draft", channels=[channel], producer=producer, listing={"published": False})
    query = """query($id: ID, $slug: String) { producer(id: $id, slug: $slug) {
        id name products(first: 5, channel: "web-shop") { edges { node { slug channel } } } } }"""
    data = api.data(query, {"slug": "htx-gom"})["producer"]
    assert data["products"]["edges"] == [{"node": {"slug": "binh", "channel": "web-shop"}}]
    assert api.data(query, {"id": to_global_id("Producer", producer.pk)})["producer"]["name"] == "HTX Gốm"
    tax = '{ producer(slug: "htx-gom") { taxCode } }'
    error = permission_error(api.post(tax)["errors"])
    assert error["message"] == "You need one of the following permissions: AUTHENTICATED_STAFF_USER, AUTHENTICATED_APP"
    api.login(factories.make_customer())
    assert permission_error(api.post(tax)["errors"])
    api.login(factories.make_staff())
    assert api.data(tax)["producer"]["taxCode"] == "0100109106"


def test_craft_villages(api, db):
    village = factories.make_village("Làng gốm Bát Tràng", slug="bat-trang", province_code=1, recognised_year=1958)
    factories.make_village("Làng lụa Vạn Phúc", slug="van-phuc", craft="Dệt lụa", province_code=1)
    CraftVillageTranslation.objects.create(craft_village=village, language_code="en", name="Bat Trang pottery village")
    data = api.data('{ craftVillages(first: 10, filter: {search: "lụa"}) { edges { node { slug craft } } } }')
    assert data["craftVillages"]["edges"] == [{"node": {"slug": "van-phuc", "craft": "Dệt lụa"}}]
    data = api.data('{ craftVillage(slug: "bat-trang") { name place provinceCode recognisedYear translation(languageCode: EN) { name } } }')
    assert data["craftVillage"] == {
        "name": "Làng gốm Bát Tràng",
        "place": "Bát Tràng, Gia Lâm",
        "provinceCode": 1,
        "recognisedYear": 1958,
        "translation": {"name": "Bat Trang pottery village"},
    }
