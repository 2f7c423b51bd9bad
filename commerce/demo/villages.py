"""Hanoi's craft villages (làng nghề) for the demo, each with a short story.

A village is named as people know it; its ward is the commune or ward it lies in
since the July 2025 merger, and `legacy_district` in the place text keeps the old
district people still say. Wards marked "verify" below follow the published merger
lists as best we know them; the loader checks that every name exists.
"""

from dataclasses import dataclass

from django.db import transaction

from commerce.account.divisions import HANOI
from commerce.producer.models import CraftVillage, CraftVillageTranslation

from .places import hanoi_ward_code
from .text import editorjs, plaintext
from .upsert import Upsert


@dataclass(frozen=True)
class Village:
    slug: str
    name: str
    name_en: str
    craft: str
    craft_en: str
    ward: str
    place: str
    story: str
    story_en: str


VILLAGES = [
    Village(
        "bat-trang", "Làng gốm Bát Tràng", "Bát Tràng pottery village", "Gốm sứ", "Ceramics",
        "Xã Bát Tràng", "Bát Tràng, Gia Lâm",
        "Bên bờ sông Hồng, người Bát Tràng làm gốm hơn bảy trăm năm. Đất sét trắng được nhào, "
        "vuốt trên bàn xoay, vẽ tay rồi nung trong lò; men lam, men rạn và men ngọc là niềm tự hào của làng.",
        "On the bank of the Red River, Bát Tràng has made pottery for more than seven centuries. White clay "
        "is kneaded, thrown on the wheel, painted by hand and fired; blue, crackle and celadon glazes are the village's pride.",
    ),
    Village(
        "van-phuc", "Làng lụa Vạn Phúc", "Vạn Phúc silk village", "Dệt lụa", "Silk weaving",
        "Phường Hà Đông", "Vạn Phúc, Hà Đông",
        "Lụa Hà Đông nổi tiếng khắp nơi chính là lụa của làng Vạn Phúc. Tiếng khung cửi vẫn vang trong làng, "
        "nơi những tấm lụa vân, lụa tơ tằm được dệt với hoa văn truyền thống.",
        "The famous 'Hà Đông silk' is the silk of Vạn Phúc. Looms still clatter in the village, where figured "
        "and mulberry silks are woven with traditional patterns.",
    ),
    Village(
        "chuyen-my", "Làng khảm trai Chuyên Mỹ", "Chuyên Mỹ mother-of-pearl village", "Khảm trai",
        "Mother-of-pearl inlay", "Xã Chuyên Mỹ", "Chuyên Mỹ, Phú Xuyên",
        "Người Chuyên Mỹ cưa, mài vỏ trai, vỏ ốc thành từng mảnh nhỏ rồi khảm lên gỗ, tạo nên tranh, hộp và "
        "đồ thờ lấp lánh. Nghề khảm được truyền qua nhiều thế hệ.",
        "Chuyên Mỹ craftspeople saw and grind mussel and snail shells into tiny pieces and inlay them in wood, "
        "making shimmering pictures, boxes and altar pieces. The craft has passed down many generations.",
    ),
    Village(
        "phu-vinh", "Làng mây tre đan Phú Vinh", "Phú Vinh rattan and bamboo village", "Mây tre đan",
        "Rattan and bamboo weaving", "Xã Phú Nghĩa", "Phú Vinh, Phú Nghĩa, Chương Mỹ",
        "Từ những sợi mây, sợi giang chẻ mỏng, thợ Phú Vinh đan nên giỏ, khay, đèn và cả tranh. "
        "Sản phẩm mây tre Phú Vinh bền, nhẹ và thân thiện với môi trường.",
        "From thinly split rattan and giang bamboo, Phú Vinh weavers make baskets, trays, lamps and even pictures. "
        "Phú Vinh rattan is durable, light and kind to the environment.",
    ),
    Village(
        # verify: Duyên Thái commune was merged in 2025; we place it in Xã Hồng Vân.
        "ha-thai", "Làng sơn mài Hạ Thái", "Hạ Thái lacquer village", "Sơn mài", "Lacquerware",
        "Xã Hồng Vân", "Hạ Thái, Duyên Thái, Thường Tín",
        "Sơn mài Hạ Thái được làm từ sơn ta qua hàng chục lớp sơn, mài và phủ, điểm vàng bạc, vỏ trứng. "
        "Mỗi bức tranh, chiếc hộp cần nhiều tháng mới hoàn thành.",
        "Hạ Thái lacquer is built from natural lacquer in dozens of coats, each sanded and polished, set with "
        "gold and silver leaf and eggshell. A single painting or box takes months to finish.",
    ),
    Village(
        # verify: Quảng Phú Cầu commune was merged in 2025; we place it in Xã Ứng Thiên.
        "quang-phu-cau", "Làng hương Quảng Phú Cầu", "Quảng Phú Cầu incense village", "Làm hương",
        "Incense making", "Xã Ứng Thiên", "Quảng Phú Cầu, Ứng Hòa",
        "Những bó tăm hương nhuộm đỏ phơi kín sân là hình ảnh quen thuộc ở Quảng Phú Cầu. "
        "Làng làm tăm hương, hương vòng và hương nụ từ quế, trầm và thảo mộc.",
        "Bundles of red-dyed incense sticks drying across every yard are Quảng Phú Cầu's familiar sight. "
        "The village makes sticks, coils and cones from cinnamon, agarwood and herbs.",
    ),
    Village(
        # verify: Phương Trung commune was merged in 2025; we place it in Xã Thanh Oai.
        "lang-chuong", "Làng nón Chuông", "Chuông conical hat village", "Làm nón lá", "Conical hat making",
        "Xã Thanh Oai", "Làng Chuông, Phương Trung, Thanh Oai",
        "Nón Chuông mỏng, nhẹ và bền, được khâu bằng tay từ lá cọ phơi sương và vành tre. "
        "Phiên chợ nón làng Chuông họp từ sáng sớm các ngày 4, 10, 14, 20, 24 và 30 âm lịch.",
        "Chuông hats are thin, light and strong, hand-stitched from dew-bleached palm leaves over bamboo rims. "
        "The village hat market opens at dawn on the 4th, 10th, 14th, 20th, 24th and 30th of each lunar month.",
    ),
    Village(
        "son-dong", "Làng tượng gỗ Sơn Đồng", "Sơn Đồng wood-carving village", "Tạc tượng, sơn son thếp vàng",
        "Wood carving and gilding", "Xã Sơn Đồng", "Sơn Đồng, Hoài Đức",
        "Sơn Đồng nổi tiếng với nghề tạc tượng và sơn son thếp vàng đồ thờ. Thợ làng chọn gỗ mít, gỗ vàng tâm, "
        "đục đẽo từng nét rồi phủ sơn son, dát vàng thủ công.",
        "Sơn Đồng is known for carving statues and gilding altar pieces. Its carvers choose jackfruit and "
        "yellow-heart wood, cut every line by hand, then lacquer them red and lay gold leaf.",
    ),
    Village(
        # verify: Cự Khê commune was merged in 2025; we place it in Xã Bình Minh.
        "cu-da", "Làng miến Cự Đà", "Cự Đà vermicelli village", "Làm miến dong, làm tương",
        "Arrowroot vermicelli and soybean sauce", "Xã Bình Minh", "Cự Đà, Cự Khê, Thanh Oai",
        "Làng cổ Cự Đà bên sông Nhuệ có nghề làm miến dong và tương truyền thống. Những phên miến "
        "phơi trắng ngõ là đặc sản mà du khách thường mua làm quà.",
        "The old village of Cự Đà on the Nhuệ River makes arrowroot vermicelli and traditional soybean sauce. "
        "Racks of vermicelli drying along its lanes are a gift visitors love to take home.",
    ),
    Village(
        "lang-vong", "Làng cốm Vòng", "Vòng green rice flake village", "Làm cốm", "Green rice flakes",
        "Phường Cầu Giấy", "Làng Vòng, Dịch Vọng, Cầu Giấy",
        "Cốm làng Vòng được làm từ lúa nếp non, rang và giã theo cách truyền thống, gói trong lá sen. "
        "Mùa cốm ngon nhất vào thu, khi hương lúa non còn thơm.",
        "Vòng rice flakes are made from young glutinous rice, roasted and pounded the traditional way and "
        "wrapped in lotus leaves. They are best in autumn, when the young rice is most fragrant.",
    ),
    Village(
        "tay-tuu", "Làng hoa Tây Tựu", "Tây Tựu flower village", "Trồng hoa", "Flower growing",
        "Phường Tây Tựu", "Tây Tựu, Bắc Từ Liêm",
        "Tây Tựu là vựa hoa lớn của Thủ đô với hồng, cúc, ly và lan. Hoa được cắt sớm mỗi sáng "
        "để giữ tươi lâu khi đến tay người mua.",
        "Tây Tựu is the capital's flower basket, growing roses, chrysanthemums, lilies and orchids. "
        "Flowers are cut at dawn so they stay fresh long after they reach the buyer.",
    ),
    Village(
        # verify: Nhật Tân ward was merged in 2025; we place it in Phường Tây Hồ.
        "nhat-tan", "Làng đào Nhật Tân", "Nhật Tân peach blossom village", "Trồng đào cảnh",
        "Ornamental peach growing", "Phường Tây Hồ", "Nhật Tân, Tây Hồ",
        "Hoa đào Nhật Tân là sắc xuân của người Hà Nội. Người làng chăm, uốn thế đào quanh năm "
        "để cây nở đúng dịp Tết.",
        "Nhật Tân peach blossom is the colour of spring for Hanoians. Growers tend and shape their trees "
        "all year so they bloom just in time for Tết.",
    ),
    Village(
        "ba-vi", "Làng thuốc nam người Dao Ba Vì", "Ba Vì Dao herbal medicine village", "Thuốc nam",
        "Herbal medicine", "Xã Ba Vì", "Thôn Yên Sơn, Ba Vì",
        "Dưới chân núi Ba Vì, người Dao hái lá, rễ, vỏ cây để làm thuốc tắm, thuốc xông và cao dược liệu "
        "theo bài thuốc gia truyền.",
        "At the foot of Ba Vì mountain, Dao people gather leaves, roots and bark for herbal baths, steam "
        "remedies and extracts made to family recipes.",
    ),
]


@transaction.atomic
def seed_villages() -> tuple[dict[str, CraftVillage], int]:
    """Create or update the demo's craft villages; returns them by slug and the change count."""
    villages = Upsert(CraftVillage, ["slug"])
    translations = Upsert(CraftVillageTranslation, ["craft_village", "language_code"])
    seeded = {}
    for v in VILLAGES:
        story = editorjs(v.story)
        village = villages(
            v.slug, name=v.name, craft=v.craft, story=story, story_plaintext=plaintext(story),
            province_code=HANOI, ward_code=hanoi_ward_code(v.ward), place=v.place,
        )
        translations((village, "en"), name=v.name_en, craft=v.craft_en, story=editorjs(v.story_en))
        seeded[v.slug] = village
    return seeded, villages.changes + translations.changes
