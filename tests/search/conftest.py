"""A small catalogue of real-looking OCOP products, built through product.actions,
a helper that indexes them the way the Celery task would, and two channels."""

import itertools

import pytest

from commerce.producer.models import CraftVillage, CraftVillageTranslation, LegalType, Producer
from commerce.product import actions
from commerce.product.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    Attribute,
    AttributeValue,
    AttributeValueTranslation,
    Category,
    Product,
    ProductTranslation,
    ProductType,
    ProductVariant,
)
from commerce.search import search_products
from commerce.search.indexing import update_products_search_vector
from tests import factories

_serial = itertools.count(1)


@pytest.fixture
def make_product(db):
    """`make_product("Bình gốm", sku=..., producer=..., village=..., attributes=[...],
    variant_attributes=[...], english="Blue vase", description="...")` → a saved
    product with one variant."""
    product_type = ProductType.objects.create(name="Hàng thủ công", slug="hang-thu-cong")

    def make(name, *, description="", sku=None, gtin_code=None, producer=None, village=None,
             category=None, attributes=(), variant_attributes=(), english=None, english_description=None):
        n = next(_serial)
        product = actions.save_product(
            Product(
                name=name,
                slug=f"p-{n}",
                product_type=product_type,
                description_plaintext=description,
                producer=producer,
                craft_village=village,
                category=category,
            )
        )
        variant = actions.save_variant(ProductVariant(product=product, sku=sku or f"SKU-{n}", gtin=gtin_code))
        for value in variant_attributes:
            AssignedVariantAttributeValue.objects.create(variant=variant, value=value)
        for value in attributes:
            AssignedProductAttributeValue.objects.create(product=product, value=value)
        if english or english_description:
            ProductTranslation.objects.create(
                product=product,
                language_code="en",
                name=english,
                description=_editorjs(english_description) if english_description else None,
            )
        return product

    return make


def _editorjs(text):
    return {"blocks": [{"type": "paragraph", "data": {"text": f"<b>{text}</b>"}}]}


@pytest.fixture
def attribute_value(db):
    def make(attribute_name, value_name, english=None):
        attribute, _ = Attribute.objects.get_or_create(slug=f"a-{attribute_name}", defaults={"name": attribute_name})
        value = AttributeValue.objects.create(attribute=attribute, name=value_name, slug=f"v-{next(_serial)}")
        if english:
            AttributeValueTranslation.objects.create(attribute_value=value, language_code="en", name=english)
        return value

    return make


@pytest.fixture
def bat_trang(db):
    village = CraftVillage.objects.create(
        name="Làng gốm Bát Tràng", slug="bat-trang", craft="Gốm sứ", place="Bát Tràng, Gia Lâm"
    )
    CraftVillageTranslation.objects.create(craft_village=village, language_code="en", name="Bat Trang pottery village")
    return village


@pytest.fixture
def dong_ho(db):
    return CraftVillage.objects.create(name="Làng tranh Đông Hồ", slug="dong-ho", craft="Tranh dân gian")


@pytest.fixture
def potter(db, bat_trang):
    return Producer.objects.create(
        name="Hợp tác xã Gốm sứ Quang Vinh",
        slug="htx-quang-vinh",
        legal_type=LegalType.COOPERATIVE,
        craft_village=bat_trang,
    )


@pytest.fixture
def ceramics(db):
    industry = Category.objects.create(name="Thủ công mỹ nghệ", slug="thu-cong-my-nghe", ocop_code="4")
    return Category.objects.create(name="Đồ gốm sứ", slug="do-gom-su", parent=industry, ocop_code="4.1")


@pytest.fixture
def search():
    """Search all products, returning names best first."""

    def run(query, queryset=None):
        return [p.name for p in search_products(queryset or Product.objects.all(), query)]

    return run


@pytest.fixture
def reindex(db):
    """Index every product now, as the Celery task would after commit (tests run
    inside a transaction that never commits, so on_commit hooks do not fire)."""

    def run():
        return update_products_search_vector(Product.objects.values_list("pk", flat=True))

    return run


@pytest.fixture
def web(db):
    """The national web shop's channel."""
    return factories.make_channel("web-shop")


@pytest.fixture
def market(db):
    """A second channel (a livestream market)."""
    return factories.make_channel("phien-cho")
