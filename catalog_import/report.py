"""What an import did (or would do), row by row: the summary, each row's outcome
and the problems that refused it, as JSON, as text for a terminal, and as a copy
of the producer's own sheet with the outcome and errors beside each row."""

from __future__ import annotations

import datetime
import json
import math
import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as _sax_escape

def _escape(text: str, quote: bool) -> str:
    return _sax_escape(text, {'"': "&quot;"} if quote else {})


OUTCOMES = ("created", "updated", "unchanged", "refused")
ERROR_HEADER = "Lỗi / Errors"
OUTCOME_HEADER = "Kết quả / Outcome"
REFUSED_FILL = "FFF2CC"
OUTCOME_WORDS = {
    "vi": {"created": "tạo mới", "updated": "cập nhật", "unchanged": "không đổi", "refused": "bị từ chối"},
    "en": {"created": "created", "updated": "updated", "unchanged": "unchanged", "refused": "refused"},
}


@dataclass(frozen=True)
class Problem:
    column: str  # the header as written in the sheet ("" when no single column is at fault)
    key: str  # the field key (fields.py), "" when none
    message: str

    def text(self, language: str = "vi") -> str:
        if not self.column:
            return self.message
        return f"{'cột' if language == 'vi' else 'column'} {self.column}: {self.message}"


@dataclass
class RowOutcome:
    sheet: str
    line: int
    outcome: str
    problems: list = field(default_factory=list)


