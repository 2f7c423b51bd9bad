"""What a product shows: prices, images, translations, attributes, OCOP data."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from commerce.product.models import (
    AssignedProductAttributeValue,
    Attribute,
    AttributeProduct,
    AttributeValue,
    AttributeValueTranslation,
    ProductTranslation,
    ProductVariantChannelListing,
    Thumbnail,
)
from commerce.graphql.core.ids import to_global_id
from tests import factories
from tests.graphql.conftest import permission_error


def product_query(fields, slug="p"):
    return f'{{ product(slug: "{slug}", channel: "web-shop") {{ {fields} }} }}'


def test_price_range_in_vnd_is_a_whole_number(api, channel):
    product = factories.make_product(slug="p", channels=[channel], price=125000)
    cheaper = factories.make_variant(product, channels=[channel], price=99000)
    ProductVariantChannelListing.objects.filter(variant=cheaper).update(price_amount=Decimal("99000.4"))
    data = api.data(product_query("""
        pricing {
          onSale displayGrossPrices priceRangeLocalCurrency { start { gross { amount } } }
          priceRange { start { currency gross { amount currency fractionalAmount fractionDigits } net { amount } tax { amount } }
                       stop { gross { amount } } }
          priceRangeUndiscounted { start { gross { amount } } stop { gross { amount } } }
        }
    """))["product"]["pricing"]
    assert data["priceRange"]["start"]["gross"] == {
        "amount": 99000.0, "currency": "VND", "fractionalAmount": 99000, "fractionDigits": 0,
    }
    assert data["priceRange"]["start"]["net"] == {"amount": 99000.0}
    assert data["priceRange"]["start"]["tax"] == {"amount": 0.0}
    assert data["priceRange"]["stop"]["gross"]["amount"] == 125000.0
    assert data["onSale"] is False and data["displayGrossPrices"] is True
    assert data["priceRangeLocalCurrency"] is None


def test_discounted_price_shows_discount_and_on_sale(api, channel):
    product = factories.make_product(slug="p", channels=[channel], price=200000)
    listing = ProductVariantChannelListing.objects.get(variant__product=product)
    listing.discounted_price_amount = Decimal(150000)
    listing.prior_price_amount = Decimal(220000)
    listing.save()
    data = api.data(product_query("""
        pricing { onSale discount { gross { amount } } discountPrior { gross { amount } }
                  priceRange { start { gross { amount } } } priceRangeUndiscounted { start { gross { amount } } }
                  priceRangePrior { start { gross { amount } } } }
        variants { pricing { onSale price { gross { amount } } priceUndiscounted { gross { amount } }
                             pricePrior { gross { amount } } discount { gross { amount } } } }
    """))["product"]
    assert data["pricing"] == {
        "onSale": True,
        "discount": {"gross": {"amount": 50000.0}},
        "discountPrior": {"gross": {"amount": 70000.0}},
        "priceRange": {"start": {"gross": {"amount": 150000.0}}},
        "priceRangeUndiscounted": {"start": {"gross": {"amount": 200000.0}}},
        "priceRangePrior": {"start": {"gross": {"amount": 220000.0}}},
    }
    assert data["variants"][0]["pricing"] == {
        "onSale": True,
        "price": {"gross": {"amount": 150000.0}},
        "priceUndiscounted": {"gross": {"amount": 200000.0}},
        "pricePrior": {"gross": {"amount": 220000.0}},
        "discount": {"gross": {"amount": 50000.0}},
    }


def test_pricing_is_null_without_a_channel(api, channel):
    factories.make_product(slug="p", channels=[channel])
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    data = api.data('{ product(slug: "p") { channel pricing { onSale } isAvailableForPurchase variants { pricing { onSale } } } }')
    assert data["product"] == {
        "channel": None, "pricing": None, "isAvailableForPurchase": None, "variants": [{"pricing": None}],
    }


def test_availability_for_purchase(api, channel):
    later = timezone.now() + datetime.timedelta(days=2)
    factories.make_product(slug="p", channels=[channel], listing={"available_at": later})
    data = api.data(product_query("isAvailableForPurchase availableForPurchaseAt isAvailable"))["product"]
    assert data["isAvailableForPurchase"] is False
    assert datetime.datetime.fromisoformat(data["availableForPurchaseAt"]) == later
    assert data["isAvailable"] is False
    factories.make_product(slug="never", channels=[channel], listing={"available_at": None})
    assert api.data(product_query("isAvailableForPurchase", "never"))["product"]["isAvailableForPurchase"] is False


def test_is_available_needs_stock_and_publication(api, channel):
    factories.make_product(slug="p", channels=[channel], stock=0)
    factories.make_product(slug="q", channels=[channel], stock=3)
    factories.make_product(slug="draft", channels=[channel], stock=3, listing={"published": False})
    assert api.data(product_query("isAvailable", "p"))["product"]["isAvailable"] is False
    assert api.data(product_query("isAvailable", "q"))["product"]["isAvailable"] is True
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    assert api.data(product_query("isAvailable", "draft"))["product"]["isAvailable"] is False


def test_quantity_available_is_capped_per_checkout(api, channel, settings):
    product = factories.make_product(slug="p", channels=[channel], stock=500)
    factories.make_variant(product, channels=[channel], stock=3)
    untracked = factories.make_variant(product, channels=[channel], stock=0, track_inventory=False)
    quantities = {
        v["sku"]: v["quantityAvailable"]
        for v in api.data(product_query("variants { sku quantityAvailable(countryCode: VN) }"))["product"]["variants"]
    }
    assert sorted(quantities.values()) == [3, 50, 50]
    assert quantities[untracked.sku] == 50
    settings.LIMIT_QUANTITY_PER_CHECKOUT = None
    quantities = [v["quantityAvailable"] for v in api.data(product_query("variants { quantityAvailable }"))["product"]["variants"]]
    assert sorted(quantities, key=lambda q: (q is None, q)) == [3, 500, None]


def test_quantity_available_subtracts_allocations_and_ignores_other_channels(api, channel):
    from commerce.warehouse.models import Stock

    product = factories.make_product(slug="p", channels=[channel], stock=5)
    variant = product.variants.get()
    Stock.objects.filter(product_variant=variant).update(quantity_allocated=2)
    elsewhere = factories.make_warehouse("kho-khac")
    Stock.objects.create(warehouse=elsewhere, product_variant=variant, quantity=40)
    data = api.data(product_query("variants { quantityAvailable }"))["product"]
    assert data["variants"][0]["quantityAvailable"] == 3


def test_thumbnail_existing_and_missing(api, channel, media_root):
    product = factories.make_product(slug="p", channels=[channel])
    first = factories.make_media(product, alt="Bình gốm", sort_order=0)
    factories.make_media(product, alt="Mặt sau", sort_order=1)
    media_id = to_global_id("ProductMedia", first.pk)
    data = api.data(product_query("thumbnail(size: 200, format: WEBP) { url alt }"))["product"]["thumbnail"]
    assert data == {"url": f"http://testserver/thumbnail/{media_id}/256/webp/", "alt": "Bình gốm"}
    thumbnail = Thumbnail(product_media=first, size=256, format="webp")
    thumbnail.image.save("binh-256.webp", ContentFile(factories.png_bytes()), save=True)
    data = api.data(product_query("thumbnail(size: 256, format: WEBP) { url }"))["product"]["thumbnail"]
    assert data["url"] == f"http://testserver/media/{thumbnail.image.name}"
    # No format: the original format; no size: the largest size.
    data = api.data(product_query("thumbnail { url }"))["product"]["thumbnail"]
    assert data["url"] == f"http://testserver/thumbnail/{media_id}/4096/original/"


def test_product_without_media_has_no_thumbnail(api, channel):
    factories.make_product(slug="p", channels=[channel])
    assert api.data(product_query("thumbnail { url } media { url }"))["product"] == {"thumbnail": None, "media": []}


def test_media_urls_and_types(api, channel, media_root):
    product = factories.make_product(slug="p", channels=[channel])
    image = factories.make_media(product, sort_order=0)
    factories.make_media(
        product, sort_order=1, type="VIDEO", external_url="https://youtu.be/gom", oembed_data={"title": "Làm gốm"}
    )
    media = api.data(product_query("media { id alt type sortOrder oembedData productId original: url(size: 0) small: url(size: 100) }"))
    first, video = media["product"]["media"]
    assert first["type"] == "IMAGE" and first["sortOrder"] == 0
    assert first["original"] == f"http://testserver/media/{image.image.name}"
    assert first["small"].endswith("/128/original/")
    assert first["productId"] == to_global_id("Product", product.pk)
    assert video["type"] == "VIDEO" and video["original"] == "https://youtu.be/gom"
    assert json.loads(video["oembedData"]) == {"title": "Làm gốm"}


def test_translation_present_and_missing(api, channel):
    product = factories.make_product(slug="p", channels=[channel], name="Bình gốm men lam")
    ProductTranslation.objects.create(product=product, language_code="en", name="Blue-glazed vase", seo_title="Vase")
    data = api.data(product_query("""
        name
        en: translation(languageCode: EN) { id name seoTitle description language { code language } }
        fr: translation(languageCode: FR) { name }
    """))["product"]
    assert data["name"] == "Bình gốm men lam"
    assert data["en"]["name"] == "Blue-glazed vase" and data["en"]["seoTitle"] == "Vase"
    assert data["en"]["language"] == {"code": "EN", "language": "English"}
    assert data["en"]["id"] == to_global_id("ProductTranslation", product.translations.get().pk)
    assert data["fr"] is None


def test_attributes_hide_those_not_visible_in_storefront(api, channel):
    product = factories.make_product(slug="p", channels=[channel])
    material = Attribute.objects.create(slug="chat-lieu", name="Chất liệu")
    internal = Attribute.objects.create(slug="ma-noi-bo", name="Mã nội bộ", visible_in_storefront=False)
    AttributeProduct.objects.create(attribute=material, product_type=product.product_type, sort_order=0)
    AttributeProduct.objects.create(attribute=internal, product_type=product.product_type, sort_order=1)
    clay = AttributeValue.objects.create(attribute=material, name="Đất sét", slug="dat-set", sort_order=0)
    AttributeValueTranslation.objects.create(attribute_value=clay, language_code="en", name="Clay")
    secret = AttributeValue.objects.create(attribute=internal, name="X-1", slug="x-1")
    AssignedProductAttributeValue.objects.create(product=product, value=clay)
    AssignedProductAttributeValue.objects.create(product=product, value=secret)
    fields = """
      attributes { attribute { slug name inputType } values { name slug inputType translation(languageCode: EN) { name } } }
      attribute(slug: "chat-lieu") { values { name } }
    """
    data = api.data(product_query(fields))["product"]
    assert data["attributes"] == [
        {
            "attribute": {"slug": "chat-lieu", "name": "Chất liệu", "inputType": "DROPDOWN"},
            "values": [{"name": "Đất sét", "slug": "dat-set", "inputType": "DROPDOWN", "translation": {"name": "Clay"}}],
        }
    ]
    assert data["attribute"] == {"values": [{"name": "Đất sét"}]}
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    data = api.data(product_query(fields))["product"]
    assert [a["attribute"]["slug"] for a in data["attributes"]] == ["chat-lieu", "ma-noi-bo"]


def test_current_ocop_certification(api, channel):
    product = factories.make_product(slug="p", channels=[channel])
    today = timezone.localdate()
    factories.certify(product, 5, decision_date=today - datetime.timedelta(days=365 * 4))  # expired
    factories.certify(product, 3, decision_date=today - datetime.timedelta(days=400))
    four = factories.certify(product, 4, decision_date=today - datetime.timedelta(days=100))
    data = api.data(product_query("""
        ocopCertification { id stars score decisionNumber decisionDate issuerLevel expiresAt status }
        ocopCertifications { stars status }
    """))["product"]
    assert data["ocopCertification"] == {
        "id": to_global_id("OcopCertification", four.pk),
        "stars": 4,
        "score": 80.0,
        "decisionNumber": four.decision_number,
        "decisionDate": four.decision_date.isoformat(),
        "issuerLevel": "CITY",
        "expiresAt": four.expires_at.isoformat(),
        "status": "ACTIVE",
    }
    assert [c["status"] for c in data["ocopCertifications"]] == ["ACTIVE", "ACTIVE", "EXPIRED"]


def test_expired_certificate_is_shown_when_nothing_is_current(api, channel):
    product = factories.make_product(slug="p", channels=[channel])
    factories.certify(product, 5, decision_date=timezone.localdate() - datetime.timedelta(days=365 * 4))
    data = api.data(product_query("ocopCertification { stars status issuerLevel }"))["product"]
    assert data["ocopCertification"] == {"stars": 5, "status": "EXPIRED", "issuerLevel": "NATIONAL"}
    factories.make_product(slug="none", channels=[channel])
    assert api.data(product_query("ocopCertification { stars }", "none"))["product"]["ocopCertification"] is None


def test_producer_and_craft_village(api, channel):
    village = factories.make_village("Làng lụa Vạn Phúc", slug="van-phuc", craft="Dệt lụa")
    producer = factories.make_producer(
        "HTX Lụa Vạn Phúc", slug="lua-van-phuc", craft_village=village, tax_code="0100109106",
        address=factories.make_address(legacy_district="Hà Đông"),
    )
    factories.make_product(slug="p", channels=[channel], producer=producer)
    query = product_query("""
        producer { id name slug legalType address { countryArea legacyDistrict } craftVillage { slug craft } }
        craftVillage { slug name }
    """)
    data = api.data(query)["product"]
    assert data["producer"]["legalType"] == "COOPERATIVE"
    assert data["producer"]["address"] == {"countryArea": "Thành phố Hà Nội", "legacyDistrict": "Hà Đông"}
    assert data["craftVillage"] == {"slug": "van-phuc", "name": "Làng lụa Vạn Phúc"}
    tax = product_query("producer { taxCode }")
    assert permission_error(api.post(tax)["errors"])["path"] == ["product", "producer", "taxCode"]
    api.login(factories.make_staff())
    assert api.data(tax)["product"]["producer"]["taxCode"] == "0100109106"


def test_metadata_public_and_private(api, channel):
    factories.make_product(slug="p", channels=[channel], metadata={"mau": "lam"}, private_metadata={"gia-von": "1"})
    data = api.data(product_query('metadata { key value } metafield(key: "mau") metafields(keys: ["mau", "x"])'))
    assert data["product"] == {"metadata": [{"key": "mau", "value": "lam"}], "metafield": "lam", "metafields": {"mau": "lam"}}
    assert permission_error(api.post(product_query("privateMetadata { key }"))["errors"])
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    assert api.data(product_query('privateMetafield(key: "gia-von")'))["product"]["privateMetafield"] == "1"


def test_channel_listings_and_cost_price_are_for_staff(api, channel):
    product = factories.make_product(slug="p", channels=[channel])
    ProductVariantChannelListing.objects.filter(variant__product=product).update(cost_price_amount=Decimal(80000))
    query = product_query("""
        channelListings { channel { slug } isPublished visibleInListings discountedPrice { amount } }
        variants { channelListings { price { amount } costPrice { amount currency } } }
    """)
    errors = api.post(query)["errors"]
    assert {tuple(e["path"][:2]) for e in errors} >= {("product", "channelListings")}
    assert any(e["path"][-1] == "channelListings" and "variants" in e["path"] for e in errors)
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    data = api.data(query)["product"]
    assert data["channelListings"] == [
        {"channel": {"slug": "web-shop"}, "isPublished": True, "visibleInListings": True, "discountedPrice": {"amount": 125000.0}}
    ]
    assert data["variants"][0]["channelListings"][0]["costPrice"] == {"amount": 80000.0, "currency": "VND"}


def test_product_type_category_and_collections(api, channel):
    parent = factories.make_category("Thủ công mỹ nghệ", slug="thu-cong")
    child = factories.make_category("Gốm sứ", slug="gom-su", parent=parent)
    product = factories.make_product(slug="p", channels=[channel], category=child, weight=Decimal("1.25"))
    factories.make_collection("Quà Tết", slug="qua-tet", channels=[channel], products=[product])
    factories.make_collection("Ẩn", slug="an", channels=[channel], published=False, products=[product])
    data = api.data(product_query("""
        weight { unit value } productType { name kind hasVariants isShippingRequired }
        category { slug level parent { slug } } collections { slug channel }
    """))["product"]
    assert data["weight"] == {"unit": "KG", "value": 1.25}
    assert data["productType"]["kind"] == "NORMAL"
    assert data["category"] == {"slug": "gom-su", "level": 1, "parent": {"slug": "thu-cong"}}
    assert data["collections"] == [{"slug": "qua-tet", "channel": "web-shop"}]


@pytest.mark.parametrize("language", ["EN", "VI"])
def test_variant_translation(api, channel, language):
    from commerce.product.models import ProductVariantTranslation

    product = factories.make_product(slug="p", channels=[channel])
    ProductVariantTranslation.objects.create(product_variant=product.variants.get(), language_code="en", name="Large")
    data = api.data(product_query(f"variants {{ translation(languageCode: {language}) {{ name }} }}"))
    expected = {"name": "Large"} if language == "EN" else None
    assert data["product"]["variants"][0]["translation"] == expected


def test_video_without_preview_is_not_a_thumbnail(api, channel):
    product = factories.make_product(slug="p", channels=[channel])
    factories.make_media(product, type="VIDEO", external_url="https://youtu.be/gom", sort_order=0)
    assert api.data(product_query("thumbnail { url }"))["product"]["thumbnail"] is None
    factories.make_product(slug="q", channels=[channel])
    preview = {"thumbnail_url": "https://i.ytimg.com/gom.jpg", "title": "Làm gốm"}
    factories.make_media(
        product.__class__.objects.get(slug="q"), type="VIDEO", external_url="https://youtu.be/x", oembed_data=preview
    )
    thumbnail = api.data(product_query("thumbnail { url alt }", "q"))["product"]["thumbnail"]
    assert thumbnail == {"url": "https://i.ytimg.com/gom.jpg", "alt": "Làm gốm"}


def test_attribute_units_use_saleor_names(api, channel):
    product = factories.make_product(slug="p", channels=[channel])
    volume = Attribute.objects.create(slug="dung-tich", name="Dung tích", input_type="numeric", unit="ml")
    weight = Attribute.objects.create(slug="trong-luong", name="Trọng lượng", input_type="numeric", unit="g")
    for position, attribute in enumerate((volume, weight)):
        AttributeProduct.objects.create(attribute=attribute, product_type=product.product_type, sort_order=position)
    data = api.data(product_query("productType { productAttributes { slug unit withChoices } }"))
    assert data["product"]["productType"]["productAttributes"] == [
        {"slug": "dung-tich", "unit": "CUBIC_CENTIMETER", "withChoices": False},
        {"slug": "trong-luong", "unit": "G", "withChoices": False},
    ]


def test_proxy_thumbnail_url_makes_the_thumbnail(api, client, channel, media_root):
    product = factories.make_product(slug="p", channels=[channel])
    media = factories.make_media(product)
    url = api.data(product_query("thumbnail(size: 64, format: WEBP) { url }"))["product"]["thumbnail"]["url"]
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 302
    thumbnail = Thumbnail.objects.get(product_media=media, size=64, format="webp")
    assert response["Location"].endswith(thumbnail.image.name)
    again = api.data(product_query("thumbnail(size: 64, format: WEBP) { url }"))["product"]["thumbnail"]["url"]
    assert again == f"http://testserver/media/{thumbnail.image.name}"
