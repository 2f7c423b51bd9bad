"""Read a producer's sheet (CSV, XLSX, JSON lines) into one plain Table.

Producers send what their tools save: Excel workbooks, CSV in UTF-8 (with or
without BOM), Windows-1258 or Excel's UTF-16 "Unicode text". The engine should
never care which, so every reader gives the same shape: header texts, and rows of
raw cells with the line number a person sees in their own program.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from catalog_import.headers import is_known_header


class SourceError(Exception):
    """The file as a whole cannot be read; str() says what to fix (vi / en)."""


@dataclass(frozen=True)
class SourceRow:
    line: int
    values: tuple


@dataclass
class Table:
    sheet: str
    header: list[str]
    header_lines: int
    rows: list[SourceRow]
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    alternate_header: list[str] | None = None  # the template's English row, for matching only


def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _filled(cells) -> list:
    return [c for c in cells if not _blank(c)]


def _is_header_row(cells) -> bool:
    """Most non-empty cells are recognised headers: the template's second (English) row."""
    filled = [c for c in cells if not _blank(c)]
    if not filled:
        return False
    known = sum(1 for c in filled if isinstance(c, str) and is_known_header(c))
    return known * 2 > len(filled) and known >= min(2, len(filled))


def _text(value) -> str:
    return "" if _blank(value) else unicodedata.normalize("NFC", str(value)).strip()


def _build(sheet, fmt, raw_rows, *, merges=(), encoding=None, delimiter=None) -> Table:
    """raw_rows: iterable of (line, list of cells). merges: (row, first_col, last_col) of
    horizontally merged header cells (0-based columns, 1-based rows)."""
    nfc = unicodedata.normalize
    rows = [(line, [nfc("NFC", c) if isinstance(c, str) else c for c in cells])
            for line, cells in raw_rows if any(not _blank(c) for c in cells)]
    if not rows:
        raise SourceError("Tệp trống hoặc không có dòng tiêu đề / the file is empty or has no header row")
    width = max(len(cells) for _, cells in rows)
    rows = [(line, cells + [None] * (width - len(cells))) for line, cells in rows]
    # A title above the header ("DANH SÁCH SẢN PHẨM OCOP … NĂM 2025", one cell,
    # often merged across the sheet) is not the header: skip such rows.
    while len(rows) > 1 and len(_filled(rows[0][1])) == 1 and len(_filled(rows[1][1])) >= 2:
        rows = rows[1:]
    head_line, first = rows[0]
    header = [_text(c) for c in first]
    alternate = None
    header_lines = 1
    spans = [(a, b) for r, a, b in merges if r == head_line and b > a]
    if len(rows) > 1:
        second_line, second = rows[1]
        merged_children = spans and any(not _blank(second[c]) for a, b in spans for c in range(a, b + 1))
        if merged_children:
            header_lines = 2
            for a, b in spans:
                parent = header[a]
                for c in range(a, b + 1):
                    # "Giá bán" over "bat-trang" names the column together; a group
                    # heading ("Thông tin chủ thể" over "Mã số thuế") does not.
                    child = _text(second[c])
                    both = f"{parent} {child}".strip()
                    header[c] = child if child and not is_known_header(both) and is_known_header(child) else both
            in_span = {c for a, b in spans for c in range(a, b + 1)}
            for c in range(width):
                if c not in in_span and not header[c]:
                    header[c] = _text(second[c])
        elif _is_header_row(second):
            header_lines = 2
            alternate = [_text(c) for c in second]
    data = rows[header_lines:]
    # Drop trailing columns with no header and no data (stray formatting in Excel).
    keep = width
    while keep > 0 and not header[keep - 1] and not (alternate and alternate[keep - 1]) and all(
        _blank(cells[keep - 1]) for _, cells in data
    ):
        keep -= 1
    if keep == 0:
        raise SourceError("Không tìm thấy dòng tiêu đề / no header row found")
    return Table(
        sheet=sheet,
        header=header[:keep],
        header_lines=header_lines,
        rows=[SourceRow(line, tuple(cells[:keep])) for line, cells in data],
        format=fmt,
        encoding=encoding,
        delimiter=delimiter,
        alternate_header=alternate[:keep] if alternate else None,
    )


# --- CSV ------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name: BOMs first, then strict UTF-8, then Windows-1258."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name), name
    sample = data[:2000]
    if sample and sample.count(b"\x00") * 4 > len(sample):  # UTF-16 without BOM
        name = "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
        return data.decode(name, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:  # cp1258 writes tone marks as combining characters: NFC joins them
        return unicodedata.normalize("NFC", data.decode("cp1258")), "cp1258"
    except UnicodeDecodeError:
        raise SourceError(
            "Không nhận ra bảng mã của tệp CSV; hãy lưu lại bằng “CSV UTF-8” trong Excel "
            "/ the CSV file's encoding is not recognised; save it again as “CSV UTF-8” in Excel"
        )


def _choose_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    sample = "\n".join(lines)
    candidates = [",", ";", "\t"]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(candidates)).delimiter
    except csv.Error:
        sniffed = None

    def score(d):
        widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=d)]
        if not widths or widths[0] < 2:
            return (0, 0, 0)
        same = sum(1 for w in widths if w == widths[0]) / len(widths)
        return (1, same, widths[0])

    best = max(candidates, key=score)
    if sniffed in candidates and score(sniffed) >= score(best):
        return sniffed
    return best if score(best)[0] else (sniffed or ",")


