"""The OCOP product classification as the category tree: six industries, each with
its product groups, in Vietnamese with English translations.

Production needs this tree without any demo products, so `seed_ocop_categories()`
stands on its own and is safe to run on every deploy.
"""

from django.db import transaction

from commerce.product.models import Category, CategoryTranslation

from .text import editorjs, plaintext
from .upsert import Upsert

# (ocop_code, slug, Vietnamese name, English name, Vietnamese blurb, English blurb, children)
OCOP_INDUSTRIES = [
    ("1", "thuc-pham", "Thực phẩm", "Food",
     "Nông sản, thực phẩm chế biến, gia vị, chè và cà phê của các chủ thể OCOP Hà Nội.",
     "Produce, processed food, condiments, tea and coffee from Hanoi's OCOP producers.",
     [
         ("1.1", "nong-san-tuoi-song", "Nông sản tươi sống", "Fresh produce"),
         ("1.2", "nong-san-so-che", "Nông sản sơ chế", "Minimally processed produce"),
         ("1.3", "thuc-pham-che-bien", "Thực phẩm chế biến", "Processed food"),
         ("1.4", "gia-vi", "Gia vị", "Condiments and spices"),
         ("1.5", "che", "Chè", "Tea"),
         ("1.6", "ca-phe-ca-cao", "Cà phê – ca cao", "Coffee and cocoa"),
     ]),
    ("2", "do-uong", "Đồ uống", "Drinks",
     "Rượu truyền thống, đồ uống có cồn khác và đồ uống không cồn.",
     "Traditional spirits, other alcoholic drinks and soft drinks.",
     [
         ("2.1", "ruou", "Rượu", "Rice wine and spirits"),
         ("2.2", "do-uong-co-con-khac", "Đồ uống có cồn khác", "Other alcoholic drinks"),
         ("2.3", "do-uong-khong-con", "Đồ uống không cồn", "Soft drinks"),
     ]),
    ("3", "thao-duoc", "Thảo dược", "Herbal products",
     "Sản phẩm từ dược liệu: thực phẩm chức năng, mỹ phẩm và tinh dầu.",
     "Products from medicinal plants: supplements, cosmetics and essential oils.",
     [
         ("3.1", "thuc-pham-chuc-nang-thuoc-duoc-lieu", "Thực phẩm chức năng, thuốc từ dược liệu",
          "Supplements and herbal medicines"),
         ("3.2", "my-pham-thao-duoc", "Mỹ phẩm từ thảo dược", "Herbal cosmetics"),
         ("3.3", "tinh-dau-thao-duoc-khac", "Tinh dầu và thảo dược khác", "Essential oils and other herbal products"),
     ]),
    ("4", "thu-cong-my-nghe-vai-may-mac", "Thủ công mỹ nghệ, vải và may mặc", "Handicrafts, fabric and clothing",
     "Gốm sứ, lụa, khảm trai, sơn mài, mây tre đan và đồ gỗ từ các làng nghề Hà Nội.",
     "Ceramics, silk, mother-of-pearl inlay, lacquer, rattan and woodwork from Hanoi's craft villages.",
     [
         ("4.1", "do-go", "Đồ gỗ", "Woodwork"),
         ("4.2", "may-tre-dan", "Mây tre đan", "Rattan and bamboo"),
         ("4.3", "gom-su", "Gốm sứ", "Ceramics"),
         ("4.4", "son-mai", "Sơn mài", "Lacquerware"),
         ("4.5", "kham-trai", "Khảm trai", "Mother-of-pearl inlay"),
         ("4.6", "det-may", "Dệt may", "Textiles and clothing"),
         ("4.7", "luu-niem-trang-tri", "Đồ lưu niệm, trang trí", "Souvenirs and decoration"),
     ]),
    ("5", "sinh-vat-canh", "Sinh vật cảnh", "Ornamental plants and animals",
     "Hoa, cây cảnh và động vật cảnh từ các làng hoa, làng cây cảnh.",
     "Flowers, ornamental trees and ornamental animals from Hanoi's flower villages.",
     [
         ("5.1", "hoa", "Hoa", "Flowers"),
         ("5.2", "cay-canh", "Cây cảnh", "Ornamental trees"),
         ("5.3", "dong-vat-canh", "Động vật cảnh", "Ornamental animals"),
     ]),
    ("6", "dich-vu-du-lich-cong-dong", "Dịch vụ du lịch cộng đồng và điểm du lịch",
     "Community tourism services and destinations",
     "Trải nghiệm làng nghề, du lịch cộng đồng và điểm du lịch nông thôn.",
     "Craft-village experiences, community tourism and rural destinations.",
     []),
]


def ocop_category_slugs() -> list[str]:
    return [slug for industry in OCOP_INDUSTRIES for slug in [industry[1], *(c[1] for c in industry[6])]]


def seed_ocop_categories() -> dict[str, Category]:
    """Create or update the six industries and their groups; returns them by slug.

    Rows are keyed by slug, so renaming a category here renames it in the shop and
    running it twice changes nothing.
    """
    return seed_ocop_categories_counted()[0]


@transaction.atomic
def seed_ocop_categories_counted() -> tuple[dict[str, Category], int]:
    """seed_ocop_categories, also returning how many rows it wrote."""
    categories = Upsert(Category, ["slug"], queryset=Category.objects.filter(slug__in=ocop_category_slugs()))
    translations = Upsert(CategoryTranslation, ["category", "language_code"])
    seeded = {}
    for code, slug, name, name_en, blurb, blurb_en, children in OCOP_INDUSTRIES:
        description = editorjs(blurb)
        industry = categories(
            slug, name=name, ocop_code=code, parent=None, description=description,
            description_plaintext=plaintext(description), seo_title=name[:70], seo_description=blurb[:300],
        )
        translations((industry, "en"), name=name_en, description=editorjs(blurb_en), seo_title=name_en[:70])
        seeded[slug] = industry
        for child_code, child_slug, child_name, child_name_en in children:
            child = categories(
                child_slug, name=child_name, ocop_code=child_code, parent=industry,
                description=None, description_plaintext="", seo_title=child_name[:70], seo_description=None,
            )
            translations((child, "en"), name=child_name_en, description=None, seo_title=child_name_en[:70])
            seeded[child_slug] = child
    return seeded, categories.changes + translations.changes
