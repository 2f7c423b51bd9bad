"""The import engine against real PostgreSQL: outcomes per line, policies, idempotency."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from catalog_import.engine import ImportRefused, run_import
from commerce.product.models import OcopCertification, Product, ProductChannelListing, ProductVariant, ProductVariantChannelListing
from commerce.warehouse.models import Stock
from tests.factories import make_channel

HEADER = "Mã số thuế,Tên chủ thể,Loại hình,Mã sản phẩm OCOP,Tên sản phẩm,Mã SKU,Mã vạch (GTIN),Giá bán,Tồn kho,Hạng sao OCOP,Điểm đánh giá,Số quyết định,Ngày quyết định"
GOOD = [
    "0100109106,HTX Gốm,Hợp tác xã,OCOP-1,Bình gốm,SKU-1,8930000000019,125.000,5,4,80,12/QĐ-UBND,01/02/2025",
    ",,,OCOP-1,,SKU-2,,130000,3,,,,",
]


def sheet(tmp_path, *lines, name="s.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def outcomes(report):
    return [(r.line, r.outcome, [(p.column, p.message) for p in r.problems]) for r in report.rows]


@pytest.fixture
def channel(db):
    return make_channel("bat-trang")


def test_dry_run_reports_and_writes_nothing(channel, tmp_path):
    report = run_import(sheet(tmp_path, *GOOD), channel="bat-trang")
    assert outcomes(report) == [(2, "created", []), (3, "created", [])]
    assert report.applied is False
    assert Product.objects.count() == 0


def test_apply_then_reimport_is_unchanged(channel, tmp_path):
    path = sheet(tmp_path, *GOOD)
    report = run_import(path, channel="bat-trang", apply=True)
    assert report.applied and report.summary["created"] == 2
    product = Product.objects.get(ocop_product_code="OCOP-1")
    assert sorted(product.variants.values_list("sku", flat=True)) == ["SKU-1", "SKU-2"]
    assert ProductVariantChannelListing.objects.filter(variant__product=product).count() == 2
    listing = ProductChannelListing.objects.get(product=product, channel=channel)
    assert listing.is_published and listing.discounted_price_amount == 125000
    assert Stock.objects.filter(product_variant__product=product).count() == 2
    assert OcopCertification.objects.get(product=product).stars == 4
    assert product.default_variant is not None
    stamp = (product.updated_at, list(ProductVariant.objects.order_by("pk").values_list("updated_at", flat=True)))
    again = run_import(path, channel="bat-trang", apply=True)
    assert outcomes(again) == [(2, "unchanged", []), (3, "unchanged", [])]
    assert again.applied is False
    product.refresh_from_db()
    assert (product.updated_at, list(ProductVariant.objects.order_by("pk").values_list("updated_at", flat=True))) == stamp
    edited = sheet(tmp_path, GOOD[0], GOOD[1].replace("130000", "140000"), name="e.csv")
    third = run_import(edited, channel="bat-trang", apply=True)
    assert [r.outcome for r in third.rows] == ["unchanged", "updated"]
    assert ProductVariantChannelListing.objects.get(variant__sku="SKU-2").price_amount == 140000


def test_atomic_default_and_partial(channel, tmp_path):
    bad = ",,,OCOP-2,Chén,SKU-3,8931234567891,abc,2,,,,"
    path = sheet(tmp_path, *GOOD, bad)
    report = run_import(path, channel="bat-trang", apply=True)
    assert report.applied is False and Product.objects.count() == 0
    assert report.rows[2].outcome == "refused"
    columns = [p.column for p in report.rows[2].problems]
    assert "Mã vạch (GTIN)" in columns and "Giá bán" in columns
    partial = run_import(path, channel="bat-trang", apply=True, partial=True)
    assert partial.applied and [r.outcome for r in partial.rows] == ["created", "created", "refused"]
    assert list(Product.objects.values_list("ocop_product_code", flat=True)) == ["OCOP-1"]


def test_contradictions_and_duplicate_skus(channel, tmp_path):
    path = sheet(tmp_path, GOOD[0], ",,,OCOP-1,Bình khác,SKU-1,,,,,,,")
    report = run_import(path, channel="bat-trang")
    texts = [[p.message for p in r.problems] for r in report.rows]
    assert any("dòng 3" in m for m in texts[0]) and any("dòng 2" in m for m in texts[1])
    assert all(r.outcome == "refused" for r in report.rows)


def test_score_outside_band_and_producer_further_down(channel, tmp_path):
    path = sheet(tmp_path,
                 "0100109106,,,OCOP-9,Lọ hoa,SKU-9,,90000,1,4,95,7/QĐ-UBND,01/02/2025",
                 "0100109106,HTX Gốm,Hợp tác xã,OCOP-8,Đĩa,SKU-8,,90000,1,,,,")
    report = run_import(path, channel="bat-trang")
    assert report.rows[0].outcome == "refused"
    assert report.rows[0].problems[0].column == "Điểm đánh giá"
    assert "không khớp hạng 4 sao" in report.rows[0].problems[0].message
    assert report.rows[1].outcome == "created"


def test_unknown_channel_is_refused(channel, tmp_path):
    with pytest.raises(ImportRefused, match="bat-trang"):
        run_import(sheet(tmp_path, *GOOD), channel="khong-co")


def test_report_outputs(channel, tmp_path):
    path = sheet(tmp_path, *GOOD, ",,,OCOP-2,Chén,SKU-3,8931234567891,,2,,,,")
    report = run_import(path, channel="bat-trang")
    text = report.render_text()
    assert "Dòng 4, cột Mã vạch (GTIN): 8931234567891 sai số kiểm tra; đúng phải là 8931234567897 nếu 12 số đầu đúng, hãy đối chiếu mã vạch trên bao bì" in text
    report.write_json(tmp_path / "r.json")
    report.write_xlsx(path, tmp_path / "r.xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "r.xlsx").active
    assert ws.cell(row=1, column=ws.max_column).value == "Lỗi / Errors"
    assert "sai số kiểm tra" in ws.cell(row=4, column=ws.max_column).value


def _command(*args, env=None):
    return subprocess.run([sys.executable, "manage.py", "import_catalog", *args], capture_output=True, text=True,
                          env=env, cwd=Path(__file__).resolve().parents[2], timeout=120)


def _env():
    """The environment of a `manage.py` child on this test run's database: the
    run's own DATABASE_URL (a TCP address, or an embedded server's socket
    folder) with the test database's name in place of the database."""
    from urllib.parse import urlsplit, urlunsplit

    from django.conf import settings

    env = dict(os.environ)
    url = urlsplit(env["DATABASE_URL"])
    env["DATABASE_URL"] = urlunsplit(url._replace(path="/" + settings.DATABASES["default"]["NAME"]))
    return env