def _read_csv(data: bytes, name: str) -> Table:
    text, encoding = _decode(data)
    text = unicodedata.normalize("NFC", text)
    delimiter = _choose_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    raw = []
    last = 0
    for cells in reader:
        raw.append((last + 1, [c if c.strip() else None for c in cells]))
        last = reader.line_num
    return _build(name, "csv", raw, encoding=encoding, delimiter=delimiter)


# --- JSON lines -------------------------------------------------------------------------


def _jsonl_cell(value):
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return value


def _read_jsonl(data: bytes, name: str) -> Table:
    text, _ = _decode(data)
    records = []
    keys: dict[str, None] = {}
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceError(f"Dòng {line_no} không phải JSON hợp lệ ({exc.msg}) / line {line_no} is not valid JSON ({exc.msg})")
        if not isinstance(obj, dict):
            raise SourceError(
                f"Dòng {line_no} không phải một đối tượng JSON {{…}} / line {line_no} is not a JSON object {{…}}"
            )
        for k in obj:
            keys.setdefault(str(k), None)
        records.append((line_no, obj))
    if not keys:
        raise SourceError("Tệp trống hoặc không có dòng tiêu đề / the file is empty or has no header row")
    header = list(keys)
    rows = [
        SourceRow(line, tuple(_nfc(_jsonl_cell(obj.get(k))) for k in header))
        for line, obj in records
        if any(not _blank(v) for v in obj.values())
    ]
    return Table(sheet=name, header=[_text(h) for h in header], header_lines=1, rows=rows, format="jsonl",
                 encoding=None, delimiter=None)


# --- XLSX ---------------------------------------------------------------------------------

_REF = re.compile(r"([A-Z]+)(\d+)")


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _merges(path, worksheet_path: str | None) -> list[tuple[int, int, int]]:
    """Merged ranges read from the sheet's XML (read-only openpyxl does not give
    them; a full load of 50k rows is too slow): (first row, first col, last col)."""
    if not worksheet_path:
        return []
    try:
        with zipfile.ZipFile(path) as zf:
            data = zf.read(worksheet_path.lstrip("/"))
    except (KeyError, zipfile.BadZipFile, OSError):
        return []
    tail = data[max(data.rfind(b"sheetData>"), 0):]
    out = []
    for ref in re.findall(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+):([A-Z]+\d+)"', tail):
        a, b = (_REF.fullmatch(r.decode()) for r in ref)
        if a and b:
            out.append((int(a[2]), _col(a[1]), _col(b[1])))
    return out


_EXACT_FLOAT = float(2**53)  # beyond this a float may have lost digits of an integer


class _Inexact(Exception):
    """calamine read a number too large for a float to keep every digit."""


def _xlsx_cells(cells, strict: bool = True) -> list:
    """One row's cells as both readers give them the same: blank text None, whole
    floats int (Excel stores 125000 as a number; GTINs and quantities stay whole),
    Excel dates as datetime (openpyxl's type), everything else as read. A whole
    float too large to be exact raises _Inexact when `strict` (calamine: openpyxl
    re-reads the file), else stays a float."""
    out = []
    for c in cells:
        t = type(c)
        if t is str:
            if not c or c.isspace():
                c = None
        elif t is float:
            if c.is_integer():
                if -_EXACT_FLOAT < c < _EXACT_FLOAT:
                    c = int(c)
                elif strict:
                    raise _Inexact
        elif t is datetime.date:
            c = datetime.datetime(c.year, c.month, c.day)
        out.append(c)
    return out


def _no_sheet(sheet: str, names) -> SourceError:
    names = ", ".join(f"“{n}”" for n in names)
    return SourceError(
        f"Không có trang tính “{sheet}”; tệp có: {names} / there is no sheet “{sheet}”; the file has: {names}"
    )


_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\s([^>]*\bt="e"[^>]*)>(.*?)</(?:\w+:)?c>', re.S)
_ERROR_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_ERROR_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def _sheet_part(zf: zipfile.ZipFile, name: str) -> str | None:
    """The zip path of the worksheet called `name`, from the workbook and its rels."""
    from xml.etree import ElementTree

    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rid = next((el.get(rel_ns) for el in workbook.iter() if el.tag.endswith("}sheet") and el.get("name") == name), None)
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = next((el.get("Target") for el in rels if el.get("Id") == rid), None)
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def _error_cells(path, name: str) -> dict[tuple[int, int], str]:
    """{(row, column) 0-based: text} of the sheet's error cells (#N/A, #REF!…), which
    calamine reads as empty: openpyxl gives their text, and a price of "#N/A" must be
    refused, not taken as blank. The sheet's XML is scanned in pieces."""
    found = {}
    with zipfile.ZipFile(path) as zf:
        part = _sheet_part(zf, name)
        if part is None:
            return found
        with zf.open(part) as fh:
            carry = b""
            while True:
                chunk = fh.read(4 << 20)
                data = carry + chunk
                if b't="e"' in data:
                    for match in _ERROR_CELL.finditer(data):
                        ref = _ERROR_REF.search(match[1])
                        value = _ERROR_VALUE.search(match[2])
                        if ref and value:
                            found[(int(ref[2]) - 1, _col(ref[1].decode()))] = value[1].decode("utf-8", "replace")
                if not chunk:
                    return found
                carry = data[-65536:]  # a cell cut at the end of a piece is whole in the next


