"""The catalogue refuses bad data with messages that say what to fix, and every
change through product.actions marks search entries stale after commit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from commerce.channel.models import Channel
from commerce.producer.models import LegalType, Producer
from commerce.product import actions
from commerce.product.models import (
    IssuerLevel,
    OcopCertification,
    Product,
    ProductChannelListing,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def vnd_channel():
    return Channel.objects.create(name="Bát Tràng", slug="bat-trang", currency_code="VND", is_active=True)


@pytest.fixture
def usd_channel():
    return Channel.objects.create(name="Tourists", slug="tourists", currency_code="USD", is_active=True)


@pytest.fixture
def product():
    product_type = ProductType.objects.create(name="Gốm", slug="gom")
    return Product.objects.create(name="Bình gốm men lam", slug="binh-gom-men-lam", product_type=product_type)


@pytest.fixture
def variant(product):
    return ProductVariant.objects.create(product=product, sku="BT-001")


def test_variant_price_in_vnd_must_be_whole_dong(variant, vnd_channel):
    listing = ProductVariantChannelListing(variant=variant, channel=vnd_channel, currency="VND", price_amount=Decimal("125000.5"))
    with pytest.raises(ValidationError) as error:
        actions.save_variant_channel_listing(listing)
    assert "no minor unit" in error.value.message_dict["price_amount"][0]
    assert not ProductVariantChannelListing.objects.exists()


def test_listing_currency_must_be_the_channels(variant, vnd_channel):
    listing = ProductVariantChannelListing(variant=variant, channel=vnd_channel, currency="USD", price_amount=Decimal("5"))
    with pytest.raises(ValidationError) as error:
        actions.save_variant_channel_listing(listing)
    assert error.value.message_dict["currency"] == ["Channel bat-trang sells in VND, not USD."]


def test_usd_listing_keeps_cents(variant, usd_channel):
    listing = actions.save_variant_channel_listing(
        ProductVariantChannelListing(variant=variant, channel=usd_channel, currency="USD", price_amount=Decimal("12.50"))
    )
    assert listing.pk


def test_negative_price_is_refused(variant, vnd_channel):
    with pytest.raises(ValidationError, match="cannot be negative"):
        actions.save_variant_channel_listing(
            ProductVariantChannelListing(variant=variant, channel=vnd_channel, currency="VND", price_amount=Decimal("-1"))
        )


def test_cheapest_variant_price_is_kept_on_the_product_listing(product, vnd_channel):
    actions.save_product_channel_listing(ProductChannelListing(product=product, channel=vnd_channel, currency="VND"))
    for sku, price in [("A", 350000), ("B", 125000), ("C", 900000)]:
        variant = actions.save_variant(ProductVariant(product=product, sku=sku))
        actions.save_variant_channel_listing(
            ProductVariantChannelListing(variant=variant, channel=vnd_channel, currency="VND", price_amount=price)
        )
    assert ProductChannelListing.objects.get().discounted_price_amount == 125000
    product.refresh_from_db()
    assert product.default_variant.sku == "A"


def test_duplicate_sku_is_refused(variant):
    with pytest.raises(ValidationError) as error:
        actions.save_variant(ProductVariant(product=variant.product, sku="BT-001"))
    assert "sku" in error.value.message_dict


def test_bad_gtin_is_refused_with_the_right_check_digit(product):
    with pytest.raises(ValidationError) as error:
        actions.save_variant(ProductVariant(product=product, sku="X", gtin="8934588012113"))
    assert "expected 8934588012112" in error.value.message_dict["gtin"][0]


def test_certification_score_outside_band_is_not_saved(product):
    cert = OcopCertification(
        product=product, stars=3, score=Decimal("72"), decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2024, 5, 2), issuer_level=IssuerLevel.CITY,
    )
    with pytest.raises(ValidationError):
        actions.save_certification(cert)
    assert not OcopCertification.objects.exists()


def test_certification_expiry_is_derived(product):
    cert = actions.save_certification(
        OcopCertification(
            product=product, stars=4, score=Decimal("80"), decision_number="4127/QĐ-UBND",
            decision_date=datetime.date(2023, 11, 24), issuer_level=IssuerLevel.CITY,
        )
    )
    cert.refresh_from_db()
    assert cert.expires_at == datetime.date(2026, 11, 24)


def test_producer_tax_code_is_checked_and_normalised():
    producer = Producer(name="HTX Gốm Bát Tràng", slug="htx-gom", legal_type=LegalType.COOPERATIVE, tax_code=" 0300588568 ")
    with pytest.raises(ValidationError) as error:
        producer.full_clean()
    assert "should be 9" in error.value.message_dict["tax_code"][0]
    producer.tax_code = "0300588569"
    producer.full_clean()


def test_changes_mark_search_stale_and_queue_a_refresh_after_commit(product, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    from commerce.search import tasks

    monkeypatch.setattr(tasks.update_products_search_vector_task, "delay", lambda ids: queued.append(ids))
    Product.objects.filter(pk=product.pk).update(search_index_dirty=False)
    with django_capture_on_commit_callbacks(execute=True):
        product.name = "Bình gốm men rạn"
        actions.save_product(product)
    product.refresh_from_db()
    assert product.search_index_dirty
    assert queued == [[product.pk]]


def test_a_rolled_back_change_queues_nothing(product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                actions.save_product(product)
                raise RuntimeError("abort")
    assert callbacks == []


def test_one_transaction_queues_one_refresh(product, vnd_channel, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    from commerce.search import tasks

    monkeypatch.setattr(tasks.update_products_search_vector_task, "delay", lambda ids: queued.append(ids))
    other = Product.objects.create(name="Khăn lụa", slug="khan-lua", product_type=product.product_type)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            actions.save_product(product)
            actions.save_variant(ProductVariant(product=product, sku="V-1"))
            actions.save_product(other)
    assert queued == [sorted([product.pk, other.pk])]


def test_plain_description_is_derived_from_the_rich_text(product):
    product.description = {
        "blocks": [
            {"type": "paragraph", "data": {"text": "Men lam <b>vẽ tay</b> &amp; nung 1.300&nbsp;°C"}},
            {"type": "list", "data": {"items": ["Cao 30 cm", "Miệng 12 cm"]}},
        ]
    }
    product.description_plaintext = "stale text"
    actions.save_product(product)
    product.refresh_from_db()
    assert product.description_plaintext.split("\n") == ["Men lam  vẽ tay  & nung 1.300\xa0°C", "Cao 30 cm", "Miệng 12 cm"]