@pytest.mark.django_db(transaction=True)
def test_command_exit_codes(tmp_path):
    make_channel("bat-trang")
    ok = _command(str(sheet(tmp_path, *GOOD)), "--channel", "bat-trang", "--apply", env=_env())
    assert ok.returncode == 0, ok.stderr
    assert "2 dòng: 2 tạo mới" in ok.stdout
    assert (tmp_path / "s.csv.report.json").exists() and (tmp_path / "s.csv.report.xlsx").exists()
    bad = _command(str(sheet(tmp_path, ",,,OCOP-2,Chén,SKU-3,8931234567891,,2,,,,", name="b.csv")),
                   "--channel", "bat-trang", env=_env())
    assert bad.returncode == 1 and "sai số kiểm tra" in bad.stdout
    refused = _command(str(tmp_path / "b.csv"), "--channel", "khong-co", env=_env())
    assert refused.returncode == 2 and "khong-co" in refused.stderr


@pytest.mark.django_db(transaction=True)
def test_killed_import_leaves_catalogue_as_before(tmp_path):
    make_channel("bat-trang")
    lines = [f"0100109106,HTX Gốm,Hợp tác xã,OCOP-{n},Sản phẩm {n},SKU-{n},,100000,1,,,," for n in range(1200)]
    path = sheet(tmp_path, *lines)
    before = (Product.objects.count(), ProductVariant.objects.count())
    env = _env() | {"OCOP_IMPORT_PAUSE_AFTER_PRODUCTS": "500"}
    process = subprocess.Popen([sys.executable, "manage.py", "import_catalog", str(path), "--channel", "bat-trang", "--apply"],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
                               cwd=Path(__file__).resolve().parents[2])
    deadline = time.time() + 120
    paused = False
    for line in process.stderr:
        if "ocop-import-paused" in line:
            paused = True
            break
        if time.time() > deadline:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert paused, "the import never reached its pause point"
    assert process.returncode == -signal.SIGKILL
    connection.close()
    assert (Product.objects.count(), ProductVariant.objects.count()) == before


