"""Messy, real-world-shaped sheets (tests/catalog_import/fixtures/) against the exact
report expected for each: the summary, every row's outcome, line, column and message.

Each sheet is run as a dry run into channel "bat-trang" of `known_catalogue()`.
The report is compared as `ImportReport.to_json()`, with `source` reduced to the
file name.

Regenerate the expected files after a deliberate change of the engine's wording:

    OCOP_REGENERATE_EXPECTED=1 .venv/bin/python -m pytest -q tests/catalog_import/test_fixtures.py

then read every changed message by eye (git diff): each must name the line and the
column, say what is wrong and what to write instead. Sheets are regenerated with
fixtures/make_fixtures.py.
OCOP_FIXTURE_DUMP=/some/dir writes every answer there, to diff with the expected.
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from catalog_import import readers
from catalog_import.engine import run_import
from commerce.product import actions
from commerce.product.models import Attribute, AttributeInputType, AttributeProduct, IssuerLevel, OcopCertification
from tests.factories import make_category, make_channel, make_producer, make_product, make_product_type, make_variant

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REGENERATE = os.environ.get("OCOP_REGENERATE_EXPECTED") == "1"


def known_catalogue():
    """Two channels (bat-trang, web-shop) each with its warehouse (kho-<slug>), two
    categories, the "Hàng OCOP" product type with the attributes "Chất liệu"
    (choice) and "Xuất xứ" (text), and one producer with one certified product
    already on sale at Bát Tràng."""
    bat_trang = make_channel("bat-trang", name="Trung tâm Thiết kế Sáng tạo Bát Tràng")
    make_channel("web-shop", name="Sàn OCOP Hà Nội")
    make_category("Thủ công mỹ nghệ", slug="thu-cong-my-nghe", ocop_code="5")
    make_category("Thực phẩm", slug="thuc-pham", ocop_code="1")
    product_type = make_product_type("Hàng OCOP", slug="hang-ocop")
    for position, (name, slug, kind) in enumerate((("Chất liệu", "chat-lieu", AttributeInputType.DROPDOWN),
                                                   ("Xuất xứ", "xuat-xu", AttributeInputType.PLAIN_TEXT))):
        attribute = Attribute.objects.create(name=name, slug=slug, input_type=kind)
        AttributeProduct.objects.create(attribute=attribute, product_type=product_type, sort_order=position)
    producer = make_producer("HTX Gốm sứ Bát Tràng", tax_code="0100109106", slug="htx-gom-su-bat-trang")
    product = make_product("Bình hút lộc men lam", slug="binh-hut-loc-men-lam", channels=[bat_trang], variants=0,
                           producer=producer, ocop_product_code="HN-BT-001", product_type=product_type)
    make_variant(product, sku="BT-BHL-01", name="Cao 30 cm", channels=[bat_trang], price=450000, stock=5)
    actions.save_certification(OcopCertification(
        product=product, stars=4, score=Decimal(78), decision_number="1234/QĐ-UBND",
        decision_date=datetime.date(2023, 5, 10), issuer_level=IssuerLevel.CITY))
    return bat_trang


CATALOGUE_APPS = ("commerce.product", "commerce.producer", "commerce.warehouse", "commerce.channel")


def catalogue_checksum() -> dict:
    """{table: (row count, md5 of every row as text)} for every table of the
    catalogue apps and addresses: equal before and after means not one row, not
    one column (updated_at included) was written."""
    from django.apps import apps
    from django.db import connection

    from commerce.account.models import Address

    models = [m for m in apps.get_models() if m.__module__.startswith(CATALOGUE_APPS)] + [Address]
    out = {}
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t")
            out[model._meta.db_table] = tuple(cursor.fetchone())
    return out


@dataclass(frozen=True)
class Case:
    sheet: str
    language: str = "vi"
    read: tuple = ()  # (format, encoding, delimiter) the reader must find

    @property
    def expected(self) -> Path:
        suffix = "" if self.language == "vi" else f".{self.language}"
        return FIXTURES / f"{self.sheet}{suffix}.expected.json"

    @property
    def id(self) -> str:
        return self.sheet if self.language == "vi" else f"{self.sheet}-{self.language}"


CASES = [
    Case("cp1258_semicolon.csv", read=("csv", "cp1258", ";")),
    Case("utf16_tab.csv", read=("csv", "utf-16", "\t")),
    Case("bom_utf8.csv", read=("csv", "utf-8-sig", ",")),
    Case("merged_headers.xlsx", read=("xlsx", None, None)),
    Case("title_and_group_headers.xlsx", read=("xlsx", None, None)),
    Case("no_diacritics_headers.csv", read=("csv", "utf-8", ",")),
    Case("bad_values.xlsx", read=("xlsx", None, None)),
    Case("bad_values.xlsx", language="en"),
    Case("unknown_channel.csv", read=("csv", "utf-8", ",")),
    Case("producer_further_down.csv", read=("csv", "utf-8", ",")),
    Case("producer_never_defined.csv", read=("csv", "utf-8", ",")),
    Case("shop_export.jsonl", read=("jsonl", None, None)),
]


def report_json(case) -> dict:
    report = run_import(FIXTURES / case.sheet, channel="bat-trang", language=case.language)
    got = report.to_json()
    got["source"] = Path(got["source"]).name
    return got


@pytest.mark.django_db
@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_fixture_report(case):
    known_catalogue()
    got = report_json(case)
    if os.environ.get("OCOP_FIXTURE_DUMP"):  # a directory: write what the engine answered, to diff by hand
        dump = Path(os.environ["OCOP_FIXTURE_DUMP"]) / case.expected.name
        dump.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if REGENERATE:
        case.expected.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(case.expected.read_text(encoding="utf-8"))
    assert got == expected


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES if c.read])
def test_fixture_is_read_as_saved(case):
    """The reader finds the format, encoding and separator the sheet was saved with,
    and no cell holds a replacement character or mojibake."""
    table = readers.read_table(FIXTURES / case.sheet)
    assert (table.format, table.encoding, table.delimiter) == case.read
    cells = [str(c) for c in table.header] + [str(c) for row in table.rows for c in row.values if c is not None]
    assert not [c for c in cells if "\ufffd" in c or "Ã" in c or "Ä" in c], cells


def test_expected_files_match_cases():
    """Every expected file belongs to a case (no stale files after a rename)."""
    names = {c.expected.name for c in CASES}
    assert {p.name for p in FIXTURES.glob("*.expected.json")} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES if c.language == "vi"])
def test_fixture_apply_then_reimport_writes_nothing(case):
    """Applied with --partial, then imported again: every row written the first time
    is "unchanged" and the second apply writes not one row."""
    known_catalogue()
    first = run_import(FIXTURES / case.sheet, channel="bat-trang", apply=True, partial=True)
    refused = {r.line for r in first.rows if r.outcome == "refused"}
    before = catalogue_checksum()
    again = run_import(FIXTURES / case.sheet, channel="bat-trang", apply=True, partial=True)
    assert [(r.line, r.outcome) for r in again.rows] == [
        (r.line, "refused" if r.line in refused else "unchanged") for r in first.rows]
    assert again.applied is False
    assert catalogue_checksum() == before


def _apply(sheet):
    report = run_import(FIXTURES / sheet, channel="bat-trang", apply=True, partial=True)
    assert report.applied, report.render_text()
    return report


@pytest.mark.django_db
def test_stored_values_of_messy_sheets():
    """What the messy sheets put in the catalogue: text decoded right, Excel's
    numbers restored, prices and stock in the channels and warehouses named in
    the headers."""
    from commerce.producer.models import Producer
    from commerce.product.models import Product, ProductVariant, ProductVariantChannelListing
    from commerce.warehouse.models import Stock

    known_catalogue()

    def price(sku, channel="bat-trang"):
        return ProductVariantChannelListing.objects.get(variant__sku=sku, channel__slug=channel).price_amount

    def stock(sku, warehouse="kho-bat-trang"):
        return Stock.objects.get(product_variant__sku=sku, warehouse__slug=warehouse).quantity

    _apply("cp1258_semicolon.csv")
    assert Producer.objects.get(tax_code="0500456785").name == "HTX Lụa tơ tằm Vạn Phúc"
    scarf = ProductVariant.objects.get(sku="VP-KL-01")
    assert (scarf.product.name, scarf.name, scarf.weight) == ("Khăn lụa tơ tằm vẽ tay", "Khăn vuông 90 cm", Decimal("0.12"))
    assert (price("VP-KL-02"), stock("VP-KL-02")) == (650000, 8)
    assert not Product.objects.filter(ocop_product_code="HN-VP-012").exists()  # its category was refused
    assert ProductVariant.objects.get(sku="BT-BHL-02").product.ocop_product_code == "HN-BT-001"

    _apply("utf16_tab.csv")
    painting = Product.objects.get(ocop_product_code="HN-HT-021")
    assert painting.name == 'Tranh sơn mài "Phố cổ Hà Nội"'
    cert = OcopCertification.objects.get(product=painting)
    assert (cert.stars, cert.score, cert.decision_date, cert.issuer_level) == (
        5, Decimal("92.5"), datetime.date(2024, 3, 15), IssuerLevel.NATIONAL)
    assert (price("HT-TR-01"), stock("HT-TR-01"), ProductVariant.objects.get(sku="HT-TR-01").gtin) == (
        1250000, 4, "8936045120019")

    _apply("bom_utf8.csv")
    hat = ProductVariant.objects.get(sku="NL-CH-01")
    assert (hat.product.name, hat.name, price("NL-CH-01"), price("NL-CH-02")) == (
        "Nón lá làng Chuông", "Nón trắng", 125000, 165000)
    assert OcopCertification.objects.get(product=hat.product).stars == 3
    fan = ProductVariant.objects.get(sku="NL-QUAT-01")
    assert (fan.product.external_reference, fan.weight, price("NL-QUAT-01"), stock("NL-QUAT-01")) == (
        "NL-QUAT-01", Decimal("0.2"), 85000, 30)

    _apply("merged_headers.xlsx")
    basket = ProductVariant.objects.get(sku="PV-GIO-01")
    assert basket.product.producer.tax_code == "0107900010"  # Excel had dropped the leading zero
    assert basket.gtin == "8936045120071"
    assert (price("PV-GIO-01"), price("PV-GIO-01", "web-shop")) == (180000, 195000)
    assert (stock("PV-GIO-01"), stock("PV-GIO-01", "kho-web-shop")) == (10, 25)
    assert OcopCertification.objects.get(product=basket.product).decision_date == datetime.date(2024, 8, 20)

    _apply("no_diacritics_headers.csv")
    chair = ProductVariant.objects.get(sku="PN-GHE-01")
    assert (chair.product.category.name, price("PN-GHE-01"), stock("PN-GHE-01")) == ("Thủ công mỹ nghệ", 1250000, 4)
    assert chair.product.producer.legal_type == "household"

    _apply("producer_further_down.csv")
    producer = Producer.objects.get(tax_code="0101234565")
    assert (producer.name, producer.legal_type, producer.phone) == ("Cơ sở khảm trai Chuyên Mỹ", "household", "0912 345 678")
    assert set(Product.objects.filter(producer=producer).values_list("ocop_product_code", flat=True)) == {
        "HN-CM-201", "HN-CM-202", "HN-CM-203"}

    _apply("unknown_channel.csv")
    assert not ProductVariant.objects.filter(sku="BT-AC-01").exists()
    assert (price("BT-DIA-01"), price("BT-DIA-01", "web-shop")) == (320000, 330000)

    _apply("shop_export.jsonl")
    tea = Product.objects.get(external_reference="SHOP-1001")
    assert sorted(tea.variants.values_list("sku", "weight")) == [("TRA-ST-100", Decimal("0.1")), ("TRA-ST-250", Decimal("0.25"))]
    assert (price("TRA-ST-250"), stock("TRA-ST-100"), tea.category.name) == (420000, 25, "Thực phẩm")
