"""From a sheet's header texts to the import's field keys (see fields.py).

Producers' spreadsheets are typed by hand: with or without Vietnamese diacritics,
in any case, with abbreviations ("Tên SP", "SL", "MST") and units in brackets
("Giá bán (VNĐ)"). Headers are therefore compared in a folded form
(`normalize_header`) against a generous table of synonyms per field, and the two
parameterised fields (price per channel, stock per warehouse) also accept a slug
after the header: "Giá bán (bat-trang)", "Giá bán bat-trang", "Price [web-shop]",
"price@web-shop" -> "price@bat-trang", "price@web-shop".

A saved mapping (ImportMapping.columns) always wins over the automatic matching.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from catalog_import.fields import BY_KEY, FIELDS, PARAMETERISED
from commerce.search.normalize import search_words


def normalize_header(text: str) -> str:
    """Fold case, diacritics (đ→d), punctuation and spacing, so that headers typed
    differently compare equal: "Tên  Sản-phẩm " -> "ten san pham"."""
    if text is None:
        return ""
    return " ".join(search_words(unicodedata.normalize("NFC", str(text))))


def slugify_parameter(text: str) -> str:
    """A channel or warehouse slug as written, made safe: "Bát Tràng" -> "bat-trang"."""
    return "-".join(search_words(str(text)))


# Accepted header texts per field, in addition to the template's own vi/en headers.
# Written as people write them; compared after normalize_header, so diacritics,
# case and punctuation do not matter here.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "producer_tax_code": (
        "MST", "Mã số thuế", "Mã số thuế chủ thể", "MST chủ thể", "Mã số doanh nghiệp", "Mã số DN",
        "Mã số HTX", "Mã số thuế/CCCD", "Tax code", "Tax ID", "Tax number", "Producer tax code", "VAT number",
    ),
    "producer_name": (
        "Tên chủ thể", "Chủ thể", "Chủ thể OCOP", "Tên chủ thể OCOP", "Tên doanh nghiệp", "Tên DN", "Tên cơ sở",
        "Cơ sở sản xuất", "Tên cơ sở sản xuất", "Nhà sản xuất", "Đơn vị sản xuất", "Tên HTX", "Producer",
        "Producer name", "Manufacturer", "Supplier", "Company", "Company name",
    ),
    "producer_legal_type": (
        "Loại hình", "Loại hình chủ thể", "Loại hình doanh nghiệp", "Loại hình tổ chức", "Hình thức tổ chức",
        "Legal type", "Legal form", "Entity type", "Producer type",
    ),
    "producer_address": (
        "Địa chỉ", "Địa chỉ chủ thể", "Địa chỉ trụ sở", "Trụ sở", "Địa chỉ sản xuất", "Địa chỉ cơ sở", "Address",
        "Producer address", "Company address",
    ),
    "producer_phone": (
        "Điện thoại", "Số điện thoại", "SĐT", "SDT", "ĐT", "Điện thoại liên hệ", "Hotline", "Phone", "Phone number",
        "Tel", "Telephone", "Mobile",
    ),
    "producer_email": ("Email", "E-mail", "Thư điện tử", "Địa chỉ email", "Mail"),
    "producer_representative": (
        "Người đại diện", "Người đại diện pháp luật", "Đại diện", "Chủ cơ sở", "Giám đốc", "Chủ hộ",
        "Người liên hệ", "Representative", "Legal representative", "Contact person", "Contact",
    ),
    "product_code": (
        "Mã sản phẩm OCOP", "Mã OCOP", "Mã SP OCOP", "Mã số OCOP", "Mã sản phẩm", "Mã SP", "OCOP code",
        "OCOP product code", "Product code", "OCOP ID",
    ),
    "external_reference": (
        "Mã tham chiếu", "Mã nội bộ", "Mã riêng", "Mã tham chiếu sản phẩm", "Mã sản phẩm nội bộ",
        "External reference", "External ref", "External ID", "Reference", "Ref", "Your reference", "Internal code",
    ),
    "product_name": (
        "Tên sản phẩm", "Tên SP", "Ten SP", "Sản phẩm", "Tên hàng", "Tên hàng hoá", "Tên mặt hàng", "Mặt hàng",
        "Product name", "Product", "Name", "Title", "Product title",
    ),
    "product_name_en": (
        "Tên sản phẩm (tiếng Anh)", "Tên tiếng Anh", "Tên SP tiếng Anh", "Tên sản phẩm tiếng Anh", "Tên (EN)",
        "Tên EN", "Product name (English)", "English name", "Name (English)", "Name EN", "Product name EN",
    ),
    "description": (
        "Mô tả", "Mô tả sản phẩm", "Giới thiệu", "Giới thiệu sản phẩm", "Thông tin sản phẩm", "Đặc điểm",
        "Description", "Product description", "Details",
    ),
    "description_en": (
        "Mô tả (tiếng Anh)", "Mô tả tiếng Anh", "Mô tả EN", "Description (English)", "English description",
        "Description EN",
    ),
    "category": (
        "Nhóm/bộ sản phẩm OCOP", "Nhóm sản phẩm", "Bộ sản phẩm", "Nhóm sản phẩm OCOP", "Bộ sản phẩm OCOP",
        "Phân nhóm", "Ngành hàng", "Danh mục", "Phân loại", "Nhóm", "Nhóm/bộ", "Nhóm bộ sản phẩm",
        "OCOP group/set", "OCOP group", "OCOP set", "Category", "Product category", "Group",
    ),
    "craft_village": ("Làng nghề", "Tên làng nghề", "Làng", "Craft village", "Village"),
    "product_type": ("Loại sản phẩm", "Loại SP", "Loại hàng", "Kiểu sản phẩm", "Product type", "Type"),
    "attributes": (
        "Thuộc tính", "Thuộc tính sản phẩm", "Đặc tính", "Thông số", "Thông số kỹ thuật", "Attributes",
        "Properties", "Specifications", "Specs",
    ),
    "sku": (
        "SKU", "Mã SKU", "Mã hàng", "Mã hàng hoá", "Mã phiên bản", "Mã biến thể", "Mã kho", "Item code",
        "Variant SKU", "Article number", "Art no",
    ),
    "gtin": (
        "GTIN", "Mã vạch", "Mã vạch (GTIN)", "Mã vạch GTIN", "Mã vạch EAN", "Mã EAN", "Barcode", "Bar code",
        "Barcode (GTIN)", "EAN", "EAN13", "EAN-13", "GTIN13", "GTIN-13",
    ),
    "variant_name": (
        "Tên phiên bản", "Phiên bản", "Biến thể", "Tên biến thể", "Quy cách", "Quy cách đóng gói", "Mẫu mã",
        "Variant name", "Variant", "Option",
    ),
    "weight": (
        "Khối lượng (kg)", "Khối lượng", "Trọng lượng", "Trọng lượng (kg)", "Khối lượng tịnh", "KL", "Cân nặng",
        "Weight (kg)", "Weight", "Net weight", "Weight kg",
    ),
    "size": ("Kích thước", "Kích cỡ", "Cỡ", "Size", "Dimensions", "Kích thước (cm)", "Size (cm)"),
    "colour": ("Màu sắc", "Màu", "Colour", "Color"),
    "ocop_stars": (
        "Hạng sao OCOP", "Hạng sao", "Số sao", "Sao OCOP", "Sao", "Xếp hạng", "Xếp hạng OCOP", "Hạng OCOP",
        "Phân hạng", "Kết quả phân hạng", "OCOP stars", "Stars", "OCOP rating", "Rating", "Star rating",
    ),
    "ocop_score": (
        "Điểm đánh giá", "Điểm", "Điểm OCOP", "Điểm số", "Tổng điểm", "Điểm chấm", "Score", "OCOP score",
        "Points", "Total score",
    ),
    "decision_number": (
        "Số quyết định", "Số QĐ", "Quyết định", "Quyết định số", "QĐ", "QĐ số", "Số quyết định công nhận",
        "Decision number", "Decision no", "Decision", "Decision ref",
    ),
    "decision_date": (
        "Ngày quyết định", "Ngày QĐ", "Ngày ký QĐ", "Ngày ký quyết định", "Ngày công nhận", "Ngày cấp",
        "Decision date", "Date of decision", "Certification date", "Date certified",
    ),
    "issuer_level": (
        "Cấp công nhận", "Cấp đánh giá", "Cấp ra quyết định", "Cấp", "Cơ quan công nhận", "Cấp chứng nhận",
        "Issuer level", "Issuer", "Issued by", "Level",
    ),
    "price": (
        "Giá bán", "Giá", "Đơn giá", "Giá bán lẻ", "Giá lẻ", "Giá niêm yết", "Giá bán (VNĐ)", "Giá tiền",
        "Price", "Retail price", "Unit price", "Sale price", "Selling price",
    ),
    "stock": (
        "Tồn kho", "Số lượng", "SL", "Số lượng tồn", "Số lượng tồn kho", "SL tồn", "Tồn", "Tồn kho (cái)",
        "Stock", "Qty", "Quantity", "Stock quantity", "Inventory", "On hand",
    ),
    "images": (
        "Ảnh", "Hình ảnh", "Ảnh sản phẩm", "Hình", "Ảnh SP", "Link ảnh", "Đường dẫn ảnh", "URL ảnh", "Tệp ảnh",
        "Images", "Image", "Photos", "Photo", "Pictures", "Image URLs", "Image URL",
    ),
}

# Bracketed or trailing words that are a unit, not a channel/warehouse slug:
# "Giá bán (VNĐ)", "Price (VND)", "Tồn kho (cái)" are plain price / stock columns.
_UNIT_WORDS = frozenset(
    normalize_header(w)
    for w in (
        "VNĐ", "VND", "đ", "đồng", "dong", "₫", "vn dong", "nghìn đồng", "1000đ", "1.000đ", "k",
        "cái", "chiếc", "sp", "sản phẩm", "bộ", "hộp", "gói", "chai", "lọ", "túi", "đơn vị",
        "pcs", "pc", "units", "unit", "items", "qty",
    )
)


# Words after "Giá"/"Tồn kho" that name another figure, not a channel/warehouse:
# "Giá vốn" (cost), "Giá sỉ" (wholesale), "SL đã bán" (sold) are not offers.
_NOT_A_SLUG = frozenset(
    normalize_header(w)
    for w in (
        "vốn", "nhập", "sỉ", "buôn", "bán buôn", "gốc", "khuyến mãi", "KM", "giảm", "giảm giá", "thị trường",
        "cost", "wholesale", "purchase", "original", "discount", "compare at", "msrp",
        "bán", "đã bán", "tối thiểu", "tối đa", "đặt", "đặt hàng", "giữ", "an toàn",
        "sold", "min", "minimum", "max", "maximum", "ordered", "reserved", "safety",
    )
)


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for f in FIELDS:
        for text in (f.key, f.vi, f.en, *SYNONYMS.get(f.key, ())):
            norm = normalize_header(text)
            other = index.setdefault(norm, f.key)
            if other != f.key:  # a programming error in the table, caught on import
                raise AssertionError(f"header {text!r} is a synonym of both {other} and {f.key}")
    return index


_INDEX = _build_index()
_PARAMETERISED_NAMES = {norm: key for norm, key in _INDEX.items() if key in PARAMETERISED}

_AT = re.compile(r"^\s*(?P<base>[^@]+?)\s*@\s*(?P<param>\S.*?)\s*$")
_BRACKETED = re.compile(r"^\s*(?P<base>.+?)\s*[\(\[\{]\s*(?P<param>[^\)\]\}]*?)\s*[\)\]\}]\s*$")


def _parameterised(text: str) -> str | None:
    """"Giá bán (bat-trang)" -> "price@bat-trang"; None if not a parameterised header."""
    for pattern in (_AT, _BRACKETED):
        m = pattern.match(text)
        if m:
            key = _PARAMETERISED_NAMES.get(normalize_header(m["base"]))
            if key:
                return _with_parameter(key, m["param"])
    # "Giá bán bat-trang": the longest leading run of words that names price/stock,
    # the rest is the slug.
    words = text.split()
    for cut in range(len(words) - 1, 0, -1):
        key = _PARAMETERISED_NAMES.get(normalize_header(" ".join(words[:cut])))
        if key:
            return _with_parameter(key, " ".join(words[cut:]))
    return None


def _with_parameter(key: str, param: str) -> str | None:
    folded = normalize_header(param)
    if folded in _UNIT_WORDS or not folded:
        return key
    if folded in _NOT_A_SLUG or folded.split()[0] in _NOT_A_SLUG:
        return None
    return f"{key}@{slugify_parameter(param)}"


def field_for_header(text: str | None) -> str | None:
    """The field key a header names by itself (no saved mapping), or None."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", str(text)).strip()
    if not text:
        return None
    key = _INDEX.get(normalize_header(text))
    if key:
        return key
    return _parameterised(text)


