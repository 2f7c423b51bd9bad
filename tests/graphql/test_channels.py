"""`channels` and `channel`: slugs are public, the rest is for staff and apps."""

from commerce.graphql.core.ids import to_global_id
from tests import factories
from tests.graphql.conftest import permission_error

CHANNEL = """
query($slug: String) { channel(slug: $slug) { id slug } }
"""
CHANNEL_DETAILS = """
query($slug: String) {
  channel(slug: $slug) {
    slug name currencyCode isActive
    defaultCountry { code country }
    warehouses { slug }
    stockSettings { allocationStrategy }
    metadata { key value }
  }
}
"""


def test_anonymous_finds_an_active_channel_by_slug_or_id(api, channel):
    data = api.data(CHANNEL, {"slug": "web-shop"})
    assert data["channel"] == {"id": to_global_id("Channel", channel.pk), "slug": "web-shop"}
    by_id = api.data("query($id: ID) { channel(id: $id) { slug } }", {"id": to_global_id("Channel", channel.pk)})
    assert by_id["channel"]["slug"] == "web-shop"


def test_inactive_channel_is_invisible_to_anonymous(api, db):
    factories.make_channel("kenh-dong", is_active=False)
    assert api.data(CHANNEL, {"slug": "kenh-dong"})["channel"] is None
    api.login(factories.make_staff())
    assert api.data(CHANNEL, {"slug": "kenh-dong"})["channel"]["slug"] == "kenh-dong"


def test_channel_details_need_staff(api, channel):
    payload = api.post(CHANNEL_DETAILS, {"slug": "web-shop"})
    error = permission_error(payload["errors"])
    assert error["message"] == "You need one of the following permissions: AUTHENTICATED_STAFF_USER, AUTHENTICATED_APP"


def test_staff_sees_channel_details(api, channel):
    channel.metadata = {"hotline": "1900 1234"}
    channel.save()
    api.login(factories.make_staff())
    data = api.data(CHANNEL_DETAILS, {"slug": "web-shop"})["channel"]
    assert data == {
        "slug": "web-shop",
        "name": "Cửa hàng trực tuyến",
        "currencyCode": "VND",
        "isActive": True,
        "defaultCountry": {"code": "VN", "country": "Vietnam"},
        "warehouses": [{"slug": "kho-web-shop"}],
        "stockSettings": {"allocationStrategy": "PRIORITIZE_SORTING_ORDER"},
        "metadata": [{"key": "hotline", "value": "1900 1234"}],
    }


def test_order_and_checkout_settings_need_manage_channels(api, channel):
    query = """
    { channel(slug: "web-shop") {
        orderSettings { automaticallyConfirmAllNewOrders markAsPaidStrategy deleteExpiredOrdersAfter expireOrdersAfter }
        checkoutSettings { useLegacyErrorFlow automaticallyCompleteFullyPaidCheckouts }
    } }
    """
    api.login(factories.make_staff())
    assert permission_error(api.post(query)["errors"])
    api.login(factories.make_staff("MANAGE_CHANNELS"))
    data = api.data(query)["channel"]
    assert data["orderSettings"] == {
        "automaticallyConfirmAllNewOrders": True,
        "markAsPaidStrategy": "TRANSACTION_FLOW",
        "deleteExpiredOrdersAfter": 60,
        "expireOrdersAfter": None,
    }
    assert data["checkoutSettings"] == {"useLegacyErrorFlow": False, "automaticallyCompleteFullyPaidCheckouts": False}


def test_channels_list_is_for_staff_only(api, channel):
    factories.make_channel("kenh-dong", is_active=False)
    assert permission_error(api.post("{ channels { slug } }")["errors"])
    api.login(factories.make_staff())
    assert [c["slug"] for c in api.data("{ channels { slug } }")["channels"]] == ["kenh-dong", "web-shop"]


def test_private_metadata_needs_manage_channels(api, channel):
    channel.private_metadata = {"erp": "42"}
    channel.save()
    query = '{ channel(slug: "web-shop") { privateMetafield(key: "erp") } }'
    assert permission_error(api.post(query)["errors"])
    api.login(factories.make_staff("MANAGE_CHANNELS"))
    assert api.data(query)["channel"]["privateMetafield"] == "42"
