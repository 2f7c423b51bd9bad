"""Events are written as outbox rows in the transaction that makes the change."""

import base64

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from commerce.product import actions
from commerce.product.models import Product
from commerce.webhook import actions as webhook_events
from commerce.webhook.models import EventDelivery
from tests.factories import make_channel, make_product, make_product_type, make_variant

pytestmark = pytest.mark.django_db


def new_product(name="Bình gốm men lam", slug=None, product_type=None):
    return Product(name=name, slug=slug or f"binh-{Product.objects.count()}-{id(name)}",
                   product_type=product_type or make_product_type())


def events():
    return sorted((d.event_type, d.payload[0]["name"]) for d in EventDelivery.objects.all())


def test_a_saved_product_writes_its_event_in_the_same_transaction(make_webhook):
    make_webhook()
    with transaction.atomic():
        product = actions.save_product(new_product("Bình gốm"))
        # Not yet committed, yet the row is there, in the same transaction.
        assert events() == [("product_created", "Bình gốm")]
    delivery = EventDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 0
    assert delivery.payload[0]["id"] == base64.b64encode(f"Product:{product.pk}".encode()).decode()


def test_a_rolled_back_change_leaves_no_event_and_is_forgotten(make_webhook):
    make_webhook()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            actions.save_product(new_product("Khăn lụa", slug="khan-lua"))
            raise RuntimeError("boom")
    assert EventDelivery.objects.count() == 0
    # The outbox forgot the rolled-back rows: the same product saved again gets its event.
    actions.save_product(new_product("Khăn lụa", slug="khan-lua"))
    assert events() == [("product_created", "Khăn lụa")]


def test_no_subscriber_costs_one_query_per_transaction():
    product = make_product("Nón lá")  # saves product, variant, listings: subscribers read once
    webhook_events.forget_subscribers()  # as at the start of the next transaction
    with CaptureQueriesContext(connection) as first:
        webhook_events.product_events(updated_ids=[product.pk])
    with CaptureQueriesContext(connection) as second:
        webhook_events.product_events(updated_ids=[product.pk])
    assert len(first) == 1 and "webhook_webhook" in first[0]["sql"]
    assert len(second) == 0
    assert EventDelivery.objects.count() == 0


def test_webhooks_not_subscribed_to_the_event_write_nothing(make_webhook):
    make_webhook("only-updates", events=["product_updated"])
    make_webhook("off", is_active=False)
    actions.save_product(new_product("Mứt sen"))
    assert EventDelivery.objects.count() == 0


def test_queries_do_not_grow_with_the_number_of_products(make_webhook, django_assert_num_queries):
    make_webhook("a")
    make_webhook("b")
    product_type = make_product_type()
    few = actions.save_products([new_product(f"Gốm {i}", slug=f"gom-{i}", product_type=product_type) for i in range(2)])
    many = actions.save_products([new_product(f"Lụa {i}", slug=f"lua-{i}", product_type=product_type) for i in range(40)])
    webhook_events.forget_subscribers()
    # Read the subscribers, read the products with their listings, insert the rows.
    with django_assert_num_queries(3):
        webhook_events.product_events(updated_ids=[p.pk for p in few])
    webhook_events.forget_subscribers()
    with django_assert_num_queries(3):
        webhook_events.product_events(updated_ids=[p.pk for p in many])
    assert EventDelivery.objects.filter(event_type="product_created").count() == 2 * 42


def test_one_event_per_object_and_webhook_per_transaction_with_a_fresh_payload(make_webhook):
    """Created, listed and priced in one transaction: one product_created, carrying the price."""
    make_webhook(events=["product_created", "product_updated", "product_variant_created", "product_variant_updated"])
    channel = make_channel("bat-trang")
    with transaction.atomic():
        product = make_product("Bình hút lộc", channels=[channel], price=450000)
        product.name = "Bình hút lộc men rạn"
        actions.save_product(product)
    rows = list(EventDelivery.objects.order_by("event_type"))
    assert [r.event_type for r in rows] == ["product_created", "product_variant_created"]
    payload = rows[0].payload[0]
    assert payload["name"] == "Bình hút lộc men rạn"
    [listing] = payload["channel_listings"]
    assert listing["channel"]["slug"] == "bat-trang" and listing["discounted_price_amount"] == "450000"
    assert listing["id"].startswith(base64.b64encode(b"ProductChannelListing:").decode()[:20])
    variant = rows[1].payload[0]
    assert variant["type"] == "ProductVariant" and variant["channel_listings"][0]["price_amount"] == "450000"


def test_updates_of_products_made_before_write_updated_events(make_webhook):
    channel = make_channel()
    product = make_product("Tương Bần", channels=[channel])  # before any webhook: no event
    listing = product.variants.get().channel_listings.get()
    make_webhook(events=["product_updated", "product_variant_updated"])
    for price in (52000, 55000):  # same transaction: the second brings the row up to date
        listing.price_amount = price
        actions.save_variant_channel_listing(listing)
    rows = {r.event_type: r.payload[0] for r in EventDelivery.objects.all()}
    assert sorted(rows) == ["product_updated", "product_variant_updated"]
    assert rows["product_updated"]["channel_listings"][0]["discounted_price_amount"] == "55000"
    assert rows["product_variant_updated"]["channel_listings"][0]["price_amount"] == "55000"


def test_a_channel_filter_keeps_products_of_other_channels_out(make_webhook):
    bat_trang, van_phuc = make_channel("bat-trang"), make_channel("van-phuc")
    make_webhook("lua", channels=[van_phuc])
    make_product("Bát men lam", channels=[bat_trang])
    make_product("Khăn lụa Vạn Phúc", channels=[van_phuc])
    assert events() == [("product_created", "Khăn lụa Vạn Phúc")]


def test_bulk_saves_tell_created_from_updated(make_webhook):
    product_type = make_product_type()
    old = actions.save_products([new_product("Cũ", slug="cu", product_type=product_type)])[0]
    make_webhook()
    old.name = "Cũ đã sửa"
    actions.save_products([old, new_product("Mới", slug="moi", product_type=product_type)], ["name"])
    assert events() == [("product_created", "Mới"), ("product_updated", "Cũ đã sửa")]


def test_variant_saves_write_variant_events(make_webhook):
    product = make_product("Chè Shan tuyết", variants=0)
    make_webhook(events=["product_variant_created", "product_variant_updated"])
    variant = make_variant(product, sku="CHE-1")
    assert [(d.event_type, d.payload[0]["sku"]) for d in EventDelivery.objects.all()] == [
        ("product_variant_created", "CHE-1")]


def test_a_product_created_in_the_transaction_is_not_also_updated(make_webhook):
    make_webhook(events=["product_updated"])
    with transaction.atomic():
        product = actions.save_product(new_product("Gốm mới"))
        product.name = "Gốm mới sửa"
        actions.save_product(product)
    assert EventDelivery.objects.count() == 0


def test_a_rolled_back_savepoint_forgets_only_its_own_rows(make_webhook):
    product_type = make_product_type()
    a, b = actions.save_products([new_product("A", slug="a", product_type=product_type),
                                  new_product("B", slug="b", product_type=product_type)])
    make_webhook()
    with transaction.atomic():
        a.name = "A1"
        actions.save_product(a)
        with pytest.raises(RuntimeError), transaction.atomic():
            b.name = "B1"
            actions.save_product(b)
            raise RuntimeError("boom")
        b.name, a.name = "B2", "A2"
        actions.save_products([a, b], ["name"])
    assert events() == [("product_updated", "A2"), ("product_updated", "B2")]