def is_known_header(text: str) -> bool:
    """Whether automatic matching recognises this header (used by readers to tell a
    second header row from a data row)."""
    return field_for_header(text) is not None


def is_valid_key(key: str) -> bool:
    """A field key from fields.py, or "price@<slug>" / "stock@<slug>"."""
    base, _, param = key.partition("@")
    if base not in BY_KEY:
        return False
    if not param:
        return True
    return base in PARAMETERISED and slugify_parameter(param) == param


def validate_mapping(columns: dict[str, str]) -> list[str]:
    """Problems in a saved mapping ({"header": "field key" or ""}), one message per
    bad entry (Vietnamese / English); empty when the mapping can be used."""
    problems = []
    for header, key in (columns or {}).items():
        if key and not is_valid_key(str(key)):
            problems.append(
                f"Cột “{header}” được gán cho “{key}”, không phải là trường nhập liệu nào "
                f"/ column “{header}” is mapped to “{key}”, which is not an import field"
            )
    return problems


@dataclass
class HeaderMatch:
    columns: dict[int, str]  # column index -> field key ("sku", "price@bat-trang", ...)
    ignored: list[tuple[int, str]]  # (index, header) not recognised: the engine warns
    duplicates: list[tuple[str, list[int]]]  # key claimed by several columns: an error
    # (index, header) ignored on purpose by the saved mapping (mapped to ""): no warning.
    skipped: list[tuple[int, str]] = field(default_factory=list)


