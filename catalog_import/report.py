"""What an import did (or would do), row by row: the summary, each row's outcome
and the problems that refused it, as JSON, as text for a terminal, and as a copy
of the producer's own sheet with the outcome and errors beside each row."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

OUTCOMES = ("created", "updated", "unchanged", "refused")
ERROR_HEADER = "Lỗi / Errors"
OUTCOME_HEADER = "Kết quả / Outcome"
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

    def write_xlsx(self, source_path, path) -> None:
        """A copy of the input sheet with two columns added: the outcome of each row
        and its errors. An XLSX source keeps its formatting; any other format is
        copied cell by cell into a new workbook."""
        from openpyxl import Workbook, load_workbook
        from openpyxl.styles import Font, PatternFill

        by_line = {row.line: row for row in self.rows}
        words = OUTCOME_WORDS.get(self.language, OUTCOME_WORDS["vi"])
        source_path = Path(source_path)
        sheet = None
        if source_path.suffix.lower() in (".xlsx", ".xlsm"):
            workbook = load_workbook(source_path)
            sheet = workbook[self.sheet] if self.sheet in workbook.sheetnames else workbook.worksheets[0]
            for other in list(workbook.worksheets):
                if other is not sheet:
                    workbook.remove(other)
        else:
            workbook = Workbook()
            sheet = workbook.active
            sheet.title = (self.sheet or "Sheet1")[:31]
            from .readers import read_table

            table = read_table(source_path)
            header_lines = max(1, int(getattr(table, "header_lines", 1) or 1))
            first = [table.header] if header_lines == 1 else [table.alternate_header or [], table.header]
            for line, values in enumerate(first[-header_lines:], start=1):
                for column, value in enumerate(values, start=1):
                    sheet.cell(row=line, column=column, value=value)
            for row in table.rows:
                for column, value in enumerate(row.values, start=1):
                    sheet.cell(row=row.line, column=column, value=value)
        outcome_column = sheet.max_column + 1
        error_column = outcome_column + 1
        header_line = max(1, self.header_lines)
        for column, title in ((outcome_column, OUTCOME_HEADER), (error_column, ERROR_HEADER)):
            cell = sheet.cell(row=header_line, column=column, value=title)
            cell.font = Font(bold=True)
        refused_fill = PatternFill("solid", fgColor="FFF2CC")
        for line, row in by_line.items():
            sheet.cell(row=line, column=outcome_column, value=words[row.outcome])
            if row.problems:
                cell = sheet.cell(row=line, column=error_column, value=self._row_text(row))
                if row.outcome == "refused":
                    cell.fill = refused_fill
        sheet.column_dimensions[sheet.cell(row=1, column=error_column).column_letter].width = 80
        workbook.save(path)
