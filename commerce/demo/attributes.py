"""Attributes and product types for the demo catalogue, covering every input type a
storefront filter or a product page has to handle: dropdown, multiselect, numeric,
boolean and rich text.

Numeric values are shared rows named by the number ("500" ml), boolean attributes
have a yes and a no row, rich-text values are one per product (see catalogue.py).
"""

from dataclasses import dataclass

from django.db import transaction

from commerce.product.models import (
    Attribute,
    AttributeInputType,
    AttributeProduct,
    AttributeTranslation,
    AttributeValue,
    AttributeValueTranslation,
    AttributeVariant,
    ProductType,
)

from .upsert import Upsert

# slug: (name, English name, input type, unit, [(value slug, name, English name, swatch/number)])
ATTRIBUTES = {
    "chat-lieu": ("Chất liệu", "Material", AttributeInputType.DROPDOWN, None, [
        ("gom-su", "Gốm sứ", "Ceramic", ""),
        ("lua-to-tam", "Lụa tơ tằm", "Mulberry silk", ""),
        ("vo-trai-go", "Vỏ trai trên gỗ", "Mother-of-pearl on wood", ""),
        ("may", "Mây", "Rattan", ""),
        ("tre-giang", "Tre, giang", "Bamboo", ""),
        ("coi", "Cói", "Sedge", ""),
        ("son-ta", "Sơn ta", "Natural lacquer", ""),
        ("go-mit", "Gỗ mít", "Jackfruit wood", ""),
        ("la-co", "Lá cọ", "Palm leaf", ""),
        ("tram-que", "Trầm, quế", "Agarwood and cinnamon", ""),
    ]),
    "mau-men": ("Màu men", "Glaze colour", AttributeInputType.DROPDOWN, None, [
        ("men-lam", "Men lam", "Cobalt blue", "#1f4e9c"),
        ("men-ran", "Men rạn", "Crackle", "#d8cfb8"),
        ("men-ngoc", "Men ngọc", "Celadon", "#8fbfa4"),
        ("men-nau", "Men nâu", "Brown", "#6b3f22"),
        ("men-hoa-bien", "Men hỏa biến", "Flambé", "#a23b2a"),
    ]),
    "mau-sac": ("Màu sắc", "Colour", AttributeInputType.DROPDOWN, None, [
        ("do-do", "Đỏ đô", "Burgundy", "#7b1e2b"),
        ("xanh-ngoc", "Xanh ngọc", "Jade green", "#2f8f83"),
        ("vang-nghe", "Vàng nghệ", "Turmeric yellow", "#d9a21b"),
        ("tim-than", "Tím than", "Navy purple", "#2e2a4f"),
        ("trang-nga", "Trắng ngà", "Ivory", "#efe6d2"),
    ]),
    "kich-thuoc": ("Kích thước", "Size", AttributeInputType.DROPDOWN, None, [
        ("nho", "Nhỏ", "Small", ""),
        ("vua", "Vừa", "Medium", ""),
        ("lon", "Lớn", "Large", ""),
    ]),
    "hoa-van": ("Họa tiết", "Motif", AttributeInputType.MULTISELECT, None, [
        ("hoa-sen", "Hoa sen", "Lotus", ""),
        ("rong-phuong", "Rồng phượng", "Dragon and phoenix", ""),
        ("tu-quy", "Tứ quý", "Four seasons", ""),
        ("chim-hac", "Chim hạc", "Crane", ""),
        ("phong-canh", "Phong cảnh", "Landscape", ""),
        ("hinh-hoc", "Hình học", "Geometric", ""),
        ("chu-tho", "Chữ Thọ", "Longevity character", ""),
    ]),
    "dung-tich": ("Dung tích", "Volume", AttributeInputType.NUMERIC, "ml", []),
    "trong-luong": ("Trọng lượng", "Net weight", AttributeInputType.NUMERIC, "g", []),
    "thu-cong": ("Làm thủ công", "Handmade", AttributeInputType.BOOLEAN, None, []),
    "huong-dan-bao-quan": ("Hướng dẫn bảo quản", "Care instructions", AttributeInputType.RICH_TEXT, None, []),
}
VARIANT_ONLY = {"mau-sac", "kich-thuoc", "dung-tich", "trong-luong"}
BOOLEAN_NAMES = {True: ("Có", "Yes"), False: ("Không", "No")}


@dataclass(frozen=True)
class ProductTypeSeed:
    slug: str
    name: str
    product_attributes: tuple
    variant_attributes: tuple  # the first one selects the variant on the product page
    is_shipping_required: bool = True
    weight: str | None = None