@dataclass
class ImportReport:
    applied: bool = False
    summary: dict = field(default_factory=lambda: {"rows": 0, "created": 0, "updated": 0, "unchanged": 0, "refused": 0})
    rows: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    channel: str = ""
    sheet: str = ""
    source: str = ""
    dry_run: bool = True
    partial: bool = False
    language: str = "vi"
    header_lines: int = 1

    # --- building ---------------------------------------------------------------

    def count(self) -> None:
        self.summary = {"rows": len(self.rows), **{name: 0 for name in OUTCOMES}}
        for row in self.rows:
            self.summary[row.outcome] += 1

    # --- output -------------------------------------------------------------------

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "sheet": self.sheet,
            "channel": self.channel,
            "dry_run": self.dry_run,
            "partial": self.partial,
            "applied": self.applied,
            "summary": dict(self.summary),
            "warnings": list(self.warnings),
            "rows": [
                {
                    "sheet": row.sheet,
                    "line": row.line,
                    "outcome": row.outcome,
                    "problems": [asdict(p) for p in row.problems],
                }
                for row in self.rows
            ],
        }

    def write_json(self, path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")

    def _row_text(self, row: RowOutcome) -> str:
        return "; ".join(p.text(self.language) for p in row.problems)

    def refused_lines(self) -> list[str]:
        word = "Dòng" if self.language == "vi" else "Line"
        lines = []
        for row in self.rows:
            if row.outcome != "refused":
                continue
            for problem in row.problems:
                lines.append(f"{word} {row.line}, {problem.text(self.language)}" if problem.column
                             else f"{word} {row.line}: {problem.message}")
        return lines

    def render_text(self) -> str:
        s = self.summary
        if self.language == "vi":
            head = (f"{s['rows']} dòng: {s['created']} tạo mới, {s['updated']} cập nhật, "
                    f"{s['unchanged']} không đổi, {s['refused']} bị từ chối.")
            if self.applied:
                state = "Đã ghi vào danh mục."
            elif not self.dry_run:
                state = "Không ghi gì vào danh mục."
            else:
                state = "Chạy thử: chưa ghi gì (thêm --apply để ghi)."
        else:
            head = (f"{s['rows']} rows: {s['created']} created, {s['updated']} updated, "
                    f"{s['unchanged']} unchanged, {s['refused']} refused.")
            if self.applied:
                state = "Written to the catalogue."
            elif not self.dry_run:
                state = "Nothing was written to the catalogue."
            else:
                state = "Dry run: nothing written (add --apply to write)."
        parts = [head, state, *self.warnings, *self.refused_lines()]
        return "\n".join(parts) + "\n"

    # An XLSX source of at most this many rows is copied with its formatting (openpyxl
    # loads it whole: ~0.7 ms a row); a bigger one has its values streamed into a new
    # file (~0.1 ms a row).
    STYLED_COPY_MAX_ROWS = 1000

    def write_xlsx(self, source_path, path) -> None:
        """A copy of the input sheet with two columns added: the outcome of each row
        and its errors. A small XLSX source keeps its formatting; a big one, or any
        other format, is copied value by value into a new workbook (bold header rows,
        refused rows' errors on a yellow fill)."""
        source_path = Path(source_path)
        if source_path.suffix.lower() in (".xlsx", ".xlsm") and len(self.rows) <= self.STYLED_COPY_MAX_ROWS:
            self._write_styled_copy(source_path, path)
        else:
            self._write_streamed_copy(source_path, path)

    def _write_styled_copy(self, source_path, path) -> None:
        from openpyxl import load_workbook
        from openpyxl.styles import Font, PatternFill

        words = OUTCOME_WORDS.get(self.language, OUTCOME_WORDS["vi"])
        workbook = load_workbook(source_path)
        sheet = workbook[self.sheet] if self.sheet in workbook.sheetnames else workbook.worksheets[0]
        for other in list(workbook.worksheets):
            if other is not sheet:
                workbook.remove(other)
        outcome_column = sheet.max_column + 1
        error_column = outcome_column + 1
        header_line = max(1, self.header_lines)
        for column, title in ((outcome_column, OUTCOME_HEADER), (error_column, ERROR_HEADER)):
            cell = sheet.cell(row=header_line, column=column, value=title)
            cell.font = Font(bold=True)
        refused_fill = PatternFill("solid", fgColor=REFUSED_FILL)
        for row in self.rows:
            sheet.cell(row=row.line, column=outcome_column, value=words[row.outcome])
            if row.problems:
                text = _ILLEGAL_XML.sub("", self._row_text(row))  # openpyxl refuses control characters
                cell = sheet.cell(row=row.line, column=error_column, value=text)
                if row.outcome == "refused":
                    cell.fill = refused_fill
        sheet.column_dimensions[sheet.cell(row=1, column=error_column).column_letter].width = 80
        workbook.save(path)

    def _source_lines(self, source_path) -> tuple[dict, int]:
        """{line: list of cell values} of the source sheet as a person sees it, and
        how many header lines to make bold."""
        from . import readers

        if source_path.suffix.lower() in (".xlsx", ".xlsm"):
            grid = readers.sheet_values(source_path, self.sheet or None)
            return {line: cells for line, cells in enumerate(grid, start=1)}, max(1, self.header_lines)
        table = readers.read_table(source_path)
        header_lines = max(1, int(getattr(table, "header_lines", 1) or 1))
        first = [table.header] if header_lines == 1 else [table.alternate_header or [], table.header]
        lines = {line: list(values) for line, values in enumerate(first[-header_lines:], start=1)}
        for row in table.rows:
            lines[row.line] = list(row.values)
        return lines, header_lines

    def _write_streamed_copy(self, source_path, path) -> None:
        words = OUTCOME_WORDS.get(self.language, OUTCOME_WORDS["vi"])
        lines, bold_lines = self._source_lines(source_path)
        width = 0
        for cells in lines.values():
            while cells and cells[-1] is None:
                cells.pop()
            width = max(width, len(cells))
        outcome_column = width  # 0-based: the first column after the source's
        header_line = max(1, self.header_lines)
        by_line = {row.line: row for row in self.rows}
        with _XlsxWriter(path, self.sheet or "Sheet1", {outcome_column: 16, outcome_column + 1: 80}) as out:
            for line in range(1, max([*lines, *by_line, header_line], default=0) + 1):
                cells = lines.get(line)
                extra = extra_style = None
                if line == header_line:
                    extra, extra_style = (OUTCOME_HEADER, ERROR_HEADER), _XlsxWriter.BOLD
                elif line in by_line:
                    row = by_line[line]
                    extra = (words[row.outcome], self._row_text(row)) if row.problems else (words[row.outcome],)
                    if row.outcome == "refused":
                        extra_style = _XlsxWriter.REFUSED
                if cells or extra:
                    out.row(line, cells or (), bold=line <= bold_lines, extra_at=outcome_column, extra=extra,
                            extra_style=extra_style)


def _column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '</Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
# Cell styles (cellXfs index): 0 plain, 1 bold, 2 refused fill, 3 date, 4 date and time,
# 5 time of day, 6 duration.
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    f'<fill><patternFill patternType="solid"><fgColor rgb="FF{REFUSED_FILL}"/><bgColor indexed="64"/></patternFill></fill>'
    '</fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)


class _XlsxWriter:
    """A one-sheet XLSX written straight as SpreadsheetML, row by row: for the report's
    copy of a big sheet, where openpyxl (even write-only) spends ~50 µs a cell."""

    BOLD, REFUSED = 1, 2
    MAX_TEXT = 32767  # Excel's limit for one cell

    def __init__(self, path, sheet_name: str, widths: dict[int, float]):
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=3)
        name = re.sub(r"[\[\]:*?/\\]", "_", str(sheet_name)).strip("'")[:31] or "Sheet1"
        self._zip.writestr("[Content_Types].xml", _CONTENT_TYPES)
        self._zip.writestr("_rels/.rels", _ROOT_RELS)
        self._zip.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        self._zip.writestr("xl/workbook.xml", _WORKBOOK.format(name=_escape(name, quote=True)))
        self._zip.writestr("xl/styles.xml", _STYLES)
        self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w")
        self._letters: list[str] = []
        self._buffer: list[str] = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        ]
        if widths:
            self._buffer.append("<cols>")
            for column, width in sorted(widths.items()):
                self._buffer.append(f'<col min="{column + 1}" max="{column + 1}" width="{width}" customWidth="1"/>')
            self._buffer.append("</cols>")
        self._buffer.append("<sheetData>")

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        try:
            if kind is None:
                self._buffer.append("</sheetData></worksheet>")
                self._flush()
        finally:
            self._sheet.close()
            self._zip.close()

    def _flush(self):
        self._sheet.write("".join(self._buffer).encode("utf-8"))
        self._buffer = []

    def _letter(self, column: int) -> str:
        while len(self._letters) <= column:
            self._letters.append(_column_letter(len(self._letters)))
        return self._letters[column]

    def _cell(self, ref: str, value, style: int) -> str | None:
        kind = type(value)
        if value is None:
            return None
        if kind is str:
            if not value:
                return None
            if _ILLEGAL_XML.search(value):
                value = _ILLEGAL_XML.sub("", value)
            text = _escape(value[: self.MAX_TEXT], quote=False)
            s = f' s="{style}"' if style else ""
            return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
        if kind is bool:
            return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
        if kind is int or kind is float:
            if kind is float and not math.isfinite(value):
                return self._cell(ref, str(value), style)
            s = f' s="{style}"' if style else ""
            return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
        if isinstance(value, datetime.datetime):
            serial = (value.replace(tzinfo=None) - _EXCEL_EPOCH) / datetime.timedelta(days=1)
            return f'<c r="{ref}" s="{3 if serial.is_integer() else 4}"><v>{serial!r}</v></c>'
        if isinstance(value, datetime.date):
            return f'<c r="{ref}" s="3"><v>{(value - _EXCEL_EPOCH.date()).days}</v></c>'
        if isinstance(value, datetime.time):
            seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
            return f'<c r="{ref}" s="5"><v>{seconds / 86400!r}</v></c>'
        if isinstance(value, datetime.timedelta):
            return f'<c r="{ref}" s="6"><v>{value / datetime.timedelta(days=1)!r}</v></c>'
        if isinstance(value, (int, float)):  # Decimal-like subclasses
            return self._cell(ref, float(value), style)
        return self._cell(ref, str(value), style)

    def row(self, line: int, cells, *, bold=False, extra_at=0, extra=None, extra_style=None) -> None:
        """Write line `line` (1-based; lines must come in order): `cells` from column A,
        then `extra` from column `extra_at` (0-based) in `extra_style`."""
        parts = [f'<row r="{line}">']
        style = self.BOLD if bold else 0
        for column, value in enumerate(cells):
            if value is not None:
                cell = self._cell(f"{self._letter(column)}{line}", value, style)
                if cell:
                    parts.append(cell)
        if extra:
            for column, value in enumerate(extra, start=extra_at):
                cell = self._cell(f"{self._letter(column)}{line}", value,
                                  extra_style if column > extra_at or extra_style == self.BOLD else 0)
                if cell:
                    parts.append(cell)
        parts.append("</row>")
        self._buffer.append("".join(parts))
        if len(self._buffer) >= 500:
            self._flush()
