"""The demo loader: run twice, it makes one valid, realistic shop and changes
nothing the second time.

Loading takes a while, so the module loads once inside a transaction that is
rolled back at the end; each test runs in a savepoint within it, and nothing the
loader queues (search refresh, thumbnails) is sent, since nothing commits.
"""

import datetime
import hashlib
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from commerce.account.divisions import HANOI, wards
from commerce.channel.models import Channel, ChannelKind
from commerce.core.validators import validate_gtin13, validate_tax_code
from commerce.demo.categories import OCOP_INDUSTRIES, seed_ocop_categories_counted
from commerce.demo.loader import load_demo_data
from commerce.producer.models import CraftVillage, LegalType, Producer
from commerce.product.models import (
    Category,
    CertificationStatus,
    Collection,
    OcopCertification,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductVariant,
    ProductVariantChannelListing,
    score_fits_stars,
)
from commerce.warehouse.models import Stock, WarehouseClickAndCollectOption

CENTRES = {"bat-trang", "van-phuc", "chuyen-my", "phu-nghia", "duyen-thai"}


def table_sizes() -> dict:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"account", "channel", "producer", "product", "warehouse"}
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            first = load_demo_data()
            with connection.cursor() as cursor:  # foreign keys are checked at commit; this never commits
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            sizes = table_sizes()
            second = load_demo_data()
            yield {"first": first, "second": second, "sizes_after_first": sizes}
            transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_a_second_run_writes_nothing_and_duplicates_nothing(demo):
    assert demo["first"].written > 0
    assert demo["second"].written == 0
    assert demo["second"].counts == demo["first"].counts
    assert table_sizes() == demo["sizes_after_first"]


def test_a_second_run_through_the_command_says_so(demo, capsys):
    call_command("load_demo_data", "--no-search-index")

    output = capsys.readouterr().out
    assert f"{Product.objects.count()} products" in output
    assert "0 rows written" in output


def test_the_channels_are_the_web_shop_the_five_centres_a_livestream_and_a_supermarket(demo):
    kinds = Counter(Channel.objects.values_list("kind", flat=True))
    assert kinds[ChannelKind.WEB_SHOP] == 1 and kinds[ChannelKind.LIVESTREAM] == 1
    assert kinds[ChannelKind.SUPERMARKET] == 1
    centres = Channel.objects.filter(kind=ChannelKind.CENTRE)
    assert set(centres.values_list("slug", flat=True)) == CENTRES
    for centre in centres:
        assert centre.currency_code == "VND" and centre.default_country == "VN"
        assert centre.opening_hours and centre.phone and centre.theme != "default"
        address = centre.public_address
        assert address.province_code == HANOI
        assert wards()[address.ward_code].name == address.city
        own = centre.channel_warehouses.order_by("sort_order").first().warehouse
        assert own.click_and_collect_option == WarehouseClickAndCollectOption.LOCAL_STOCK
    bat_trang = Channel.objects.get(slug="bat-trang")
    assert bat_trang.public_address.city == "Xã Bát Tràng"
    web = Channel.objects.get(slug="web-shop")
    assert web.channel_warehouses.order_by("sort_order").first().warehouse.slug == "kho-tong-ha-noi"


def test_villages_have_stories_in_both_languages_and_real_wards(demo):
    villages = CraftVillage.objects.all()
    assert villages.count() >= 10
    for village in villages:
        assert village.story_plaintext and village.ward_code in wards()
        assert wards()[village.ward_code].province_code == HANOI
        english = village.translations.get(language_code="en")
        assert english.name and english.story["blocks"]


def test_there_are_at_least_thirty_producers_of_each_legal_type_with_valid_tax_codes(demo):
    by_type = Counter(Producer.objects.values_list("legal_type", flat=True))
    assert all(by_type[legal_type] >= 30 for legal_type in LegalType.values), by_type
    lengths = Counter()
    for producer in Producer.objects.select_related("address"):
        validate_tax_code(producer.tax_code)
        lengths[len(producer.tax_code)] += 1
        assert producer.phone and producer.email and producer.representative
        assert producer.address.ward_code in wards()
        if len(producer.tax_code) == 12:
            assert producer.legal_type == LegalType.HOUSEHOLD
    assert lengths[10] and lengths[12]


def test_the_six_ocop_industries_and_their_sets_are_categories_with_english_names(demo):
    industries = Category.objects.filter(parent=None, ocop_code__in=[str(n) for n in range(1, 7)])
    assert sorted(industries.values_list("ocop_code", flat=True)) == ["1", "2", "3", "4", "5", "6"]
    for code, slug, name, name_en, *_rest, children in OCOP_INDUSTRIES:
        industry = Category.objects.get(slug=slug)
        assert (industry.name, industry.ocop_code) == (name, code)
        assert industry.translations.get(language_code="en").name == name_en
        assert sorted(c.slug for c in industry.get_children()) == sorted(child[1] for child in children)
    assert Category.objects.get(slug="gom-su").ocop_code == "4.3"


def test_the_category_seed_runs_on_its_own_and_changes_nothing_when_present(demo):
    categories, written = seed_ocop_categories_counted()

    assert written == 0
    assert len(categories) == 6 + sum(len(industry[6]) for industry in OCOP_INDUSTRIES)


def test_there_are_150_products_with_vietnamese_and_english_names_and_descriptions(demo):
    products = Product.objects.prefetch_related("translations")
    assert products.count() >= 150
    for product in products:
        english = {t.language_code: t for t in product.translations.all()}["en"]
        assert product.name and english.name and english.name != product.name
        assert product.description["blocks"][0]["type"] == "paragraph"
        assert product.description["version"] == "2.24.3" and "time" in product.description
        assert product.description_plaintext.startswith(product.name)
        assert english.description["blocks"]
        assert product.producer_id and product.category_id and product.default_variant_id
    assert {p.category.get_root().ocop_code for p in products.select_related("category")} == {"1", "2", "3", "4", "5", "6"}


