import datetime
import json
import unicodedata

import openpyxl
import pytest

from catalog_import.readers import SourceError, read_table


def test_csv_utf8_bom_semicolon(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes("Tên sản phẩm;Giá bán\n\nBình gốm;125.000\n".encode("utf-8-sig"))
    t = read_table(p)
    assert (t.header, t.delimiter, t.encoding, t.format) == (["Tên sản phẩm", "Giá bán"], ";", "utf-8-sig", "csv")
    assert [(r.line, r.values) for r in t.rows] == [(3, ("Bình gốm", "125.000"))]


def _cp1258(text):
    """Encode as Windows-1258 does: precomposed base letters, combining tone marks."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            out += (unicodedata.normalize("NFC", d[:-1]) + d[-1]).encode("cp1258")
    return out


def test_csv_cp1258_is_nfc(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes(_cp1258("Tên sản phẩm,Giá\nLụa Vạn Phúc,1\n"))
    t = read_table(p)
    assert t.encoding == "cp1258" and t.rows[0].values[0] == "Lụa Vạn Phúc"


def test_csv_utf16_tab(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("SKU\tGiá\r\nA-1\t5\r\n".encode("utf-16"))
    t = read_table(p)
    assert t.delimiter == "\t" and t.rows[0].values == ("A-1", "5")


def test_csv_multiline_cell_keeps_physical_line(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text('SKU,Mô tả\nA,"dòng 1\ndòng 2"\nB,x\n', encoding="utf-8")
    assert [r.line for r in read_table(p).rows] == [2, 4]


def test_two_header_rows(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("Mã SKU,Giá bán\nSKU,Price\nA,1\n", encoding="utf-8")
    t = read_table(p)
    assert t.header_lines == 2 and t.alternate_header == ["SKU", "Price"] and t.rows[0].line == 3


def test_xlsx_merged_header_and_types(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sản phẩm"
    ws.append(["SKU", "Giá bán", None, "Ngày QĐ"])
    ws.append([None, "bat-trang", "web-shop", None])
    ws.merge_cells("B1:C1")
    ws.append(["A-1", 125000, 130000.5, datetime.datetime(2021, 11, 24)])
    p = tmp_path / "a.xlsx"
    wb.save(p)
    t = read_table(p)
    assert t.header == ["SKU", "Giá bán bat-trang", "Giá bán web-shop", "Ngày QĐ"]
    assert t.header_lines == 2 and t.sheet == "Sản phẩm"
    assert t.rows[0].line == 3 and t.rows[0].values == ("A-1", 125000, 130000.5, datetime.datetime(2021, 11, 24))
    with pytest.raises(SourceError, match="Sản phẩm"):
        read_table(p, sheet="Khác")


def test_jsonl(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"sku": "A", "price": 1}) + "\n\n" + json.dumps({"sku": "B", "gtin": "1"}) + "\n")
    t = read_table(p)
    assert t.header == ["sku", "price", "gtin"] and [r.line for r in t.rows] == [1, 3]
    p.write_text('{"sku": "A"}\n[1]\n')
    with pytest.raises(SourceError, match="2"):
        read_table(p)


def test_empty(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("\n\n")
    with pytest.raises(SourceError):
        read_table(p)