def _calamine_sheet(path, sheet: str | None):
    """(sheet name, rows of normalised cells from line 1 and column A, merges) read by
    calamine (Rust; >10x faster than openpyxl's read-only mode), or None when calamine
    is missing or cannot read the file exactly: openpyxl then tries."""
    try:
        from python_calamine import CalamineWorkbook, SheetTypeEnum
    except ImportError:
        return None
    try:
        wb = CalamineWorkbook.from_path(os.fspath(path))
    except Exception:  # noqa: BLE001 - whatever calamine dislikes, openpyxl gets its chance
        return None
    try:
        if sheet is None:
            sheets = [m.name for m in wb.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
            if not sheets:
                return None
            name = sheets[0]
        elif sheet in wb.sheet_names:
            name = sheet
        else:
            raise _no_sheet(sheet, wb.sheet_names)
        ws = wb.get_sheet_by_name(name)
        # Absolute positions: row i of the list is line i + 1, cell j is column j.
        rows = ws.to_python(skip_empty_area=False)
        grid = [_xlsx_cells(cells) for cells in rows]
        del rows
        merges = [(r0 + 1, c0, c1) for (r0, c0), (r1, c1) in (ws.merged_cell_ranges or ())]
        for (row, column), text in _error_cells(path, name).items():
            if row < len(grid):
                cells = grid[row]
                cells.extend([None] * (column + 1 - len(cells)))
                cells[column] = text
    except SourceError:
        raise
    except Exception:  # noqa: BLE001 - incl. _Inexact: openpyxl reads whole numbers exactly
        return None
    finally:
        wb.close()
    return name, grid, merges


def _openpyxl_sheet(path, sheet: str | None):
    """The same as _calamine_sheet, read by openpyxl's read-only mode."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SourceError(f"Không mở được tệp Excel ({exc}) / cannot open the Excel file ({exc})")
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            raise _no_sheet(sheet, wb.sheetnames)
        ws.reset_dimensions()
        grid = [_xlsx_cells(cells, strict=False) for cells in ws.iter_rows(values_only=True)]
        return ws.title, grid, _merges(path, getattr(ws, "_worksheet_path", None))
    finally:
        wb.close()


def _xlsx_sheet(path, sheet: str | None):
    """calamine for .xlsx/.xlsm, openpyxl when calamine is not installed or cannot
    read the file. Both give the same values."""
    if os.path.splitext(os.fspath(path))[1].lower() in (".xlsx", ".xlsm"):
        found = _calamine_sheet(path, sheet)
        if found is not None:
            return found
    return _openpyxl_sheet(path, sheet)


def _read_xlsx(path, sheet: str | None) -> Table:
    name, grid, merges = _xlsx_sheet(path, sheet)
    return _build(name, "xlsx", enumerate(grid, start=1), merges=merges)


def sheet_values(path, sheet: str | None = None) -> list[list]:
    """Every row of an XLSX sheet from line 1 (blank lines included), cells from
    column A, as read_table reads them: for the report's copy of a big sheet.
    An unknown `sheet` means the first one."""
    try:
        return _xlsx_sheet(path, sheet)[1]
    except SourceError:
        if sheet is None:
            raise
        return _xlsx_sheet(path, None)[1]


def read_table(path, *, sheet: str | None = None) -> Table:
    """The sheet at `path` as a Table; format by extension (.csv/.tsv/.txt, .xlsx/.xlsm,
    .jsonl/.ndjson), else by content. Raises SourceError."""
    path = os.fspath(path)
    name = os.path.basename(path)
    ext = os.path.splitext(name)[1].lower()
    if ext == ".xls":
        raise SourceError(
            "Tệp Excel 97-2003 (.xls) không được hỗ trợ; hãy lưu lại dạng .xlsx "
            "/ Excel 97-2003 .xls files are not supported; save the file as .xlsx"
        )
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise SourceError(f"Không đọc được tệp {name} ({exc.strerror}) / cannot read {name} ({exc.strerror})")
    if ext in (".xlsx", ".xlsm") or (ext not in (".csv", ".tsv", ".txt", ".jsonl", ".ndjson") and head.startswith(b"PK")):
        return _read_xlsx(path, sheet)
    with open(path, "rb") as fh:
        data = fh.read()
    if ext in (".jsonl", ".ndjson") or (ext not in (".csv", ".tsv", ".txt") and data.lstrip()[:1] == b"{"):
        return _read_jsonl(data, name)
    return _read_csv(data, name)


__all__ = ["SourceError", "SourceRow", "Table", "read_table", "sheet_values"]
