"""The import's own vocabulary: every column a sheet can have, by a stable key.

Readers turn a sheet's header into these keys (`headers.match_headers`), value
parsers (`values`) turn cells into Python values, and the engine reads rows only
through these keys. A sheet is one row per variant; product, producer and
certification cells may repeat on each row or be filled only on the first row of
the product (the engine merges them, and refuses rows that contradict each other).

Two kinds of column carry a parameter after "@":

- `price@<channel-slug>`: the variant's price in that channel ("Giá bán
  (bat-trang)", "Price [web-shop]"); a plain "Giá bán" / "Price" column means
  `price@<the channel given with --channel>`;
- `stock@<warehouse-slug>`: quantity in stock in that warehouse; a plain
  "Tồn kho" / "Stock" means the first warehouse of the --channel channel.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    vi: str  # the header written in the shipped template (Vietnamese row)
    en: str  # the header written in the shipped template (English row)
    group: str  # producer / product / variant / certification / offer / media
    help_vi: str = ""
    help_en: str = ""


FIELDS: tuple[Field, ...] = (
    # --- Producer (an OCOP subject), keyed by tax code -----------------------------
    Field("producer_tax_code", "Mã số thuế", "Tax code", "producer",
          "Mã số thuế của chủ thể (10 hoặc 13 số), khoá để nhận ra chủ thể", "10- or 13-digit tax code; identifies the producer"),
    Field("producer_name", "Tên chủ thể", "Producer name", "producer"),
    Field("producer_legal_type", "Loại hình", "Legal type", "producer",
          "Doanh nghiệp / Hợp tác xã / Tổ hợp tác / Hộ kinh doanh", "enterprise / cooperative / cooperative group / household"),
    Field("producer_address", "Địa chỉ", "Address", "producer",
          "Số nhà, đường, xã/phường, (quận/huyện cũ), tỉnh/thành phố", "street, commune/ward, (old district), province"),
    Field("producer_phone", "Điện thoại", "Phone", "producer"),
    Field("producer_email", "Email", "Email", "producer"),
    Field("producer_representative", "Người đại diện", "Representative", "producer"),
    # --- Product, keyed by OCOP product code, else by external reference ------------
    Field("product_code", "Mã sản phẩm OCOP", "OCOP product code", "product"),
    Field("external_reference", "Mã tham chiếu", "External reference", "product",
          "Mã của sản phẩm trong hệ thống của bạn, nếu không có mã OCOP", "your own id for the product when it has no OCOP code"),
    Field("product_name", "Tên sản phẩm", "Product name", "product"),
    Field("product_name_en", "Tên sản phẩm (tiếng Anh)", "Product name (English)", "product"),
    Field("description", "Mô tả", "Description", "product"),
    Field("description_en", "Mô tả (tiếng Anh)", "Description (English)", "product"),
    Field("category", "Nhóm/bộ sản phẩm OCOP", "OCOP group/set", "product",
          "Tên hoặc mã phân loại OCOP, ví dụ 'Thủ công mỹ nghệ' hoặc '5.1'", "name or OCOP code, e.g. 'Handicrafts' or '5.1'"),
    Field("craft_village", "Làng nghề", "Craft village", "product"),
    Field("product_type", "Loại sản phẩm", "Product type", "product"),
    Field("attributes", "Thuộc tính", "Attributes", "product",
          "Dạng 'Chất liệu: gốm; Men: lam'", "as 'Material: ceramic; Glaze: blue'"),
    # --- Variant, keyed by SKU -----------------------------------------------------
    Field("sku", "Mã SKU", "SKU", "variant"),
    Field("gtin", "Mã vạch (GTIN)", "Barcode (GTIN)", "variant", "13 số, có số kiểm tra", "13 digits with check digit"),
    Field("variant_name", "Tên phiên bản", "Variant name", "variant"),
    Field("weight", "Khối lượng (kg)", "Weight (kg)", "variant"),
    Field("size", "Kích thước", "Size", "variant"),
    Field("colour", "Màu sắc", "Colour", "variant"),
    # --- OCOP certification ----------------------------------------------------------
    Field("ocop_stars", "Hạng sao OCOP", "OCOP stars", "certification", "3, 4 hoặc 5 (ví dụ '4 sao', '★★★★')", "3, 4 or 5"),
    Field("ocop_score", "Điểm đánh giá", "Score", "certification", "0–100, khớp với hạng sao", "0–100, within the star band"),
    Field("decision_number", "Số quyết định", "Decision number", "certification"),
    Field("decision_date", "Ngày quyết định", "Decision date", "certification", "dd/mm/yyyy"),
    Field("issuer_level", "Cấp công nhận", "Issuer level", "certification", "Thành phố / Trung ương", "city / national"),
    # --- Offers (parameterised, see the module docstring) -------------------------------
    Field("price", "Giá bán", "Price", "offer", "VND, ví dụ 125.000 hoặc 125,000 đ", "VND, e.g. 125.000 or 125,000 đ"),
    Field("stock", "Tồn kho", "Stock", "offer"),
    # --- Media ----------------------------------------------------------------------------
    Field("images", "Ảnh", "Images", "media",
          "Đường dẫn (URL) hoặc tên tệp trong tệp ZIP kèm theo, cách nhau bởi dấu ;", "URLs or file names in the accompanying ZIP, separated by ;"),
)

BY_KEY = {field.key: field for field in FIELDS}
PARAMETERISED = frozenset({"price", "stock"})  # keys that may carry "@<slug>"
REQUIRED = ("producer_tax_code", "product_name", "sku")  # every row needs these (after merging)


def split_key(key: str) -> tuple[str, str | None]:
    """"price@bat-trang" -> ("price", "bat-trang"); "sku" -> ("sku", None)."""
    base, _, parameter = key.partition("@")
    return base, parameter or None
