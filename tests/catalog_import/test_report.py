"""The report's XLSX copy of the source sheet, without the database: a small XLSX keeps
its formatting, a big one (or CSV) is streamed with its values, bold headers and fills."""

import datetime

import openpyxl
import python_calamine
import pytest

from catalog_import.report import ERROR_HEADER, OUTCOME_HEADER, ImportReport, Problem, RowOutcome


def _report(lines, sheet="Sản phẩm", header_lines=1):
    report = ImportReport(sheet=sheet, header_lines=header_lines)
    report.rows = [
        RowOutcome(sheet, line, "refused", [Problem("Mã vạch (GTIN)", "gtin", "sai số kiểm tra \x07<&>")])
        if line % 3 == 0 else RowOutcome(sheet, line, "created", [])
        for line in lines
    ]
    report.count()
    return report


def _source(path, rows=10):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sản phẩm"
    ws.append(["SKU", "Giá bán", "Ngày QĐ", "Mã số thuế"])
    ws["A1"].fill = openpyxl.styles.PatternFill("solid", fgColor="FFDDEEFF")
    for n in range(1, rows + 1):
        ws.append([f"A-{n}", 1000 * n + 0.5, datetime.datetime(2021, 11, n % 28 + 1), "0100109106"])
    ws.append([])
    ws.append(["ghi chú & <chú thích>"])
    wb.create_sheet("Khác").append(["x"])
    wb.save(path)


@pytest.mark.parametrize("streamed", [False, True])
def test_xlsx_copy(tmp_path, monkeypatch, streamed):
    src, out = tmp_path / "s.xlsx", tmp_path / "r.xlsx"
    _source(src)
    report = _report(range(2, 12))
    if streamed:
        monkeypatch.setattr(ImportReport, "STYLED_COPY_MAX_ROWS", 0)
    report.write_xlsx(src, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Sản phẩm"]
    ws = wb.active
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert values[0] == ["SKU", "Giá bán", "Ngày QĐ", "Mã số thuế", OUTCOME_HEADER, ERROR_HEADER]
    assert values[1] == ["A-1", 1000.5, datetime.datetime(2021, 11, 2), "0100109106", "tạo mới", None]
    assert values[2][4:] == ["bị từ chối", "cột Mã vạch (GTIN): sai số kiểm tra <&>"]
    assert values[12][0] == "ghi chú & <chú thích>"
    assert ws["E1"].font.b and ws["F1"].font.b
    assert ws["F3"].fill.fgColor.rgb.endswith("FFF2CC") and not ws["F2"].fill.fgColor.rgb.endswith("FFF2CC")
    assert ws.column_dimensions["F"].width == 80
    assert ws["A1"].fill.fgColor.rgb.endswith("DDEEFF") != streamed  # only the small copy keeps formatting
    # The streamed file is one that calamine (and so the import itself) reads back too.
    sheet = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert sheet[1][:2] == ["A-1", 1000.5]


def test_csv_copy_two_header_lines(tmp_path):
    src, out = tmp_path / "s.csv", tmp_path / "r.xlsx"
    src.write_text("Mã SKU,Giá bán\nSKU,Price\nA-1,1\nA-2,x\n", encoding="utf-8")
    _report([3], sheet="s.csv", header_lines=2).write_xlsx(src, out)
    ws = openpyxl.load_workbook(out).active
    assert [list(r) for r in ws.iter_rows(values_only=True)] == [
        ["SKU", "Price", None, None],
        ["Mã SKU", "Giá bán", OUTCOME_HEADER, ERROR_HEADER],
        ["A-1", "1", "bị từ chối", "cột Mã vạch (GTIN): sai số kiểm tra <&>"],
        ["A-2", "x", None, None],
    ]
    assert ws["A1"].font.b and ws["A2"].font.b and not ws["A3"].font.b
