"""The shipped import template: every field of fields.py under two header rows
(Vietnamese, then English) and example rows of real-looking OCOP products.

Generated, not hand-edited, so the template can never drift from the field list:
`python -c "from catalog_import.template import write_shipped; write_shipped()"`.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from catalog_import.fields import FIELDS
from commerce.core.validators import gtin_check_digit, tax_code_check_digit

TEMPLATE_DIR = Path(__file__).with_name("template")
XLSX_NAME = "ocop-import-template.xlsx"
CSV_NAME = "ocop-import-template.csv"
MAIN_SHEET = "Sản phẩm - Products"  # Excel forbids "/" in sheet names
GUIDE_SHEET = "Hướng dẫn - Guide"


def _tax(first_nine: str) -> str:
    return first_nine + str(tax_code_check_digit(first_nine))


def _gtin(body: str) -> str:
    return body + str(gtin_check_digit(body))


def _first_valid_tax(prefix: str) -> str:
    for n in range(1000):
        nine = f"{prefix}{n:03d}"[:9]
        if tax_code_check_digit(nine) is not None:
            return _tax(nine)
    raise AssertionError(prefix)


BAT_TRANG_TAX = _first_valid_tax("010845")
VAN_PHUC_TAX = _first_valid_tax("050123")


def example_rows() -> list[dict[str, object]]:
    """Three example variants: two sizes of a Bát Tràng vase, one Vạn Phúc silk scarf."""
    common = {
        "producer_tax_code": BAT_TRANG_TAX, "producer_name": "Hợp tác xã Gốm sứ Quang Vinh Bát Tràng",
        "producer_legal_type": "Hợp tác xã", "producer_address": "Thôn 3, Xã Bát Tràng, Huyện Gia Lâm, Thành phố Hà Nội",
        "producer_phone": "0243 874 1234", "producer_email": "lienhe@gomquangvinh.vn",
        "producer_representative": "Nguyễn Văn Vinh", "product_code": "HN-OCOP-2021-0457",
        "product_name": "Bình hút lộc men lam", "product_name_en": "Blue-glaze lucky vase",
        "description": "Bình gốm vẽ tay men lam truyền thống Bát Tràng.",
        "description_en": "Hand-painted vase in Bát Tràng's traditional blue glaze.",
        "category": "Gốm sứ", "craft_village": "Làng gốm Bát Tràng", "product_type": "Gốm sứ",
        "attributes": "Chất liệu: Gốm sứ; Màu men: Men lam; Họa tiết: Hoa sen, Chim hạc", "ocop_stars": "4 sao",
        "ocop_score": "78", "decision_number": "5163/QĐ-UBND", "decision_date": "24/11/2021", "issuer_level": "Thành phố",
    }
    return [
        {**common, "sku": "QV-BHL-25", "gtin": _gtin("893604512001"), "variant_name": "Cao 25 cm", "weight": "1,2",
         "size": "25 x 14 cm", "colour": "Lam", "price": "1.250.000", "stock": "12"},
        {"producer_tax_code": BAT_TRANG_TAX, "product_code": "HN-OCOP-2021-0457", "product_name": "Bình hút lộc men lam",
         "sku": "QV-BHL-35", "gtin": _gtin("893604512002"), "variant_name": "Cao 35 cm", "weight": "2,5",
         "size": "35 x 20 cm", "colour": "Lam", "price": "2.150.000", "stock": "5"},
        {"producer_tax_code": VAN_PHUC_TAX, "producer_name": "Hộ kinh doanh Lụa Phúc An",
         "producer_legal_type": "Hộ kinh doanh", "producer_address": "Số 12 phố Vạn Phúc, Phường Hà Đông, Thành phố Hà Nội",
         "producer_phone": "0912 345 678", "producer_email": "luaphucan@gmail.com", "producer_representative": "Trần Thị An",
         "external_reference": "PA-KL-01", "product_name": "Khăn lụa tơ tằm Vạn Phúc",
         "product_name_en": "Vạn Phúc mulberry silk scarf", "description": "Khăn lụa dệt thủ công, nhuộm màu tự nhiên.",
         "description_en": "Hand-woven silk scarf, naturally dyed.", "category": "4.6",
         "craft_village": "Làng lụa Vạn Phúc", "product_type": "Lụa và dệt may", "attributes": "Chất liệu: Lụa tơ tằm",
         "sku": "PA-KL-01-DO", "gtin": _gtin("893604599001"), "variant_name": "Đỏ đô, 180 x 60 cm", "weight": "150 g",
         "size": "180 x 60 cm", "colour": "Đỏ đô", "ocop_stars": "★★★★", "ocop_score": "82,5",
         "decision_number": "2107/QĐ-UBND", "decision_date": "15/12/2022", "issuer_level": "Thành phố",
         "price": "350.000 đ", "stock": "40"},
    ]


def template_rows() -> list[list[str]]:
    """Header rows (vi, en) then example rows, as text cells."""
    rows = [[f.vi for f in FIELDS], [f.en for f in FIELDS]]
    for example in example_rows():
        rows.append([str(example.get(f.key, "")) for f in FIELDS])
    return rows


def write_template_csv(path) -> None:
    """UTF-8 with BOM so that Excel opens the Vietnamese text right."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(template_rows())


def write_template_xlsx(path) -> None:
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = datetime.datetime(2025, 7, 1)
    ws = wb.active
    ws.title = MAIN_SHEET
    for row in template_rows():
        ws.append([c if c != "" else None for c in row])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="FFF2CC")
    for cell in ws[2]:
        cell.font = Font(italic=True)
    for i, f in enumerate(FIELDS, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = max(14, min(40, len(f.vi) + 4))
        if f.key in ("gtin", "producer_tax_code", "producer_phone"):
            for r in range(3, ws.max_row + 1):
                ws.cell(row=r, column=i).number_format = "@"  # keep leading zeros
    ws.freeze_panes = "A3"
    guide = wb.create_sheet(GUIDE_SHEET)
    guide.append(["Khoá / key", "Cột (tiếng Việt)", "Column (English)", "Hướng dẫn", "Guide"])
    for cell in guide[1]:
        cell.font = bold
    for f in FIELDS:
        guide.append([f.key, f.vi, f.en, f.help_vi or None, f.help_en or None])
    guide.append([])
    guide.append([None, "Giá bán (bat-trang)", "Price (bat-trang)", "Giá theo kênh: thêm mã kênh trong ngoặc",
                  "Price in one channel: add the channel slug in brackets"])
    guide.append([None, "Tồn kho (kho-van-phuc)", "Stock (kho-van-phuc)", "Tồn kho theo kho: thêm mã kho trong ngoặc",
                  "Stock in one warehouse: add the warehouse slug in brackets"])
    for letter, width in zip("ABCDE", (22, 28, 28, 60, 60)):
        guide.column_dimensions[letter].width = width
    wb.save(path)


def write_shipped() -> None:
    TEMPLATE_DIR.mkdir(exist_ok=True)
    write_template_xlsx(TEMPLATE_DIR / XLSX_NAME)
    write_template_csv(TEMPLATE_DIR / CSV_NAME)