def match_headers(
    header: list[str],
    *,
    alternate: list[str] | None = None,
    mapping: dict[str, str] | None = None,
) -> HeaderMatch:
    """Field key of every column.

    Per column, in order: the saved mapping (by the header, then by the alternate
    header, compared folded); then automatic matching of the header, then of the
    alternate header (the English row of the template). A key claimed by several
    columns is reported in `duplicates`; `columns` keeps only its first column.
    Raises ValueError if the mapping names a key that does not exist.
    """
    problems = validate_mapping(mapping or {})
    if problems:
        raise ValueError("; ".join(problems))
    folded_mapping = {normalize_header(h): (k or "") for h, k in (mapping or {}).items()}
    alternate = list(alternate or [])

    columns: dict[int, str] = {}
    ignored: list[tuple[int, str]] = []
    skipped: list[tuple[int, str]] = []
    claimed: dict[str, list[int]] = {}
    for index, text in enumerate(header):
        text = "" if text is None else str(text)
        alt = alternate[index] if index < len(alternate) and alternate[index] is not None else ""
        key: str | None = None
        mapped = False
        for candidate in (text, alt):
            norm = normalize_header(candidate)
            if norm and norm in folded_mapping:
                key, mapped = folded_mapping[norm], True
                break
        if mapped and not key:
            skipped.append((index, text))
            continue
        if not mapped:
            key = field_for_header(text) or field_for_header(alt)
        if not key:
            if text.strip() or alt.strip():
                ignored.append((index, text if text.strip() else alt))
            else:
                ignored.append((index, ""))
            continue
        claimed.setdefault(key, []).append(index)
        columns.setdefault(index, key)
    duplicates = [(key, idx) for key, idx in claimed.items() if len(idx) > 1]
    for key, idx in duplicates:
        for extra in idx[1:]:
            columns.pop(extra, None)
    return HeaderMatch(columns=dict(sorted(columns.items())), ignored=ignored, duplicates=duplicates, skipped=skipped)