PRODUCT_TYPES = [
    ProductTypeSeed("gom-su", "Gốm sứ", ("chat-lieu", "mau-men", "hoa-van", "thu-cong", "huong-dan-bao-quan"),
                    ("kich-thuoc",), weight="1.5"),
    ProductTypeSeed("det-may", "Lụa và dệt may", ("chat-lieu", "hoa-van", "thu-cong", "huong-dan-bao-quan"),
                    ("mau-sac",), weight="0.2"),
    ProductTypeSeed("thu-cong-my-nghe", "Đồ thủ công mỹ nghệ", ("chat-lieu", "hoa-van", "thu-cong", "huong-dan-bao-quan"),
                    ("kich-thuoc",), weight="1.0"),
    ProductTypeSeed("huong", "Hương", ("chat-lieu", "thu-cong", "huong-dan-bao-quan"), ("trong-luong",), weight="0.3"),
    ProductTypeSeed("thuc-pham", "Thực phẩm đóng gói", ("thu-cong", "huong-dan-bao-quan"), ("trong-luong",), weight="0.5"),
    ProductTypeSeed("do-uong", "Đồ uống", ("thu-cong", "huong-dan-bao-quan"), ("dung-tich",), weight="1.0"),
    ProductTypeSeed("thao-duoc", "Thảo dược và mỹ phẩm", ("thu-cong", "huong-dan-bao-quan"), ("dung-tich",), weight="0.3"),
    ProductTypeSeed("cay-hoa", "Hoa và cây cảnh", ("huong-dan-bao-quan",), ("kich-thuoc",), weight="3.0"),
    ProductTypeSeed("trai-nghiem", "Trải nghiệm du lịch", (), (), is_shipping_required=False),
]


def number_slug(number) -> str:
    return str(int(number))


@transaction.atomic
def seed_attributes() -> tuple[dict[str, Attribute], dict[str, ProductType], int]:
    """Create or update attributes, their fixed values (with English names) and product types."""
    attributes = Upsert(Attribute, ["slug"])
    attribute_names = Upsert(AttributeTranslation, ["attribute", "language_code"])
    values = Upsert(AttributeValue, ["attribute", "slug"])
    value_names = Upsert(AttributeValueTranslation, ["attribute_value", "language_code"])
    by_slug = {}
    for position, (slug, (name, name_en, input_type, unit, choices)) in enumerate(ATTRIBUTES.items()):
        attribute = attributes(
            slug, name=name, input_type=input_type, unit=unit, is_variant_only=slug in VARIANT_ONLY,
            filterable_in_storefront=input_type != AttributeInputType.RICH_TEXT,
            storefront_search_position=position,
        )
        attribute_names((attribute, "en"), name=name_en)
        by_slug[slug] = attribute
        for order, (value_slug, value_name, value_en, swatch) in enumerate(choices):
            value = values((attribute, value_slug), name=value_name, value=swatch, sort_order=order)
            value_names((value, "en"), name=value_en)
        if input_type == AttributeInputType.BOOLEAN:
            for flag, (value_name, value_en) in BOOLEAN_NAMES.items():
                value = values((attribute, f"{slug}_{str(flag).lower()}"), name=value_name, boolean=flag,
                               sort_order=0 if flag else 1)
                value_names((value, "en"), name=value_en)

    types = Upsert(ProductType, ["slug"])
    product_links = Upsert(AttributeProduct, ["attribute", "product_type"])
    variant_links = Upsert(AttributeVariant, ["attribute", "product_type"])
    product_types = {}
    for seed in PRODUCT_TYPES:
        product_type = types(
            seed.slug, name=seed.name, has_variants=bool(seed.variant_attributes),
            is_shipping_required=seed.is_shipping_required, weight=seed.weight,
        )
        product_types[seed.slug] = product_type
        for order, attr in enumerate(seed.product_attributes):
            product_links((by_slug[attr], product_type), sort_order=order)
        for order, attr in enumerate(seed.variant_attributes):
            variant_links((by_slug[attr], product_type), sort_order=order, variant_selection=order == 0)
    tables = (attributes, attribute_names, values, value_names, types, product_links, variant_links)
    return by_slug, product_types, sum(t.changes for t in tables)


def numeric_value(attribute: Attribute, number, values: Upsert) -> AttributeValue:
    """The shared value row for a number in the attribute's unit ("500" for 500 ml).

    Numbers read the same in every language, so they have no translation rows.
    """
    slug = number_slug(number)
    return values((attribute, slug), name=slug, value=slug, sort_order=int(number))