def test_utf16_tab_sheet_without_diacritics_and_unknown_price_channel(channel, tmp_path):
    header = "Ma so thue\tTen chu the\tLoai hinh\tMa san pham OCOP\tTen san pham\tMa SKU\tGia ban\tGia ban (khong-co)"
    body = "0100109106\tHTX Gốm\tHợp tác xã\tOCOP-5\tẤm chén\tSKU-5\t200000\t1000"
    path = tmp_path / "u16.csv"
    path.write_bytes(("\n".join([header, body]) + "\n").encode("utf-16"))
    report = run_import(path, channel="bat-trang")
    assert [r.outcome for r in report.rows] == ["refused"]
    [problem] = report.rows[0].problems
    assert problem.key == "price@khong-co" and "không có kênh 'khong-co'" in problem.message


def test_empty_required_cell(channel, tmp_path):
    report = run_import(sheet(tmp_path, "0100109106,HTX Gốm,Hợp tác xã,OCOP-6,Ấm,,,1000,,,,,"), channel="bat-trang")
    assert outcomes(report) == [(2, "refused", [("Mã SKU", "ô bắt buộc 'Mã SKU' đang trống")])]


# --- idempotency, partial policy and a killed import, measured on every catalogue row ---------------

PRODUCTS = [
    "0100109106,HTX Gốm,Hợp tác xã,OCOP-1,Bình gốm,SKU-1,8930000000019,125.000,5,4,80,12/QĐ-UBND,01/02/2025",
    ",,,OCOP-1,,SKU-2,,130000,3,,,,",
    "0100109106,,,OCOP-2,Chén trà,SKU-3,,45.000,20,,,,",
    "0100109106,,,OCOP-3,Đĩa men lam,SKU-4,,90.000,7,,,,",
]


def test_edited_file_updates_only_the_changed_rows(channel, tmp_path):
    from tests.catalog_import.test_fixtures import catalogue_checksum

    run_import(sheet(tmp_path, *PRODUCTS), channel="bat-trang", apply=True)
    stamps = dict(Product.objects.values_list("ocop_product_code", "updated_at"))
    variant_stamps = dict(ProductVariant.objects.values_list("sku", "updated_at"))
    before = catalogue_checksum()
    edited = [PRODUCTS[0], PRODUCTS[1].replace("130000", "135000"), PRODUCTS[2].replace("Chén trà", "Chén trà men rạn"),
              PRODUCTS[3]]
    report = run_import(sheet(tmp_path, *edited, name="edited.csv"), channel="bat-trang", apply=True)
    assert outcomes(report) == [(2, "unchanged", []), (3, "updated", []), (4, "updated", []), (5, "unchanged", [])]
    assert report.applied
    assert ProductVariantChannelListing.objects.get(variant__sku="SKU-2").price_amount == 135000
    assert ProductVariantChannelListing.objects.get(variant__sku="SKU-1").price_amount == 125000
    assert Product.objects.get(ocop_product_code="OCOP-2").name == "Chén trà men rạn"
    after_stamps = dict(Product.objects.values_list("ocop_product_code", "updated_at"))
    assert after_stamps["OCOP-2"] > stamps["OCOP-2"] and after_stamps["OCOP-3"] == stamps["OCOP-3"]
    assert dict(ProductVariant.objects.values_list("sku", "updated_at")) == variant_stamps  # no variant field changed
    after = catalogue_checksum()
    changed = {table for table in before if before[table] != after[table]}
    assert "warehouse_stock" not in changed and "product_ocopcertification" not in changed, changed
    assert all(before[t][0] == after[t][0] for t in before), "an edit must not add or remove rows"
    # and the edited file, imported again, writes nothing at all
    again = run_import(tmp_path / "edited.csv", channel="bat-trang", apply=True)
    assert {r.outcome for r in again.rows} == {"unchanged"} and catalogue_checksum() == after


