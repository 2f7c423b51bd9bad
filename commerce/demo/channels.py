"""Sales channels and their stockrooms: the national web shop, the five Creative
Design Centres, a livestream account and a supermarket chain.

Each centre's stockroom is a click-and-collect counter holding its own stock; the
national warehouse ships everything else. A centre takes stock from its own room
first, the web shop from the national warehouse first and then from the centres.
"""

from dataclasses import dataclass, field

from django.db import transaction

from commerce.channel.models import Channel, ChannelKind, ChannelWarehouse
from commerce.warehouse.models import Warehouse, WarehouseClickAndCollectOption

from .places import save_address
from .upsert import Upsert

WEB_SHOP = "web-shop"
CENTRE_HOURS = {day: "08:00-17:30" for day in ("mon", "tue", "wed", "thu", "fri")} | {
    "sat": "08:00-18:00",
    "sun": "08:00-18:00",
}


@dataclass(frozen=True)
class ChannelSeed:
    slug: str
    name: str
    kind: str
    is_active: bool
    theme: str
    phone: str
    ward: str
    street: str
    legacy_district: str
    description: str
    warehouse_slug: str = ""
    warehouse_name: str = ""
    crafts: tuple = field(default=())  # category slugs this centre shows


CENTRES = [
    ChannelSeed(
        "bat-trang", "Trung tâm Thiết kế Sáng tạo Bát Tràng", ChannelKind.CENTRE, True, "gom-bat-trang",
        "024 3874 1255", "Xã Bát Tràng", "Thôn 3, làng cổ Bát Tràng", "Gia Lâm",
        "Không gian trưng bày và bán gốm sứ Bát Tràng, nơi du khách xem nghệ nhân làm gốm và tự tay nặn sản phẩm.",
        "kho-bat-trang", "Kho Trung tâm Bát Tràng", ("gom-su",),
    ),
    ChannelSeed(
        "van-phuc", "Trung tâm Thiết kế Sáng tạo Vạn Phúc", ChannelKind.CENTRE, True, "lua-van-phuc",
        "024 3382 6120", "Phường Hà Đông", "Số 8, tổ dân phố Vạn Phúc", "Hà Đông",
        "Lụa tơ tằm, khăn, áo dài và đồ thời trang từ làng lụa Vạn Phúc.",
        "kho-van-phuc", "Kho Trung tâm Vạn Phúc", ("det-may",),
    ),
    ChannelSeed(
        "chuyen-my", "Trung tâm Thiết kế Sáng tạo Chuyên Mỹ", ChannelKind.CENTRE, True, "kham-trai-chuyen-my",
        "024 3385 4412", "Xã Chuyên Mỹ", "Thôn Đồng Vinh", "Phú Xuyên",
        "Tranh, hộp và đồ trang trí khảm trai của làng nghề Chuyên Mỹ.",
        "kho-chuyen-my", "Kho Trung tâm Chuyên Mỹ", ("kham-trai", "do-go"),
    ),
    ChannelSeed(
        "phu-nghia", "Trung tâm Thiết kế Sáng tạo Phú Nghĩa", ChannelKind.CENTRE, True, "may-tre-phu-nghia",
        "024 3386 7031", "Xã Phú Nghĩa", "Thôn Phú Vinh", "Chương Mỹ",
        "Mây tre đan, cói và đồ nội thất đan thủ công của vùng Phú Vinh, Phú Nghĩa.",
        "kho-phu-nghia", "Kho Trung tâm Phú Nghĩa", ("may-tre-dan",),
    ),
    ChannelSeed(
        "duyen-thai", "Trung tâm Thiết kế Sáng tạo Duyên Thái", ChannelKind.CENTRE, True, "son-mai-duyen-thai",
        "024 3376 5508", "Xã Hồng Vân", "Thôn Hạ Thái", "Thường Tín",
        "Tranh và đồ sơn mài của làng Hạ Thái, cùng nón lá và đồ lưu niệm thủ công.",
        "kho-duyen-thai", "Kho Trung tâm Duyên Thái", ("son-mai", "luu-niem-trang-tri"),
    ),
]

