"""Turns the product families of catalogue_data.py into product specs: names in
Vietnamese and English, SKUs, variants with prices and weights, and the
decisions that make a demo shop interesting (which channels list a product,
which are hidden or not yet on sale, which are out of stock, which certificates
are about to expire or already have).

Every decision is a function of the product's number, so the same code makes the
same catalogue on every run.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from commerce.product.models import CERTIFICATE_VALIDITY_MONTHS, add_months

from .catalogue_data import COLOURS, FAMILIES, SIZE_STEPS, Family, Item, Style
from .text import ascii_slug

MIN_PRICE, MAX_PRICE = 45_000, 12_000_000
COLOUR_CODES = {"do-do": "DD", "xanh-ngoc": "XN", "vang-nghe": "VN", "tim-than": "TT", "trang-nga": "TN"}
COLOUR_NAMES = {"do-do": ("Đỏ đô", "Burgundy"), "xanh-ngoc": ("Xanh ngọc", "Jade green"),
                "vang-nghe": ("Vàng nghệ", "Turmeric yellow"), "tim-than": ("Tím than", "Navy purple"),
                "trang-nga": ("Trắng ngà", "Ivory")}
# Which centre sells a village's goods.
VILLAGE_CENTRE = {"bat-trang": "bat-trang", "van-phuc": "van-phuc", "chuyen-my": "chuyen-my",
                  "phu-vinh": "phu-nghia", "ha-thai": "duyen-thai"}


@dataclass(frozen=True)
class VariantSpec:
    sku: str
    name: str
    name_en: str
    price: int
    weight: Decimal | None
    attribute: str | None = None  # variant-selection attribute slug
    value: str | int | None = None  # its value slug, or a number for numeric attributes
    position: int = 0


@dataclass(frozen=True)
class ProductSpec:
    number: int  # 1-based, stable: everything else derives from it
    family: Family
    item: Item
    style: Style | None
    index_in_family: int
    name: str
    name_en: str
    variants: tuple = field(default=())

    @property
    def slug(self) -> str:
        return ascii_slug(self.name)

    @property
    def category(self) -> str:
        return self.item.category or self.family.category

    @property
    def village(self) -> str | None:
        return self.item.village or self.family.village

    @property
    def shape(self) -> str:
        return self.item.shape or self.family.shape

    @property
    def material(self) -> str | None:
        return self.item.material or self.family.material

    @property
    def weight(self) -> Decimal | None:
        return Decimal(str(self.item.weight)) if self.item.weight else None


def round_price(amount: float) -> int:
    """Shop prices end in round thousands: 5.000 steps under 100.000 ₫, 10.000 above."""
    step = 5_000 if amount < 100_000 else 10_000
    return int(min(MAX_PRICE, max(MIN_PRICE, round(amount / step) * step)))


def _pack_label(amount: int, unit: str) -> tuple[str, str]:
    if amount >= 1000:
        big = f"{amount / 1000:g}"
        return (f"{big.replace('.', ',')} {'kg' if unit == 'g' else 'lít'}", f"{big} {'kg' if unit == 'g' else 'l'}")
    return f"{amount} {unit}", f"{amount} {unit}"


def variant_specs(family: Family, item: Item, style_factor: float, number: int, sku_base: str) -> tuple:
    kind = family.variants if (family.variants not in ("weight", "volume") or item.packs) else "single"
    if kind == "size":
        steps = SIZE_STEPS[:2] if number % 3 == 0 or item.weight >= 10 else SIZE_STEPS
        return tuple(
            VariantSpec(f"{sku_base}-{code}", name, name_en, round_price(item.price * mult * style_factor),
                        Decimal(str(round(item.weight * mult ** 0.8, 3))), "kich-thuoc", slug, i)
            for i, (slug, name, name_en, code, mult) in enumerate(steps)
        )
    if kind == "colour":
        colours = [COLOURS[(number + k) % len(COLOURS)] for k in range(3)]
        return tuple(
            VariantSpec(f"{sku_base}-{COLOUR_CODES[c]}", *COLOUR_NAMES[c], round_price(item.price * style_factor),
                        Decimal(str(item.weight)), "mau-sac", c, i)
            for i, c in enumerate(colours)
        )
    if kind in ("weight", "volume"):
        unit, attribute = ("g", "trong-luong") if kind == "weight" else ("ml", "dung-tich")
        first = item.packs[0]
        specs = []
        for i, pack in enumerate(item.packs):
            price = round_price(item.price * pack / first * (0.92 ** i))
            gross = Decimal(str(round(pack / 1000 * (1.1 if unit == "g" else 1.4), 3)))
            specs.append(VariantSpec(f"{sku_base}-{pack}{unit.upper()}", *_pack_label(pack, unit), price, gross,
                                     attribute, pack, i))
        return tuple(specs)
    weight = Decimal(str(item.weight)) if item.weight else None
    return (VariantSpec(f"{sku_base}-STD", "", "", round_price(item.price * style_factor), weight),)


def _combinations(family: Family):
    """Items x styles in an order that uses every item before repeating one, and
    never the same pair twice."""
    if not family.styles:
        return [(item, None) for item in family.items]
    n_items, n_styles = len(family.items), len(family.styles)
    pairs = []
    for k in range(n_items * n_styles):
        i, j = k % n_items, k // n_items
        pairs.append((family.items[i], family.styles[(i + j) % n_styles]))
    return pairs[: family.count or len(pairs)]


def product_specs() -> list[ProductSpec]:
    specs, number = [], 0
    for family in FAMILIES:
        for index, (item, style) in enumerate(_combinations(family), start=1):
            number += 1
            place_vi, place_en = family.place
            name = " ".join(part for part in (item.vi, style.vi if style else "", place_vi) if part)
            name_en = item.en + (f", {style.en}" if style else "") + (f" – {place_en}" if place_en else "")
            style_factor = 1 + 0.1 * (family.styles.index(style) % 3) if style else 1
            variants = variant_specs(family, item, style_factor, number, f"{family.sku}-{index:03d}")
            specs.append(ProductSpec(number, family, item, style, index, name, name_en, variants))
    slugs = [s.slug for s in specs]
    assert len(slugs) == len(set(slugs)), "two demo products share a slug"
    return specs


# --- Per-product decisions ----------------------------------------------------------------


def rng_for(number: int, topic: str) -> random.Random:
    return random.Random(f"{topic}:{number}")


def listing_channels(spec: ProductSpec, centres: list[str]) -> list[str]:
    """The channels a product is offered in, its home channel first."""
    from .channels import WEB_SHOP, centre_for_category

    home = VILLAGE_CENTRE.get(spec.village or "") or centre_for_category(spec.category)
    channels = [] if (home and spec.number % 25 == 0) else [WEB_SHOP]  # a few sold only at their centre
    if home:
        channels.append(home)
        if spec.number % 6 == 0:  # and some at a second centre
            channels.append(centres[(centres.index(home) + 1) % len(centres)])
    if spec.number % 3 == 0:
        channels.append("livestream-lang-nghe")
    if spec.family.product_type in ("thuc-pham", "do-uong") and spec.number % 2 == 0:
        channels.append("sieu-thi-ocop")
    return channels


@dataclass(frozen=True)
class Visibility:
    is_published: bool
    visible_in_listings: bool
    published_at: datetime.datetime | None
    available_for_purchase_at: datetime.datetime | None


def visibility(spec: ProductSpec, today: datetime.date, launched: datetime.datetime) -> Visibility:
    """Most products are on sale; a few are unpublished, scheduled, hidden from
    listings or not yet purchasable, so storefront rules have something to hide."""
    soon = datetime.datetime.combine(today + datetime.timedelta(days=21), datetime.time(8), tzinfo=launched.tzinfo)
    if spec.number % 29 == 0:
        return Visibility(False, False, None, None)
    if spec.number % 37 == 0:
        return Visibility(True, True, soon, soon)
    if spec.number % 31 == 0:
        return Visibility(True, True, launched, soon)
    return Visibility(True, spec.number % 43 != 0, launched, launched)


def channel_price(price: int, channel: str) -> tuple[int, int | None]:
    """(price, prior price) in a channel: livestreams run 10% off the web price."""
    if channel == "livestream-lang-nghe":
        return round_price(price * 0.9), price
    return price, None


def stock_quantity(spec: ProductSpec, variant: VariantSpec, warehouse: str) -> int:
    if spec.number % 13 == 0:  # sold out everywhere
        return 0
    rng = rng_for(spec.number, f"stock:{variant.sku}:{warehouse}")
    return 0 if rng.random() < 0.1 else rng.randint(3, 120)


@dataclass(frozen=True)
class CertificationSpec:
    stars: int
    score: Decimal
    decision_number: str
    decision_date: datetime.date
    issuer_level: str


# Decisions recognise many products at once. Each slot is one decision: its number
# is fixed, its date follows today (so "expiring soon" stays true on any day).
# (number, days until expiry for the soon/expired slots, or days since decision)
_ACTIVE_SLOTS = [(4127, 45), (1893, 160), (2650, 290), (3311, 410), (5208, 530), (1275, 650), (6032, 770), (2234, 880)]
_EXPIRING_SLOTS = [(4519, 20), (3760, 55), (1048, 80)]
_EXPIRED_SLOTS = [(2981, -30), (5670, -120), (1502, -300)]


def certification(spec: ProductSpec, today: datetime.date) -> CertificationSpec | None:
    """About three products in four are OCOP-certified; about one in ten of those is
    expiring within 90 days and one in ten expired; a few are five-star (national)."""
    n = spec.number
    if n % 4 == 3 or spec.family.product_type == "trai-nghiem" and n % 2:
        return None
    stars = 5 if n % 23 == 1 else 4 if n % 3 == 0 else 3
    rng = rng_for(n, "score")
    low, high = {3: (50, 69.9), 4: (70, 89.9), 5: (90, 98)}[stars]
    score = Decimal(str(round(rng.uniform(low, high), 2)))
    bucket = n % 10
    if bucket == 1:
        number, days = _EXPIRING_SLOTS[n % len(_EXPIRING_SLOTS)]
        decided = add_months(today + datetime.timedelta(days=days), -CERTIFICATE_VALIDITY_MONTHS)
    elif bucket == 2:
        number, days = _EXPIRED_SLOTS[n % len(_EXPIRED_SLOTS)]
        decided = add_months(today + datetime.timedelta(days=days), -CERTIFICATE_VALIDITY_MONTHS)
    else:
        number, days = _ACTIVE_SLOTS[n % len(_ACTIVE_SLOTS)]
        decided = today - datetime.timedelta(days=days)
    if stars == 5:
        # The ministry's decisions: the agriculture ministry became the Ministry of
        # Agriculture and Environment in March 2025, and its code changed with it.
        suffix = "QĐ-BNN-VPĐP" if decided < datetime.date(2025, 3, 1) else "QĐ-BNNMT"
        return CertificationSpec(5, score, f"{number + 17}/{suffix}", decided, "national")
    return CertificationSpec(stars, score, f"{number}/QĐ-UBND", decided, "city")


def rating(spec: ProductSpec) -> float | None:
    if spec.number % 7 == 0:
        return None
    return round(3.8 + rng_for(spec.number, "rating").random() * 1.2, 1)


COLLECTIONS = [
    ("qua-tang-tet", "Quà tặng Tết", "Tết gifts",
     "Quà biếu Tết từ làng nghề và sản phẩm OCOP Hà Nội.", "Tết gifts from Hanoi's craft villages and OCOP producers."),
    ("ocop-5-sao", "Sản phẩm OCOP 5 sao", "Five-star OCOP products",
     "Những sản phẩm được công nhận OCOP 5 sao cấp quốc gia.", "Products recognised with five OCOP stars at national level."),
    ("qua-luu-niem", "Quà lưu niệm cho du khách", "Souvenirs for visitors",
     "Nhỏ gọn, dễ mang theo, đậm chất Hà Nội.", "Small, easy to carry and unmistakably Hanoi."),
    ("dac-san-ha-noi", "Đặc sản Hà Nội", "Hanoi specialities",
     "Cốm, miến, chè và những món quà quê của Thủ đô.", "Green rice flakes, vermicelli, tea and other tastes of the capital."),
]


def collections_for(spec: ProductSpec, cert: CertificationSpec | None) -> list[str]:
    slugs = []
    gifts = {"gom-su", "son-mai", "kham-trai", "det-may", "che", "ruou", "cay-canh"}
    if spec.category in gifts and spec.number % 2 == 0:
        slugs.append("qua-tang-tet")
    if cert and cert.stars == 5:
        slugs.append("ocop-5-sao")
    if spec.category == "luu-niem-trang-tri" or (
        spec.family.product_type in ("gom-su", "det-may", "thu-cong-my-nghe") and spec.variants[0].price < 300_000
    ):
        slugs.append("qua-luu-niem")
    if spec.family.key in ("com-vong", "mien-cu-da", "che-tra") or (
        spec.family.key == "nong-san-ha-noi" and spec.number % 3 == 0
    ):
        slugs.append("dac-san-ha-noi")
    return slugs
