"""OCOP subjects for the demo: enterprises, cooperatives, cooperative groups and
households, spread over the villages and trades whose products the demo sells.

Everything is derived from a fixed seed, so every run makes the same producers
with the same valid tax codes (10 digits with a correct check digit, or a
household's 12-digit personal ID number) and the loader can key them by slug.
"""

import random
from dataclasses import dataclass

from django.db import transaction

from commerce.core.validators import tax_code_check_digit
from commerce.producer.models import LegalType, Producer

from .places import save_address
from .text import ascii_slug, editorjs, plaintext
from .upsert import Upsert

PRODUCERS_PER_LEGAL_TYPE = 32
SEED = 20250701


@dataclass(frozen=True)
class Cluster:
    """A trade in a place: who makes a family's products."""

    key: str
    craft: str  # as it appears in a business name: "Gốm sứ"
    place: str  # "Bát Tràng", or "" for trades spread over the city
    village: str | None
    wards: tuple


CLUSTERS = {
    c.key: c
    for c in (
        Cluster("bat-trang", "Gốm sứ", "Bát Tràng", "bat-trang", ("Xã Bát Tràng",)),
        Cluster("van-phuc", "Lụa", "Vạn Phúc", "van-phuc", ("Phường Hà Đông",)),
        Cluster("chuyen-my", "Khảm trai", "Chuyên Mỹ", "chuyen-my", ("Xã Chuyên Mỹ",)),
        Cluster("phu-vinh", "Mây tre đan", "Phú Vinh", "phu-vinh", ("Xã Phú Nghĩa",)),
        Cluster("ha-thai", "Sơn mài", "Hạ Thái", "ha-thai", ("Xã Hồng Vân",)),
        Cluster("lang-chuong", "Nón lá", "Làng Chuông", "lang-chuong", ("Xã Thanh Oai",)),
        Cluster("quang-phu-cau", "Hương", "Quảng Phú Cầu", "quang-phu-cau", ("Xã Ứng Thiên",)),
        Cluster("son-dong", "Tượng gỗ", "Sơn Đồng", "son-dong", ("Xã Sơn Đồng",)),
        Cluster("cu-da", "Miến dong", "Cự Đà", "cu-da", ("Xã Bình Minh",)),
        Cluster("lang-vong", "Cốm", "Làng Vòng", "lang-vong", ("Phường Cầu Giấy",)),
        Cluster("tay-tuu", "Hoa", "Tây Tựu", "tay-tuu", ("Phường Tây Tựu",)),
        Cluster("nhat-tan", "Đào cảnh", "Nhật Tân", "nhat-tan", ("Phường Tây Hồ",)),
        Cluster("ba-vi", "Dược liệu", "Ba Vì", "ba-vi", ("Xã Ba Vì",)),
        Cluster("nong-san", "Nông sản", "", None,
                ("Xã Ba Vì", "Xã Sóc Sơn", "Xã Mỹ Đức", "Xã Phúc Thọ", "Xã Đông Anh", "Xã Gia Lâm",
                 "Xã Mê Linh", "Xã Quốc Oai", "Xã Thạch Thất", "Xã Ứng Hòa", "Xã Đan Phượng")),
        Cluster("do-uong", "Đồ uống", "", None, ("Xã Mỹ Đức", "Xã Ba Vì", "Xã Sóc Sơn", "Phường Long Biên")),
        Cluster("thao-duoc", "Thảo dược", "", None, ("Xã Ba Vì", "Xã Quốc Oai", "Xã Chương Dương", "Phường Hà Đông")),
        Cluster("sinh-vat-canh", "Sinh vật cảnh", "", None, ("Phường Phú Thượng", "Xã Mê Linh", "Xã Đan Phượng")),
        Cluster("trai-nghiem", "Du lịch cộng đồng", "", None, ("Xã Bát Tràng", "Phường Hà Đông", "Xã Phú Nghĩa")),
    )
}

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Phùng", "Đinh")
MIDDLE_NAMES = {"m": ("Văn", "Đức", "Minh", "Hữu", "Quang", "Xuân"), "f": ("Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương")}
GIVEN_NAMES = {
    "m": ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Tuấn"),
    "f": ("Anh", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Thảo", "Trang", "Yến"),
}
TRADE_NAMES = (
    "An Phú", "Hưng Thịnh", "Phúc Lộc", "Tâm Đức", "Thành Đạt", "Việt Hương", "Kim Ngọc", "Đại Thành", "Bảo An",
    "Minh Tâm", "Hồng Phát", "Thiên Phúc", "Tiến Đạt", "Hòa Bình", "Quang Vinh", "Sao Mai", "Ngọc Lan", "Tân Tiến",
    "Đồng Tâm", "Phát Đạt", "Hương Quê", "Làng Việt", "Thăng Long", "Kinh Bắc", "Hồng Hà", "Ánh Dương", "Trường An",
    "Vạn Xuân", "Bình Minh", "Hoàng Long",
)
LEGAL_TYPES = (LegalType.ENTERPRISE, LegalType.COOPERATIVE, LegalType.COOPERATIVE_GROUP, LegalType.HOUSEHOLD)
LEGAL_TYPE_BLURB = {
    LegalType.ENTERPRISE: ("Doanh nghiệp", "sản xuất và phân phối"),
    LegalType.COOPERATIVE: ("Hợp tác xã", "liên kết các hộ sản xuất"),
    LegalType.COOPERATIVE_GROUP: ("Tổ hợp tác", "tập hợp các gia đình làm nghề"),
    LegalType.HOUSEHOLD: ("Hộ kinh doanh", "gia đình nhiều đời làm nghề"),
}


@dataclass(frozen=True)
class ProducerSeed:
    number: int
    slug: str
    name: str
    legal_type: str
    cluster: str
    tax_code: str
    representative: str
    phone: str
    ward: str
    street: str


def person_name(rng: random.Random) -> tuple[str, str, str]:
    gender = rng.choice("mf")
    return rng.choice(SURNAMES), rng.choice(MIDDLE_NAMES[gender]), rng.choice(GIVEN_NAMES[gender])


def business_tax_code(rng: random.Random) -> str:
    """A Hanoi-issued 10-digit tax code ("01…") with its check digit."""
    while True:
        body = "01" + "".join(str(rng.randrange(10)) for _ in range(7))
        check = tax_code_check_digit(body)
        if check is not None:
            return body + str(check)


def personal_id(rng: random.Random) -> str:
    """A 12-digit citizen ID of someone registered in Hanoi (province 001), born 1955–2000."""
    year = rng.randrange(1955, 2001)
    century_gender = rng.choice("01") if year < 2000 else rng.choice("23")
    return f"001{century_gender}{year % 100:02d}" + "".join(str(rng.randrange(10)) for _ in range(6))


def phone_number(rng: random.Random) -> str:
    prefix = rng.choice(("091", "094", "098", "097", "096", "088", "083", "035", "036", "039"))
    digits = "".join(str(rng.randrange(10)) for _ in range(7))
    return f"{prefix}{digits[0]} {digits[1:4]} {digits[4:]}"  # 0912 345 678


def allocate(weights: dict[str, int], total: int) -> dict[str, int]:
    """Split `total` in proportion to `weights`, at least one each (largest remainder)."""
    scale = sum(weights.values())
    shares = {k: max(1, total * w // scale) for k, w in weights.items()}
    remainders = sorted(weights, key=lambda k: (-(total * weights[k] % scale), k))
    i = 0
    while sum(shares.values()) < total:
        shares[remainders[i % len(remainders)]] += 1
        i += 1
    return shares


def producer_seeds(cluster_weights: dict[str, int]) -> list[ProducerSeed]:
    """The demo's producers: 32 of each legal type, shared out over the clusters by how
    many products each sells; households get a personal ID in three cases out of four."""
    rng = random.Random(SEED)
    shares = allocate(cluster_weights, PRODUCERS_PER_LEGAL_TYPE * len(LEGAL_TYPES))
    seeds, used_names, used_codes = [], set(), set()
    number = 0
    for cluster_key in sorted(shares):
        cluster = CLUSTERS[cluster_key]
        for _ in range(shares[cluster_key]):
            legal_type = LEGAL_TYPES[number % len(LEGAL_TYPES)]
            surname, middle, given = person_name(rng)
            representative = f"{surname} {middle} {given}"
            name = _business_name(legal_type, cluster, representative, number, used_names)
            while True:
                if legal_type == LegalType.HOUSEHOLD and number % 16 != 3:
                    code = personal_id(rng)
                else:
                    code = business_tax_code(rng)
                if code not in used_codes:
                    used_codes.add(code)
                    break
            ward = cluster.wards[number % len(cluster.wards)]
            hamlet = f"Thôn {rng.randrange(1, 12)}" if ward.startswith("Xã") else f"Tổ dân phố {rng.randrange(1, 30)}"
            street = f"Số {rng.randrange(2, 180)}, {hamlet}"
            seeds.append(ProducerSeed(
                number, ascii_slug(name), name, legal_type, cluster_key, code, representative,
                phone_number(rng), ward, street,
            ))
            number += 1
    return seeds


def _business_name(legal_type, cluster: Cluster, representative: str, number: int, used: set) -> str:
    trade = TRADE_NAMES[(number * 7) % len(TRADE_NAMES)]
    place = cluster.place
    candidates = {
        LegalType.ENTERPRISE: [f"Công ty {'TNHH' if number % 12 else 'Cổ phần'} {cluster.craft} {trade}"],
        LegalType.COOPERATIVE: [f"Hợp tác xã {cluster.craft} {place}".strip(), f"Hợp tác xã {cluster.craft} {trade}"],
        LegalType.COOPERATIVE_GROUP: [f"Tổ hợp tác {cluster.craft} {place} {trade}".replace("  ", " ")],
        LegalType.HOUSEHOLD: [f"Hộ kinh doanh {representative}", f"Hộ kinh doanh {cluster.craft} {representative}"],
    }[legal_type]
    for offset in range(len(TRADE_NAMES)):
        for name in candidates:
            if ascii_slug(name) not in used:  # slugs are the key, and "Hoa" and "Hòa" share one
                used.add(ascii_slug(name))
                return name
        trade = TRADE_NAMES[(number * 7 + offset + 1) % len(TRADE_NAMES)]
        candidates = [c.rsplit(" ", 2)[0] + f" {trade}" for c in candidates]
    raise ValueError(f"No free name for producer {number}")


@transaction.atomic
def seed_producers(villages: dict, cluster_weights: dict[str, int]) -> tuple[dict[str, list[Producer]], int]:
    """Create or update the demo producers; returns them grouped by cluster, in a
    stable order, and the number of rows written."""
    producers = Upsert(Producer, ["slug"])
    written = 0
    by_cluster: dict[str, list[Producer]] = {}
    for seed in producer_seeds(cluster_weights):
        cluster = CLUSTERS[seed.cluster]
        existing = producers.rows.get((seed.slug,))
        address, changed = save_address(
            existing.address if existing else None, ward=seed.ward, street=seed.street,
            company_name=seed.name, phone=seed.phone,
        )
        written += changed
        kind, doing = LEGAL_TYPE_BLURB[seed.legal_type]
        where = f" tại {cluster.place}" if cluster.place else " tại Hà Nội"
        description = editorjs(f"{kind} {doing} {cluster.craft.lower()}{where}. Người đại diện: {seed.representative}.")
        producer = producers(
            seed.slug, name=seed.name, legal_type=seed.legal_type, tax_code=seed.tax_code,
            representative=seed.representative, phone=seed.phone, email=f"{seed.slug}@example.com",
            description=description, description_plaintext=plaintext(description), address=address,
            craft_village=villages.get(cluster.village) if cluster.village else None, is_active=True,
        )
        by_cluster.setdefault(seed.cluster, []).append(producer)
    return by_cluster, written + producers.changes
