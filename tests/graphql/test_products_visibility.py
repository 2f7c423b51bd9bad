"""Who sees which products: Saleor's visibility rules, channel by channel."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from commerce.graphql.core.ids import to_global_id
from commerce.product import actions
from commerce.product.models import Category, ProductVariantChannelListing
from tests import factories

PRODUCTS = """
query($channel: String) {
  products(first: 20, channel: $channel) { totalCount edges { node { slug channel } } }
}
"""
PRODUCT_BY_SLUG = """
query($slug: String, $channel: String) { product(slug: $slug, channel: $channel) { slug channel } }
"""


def slugs(data):
    return sorted(edge["node"]["slug"] for edge in data["products"]["edges"])


@pytest.fixture
def other_channel(db):
    return factories.make_channel("trung-tam-bat-trang")


def test_anonymous_sees_published_products_of_the_channel(api, channel, other_channel):
    factories.make_product(slug="published", channels=[channel])
    factories.make_product(slug="elsewhere", channels=[other_channel])
    data = api.data(PRODUCTS, {"channel": channel.slug})
    assert slugs(data) == ["published"]
    assert data["products"]["edges"][0]["node"]["channel"] == channel.slug
    assert data["products"]["totalCount"] == 1


def test_unpublished_and_future_products_are_hidden_from_customers(api, channel):
    factories.make_product(slug="draft", channels=[channel], listing={"published": False})
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    factories.make_product(slug="tomorrow", channels=[channel], listing={"published_at": tomorrow})
    yesterday = timezone.now() - datetime.timedelta(days=1)
    factories.make_product(slug="yesterday", channels=[channel], listing={"published_at": yesterday})
    assert slugs(api.data(PRODUCTS, {"channel": channel.slug})) == ["yesterday"]
    for slug in ("draft", "tomorrow"):
        assert api.data(PRODUCT_BY_SLUG, {"slug": slug, "channel": channel.slug})["product"] is None


def test_customer_is_treated_like_anonymous(api, channel):
    factories.make_product(slug="draft", channels=[channel], listing={"published": False})
    api.login(factories.make_customer())
    assert slugs(api.data(PRODUCTS, {"channel": channel.slug})) == []


def test_product_hidden_from_listings_is_still_found_by_slug(api, channel):
    factories.make_product(slug="unlisted", channels=[channel], listing={"visible": False})
    assert slugs(api.data(PRODUCTS, {"channel": channel.slug})) == []
    product = api.data(PRODUCT_BY_SLUG, {"slug": "unlisted", "channel": channel.slug})["product"]
    assert product == {"slug": "unlisted", "channel": channel.slug}


def test_product_without_a_priced_variant_is_not_published(api, channel):
    product = factories.make_product(slug="no-price", channels=[channel], variants=0)
    variant = factories.make_variant(product)
    factories.price_variant(variant, channel, None)
    assert slugs(api.data(PRODUCTS, {"channel": channel.slug})) == []
    assert api.data(PRODUCT_BY_SLUG, {"slug": "no-price", "channel": channel.slug})["product"] is None


def test_other_channels_listing_is_not_visible(api, channel, other_channel):
    factories.make_product(slug="centre-only", channels=[other_channel])
    assert api.data(PRODUCT_BY_SLUG, {"slug": "centre-only", "channel": channel.slug})["product"] is None
    found = api.data(PRODUCT_BY_SLUG, {"slug": "centre-only", "channel": other_channel.slug})["product"]
    assert found["channel"] == other_channel.slug


def test_inactive_channel_shows_customers_nothing_and_staff_everything(api, channel):
    closed = factories.make_channel("kenh-dong", is_active=False)
    factories.make_product(slug="in-closed", channels=[closed])
    assert slugs(api.data(PRODUCTS, {"channel": "kenh-dong"})) == []
    assert api.data(PRODUCT_BY_SLUG, {"slug": "in-closed", "channel": "kenh-dong"})["product"] is None
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    assert slugs(api.data(PRODUCTS, {"channel": "kenh-dong"})) == ["in-closed"]


@pytest.mark.parametrize("permission", ["MANAGE_PRODUCTS"])
def test_staff_see_unpublished_and_unlisted_products(api, channel, permission):
    factories.make_product(slug="draft", channels=[channel], listing={"published": False})
    factories.make_product(slug="unlisted", channels=[channel], listing={"visible": False})
    tomorrow = timezone.now() + datetime.timedelta(days=3)
    factories.make_product(slug="tomorrow", channels=[channel], listing={"published_at": tomorrow})
    factories.make_product(slug="nowhere")
    api.login(factories.make_staff(permission))
    assert slugs(api.data(PRODUCTS, {"channel": channel.slug})) == ["draft", "tomorrow", "unlisted"]
    # Without a channel, staff see every product, with no channel context.
    data = api.data(PRODUCTS, {"channel": None})
    assert slugs(data) == ["draft", "nowhere", "tomorrow", "unlisted"]
    assert {edge["node"]["channel"] for edge in data["products"]["edges"]} == {None}
    assert api.data(PRODUCT_BY_SLUG, {"slug": "draft", "channel": channel.slug})["product"]["slug"] == "draft"


def test_staff_without_product_permissions_is_a_customer_here(api, channel):
    factories.make_product(slug="draft", channels=[channel], listing={"published": False})
    api.login(factories.make_staff())
    assert slugs(api.data(PRODUCTS, {"channel": channel.slug})) == []


def test_unknown_channel_is_an_error_naming_the_slug(api, channel):
    errors = api.errors(PRODUCTS, {"channel": "khong-co"})
    assert errors[0]["message"] == "Channel with 'khong-co' slug does not exist."
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"
    errors = api.errors(PRODUCT_BY_SLUG, {"slug": "x", "channel": "khong-co"})
    assert "'khong-co'" in errors[0]["message"]


def test_without_channel_the_only_active_channel_is_used(api, channel):
    factories.make_channel("kenh-dong", is_active=False)
    factories.make_product(slug="web", channels=[channel])
    data = api.data(PRODUCTS, {"channel": None})
    assert slugs(data) == ["web"]
    assert data["products"]["edges"][0]["node"]["channel"] == channel.slug


def test_without_channel_several_active_channels_need_a_choice(api, channel):
    factories.make_channel("trung-tam")
    errors = api.errors(PRODUCTS, {"channel": None})
    assert errors[0]["message"] == "More than one channel exists. Specify which channel to use."


def test_without_any_active_channel_there_is_no_default(api, db):
    factories.make_channel("kenh-dong", is_active=False)
    errors = api.errors(PRODUCTS, {"channel": None})
    assert errors[0]["message"] == "A default channel does not exist."


def test_variants_without_a_listing_in_the_channel_are_hidden(api, channel):
    other = factories.make_channel("trung-tam")
    product = factories.make_product(slug="two-variants", channels=[channel])
    factories.make_variant(product, sku="CENTRE-ONLY", channels=[other])
    query = """
    query($channel: String) { product(slug: "two-variants", channel: $channel) { variants { sku } } }
    """
    skus = [v["sku"] for v in api.data(query, {"channel": channel.slug})["product"]["variants"]]
    assert "CENTRE-ONLY" not in skus and len(skus) == 1
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    skus = {v["sku"] for v in api.data(query, {"channel": None})["product"]["variants"]}
    assert "CENTRE-ONLY" in skus and len(skus) == 2


def test_product_by_id_and_external_reference(api, channel):
    product = factories.make_product(slug="by-id", channels=[channel], external_reference="ERP-1")
    query = """
    query($id: ID, $ref: String) { product(id: $id, externalReference: $ref, channel: "web-shop") { slug } }
    """
    assert api.data(query, {"id": to_global_id("Product", product.pk)})["product"]["slug"] == "by-id"
    assert api.data(query, {"ref": "ERP-1"})["product"]["slug"] == "by-id"


def test_product_lookup_needs_exactly_one_key(api, channel):
    errors = api.errors('{ product(channel: "web-shop") { slug } }')
    assert errors[0]["message"].startswith("At least one of arguments is required")
    errors = api.errors('{ product(slug: "a", externalReference: "b", channel: "web-shop") { slug } }')
    assert "cannot be combined" in errors[0]["message"]


# --- "at least one variant priced in the channel", read from the listing ------------

LISTED = """
query($channel: String, $filter: ProductFilterInput) {
  products(first: 2, channel: $channel, filter: $filter) { totalCount edges { node { slug } } }
}
"""


def test_product_whose_only_price_is_removed_disappears(api, channel):
    product = factories.make_product(slug="priced", channels=[channel])
    factories.make_product(slug="other", channels=[channel])
    assert api.data(LISTED, {"channel": channel.slug})["products"]["totalCount"] == 2
    listing = ProductVariantChannelListing.objects.get(variant__product=product, channel=channel)
    listing.price_amount = None
    actions.save_variant_channel_listing(listing)
    data = api.data(LISTED, {"channel": channel.slug})["products"]
    assert [edge["node"]["slug"] for edge in data["edges"]] == ["other"]
    assert data["totalCount"] == 1
    assert api.data(PRODUCT_BY_SLUG, {"slug": "priced", "channel": channel.slug})["product"] is None
    # Priced again, it is back.
    listing.price_amount = Decimal(90000)
    actions.save_variant_channel_listing(listing)
    assert api.data(LISTED, {"channel": channel.slug})["products"]["totalCount"] == 2


def test_listing_made_after_the_prices_shows_the_product(api, channel):
    product = factories.make_product(slug="late-listing", variants=0)
    factories.make_variant(product, channels=[channel], price=70000)  # priced, not yet listed
    assert slugs(api.data(PRODUCTS, {"channel": channel.slug})) == []
    listing = factories.list_product(product, channel)
    assert listing.discounted_price_amount == 70000
    assert slugs(api.data(PRODUCTS, {"channel": channel.slug})) == ["late-listing"]


def test_cheapest_price_is_computed_not_taken_from_the_listing(api, channel):
    product = factories.make_product(slug="no-variants", variants=0)
    listing = factories.list_product(product, channel, discounted_price_amount=Decimal(1000))
    assert listing.discounted_price_amount is None
    assert slugs(api.data(PRODUCTS, {"channel": channel.slug})) == []


@pytest.mark.parametrize("staff", [False, True])
def test_total_count_is_what_the_pages_hold(api, channel, staff):
    factories.make_product(slug="shown-1", channels=[channel])
    factories.make_product(slug="shown-2", channels=[channel], category=factories.make_category("Gốm"))
    factories.make_product(slug="draft", channels=[channel], listing={"published": False})
    factories.make_product(slug="unlisted", channels=[channel], listing={"visible": False})
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    factories.make_product(slug="tomorrow", channels=[channel], listing={"published_at": tomorrow})
    unpriced = factories.make_product(slug="unpriced", channels=[channel], variants=0)
    factories.price_variant(factories.make_variant(unpriced), channel, None)
    factories.make_product(slug="elsewhere", channels=[factories.make_channel("trung-tam")])
    if staff:
        api.login(factories.make_staff("MANAGE_PRODUCTS"))
    every = api.data(PRODUCTS, {"channel": channel.slug})["products"]
    expected = 6 if staff else 2
    assert len(every["edges"]) == every["totalCount"] == expected
    # A page smaller than the list counts the whole list; a filter counts what it keeps.
    assert api.data(LISTED, {"channel": channel.slug})["products"]["totalCount"] == expected
    gom = to_global_id("Category", Category.objects.get(name="Gốm").pk)
    filtered = api.data(LISTED, {"channel": channel.slug, "filter": {"categories": [gom]}})["products"]
    assert filtered["totalCount"] == 1 and filtered["edges"][0]["node"]["slug"] == "shown-2"


LISTING_FIELDS = "slug isAvailableForPurchase availableForPurchaseAt pricing { priceRange { start { gross { amount } } } }"


@pytest.mark.parametrize("staff", [False, True])
def test_listing_read_with_the_page_matches_the_listing_loaded_alone(api, channel, staff):
    later = timezone.now() + datetime.timedelta(days=2)
    factories.make_product(slug="buyable", channels=[channel], price=120000)
    factories.make_product(slug="preorder", channels=[channel], price=80000, listing={"available_at": later})
    factories.make_product(slug="draft", channels=[channel], listing={"published": False})
    if staff:
        api.login(factories.make_staff("MANAGE_PRODUCTS"))
    page = api.data(f"{{ products(first: 10, channel: \"{channel.slug}\") {{ edges {{ node {{ {LISTING_FIELDS} }} }} }} }}")
    listed = [edge["node"] for edge in page["products"]["edges"]]
    assert [node["slug"] for node in listed] == (["buyable", "draft", "preorder"] if staff else ["buyable", "preorder"])
    for node in listed:
        alone = api.data(f"{{ product(slug: \"{node['slug']}\", channel: \"{channel.slug}\") {{ {LISTING_FIELDS} }} }}")
        assert alone["product"] == node
    assert {node["slug"]: node["isAvailableForPurchase"] for node in listed}["preorder"] is False