WEB_SHOP_SEED = ChannelSeed(
    WEB_SHOP, "Sàn OCOP Hà Nội", ChannelKind.WEB_SHOP, True, "default", "1900 6868",
    "Phường Long Biên", "Kho số 2, tổ dân phố 12", "Long Biên",
    "Cửa hàng trực tuyến toàn quốc của các sản phẩm OCOP và làng nghề Hà Nội.",
    "kho-tong-ha-noi", "Kho tổng OCOP Hà Nội",
)
OTHER_CHANNELS = [
    ChannelSeed(
        "livestream-lang-nghe", "Livestream Làng nghề Hà Nội", ChannelKind.LIVESTREAM, True, "default",
        "1900 6869", "Phường Long Biên", "Kho số 2, tổ dân phố 12", "Long Biên",
        "Phiên bán hàng trực tiếp cùng nghệ nhân làng nghề, mỗi tối thứ Sáu.",
    ),
    ChannelSeed(
        "sieu-thi-ocop", "Gian hàng OCOP tại chuỗi siêu thị Thủ đô", ChannelKind.SUPERMARKET, False, "default",
        "024 3936 0101", "Phường Long Biên", "Kho số 2, tổ dân phố 12", "Long Biên",
        "Sản phẩm OCOP Hà Nội bày bán tại quầy đặc sản của chuỗi siêu thị đối tác (đang thử nghiệm).",
    ),
]
ALL_CHANNELS = [WEB_SHOP_SEED, *CENTRES, *OTHER_CHANNELS]


def centre_for_category(category_slug: str) -> str | None:
    for centre in CENTRES:
        if category_slug in centre.crafts:
            return centre.slug
    return None


@transaction.atomic
def seed_channels() -> tuple[dict[str, Channel], dict[str, Warehouse], int]:
    """Create or update every channel, its public address, its warehouses and their order.

    Returns channels by slug, warehouses by channel slug (the channel's own stockroom)
    and the number of rows written.
    """
    channels = Upsert(Channel, ["slug"])
    warehouses = Upsert(Warehouse, ["slug"])
    links = Upsert(ChannelWarehouse, ["channel", "warehouse"])
    written = 0

    def address_for(existing, seed):
        nonlocal written
        address, changed = save_address(
            existing, ward=seed.ward, street=seed.street, legacy_district=seed.legacy_district,
            company_name=seed.name, phone=seed.phone,
        )
        written += changed
        return address

    by_slug, stockrooms = {}, {}
    for seed in ALL_CHANNELS:
        existing = channels.rows.get((seed.slug,))
        is_centre = seed.kind == ChannelKind.CENTRE
        by_slug[seed.slug] = channels(
            seed.slug, name=seed.name, kind=seed.kind, is_active=seed.is_active, currency_code="VND",
            default_country="VN", theme=seed.theme, phone=seed.phone, description=seed.description,
            email=f"{seed.slug}@example.com",
            opening_hours=CENTRE_HOURS if is_centre else {},
            public_address=address_for(existing.public_address if existing else None, seed) if is_centre else None,
            checkout_reservation_minutes=20 if seed.kind == ChannelKind.LIVESTREAM else None,
        )
        if seed.warehouse_slug:
            existing_wh = warehouses.rows.get((seed.warehouse_slug,))
            stockrooms[seed.slug] = warehouses(
                seed.warehouse_slug, name=seed.warehouse_name, email=f"{seed.warehouse_slug}@example.com",
                address=address_for(existing_wh.address if existing_wh else None, seed),
                click_and_collect_option=(
                    WarehouseClickAndCollectOption.LOCAL_STOCK if is_centre else WarehouseClickAndCollectOption.DISABLED
                ),
                is_private=not is_centre,
            )

    central = stockrooms[WEB_SHOP]
    order = {WEB_SHOP: [central, *(stockrooms[c.slug] for c in CENTRES)]}
    for centre in CENTRES:
        order[centre.slug] = [stockrooms[centre.slug], central]
    for other in OTHER_CHANNELS:
        order[other.slug] = [central]
    for slug, rooms in order.items():
        for position, warehouse in enumerate(rooms):
            links((by_slug[slug], warehouse), sort_order=position)
    stockrooms.update({other.slug: central for other in OTHER_CHANNELS})
    return by_slug, stockrooms, written + channels.changes + warehouses.changes + links.changes