def test_partial_writes_no_part_of_a_product_with_a_refused_row(channel, tmp_path):
    from commerce.producer.models import Producer
    from tests.catalog_import.test_fixtures import catalogue_checksum

    lines = [
        *PRODUCTS[:2],
        # OCOP-7 of a new producer: its first row is good, its second has a price in words
        "0101234565,Cơ sở Gỗ,Hộ kinh doanh,OCOP-7,Tượng gỗ,SKU-7,,300000,1,,,,",
        ",,,OCOP-7,,SKU-8,,liên hệ,1,,,,",
    ]
    path = sheet(tmp_path, *lines)
    empty = catalogue_checksum()
    atomic = run_import(path, channel="bat-trang", apply=True)
    assert atomic.applied is False and catalogue_checksum() == empty
    report = run_import(path, channel="bat-trang", apply=True, partial=True)
    assert [(r.line, r.outcome) for r in report.rows] == [(2, "created"), (3, "created"), (4, "refused"), (5, "refused")]
    assert report.rows[2].problems[0].message == "cùng sản phẩm với dòng bị từ chối (5)"
    assert report.applied
    assert list(Product.objects.values_list("ocop_product_code", flat=True)) == ["OCOP-1"]
    assert sorted(ProductVariant.objects.values_list("sku", flat=True)) == ["SKU-1", "SKU-2"]
    assert not Producer.objects.filter(tax_code="0101234565").exists()  # its only product was refused
    assert not ProductVariantChannelListing.objects.filter(variant__sku__in=["SKU-7", "SKU-8"]).exists()


@pytest.mark.django_db(transaction=True)
def test_killed_update_leaves_every_catalogue_row_as_before(tmp_path):
    """kill -9 in the middle of an apply that updates existing products and creates
    new ones: every catalogue table is byte for byte what it was (counts and a
    checksum of all rows), and the next dry run still plans the same changes."""
    from tests.catalog_import.test_fixtures import catalogue_checksum

    make_channel("bat-trang")
    existing = [f"0100109106,HTX Gốm,Hợp tác xã,OCOP-{n},Sản phẩm {n},SKU-{n},,100000,1,4,80,{n}/QĐ-UBND,01/02/2025"
                for n in range(600)]
    assert run_import(sheet(tmp_path, *existing, name="setup.csv"), channel="bat-trang", apply=True).applied
    changes = [line.replace(",100000,1,", ",110000,2,") for line in existing]  # the first chunk updates
    changes += [f"0100109106,,,OCOP-{n},Sản phẩm {n},SKU-{n},,100000,1,,,," for n in range(600, 1200)]
    path = sheet(tmp_path, *changes, name="changes.csv")
    planned = [(r.line, r.outcome) for r in run_import(path, channel="bat-trang").rows]
    connection.close()
    before = catalogue_checksum()
    env = _env() | {"OCOP_IMPORT_PAUSE_AFTER_PRODUCTS": "500"}
    process = subprocess.Popen([sys.executable, "manage.py", "import_catalog", str(path), "--channel", "bat-trang", "--apply"],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
                               cwd=Path(__file__).resolve().parents[2])
    paused = False
    try:
        deadline = time.time() + 180
        for line in process.stderr:
            if "ocop-import-paused" in line:
                paused = True
                break
            if time.time() > deadline:
                break
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert paused, "the import never reached its pause point"
    assert process.returncode == -signal.SIGKILL
    connection.close()
    assert catalogue_checksum() == before
    assert [(r.line, r.outcome) for r in run_import(path, channel="bat-trang").rows] == planned
    assert {outcome for _, outcome in planned} == {"updated", "created"}


def test_staff_restricted_to_a_channel_cannot_write_prices_or_stock_elsewhere(channel, tmp_path):
    from tests.account.support import make_group, make_group_staff

    other = make_channel("van-phuc")
    staff = make_group_staff(make_group("Bát Tràng", "MANAGE_PRODUCTS", channels=[channel]))
    other_warehouse = other.warehouses.get()
    header = HEADER + ",Giá bán (van-phuc),Tồn kho (" + other_warehouse.slug + ")"
    path = tmp_path / "r.csv"
    path.write_text(header + "\n" + GOOD[0] + ",140000,7\n", encoding="utf-8")

    report = run_import(path, channel="bat-trang", apply=True, user=staff)

    assert [r.outcome for r in report.rows] == ["refused"]
    assert sorted(p.key for p in report.rows[0].problems) == ["price@van-phuc", f"stock@{other_warehouse.slug}"]
    assert "kênh 'van-phuc'" in " ".join(p.message for p in report.rows[0].problems)
    assert Product.objects.count() == 0 and Stock.objects.count() == 0
    # The same sheet without those columns imports for the same person.
    report = run_import(sheet(tmp_path, GOOD[0]), channel="bat-trang", apply=True, user=staff)
    assert [r.outcome for r in report.rows] == ["created"]
