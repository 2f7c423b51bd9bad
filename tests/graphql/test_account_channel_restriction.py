"""Staff whose permission groups are restricted to channels see staff-level data
only there. Unlike Saleor, the restriction covers products, listings,
warehouses and stock: in another channel they see what a customer sees, and
only their channels' warehouses and stock exist for them."""

import pytest

from tests import factories
from tests.account.support import make_group, make_group_staff

PRODUCTS = """query($channel: String) {
  products(first: 20, channel: $channel) { edges { node { name } } }
}"""
WAREHOUSES = "{ warehouses(first: 20) { edges { node { slug } } } }"
STOCKS = "{ stocks(first: 20) { edges { node { warehouse { slug } } } } }"
VARIANT_STOCKS = """query($channel: String) {
  products(first: 20, channel: $channel) { edges { node { name variants { stocks { warehouse { slug } } } } } }
}"""


def names(data):
    return sorted(edge["node"]["name"] for edge in data["products"]["edges"])


@pytest.fixture
def shop(db):
    bat_trang = factories.make_channel("bat-trang")
    van_phuc = factories.make_channel("van-phuc")
    factories.make_product("Bình gốm (nháp)", channels=[bat_trang], listing={"published": False})
    factories.make_product("Bình gốm", channels=[bat_trang])
    factories.make_product("Khăn lụa (nháp)", channels=[van_phuc], listing={"published": False})
    factories.make_product("Khăn lụa", channels=[van_phuc])
    group = make_group("Bát Tràng", "MANAGE_PRODUCTS", channels=[bat_trang])
    return {"bat_trang": bat_trang, "van_phuc": van_phuc, "staff": make_group_staff(group)}


def test_restricted_staff_see_drafts_only_in_their_channel(api, shop):
    api.login(shop["staff"])
    assert names(api.data(PRODUCTS, {"channel": "bat-trang"})) == ["Bình gốm", "Bình gốm (nháp)"]
    # Another channel: what a customer sees.
    assert names(api.data(PRODUCTS, {"channel": "van-phuc"})) == ["Khăn lụa"]
    # No channel named: the products of their channels.
    assert names(api.data(PRODUCTS)) == ["Bình gốm", "Bình gốm (nháp)"]


def test_unrestricted_staff_see_everything(api, shop):
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    assert names(api.data(PRODUCTS, {"channel": "van-phuc"})) == ["Khăn lụa", "Khăn lụa (nháp)"]
    assert len(names(api.data(PRODUCTS))) == 4


def test_one_unrestricted_group_lifts_the_restriction(api, shop):
    """Saleor's rule: any group without a restriction reaches every channel."""
    open_group = make_group("Toàn quốc", "MANAGE_PRODUCTS")
    open_group.user_set.add(shop["staff"])
    api.login(shop["staff"])
    assert names(api.data(PRODUCTS, {"channel": "van-phuc"})) == ["Khăn lụa", "Khăn lụa (nháp)"]


def test_restricted_staff_see_only_their_warehouses_and_stock(api, shop):
    api.login(shop["staff"])
    assert api.data(WAREHOUSES)["warehouses"]["edges"] == [{"node": {"slug": "kho-bat-trang"}}]
    stocks = {edge["node"]["warehouse"]["slug"] for edge in api.data(STOCKS)["stocks"]["edges"]}
    assert stocks == {"kho-bat-trang"}
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    assert len(api.data(WAREHOUSES)["warehouses"]["edges"]) == 2


def test_variant_stocks_only_in_reach(api, shop):
    api.login(shop["staff"])
    mine = api.data(VARIANT_STOCKS, {"channel": "bat-trang"})["products"]["edges"]
    assert all(v["stocks"] == [{"warehouse": {"slug": "kho-bat-trang"}}] for e in mine for v in e["node"]["variants"])
    theirs = api.data(VARIANT_STOCKS, {"channel": "van-phuc"})["products"]["edges"]
    assert [v["stocks"] for e in theirs for v in e["node"]["variants"]] == [[]]


def test_a_warehouse_of_another_channel_is_not_found_by_id(api, shop):
    from commerce.graphql.core.ids import to_global_id
    from commerce.warehouse.models import Warehouse

    api.login(shop["staff"])
    other = Warehouse.objects.get(slug="kho-van-phuc")
    query = "query($id: ID!) { warehouse(id: $id) { slug } }"
    assert api.data(query, {"id": to_global_id("Warehouse", other.pk)}) == {"warehouse": None}


def test_restricted_staff_see_channel_listings_only_of_their_channels(api, shop):
    """A product sold in both channels shows a restricted user only its listing
    (and its variants' prices) in their own channel."""
    product = factories.make_product("Bộ ấm chén", channels=[shop["bat_trang"], shop["van_phuc"]])
    query = """query($id: ID!) { product(id: $id, channel: "bat-trang") {
      channelListings { channel { slug } }
      variants { channelListings { channel { slug } } }
    } }"""
    from commerce.graphql.core.ids import to_global_id

    product_id = to_global_id("Product", product.pk)
    api.login(shop["staff"])
    data = api.data(query, {"id": product_id})["product"]
    assert [row["channel"]["slug"] for row in data["channelListings"]] == ["bat-trang"]
    assert [row["channel"]["slug"] for row in data["variants"][0]["channelListings"]] == ["bat-trang"]
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    data = api.data(query, {"id": product_id})["product"]
    assert sorted(row["channel"]["slug"] for row in data["channelListings"]) == ["bat-trang", "van-phuc"]