def test_every_variant_has_a_unique_sku_and_a_valid_vietnamese_gtin(demo):
    variants = ProductVariant.objects.all()
    gtins = [v.gtin for v in variants]
    for gtin in gtins:
        validate_gtin13(gtin)
        assert gtin.startswith("893")
    assert len(set(gtins)) == len(gtins)
    assert variants.filter(sku=None).count() == 0


def test_prices_are_whole_dong_within_a_realistic_range(demo):
    prices = list(ProductVariantChannelListing.objects.values_list("price_amount", "currency"))
    assert prices
    for amount, currency in prices:
        assert currency == "VND"
        assert amount == int(amount) and 45_000 <= amount <= 12_000_000
    for listing in ProductChannelListing.objects.exclude(discounted_price_amount=None)[:50]:
        cheapest = min(
            ProductVariantChannelListing.objects.filter(variant__product=listing.product_id, channel=listing.channel_id)
            .values_list("price_amount", flat=True)
        )
        assert listing.discounted_price_amount == cheapest


def test_products_are_listed_in_the_web_shop_and_the_centre_of_their_craft(demo):
    listed = {(slug, channel) for slug, channel in ProductChannelListing.objects.values_list("product__slug", "channel__slug")}
    assert ("binh-hoa-dang-cao-men-lam-ve-hoa-sen-bat-trang", "bat-trang") in listed
    assert ("binh-hoa-dang-cao-men-lam-ve-hoa-sen-bat-trang", "web-shop") in listed
    silk = Product.objects.filter(category__slug="det-may").values_list("slug", flat=True)
    assert all((slug, "van-phuc") in listed for slug in silk)
    centres_per_product = Counter(
        ProductChannelListing.objects.filter(channel__kind=ChannelKind.CENTRE).values_list("product", flat=True)
    )
    assert max(centres_per_product.values()) >= 2  # some are sold at two centres


def test_some_products_are_hidden_scheduled_or_not_yet_for_sale(demo):
    now = timezone.now()
    web = ProductChannelListing.objects.filter(channel__slug="web-shop")
    on_sale = [listing for listing in web if listing.is_visible(now) and listing.is_available_for_purchase(now)]
    assert len(on_sale) > 0.8 * web.count()
    assert web.filter(is_published=False).exists()
    assert web.filter(is_published=True, published_at__gt=now).exists()
    assert web.filter(is_published=True, published_at__lte=now, available_for_purchase_at__gt=now).exists()


def test_stock_is_in_the_listing_channels_warehouses_and_some_is_sold_out(demo):
    assert Stock.objects.filter(quantity=0).exists()
    assert Stock.objects.filter(quantity__gt=0).count() > Stock.objects.filter(quantity=0).count()
    sold_out = [
        p for p in Product.objects.prefetch_related("variants__stocks")
        if p.variants.first().track_inventory and sum(s.quantity for v in p.variants.all() for s in v.stocks.all()) == 0
    ]
    assert sold_out
    for stock in Stock.objects.select_related("warehouse", "product_variant")[:200]:
        channels = set(stock.warehouse.channels.values_list("pk", flat=True))
        assert channels & set(stock.product_variant.channel_listings.values_list("channel", flat=True))


def test_certifications_fit_their_bands_and_some_expire_soon_or_have_expired(demo):
    certifications = list(OcopCertification.objects.all())
    assert len(certifications) >= 100
    statuses = Counter(c.status() for c in certifications)
    assert statuses[CertificationStatus.EXPIRING_SOON] >= 3
    assert statuses[CertificationStatus.EXPIRED] >= 3
    assert statuses[CertificationStatus.ACTIVE] > statuses[CertificationStatus.EXPIRED]
    stars = Counter(c.stars for c in certifications)
    assert stars[3] and stars[4] and 1 <= stars[5] <= 10
    for certification in certifications:
        assert score_fits_stars(certification.score, certification.stars)
        assert certification.issuer_level == ("national" if certification.stars == 5 else "city")
        assert "/QĐ-" in certification.decision_number
        assert certification.decision_date <= timezone.localdate()
    dates = {c.decision_date for c in certifications}
    assert max(dates) - min(dates) > datetime.timedelta(days=365)


def test_every_product_has_one_generated_picture_stored_by_its_hash(demo):
    media = ProductMedia.objects.all()
    assert media.count() == Product.objects.count()
    for item in media[:20]:
        assert (item.width, item.height) == (1200, 1200)
        with item.image.open("rb") as file:
            assert hashlib.sha256(file.read()).hexdigest() == item.content_hash
        assert item.content_hash[:12] in item.image.name


def test_collections_have_products_and_are_published(demo):
    five_stars = Collection.objects.get(slug="ocop-5-sao")
    assert five_stars.products.exists()
    assert all(p.ocop_certifications.filter(stars=5).exists() for p in five_stars.products.all())
    tet = Collection.objects.get(slug="qua-tang-tet")
    assert tet.translations.get(language_code="en").name == "Tết gifts"
    assert tet.products.count() >= 10
    assert tet.channel_listings.filter(channel__slug="web-shop", is_published=True).exists()


def test_the_products_are_indexed_for_search(demo):
    from commerce.search import search_products

    assert not Product.objects.filter(search_index_dirty=True).exists()
    found = list(search_products(Product.objects.all(), "gom bat trang"))
    assert found and all(p.category.slug == "gom-su" or "Bát Tràng" in p.name for p in found[:10])
