import csv

import openpyxl
import pytest

from catalog_import import template, values
from catalog_import.headers import match_headers
from catalog_import.readers import read_table
from catalog_import.fields import FIELDS

PARSERS = {
    "producer_tax_code": values.parse_tax_code, "producer_legal_type": values.parse_legal_type,
    "producer_address": values.parse_address, "gtin": values.parse_gtin, "weight": values.parse_weight,
    "ocop_stars": values.parse_stars, "ocop_score": values.parse_score, "decision_date": values.parse_date,
    "issuer_level": values.parse_issuer_level, "price": values.parse_price, "stock": values.parse_quantity,
    "images": values.parse_list, "attributes": values.parse_attributes,
}


def _cells(path):
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def test_shipped_files_are_current(tmp_path):
    template.write_template_xlsx(tmp_path / "t.xlsx")
    template.write_template_csv(tmp_path / "t.csv")
    assert _cells(tmp_path / "t.xlsx") == _cells(template.TEMPLATE_DIR / template.XLSX_NAME)
    assert (tmp_path / "t.csv").read_bytes() == (template.TEMPLATE_DIR / template.CSV_NAME).read_bytes()


@pytest.mark.parametrize("name", [template.XLSX_NAME, template.CSV_NAME])
def test_shipped_template_reads_back(name):
    table = read_table(template.TEMPLATE_DIR / name)
    assert table.header_lines == 2
    match = match_headers(table.header, alternate=table.alternate_header)
    assert sorted(match.columns.values()) == sorted(f.key for f in FIELDS)
    assert not match.ignored and not match.duplicates
    assert len(table.rows) == 3
    for row in table.rows:
        for index, key in match.columns.items():
            PARSERS.get(key, values.parse_text)(row.values[index])  # no ValueProblem
    addr = values.parse_address(table.rows[0].values[[k for k, v in match.columns.items() if v == "producer_address"][0]])
    assert addr.ward_name == "Xã Bát Tràng"


@pytest.mark.parametrize("name", [template.XLSX_NAME, template.CSV_NAME])
def test_the_shipped_examples_import_cleanly_into_the_demo_taxonomy(db, name):
    """A centre's first try is the template itself: its example rows must name
    categories, types, attributes and villages the shop really has."""
    from catalog_import.engine import run_import
    from commerce.demo.attributes import seed_attributes
    from commerce.demo.categories import seed_ocop_categories
    from tests.factories import make_channel, make_village

    seed_ocop_categories()
    seed_attributes()
    make_village("Làng gốm Bát Tràng")
    make_village("Làng lụa Vạn Phúc", slug="lang-lua-van-phuc")
    make_channel("bat-trang")
    report = run_import(template.TEMPLATE_DIR / name, channel="bat-trang", apply=True)
    assert [(r.line, r.outcome, r.problems) for r in report.rows] == [
        (3, "created", []), (4, "created", []), (5, "created", [])]
    again = run_import(template.TEMPLATE_DIR / name, channel="bat-trang", apply=True)
    assert [r.outcome for r in again.rows] == ["unchanged"] * 3
