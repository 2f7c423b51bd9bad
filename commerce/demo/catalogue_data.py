"""What the demo shop sells: product families of Hanoi's crafts and OCOP food,
drinks, herbal goods, plants and village experiences.

A family is a kind of product from one place (Bát Tràng ceramics); its items
(a vase, a tea set) combine with its styles (cobalt blue glaze with lotus) into
products. Prices are whole đồng for the smallest variant, weights in kilograms,
packs in grams or millilitres. Everything here is plain data: catalogue.py turns
it into rows.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    vi: str
    en: str
    price: int
    weight: float = 0.5
    shape: str | None = None
    packs: tuple = ()  # grams or millilitres, one variant each
    category: str | None = None
    village: str | None = None
    material: str | None = None


@dataclass(frozen=True)
class Style:
    vi: str
    en: str
    glaze: str | None = None
    motifs: tuple = ()


@dataclass(frozen=True)
class Family:
    key: str
    sku: str
    category: str
    product_type: str
    cluster: str  # which producers make it (see producers.CLUSTERS)
    variants: str  # "size", "colour", "weight", "volume" or "single"
    items: tuple
    styles: tuple = ()
    count: int | None = None  # how many item x style products to make; all items when no styles
    village: str | None = None
    place: tuple = ("", "")  # appended to the name, Vietnamese and English
    material: str | None = None
    shape: str = "box"
    handmade: bool = True
    about: tuple = ("", "")
    care: tuple = ("", "")
    extra: dict = field(default_factory=dict)


SIZE_STEPS = (("nho", "Nhỏ", "Small", "S", 1.0), ("vua", "Vừa", "Medium", "M", 1.6), ("lon", "Lớn", "Large", "L", 2.5))
COLOURS = ("do-do", "xanh-ngoc", "vang-nghe", "tim-than", "trang-nga")

CERAMIC_CARE = (
    "Rửa bằng nước ấm và khăn mềm, tránh va đập mạnh. Đồ men rạn nên ngâm nước chè trước khi dùng lần đầu.",
    "Wash in warm water with a soft cloth and avoid knocks. Soak crackle-glazed pieces in tea before first use.",
)
SILK_CARE = (
    "Giặt tay bằng nước lạnh với xà phòng trung tính, phơi trong bóng râm, là ở nhiệt độ thấp.",
    "Hand wash cold with mild soap, dry in the shade and iron on a low setting.",
)
CRAFT_CARE = (
    "Lau bằng khăn mềm khô, tránh ánh nắng trực tiếp và nơi ẩm ướt.",
    "Wipe with a soft dry cloth; keep away from direct sun and damp places.",
)
WEAVE_CARE = (
    "Để nơi khô thoáng, lau bụi bằng chổi mềm; nếu bị ẩm, phơi nơi thoáng gió để tránh mốc.",
    "Keep dry and dust with a soft brush; if it gets damp, air it well to prevent mould.",
)
FOOD_CARE = (
    "Bảo quản nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp. Đậy kín sau khi mở.",
    "Store in a cool, dry place away from direct sunlight. Reseal after opening.",
)
DRINK_CARE = (
    "Bảo quản nơi thoáng mát. Sản phẩm tươi cần giữ lạnh 2–6°C và dùng trong 5 ngày.",
    "Store somewhere cool. Fresh drinks must be kept at 2–6°C and used within five days.",
)
HERBAL_CARE = (
    "Để xa tầm tay trẻ em, bảo quản nơi khô mát. Thử trên vùng da nhỏ trước khi dùng.",
    "Keep out of reach of children, in a cool dry place. Patch-test on a small area of skin first.",
)
PLANT_CARE = (
    "Đặt nơi có ánh sáng tán xạ, tưới vừa đủ ẩm; hoa cắt nên thay nước hằng ngày.",
    "Keep in bright indirect light and water just enough to stay moist; change cut flowers' water daily.",
)

FAMILIES = (
    Family(
        "gom-bat-trang", "GBT", "gom-su", "gom-su", "bat-trang", "size", village="bat-trang",
        place=("Bát Tràng", "Bát Tràng"), material="gom-su", shape="vase", count=22,
        about=("Sản phẩm được tạo dáng trên bàn xoay, vẽ tay và nung ở nhiệt độ trên 1.200°C.",
               "Thrown on the wheel, painted by hand and fired above 1,200°C."),
        care=CERAMIC_CARE,
        items=(
            Item("Bình hoa dáng cao", "Tall flower vase", 650_000, 1.8, "vase"),
            Item("Lọ hoa dáng tỏi", "Garlic-neck vase", 480_000, 1.2, "vase"),
            Item("Bình hút lộc", "Fortune jar", 1_200_000, 3.5, "jar"),
            Item("Bộ ấm chén", "Tea set", 850_000, 1.6, "teapot"),
            Item("Đĩa cảnh treo tường", "Decorative wall plate", 550_000, 1.4, "plate"),
            Item("Bộ 6 bát ăn cơm", "Set of six rice bowls", 360_000, 1.8, "bowl"),
            Item("Cốc sứ có nắp", "Lidded mug", 180_000, 0.45, "mug"),
            Item("Đèn ngủ gốm", "Ceramic table lamp", 950_000, 2.0, "lamp"),
            Item("Hũ đựng gạo", "Rice jar", 750_000, 4.0, "jar"),
            Item("Lục bình", "Tall altar vase", 4_500_000, 25.0, "vase"),
        ),
        styles=(
            Style("men lam vẽ hoa sen", "cobalt blue glaze, hand-painted lotus", "men-lam", ("hoa-sen",)),
            Style("men rạn đắp nổi tứ quý", "crackle glaze with four-seasons relief", "men-ran", ("tu-quy",)),
            Style("men ngọc khắc chìm", "incised celadon glaze", "men-ngoc", ("hoa-sen", "hinh-hoc")),
            Style("men nâu da lươn", "eel-skin brown glaze", "men-nau", ("hinh-hoc",)),
            Style("men hỏa biến", "flambé glaze", "men-hoa-bien"),
        ),
    ),
    Family(
        "lua-van-phuc", "LVP", "det-may", "det-may", "van-phuc", "colour", village="van-phuc",
        place=("Vạn Phúc", "Vạn Phúc"), material="lua-to-tam", shape="scarf", count=18,
        about=("Lụa được dệt trên khung cửi từ tơ tằm nguyên chất, mềm, mát và bền màu.",
               "Woven on the loom from pure mulberry silk: soft, cool and colourfast."),
        care=SILK_CARE,
        items=(
            Item("Khăn lụa tơ tằm", "Mulberry silk scarf", 450_000, 0.08, "scarf"),
            Item("Khăn choàng lụa", "Silk shawl", 850_000, 0.15, "scarf"),
            Item("Vải áo dài lụa 2,5 m", "Silk áo dài fabric, 2.5 m", 1_800_000, 0.3, "scarf"),
            Item("Cà vạt lụa", "Silk tie", 350_000, 0.06, "tie"),
            Item("Túi xách lụa thêu tay", "Hand-embroidered silk handbag", 650_000, 0.3, "bag"),
            Item("Vỏ gối lụa", "Silk pillowcase", 550_000, 0.15, "scarf"),
            Item("Quạt lụa", "Silk hand fan", 150_000, 0.1, "fan"),
            Item("Khăn tay lụa", "Silk handkerchief", 120_000, 0.03, "scarf"),
            Item("Áo sơ mi lụa nữ", "Women's silk blouse", 1_600_000, 0.25, "shirt"),
        ),
        styles=(
            Style("vân hoa sen", "lotus damask", motifs=("hoa-sen",)),
            Style("hoa văn chữ Thọ", "longevity-character pattern", motifs=("chu-tho",)),
            Style("nhuộm màu tự nhiên", "naturally dyed"),
            Style("vân triện", "scroll-pattern damask", motifs=("hinh-hoc",)),
            Style("thêu tay hoa đào", "hand-embroidered peach blossom", motifs=("tu-quy",)),
        ),
    ),
    Family(
        "kham-trai-chuyen-my", "KCM", "kham-trai", "thu-cong-my-nghe", "chuyen-my", "size", village="chuyen-my",
        place=("Chuyên Mỹ", "Chuyên Mỹ"), material="vo-trai-go", shape="box", count=14,
        about=("Từng mảnh vỏ trai được cưa, mài thủ công rồi khảm lên gỗ và phủ sơn bảo vệ.",
               "Each piece of shell is sawn and ground by hand, inlaid in wood and sealed with lacquer."),
        care=CRAFT_CARE,
        items=(
            Item("Hộp trang sức khảm trai", "Inlaid jewellery box", 750_000, 0.8, "box"),
            Item("Tranh khảm trai", "Mother-of-pearl picture", 3_500_000, 3.0, "painting"),
            Item("Khay trà khảm trai", "Inlaid tea tray", 1_200_000, 1.5, "tray"),
            Item("Hộp đựng chè khảm trai", "Inlaid tea caddy", 450_000, 0.5, "box"),
            Item("Bình phong khảm trai", "Inlaid folding screen", 4_800_000, 25.0, "painting"),
            Item("Đĩa gỗ khảm trai", "Inlaid wooden plate", 650_000, 0.9, "plate"),
            Item("Hộp đựng bút khảm trai", "Inlaid pen box", 280_000, 0.3, "box"),
            Item("Khung ảnh khảm trai", "Inlaid photo frame", 390_000, 0.6, "painting"),
        ),
        styles=(
            Style("họa tiết Khuê Văn Các", "with the Khuê Văn Các pavilion", motifs=("phong-canh",)),
            Style("hoa sen", "lotus", motifs=("hoa-sen",)),
            Style("tứ quý tùng cúc trúc mai", "four seasons: pine, chrysanthemum, bamboo, apricot", motifs=("tu-quy",)),
            Style("chim hạc", "cranes", motifs=("chim-hac",)),
            Style("phong cảnh Hồ Gươm", "Hoàn Kiếm Lake scene", motifs=("phong-canh",)),
        ),
    ),
    Family(
        "may-tre-phu-vinh", "MPV", "may-tre-dan", "thu-cong-my-nghe", "phu-vinh", "size", village="phu-vinh",
        place=("Phú Vinh", "Phú Vinh"), material="may", shape="basket", count=16,
        about=("Sợi mây, sợi giang được chẻ, vót và đan hoàn toàn bằng tay, không dùng đinh hay keo.",
               "Rattan and giang bamboo are split, shaved and woven entirely by hand, with no nails or glue."),
        care=WEAVE_CARE,
        items=(
            Item("Giỏ mây có quai", "Rattan basket with handle", 220_000, 0.6, "basket"),
            Item("Làn mây đi chợ", "Rattan market basket", 320_000, 0.7, "basket"),
            Item("Khay mây chữ nhật", "Rectangular rattan tray", 260_000, 0.8, "tray"),
            Item("Hộp mây có nắp", "Lidded rattan box", 350_000, 0.7, "box"),
            Item("Chao đèn mây", "Rattan lampshade", 480_000, 0.9, "lamp"),
            Item("Ghế mây thư giãn", "Rattan lounge chair", 2_400_000, 8.0, "basket"),
            Item("Túi cói đan tay", "Hand-woven sedge bag", 290_000, 0.4, "bag", material="coi"),
            Item("Bình hoa tre", "Bamboo vase", 180_000, 0.4, "vase", material="tre-giang"),
            Item("Khay tre cuốn", "Rolled bamboo tray", 150_000, 0.5, "tray", material="tre-giang"),
            Item("Lẵng hoa mây", "Rattan flower basket", 250_000, 0.5, "basket"),
        ),
        styles=(
            Style("đan mắt cáo", "hexagonal weave", motifs=("hinh-hoc",)),
            Style("đan nong mốt", "plain weave"),
            Style("đan hoa thị", "star weave", motifs=("hinh-hoc",)),
            Style("màu tự nhiên", "natural colour"),
        ),
    ),
    Family(
        "son-mai-ha-thai", "SHT", "son-mai", "thu-cong-my-nghe", "ha-thai", "size", village="ha-thai",
        place=("Hạ Thái", "Hạ Thái"), material="son-ta", shape="painting", count=14,
        about=("Sản phẩm qua hàng chục lớp sơn ta, mỗi lớp đều được mài phẳng, rồi đánh bóng bằng tay.",
               "Built up from dozens of coats of natural lacquer, each sanded flat, then polished by hand."),
        care=CRAFT_CARE,
        items=(
            Item("Tranh sơn mài", "Lacquer painting", 2_800_000, 2.5, "painting"),
            Item("Bình sơn mài", "Lacquer vase", 850_000, 0.8, "vase"),
            Item("Hộp sơn mài", "Lacquer box", 550_000, 0.5, "box"),
            Item("Khay sơn mài", "Lacquer tray", 650_000, 0.7, "tray"),
            Item("Đĩa sơn mài", "Lacquer plate", 450_000, 0.4, "plate"),
            Item("Bộ 6 lót cốc sơn mài", "Set of six lacquer coasters", 220_000, 0.3, "box"),
            Item("Bát sơn mài", "Lacquer bowl", 320_000, 0.3, "bowl"),
        ),
        styles=(
            Style("cảnh làng quê Bắc Bộ", "northern village landscape", motifs=("phong-canh",)),
            Style("hoa sen son vàng", "lotus in vermilion and gold", motifs=("hoa-sen",)),
            Style("khảm vỏ trứng", "eggshell inlay", motifs=("hinh-hoc",)),
            Style("cá chép hoa sen", "carp and lotus", motifs=("hoa-sen",)),
            Style("phố cổ Hà Nội", "Hanoi Old Quarter", motifs=("phong-canh",)),
        ),
    ),
    Family(
        "non-la-chuong", "NLC", "luu-niem-trang-tri", "thu-cong-my-nghe", "lang-chuong", "single",
        village="lang-chuong", place=("Làng Chuông", "Chuông village"), material="la-co", shape="hat",
        about=("Nón được khâu tay từ lá cọ phơi sương trên 16 vành tre chuốt tròn.",
               "Hand-stitched from dew-bleached palm leaves over sixteen shaved bamboo rims."),
        care=WEAVE_CARE,
        items=(
            Item("Nón lá bài thơ", "Poem conical hat", 180_000, 0.2),
            Item("Nón lá quai lụa", "Conical hat with silk strap", 220_000, 0.2),
            Item("Nón lá vẽ tay", "Hand-painted conical hat", 280_000, 0.2),
            Item("Nón quai thao", "Quai thao flat hat", 650_000, 0.5),
            Item("Nón lá mini trang trí", "Miniature decorative hat", 60_000, 0.05),
            Item("Nón lá trẻ em", "Children's conical hat", 90_000, 0.12),
        ),
    ),
    Family(
        "huong-quang-phu-cau", "HQP", "luu-niem-trang-tri", "huong", "quang-phu-cau", "weight",
        village="quang-phu-cau", place=("Quảng Phú Cầu", "Quảng Phú Cầu"), material="tram-que", shape="incense",
        about=("Hương làm từ bột quế, trầm và thảo mộc tự nhiên, không dùng hóa chất tạo mùi.",
               "Made from cinnamon, agarwood and herbs, with no synthetic fragrance."),
        care=FOOD_CARE,
        items=(
            Item("Hương vòng trầm", "Agarwood coil incense", 150_000, packs=(100, 250)),
            Item("Hương nụ quế", "Cinnamon incense cones", 95_000, packs=(100, 250)),
            Item("Hương sạch thảo mộc", "Herbal incense sticks", 65_000, packs=(250, 500)),
            Item("Hương trầm không tăm", "Stickless agarwood incense", 180_000, packs=(100, 200)),
            Item("Hương bài", "Vetiver incense sticks", 55_000, packs=(250, 500)),
            Item("Hương vòng tháp", "Tower coil incense", 120_000, packs=(100, 250)),
        ),
    ),
    Family(
        "tuong-go-son-dong", "TSD", "do-go", "thu-cong-my-nghe", "son-dong", "size", village="son-dong",
        place=("Sơn Đồng", "Sơn Đồng"), material="go-mit", shape="statue",
        about=("Tượng được tạc từ gỗ mít nguyên khối, sơn son và thếp vàng theo kỹ thuật cổ truyền.",
               "Carved from a single block of jackfruit wood, lacquered red and gilded the traditional way."),
        care=CRAFT_CARE,
        items=(
            Item("Tượng Phật Di Lặc gỗ mít", "Jackfruit-wood Maitreya Buddha", 3_200_000, 4.0),
            Item("Tượng Quan Âm Bồ Tát", "Guanyin statue", 4_500_000, 5.0),
            Item("Tượng Thần Tài", "God of Wealth statue", 2_200_000, 3.0),
            Item("Tượng mục đồng thổi sáo", "Buffalo boy with flute", 1_500_000, 2.0),
            Item("Tượng nghê gỗ", "Carved wooden nghê guardian", 1_800_000, 3.0),
            Item("Hoành phi sơn son thếp vàng", "Gilded lacquered horizontal board", 4_600_000, 15.0, "painting"),
            Item("Đôi câu đối gỗ chạm khắc", "Pair of carved wooden couplets", 4_200_000, 12.0, "painting"),
            Item("Bộ tượng 12 con giáp", "Set of twelve zodiac figurines", 1_200_000, 1.5),
        ),
    ),
    Family(
        "mien-cu-da", "MCD", "thuc-pham-che-bien", "thuc-pham", "cu-da", "weight", village="cu-da",
        shape="packet", handmade=True,
        about=("Làm từ tinh bột dong riềng, tráng bánh và phơi nắng tự nhiên, không chất tẩy trắng.",
               "Made from arrowroot starch, rolled into sheets and sun-dried, with no bleaching agents."),
        care=FOOD_CARE,
        items=(
            Item("Miến dong Cự Đà", "Cự Đà arrowroot vermicelli", 85_000, packs=(500, 1000)),
            Item("Miến dong đặc biệt Cự Đà", "Cự Đà premium arrowroot vermicelli", 110_000, packs=(500, 1000)),
            Item("Tương Cự Đà", "Cự Đà fermented soybean sauce", 45_000, shape="bottle", packs=(500, 1000),
                 category="gia-vi"),
        ),
    ),
    Family(
        "com-vong", "CLV", "nong-san-so-che", "thuc-pham", "lang-vong", "weight", village="lang-vong",
        shape="packet",
        about=("Lúa nếp non được rang, giã bằng chày gỗ và sàng nhiều lần để hạt cốm dẻo, xanh tự nhiên.",
               "Young glutinous rice is roasted, pounded with wooden pestles and sifted until soft and naturally green."),
        care=FOOD_CARE,
        items=(
            Item("Cốm làng Vòng gói lá sen", "Vòng green rice flakes in lotus leaf", 120_000, packs=(250, 500)),
            Item("Bánh cốm Hà Nội", "Hanoi green rice cake", 60_000, packs=(250, 500), category="thuc-pham-che-bien"),
            Item("Kẹo cốm", "Green rice flake candy", 55_000, packs=(200, 400), category="thuc-pham-che-bien"),
        ),
    ),
    Family(
        "che-tra", "CHE", "che", "thuc-pham", "nong-san", "weight", shape="tea", handmade=True,
        about=("Búp chè được hái tay một tôm hai lá, sao trên chảo gang theo cách truyền thống.",
               "Buds are hand-picked, one bud and two leaves, and pan-roasted in cast iron the traditional way."),
        care=FOOD_CARE,
        items=(
            Item("Chè búp Ba Vì", "Ba Vì green tea buds", 150_000, packs=(200, 500)),
            Item("Chè xanh Ba Vì sao tay", "Ba Vì hand-roasted green tea", 180_000, packs=(200, 500)),
            Item("Trà sen Tây Hồ", "Tây Hồ lotus-scented tea", 450_000, packs=(100, 200)),
            Item("Trà ướp hoa nhài", "Jasmine-scented tea", 160_000, packs=(100, 200)),
            Item("Hồng trà Ba Vì", "Ba Vì black tea", 170_000, packs=(200, 500)),
            Item("Chè móc câu Sóc Sơn", "Sóc Sơn hook-leaf tea", 200_000, packs=(200, 500)),
        ),
    ),
    Family(
        "nong-san-ha-noi", "NSH", "thuc-pham-che-bien", "thuc-pham", "nong-san", "weight", shape="packet",
        handmade=False,
        about=("Sản phẩm từ vùng nguyên liệu của Hà Nội, có truy xuất nguồn gốc bằng mã QR trên bao bì.",
               "From Hanoi's own farms, traceable through the QR code on the pack."),
        care=FOOD_CARE,
        items=(
            Item("Bưởi Diễn hộp 2 quả", "Diễn pomelos, box of two", 150_000, shape="fruit", packs=(2400,),
                 category="nong-san-tuoi-song"),
            Item("Cam Canh hộp 3 kg", "Canh oranges, 3 kg box", 180_000, shape="fruit", packs=(3000,),
                 category="nong-san-tuoi-song"),
            Item("Trứng gà ta thả vườn hộp 10 quả", "Free-range eggs, box of ten", 45_000, shape="fruit", packs=(600,),
                 category="nong-san-tuoi-song"),
            Item("Gạo nếp cái hoa vàng", "Yellow-flower glutinous rice", 45_000, packs=(1000, 2000),
                 category="nong-san-so-che"),
            Item("Gạo tám thơm", "Fragrant Tám rice", 65_000, packs=(2000, 5000), category="nong-san-so-che"),
            Item("Mật ong hoa nhãn", "Longan-blossom honey", 180_000, shape="bottle", packs=(500, 1000)),
            Item("Mật ong rừng Ba Vì", "Ba Vì wild honey", 250_000, shape="bottle", packs=(500, 1000)),
            Item("Giò lụa thủ công", "Handmade pork roll", 180_000, packs=(500, 1000)),
            Item("Chả cốm", "Green rice sausage patties", 120_000, packs=(500,)),
            Item("Bánh chưng Tranh Khúc", "Tranh Khúc square sticky rice cake", 90_000, packs=(1000, 2000)),
            Item("Tỏi đen cô đơn", "Single-clove black garlic", 350_000, shape="jar", packs=(250, 500)),
            Item("Muối vừng lạc", "Sesame and peanut salt", 45_000, shape="jar", packs=(200, 400), category="gia-vi"),
            Item("Tương ớt Hà Nội", "Hanoi chilli sauce", 45_000, shape="bottle", packs=(250, 500), category="gia-vi"),
            Item("Cà phê rang xay nguyên chất", "Pure roasted ground coffee", 160_000, packs=(250, 500),
                 category="ca-phe-ca-cao"),
            Item("Bột ca cao nguyên chất", "Pure cocoa powder", 140_000, packs=(250, 500), category="ca-phe-ca-cao"),
            Item("Sô cô la đen 70%", "70% dark chocolate", 95_000, shape="box", packs=(100, 200),
                 category="ca-phe-ca-cao"),
        ),
    ),
    Family(
        "do-uong-ha-noi", "DUH", "do-uong-khong-con", "do-uong", "do-uong", "volume", shape="bottle",
        handmade=False,
        about=("Sản xuất tại cơ sở đạt chứng nhận an toàn thực phẩm, không chất bảo quản tổng hợp.",
               "Made in a food-safety certified facility, with no synthetic preservatives."),
        care=DRINK_CARE,
        items=(
            Item("Rượu mơ Hương Sơn", "Hương Sơn apricot wine", 220_000, packs=(500, 750), category="ruou"),
            Item("Rượu nếp cái hoa vàng", "Yellow-flower glutinous rice wine", 150_000, packs=(500, 1000),
                 category="ruou"),
            Item("Rượu nếp cẩm", "Black glutinous rice wine", 160_000, packs=(500, 750), category="ruou"),
            Item("Rượu ngô men lá", "Leaf-yeast corn spirit", 180_000, packs=(500, 1000), category="ruou"),
            Item("Rượu chuối hột", "Seeded-banana infused spirit", 190_000, packs=(500,),
                 category="do-uong-co-con-khac"),
            Item("Bia thủ công Hà Nội hộp 4 chai", "Hanoi craft beer, four bottles", 220_000, packs=(1320,),
                 category="do-uong-co-con-khac"),
            Item("Sữa tươi thanh trùng Ba Vì", "Ba Vì pasteurised fresh milk", 45_000, packs=(900, 1800)),
            Item("Nước ép bưởi Diễn", "Diễn pomelo juice", 55_000, packs=(330, 1000)),
            Item("Nước cốt gừng mật ong", "Ginger and honey concentrate", 120_000, packs=(250, 500)),
            Item("Siro mơ Hương Sơn", "Hương Sơn apricot syrup", 85_000, packs=(500, 1000)),
        ),
    ),
    Family(
        "thuoc-nam-dao-ba-vi", "DBV", "thuc-pham-chuc-nang-thuoc-duoc-lieu", "thao-duoc", "ba-vi", "volume",
        village="ba-vi", shape="bottle",
        about=("Bài thuốc gia truyền của người Dao, từ lá và rễ cây thu hái dưới chân núi Ba Vì.",
               "A Dao family recipe of leaves and roots gathered at the foot of Ba Vì mountain."),
        care=HERBAL_CARE,
        items=(
            Item("Thuốc tắm người Dao", "Dao herbal bath", 120_000, packs=(250, 500)),
            Item("Cao lá xông người Dao", "Dao herbal steam extract", 150_000, packs=(250,)),
            Item("Dầu xoa bóp thảo dược", "Herbal massage oil", 95_000, packs=(30, 50)),
            Item("Thuốc ngâm chân thảo dược", "Herbal foot soak", 85_000, packs=(250, 500)),
            Item("Trà dược liệu người Dao", "Dao herbal tea", 110_000, shape="tea", category="tinh-dau-thao-duoc-khac"),
        ),
    ),
    Family(
        "thao-duoc-ha-noi", "TDH", "my-pham-thao-duoc", "thao-duoc", "thao-duoc", "volume", shape="bottle",
        about=("Chiết xuất từ thảo dược trồng hữu cơ, không paraben, không hương liệu tổng hợp.",
               "Extracted from organically grown herbs, with no parabens or synthetic fragrance."),
        care=HERBAL_CARE,
        items=(
            Item("Tinh dầu sả chanh", "Lemongrass essential oil", 95_000, packs=(10, 50), category="tinh-dau-thao-duoc-khac"),
            Item("Tinh dầu bưởi dưỡng tóc", "Pomelo-peel hair oil", 120_000, packs=(50, 100)),
            Item("Dầu gội bồ kết thảo dược", "Herbal soapberry shampoo", 150_000, packs=(300, 500)),
            Item("Xà phòng thảo mộc thủ công", "Handmade herbal soap", 65_000, shape="box"),
            Item("Trà túi lọc hoa cúc", "Chrysanthemum tea bags", 85_000, shape="tea", category="tinh-dau-thao-duoc-khac"),
            Item("Cao ích mẫu", "Motherwort extract", 135_000, packs=(250,), category="thuc-pham-chuc-nang-thuoc-duoc-lieu"),
            Item("Tinh dầu quế", "Cinnamon essential oil", 110_000, packs=(10, 50), category="tinh-dau-thao-duoc-khac"),
        ),
    ),
    Family(
        "hoa-tay-tuu", "HTT", "hoa", "cay-hoa", "tay-tuu", "size", village="tay-tuu", shape="flower", handmade=False,
        about=("Hoa được cắt lúc sáng sớm và giao trong ngày để giữ độ tươi.",
               "Cut at dawn and delivered the same day to stay fresh."),
        care=PLANT_CARE,
        items=(
            Item("Bó hoa hồng Tây Tựu", "Tây Tựu rose bouquet", 250_000, 1.0),
            Item("Bó hoa cúc họa mi", "Daisy bouquet", 150_000, 0.8),
            Item("Bó hoa ly 5 cành", "Lily bunch, five stems", 300_000, 1.2),
            Item("Chậu lan hồ điệp", "Phalaenopsis orchid pot", 850_000, 2.5),
        ),
    ),
    Family(
        "dao-nhat-tan", "DNT", "cay-canh", "cay-hoa", "nhat-tan", "size", village="nhat-tan", shape="tree",
        handmade=False,
        about=("Cây được chăm và tạo thế quanh năm để nở đúng dịp Tết.",
               "Tended and shaped all year to bloom in time for Tết."),
        care=PLANT_CARE,
        items=(
            Item("Cành đào Nhật Tân", "Nhật Tân peach-blossom branch", 450_000, 2.0),
            Item("Cây đào thế Nhật Tân", "Shaped Nhật Tân peach tree", 3_500_000, 20.0),
            Item("Cây quất cảnh Tứ Liên", "Tứ Liên kumquat tree", 1_500_000, 15.0),
        ),
    ),
    Family(
        "ca-canh", "CCA", "dong-vat-canh", "cay-hoa", "sinh-vat-canh", "single", shape="fish", handmade=False,
        about=("Cá được nuôi thuần dưỡng tại trại, đóng túi oxy khi giao.",
               "Farm-raised and acclimatised, packed in oxygenated bags for delivery."),
        care=("Thả cá vào bể sau khi cân bằng nhiệt độ túi nước 15 phút.",
              "Float the bag in the tank for 15 minutes before releasing the fish."),
        items=(
            Item("Cá Koi giống một cặp", "Koi fingerlings, a pair", 450_000, 1.5),
            Item("Cá vàng ba đuôi một cặp", "Fantail goldfish, a pair", 120_000, 1.0),
        ),
    ),
    Family(
        "trai-nghiem-lang-nghe", "TNL", "dich-vu-du-lich-cong-dong", "trai-nghiem", "trai-nghiem", "single",
        shape="ticket", handmade=False,
        about=("Vé gồm hướng dẫn viên người làng, nguyên liệu và sản phẩm tự làm mang về.",
               "Includes a village guide, materials and the piece you make to take home."),
        care=("Vé có giá trị trong 6 tháng; đặt lịch trước ít nhất 1 ngày.",
              "Valid for six months; book at least one day ahead."),
        items=(
            Item("Trải nghiệm làm gốm Bát Tràng nửa ngày", "Half-day pottery workshop in Bát Tràng", 250_000,
                 0, village="bat-trang"),
            Item("Tham quan làng lụa Vạn Phúc và dệt thử", "Vạn Phúc silk village tour with weaving", 200_000,
                 0, village="van-phuc"),
            Item("Trải nghiệm vẽ tranh sơn mài Hạ Thái", "Lacquer painting workshop in Hạ Thái", 350_000,
                 0, village="ha-thai"),
            Item("Tour làng hoa Tây Tựu", "Tây Tựu flower village tour", 150_000, 0, village="tay-tuu"),
            Item("Trải nghiệm đan mây tre Phú Vinh", "Rattan weaving workshop in Phú Vinh", 180_000,
                 0, village="phu-vinh"),
        ),
    ),
)

# Colours of each category's pictures: (background, object).
CATEGORY_COLOURS = {
    "gom-su": ((226, 234, 246), (31, 78, 156)),
    "det-may": ((246, 228, 232), (150, 32, 58)),
    "kham-trai": ((222, 236, 236), (24, 74, 84)),
    "may-tre-dan": ((246, 238, 220), (166, 118, 58)),
    "son-mai": ((244, 226, 214), (128, 26, 20)),
    "do-go": ((240, 230, 216), (120, 72, 36)),
    "luu-niem-trang-tri": ((246, 240, 214), (176, 128, 24)),
    "thuc-pham": ((234, 244, 222), (86, 130, 46)),
    "che": ((226, 240, 222), (46, 110, 60)),
    "ca-phe-ca-cao": ((238, 228, 218), (92, 56, 36)),
    "do-uong": ((240, 230, 244), (110, 46, 120)),
    "thao-duoc": ((228, 242, 230), (58, 120, 80)),
    "sinh-vat-canh": ((246, 230, 238), (196, 64, 112)),
    "dich-vu-du-lich-cong-dong": ((222, 238, 248), (30, 110, 160)),
}
