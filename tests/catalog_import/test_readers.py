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


# --- XLSX: calamine (fast) and openpyxl (fallback) read the same Table ---------------------

from pathlib import Path  # noqa: E402
import zipfile  # noqa: E402

from catalog_import import readers  # noqa: E402

TEMPLATE = Path(readers.__file__).with_name("template") / "ocop-import-template.xlsx"


def _both(path, sheet=None, monkeypatch=None):
    """The Table read by calamine and the one read by openpyxl alone."""
    fast = read_table(path, sheet=sheet)
    monkeypatch.setattr(readers, "_calamine_sheet", lambda *a: None)
    slow = read_table(path, sheet=sheet)
    monkeypatch.undo()
    return fast, slow


def test_calamine_reads_what_openpyxl_reads_on_the_template(monkeypatch):
    assert readers._calamine_sheet(TEMPLATE, None) is not None  # the fast path really runs
    fast, slow = _both(TEMPLATE, monkeypatch=monkeypatch)
    assert fast == slow
    assert fast.header_lines == 2 and fast.alternate_header and [r.line for r in fast.rows] == [3, 4, 5]
    assert fast.sheet == "Sản phẩm - Products"


def _typed_sheet(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bìa"
    ws.append(["Mục lục", "Contents"])
    other = wb.create_sheet("Sản phẩm")
    other.append([])  # blank first line: line numbers still count it
    other.append(["Mã số thuế", "SKU", "Giá bán", None, "Ngày QĐ", "Mã vạch (GTIN)", "Ghi chú", "Giờ"])
    other.append([None, None, "bat-trang", "web-shop", None, None, None, None])
    other.merge_cells("C2:D2")
    other.append(["0100109106", "A-1", 125000, 130000.5, datetime.datetime(2021, 11, 24), 8930000000019, "  ",
                  datetime.time(8, 30)])
    other.append([])
    other.append(["0100109106", "A-2", 1.0, 2, datetime.datetime(2021, 11, 24, 9, 15), "8930000000026", True, None])
    other["E4"].number_format = "dd/mm/yyyy"
    wb.save(path)


def test_calamine_reads_what_openpyxl_reads_on_a_merged_header_sheet(tmp_path, monkeypatch):
    p = tmp_path / "a.xlsx"
    _typed_sheet(p)
    fast, slow = _both(p, sheet="Sản phẩm", monkeypatch=monkeypatch)
    assert fast == slow
    assert fast.header == ["Mã số thuế", "SKU", "Giá bán bat-trang", "Giá bán web-shop", "Ngày QĐ",
                           "Mã vạch (GTIN)", "Ghi chú", "Giờ"]
    assert fast.header_lines == 2 and fast.sheet == "Sản phẩm"
    assert [(r.line, r.values) for r in fast.rows] == [
        (4, ("0100109106", "A-1", 125000, 130000.5, datetime.datetime(2021, 11, 24), 8930000000019, None,
             datetime.time(8, 30))),
        (6, ("0100109106", "A-2", 1, 2, datetime.datetime(2021, 11, 24, 9, 15), "8930000000026", True, None)),
    ]
    assert type(fast.rows[0].values[2]) is int and type(fast.rows[0].values[5]) is int
    # No sheet named: the first worksheet, by both readers.
    assert _both(p, monkeypatch=monkeypatch)[0].sheet == "Bìa"
    for reader in (readers._calamine_sheet, readers._openpyxl_sheet):
        with pytest.raises(SourceError, match="Bìa"):
            reader(p, "Khác")


def _patch_sheet_xml(path, old: bytes, new: bytes):
    with zipfile.ZipFile(path) as zf:
        items = [(info, zf.read(info.filename)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in items:
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(old, new)
            zf.writestr(info, data)


def test_a_whole_number_beyond_float_precision_keeps_every_digit(tmp_path):
    p = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["SKU", "Mã"])
    wb.active.append(["A-1", 424242])
    wb.save(p)
    _patch_sheet_xml(p, b"424242", b"12345678901234567")  # other tools write such integers
    assert readers._calamine_sheet(p, None) is None  # calamine's float would lose the last digit
    assert read_table(p).rows[0].values == ("A-1", 12345678901234567)


def test_openpyxl_reads_when_calamine_cannot(tmp_path, monkeypatch):
    p = tmp_path / "a.xlsx"
    _typed_sheet(p)
    expected = read_table(p, sheet="Sản phẩm")
    monkeypatch.setitem(__import__("sys").modules, "python_calamine", None)  # not installed
    assert readers._calamine_sheet(p, None) is None
    assert read_table(p, sheet="Sản phẩm") == expected
    monkeypatch.undo()
    # A damaged file: calamine gives up, openpyxl says why.
    bad = tmp_path / "b.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(SourceError, match="Excel"):
        read_table(bad)


def test_sheet_values_are_the_sheet_as_seen(tmp_path):
    p = tmp_path / "a.xlsx"
    _typed_sheet(p)
    grid = readers.sheet_values(p, "Sản phẩm")
    assert grid[0] == [] or all(c is None for c in grid[0])
    assert grid[3][:3] == ["0100109106", "A-1", 125000]
    assert readers.sheet_values(p, "Không có") == [["Mục lục", "Contents"]]  # unknown sheet: the first one


def test_error_cells_keep_their_text(tmp_path, monkeypatch):
    """calamine reads #N/A as empty: a price of #N/A must stay visible (and be refused)."""
    p = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Giá & tồn"
    wb.active.append(["SKU", "Giá bán", "Tồn kho"])
    wb.active.append(["A-1", 424242, 5])
    wb.active.append(["A-2", 434343, 6])
    wb.save(p)
    _patch_sheet_xml(p, b'<c r="B2" t="n"><v>424242</v></c>', b'<c r="B2" t="e"><v>#N/A</v></c>')
    _patch_sheet_xml(p, b'<c r="B3" t="n"><v>434343</v></c>',
                     b'<c t="e" r="B3"><f>VLOOKUP(A3,Gia!A:B,2,0)</f><v>#REF!</v></c>')
    fast, slow = _both(p, monkeypatch=monkeypatch)
    assert fast == slow
    assert [r.values for r in fast.rows] == [("A-1", "#N/A", 5), ("A-2", "#REF!", 6)]
