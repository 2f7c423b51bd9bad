"""`manage.py import_mapping`: saved column mappings for sources whose headers differ."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalog_import.engine import run_import
from catalog_import.models import ImportMapping
from commerce.product.models import ProductVariant
from tests.factories import make_channel

TEMPLATE = Path(__file__).resolve().parents[2] / "catalog_import" / "template" / "ocop-import-template.csv"


def run(*args) -> str:
    out = StringIO()
    call_command("import_mapping", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def refused(*args) -> str:
    with pytest.raises(CommandError) as error:
        run(*args)
    assert error.value.returncode == 2
    return str(error.value)


def test_save_show_list_and_delete(db):
    out = run("save", "htx-a", "--description", "Bảng kê của HTX A", "Mã hàng nội bộ XYZ=sku", "Giá lẻ BT=price@bat-trang",
              "Ghi chú=")
    assert "htx-a" in out and "3" in out
    mapping = ImportMapping.objects.get(name="htx-a")
    assert mapping.description == "Bảng kê của HTX A"
    assert mapping.columns == {"Mã hàng nội bộ XYZ": "sku", "Giá lẻ BT": "price@bat-trang", "Ghi chú": ""}

    shown = run("show", "htx-a")
    assert "Mã hàng nội bộ XYZ" in shown and "sku" in shown and "price@bat-trang" in shown
    assert "bỏ qua" in shown  # "Ghi chú" is ignored on purpose

    listed = run("list")
    assert "htx-a" in listed and "Bảng kê của HTX A" in listed and "3 cột" in listed

    # save replaces the whole mapping; the description is kept when not given again
    run("save", "htx-a", "Tên hàng=product_name")
    mapping.refresh_from_db()
    assert mapping.columns == {"Tên hàng": "product_name"}
    assert mapping.description == "Bảng kê của HTX A"

    assert "Đã xoá" in run("delete", "htx-a")
    assert not ImportMapping.objects.exists()
    assert "Chưa có" in run("list")


def test_a_bad_key_is_refused_naming_the_header_and_nothing_is_saved(db):
    message = refused("save", "htx-a", "Mã hàng nội bộ XYZ=sku", "Giá vốn=gia_von", "Tồn kho=stock@Kho Lớn")
    assert "Giá vốn" in message and "gia_von" in message
    assert "Tồn kho" in message and "stock@Kho Lớn" in message
    assert "Mã hàng nội bộ XYZ" not in message  # the good entry is not complained about
    assert "valid keys" in message and "product_name" in message and "price@<channel-slug>" in message
    assert not ImportMapping.objects.exists()


def test_a_bad_key_does_not_touch_an_existing_mapping(db):
    run("save", "htx-a", "Mã hàng nội bộ XYZ=sku")
    refused("save", "htx-a", "Mã hàng nội bộ XYZ=skuu")
    assert ImportMapping.objects.get(name="htx-a").columns == {"Mã hàng nội bộ XYZ": "sku"}


@pytest.mark.parametrize(
    "args, words",
    [
        (("save", "htx a", "SKU=sku"), "htx a"),
        (("save", "new", "SKU=sku"), "reserved"),
        (("save", "htx-a", "no equals sign"), "Header=key"),
        (("save", "htx-a", "=sku"), "Header=key"),
        (("save", "htx-a", "Mã hàng=sku", "ma hang=gtin"), "same as"),
        (("save", "htx-a"), "no columns"),
        (("show", "khong-co"), "khong-co"),
        (("delete", "khong-co"), "khong-co"),
    ],
)
def test_errors_exit_with_code_2(db, args, words):
    assert words in refused(*args)
    assert not ImportMapping.objects.exists()


def test_from_sheet_prefills_the_recognised_columns_of_the_template(db):
    out = run("save", "mau", "--from-sheet", str(TEMPLATE))
    columns = ImportMapping.objects.get(name="mau").columns
    assert columns["Mã số thuế"] == "producer_tax_code"
    assert columns["Mã SKU"] == "sku"
    assert columns["Giá bán"] == "price"
    assert columns["Ảnh"] == "images"
    assert len(columns) == 31
    assert "not recognised" not in out


def test_from_sheet_keeps_the_given_entries_and_names_the_unrecognised_ones(db, tmp_path):
    source = tmp_path / "htx.csv"
    source.write_text("MST,Tên SP,Mã hàng nội bộ XYZ,Giá bán (bat-trang),Ghi chú nội bộ,Tên hàng\n", encoding="utf-8")
    out = run("save", "htx", "--from-sheet", str(source), "Tên hàng=variant_name")
    assert "Ghi chú nội bộ" in out and "Mã hàng nội bộ XYZ" in out  # to be added by hand
    assert ImportMapping.objects.get(name="htx").columns == {
        "MST": "producer_tax_code",
        "Tên SP": "product_name",
        "Giá bán (bat-trang)": "price@bat-trang",
        "Tên hàng": "variant_name",  # the given entry wins over the automatic match
    }

    run("save", "htx", "--from-sheet", str(source), "Mã hàng nội bộ XYZ=sku", "Ghi chú nội bộ=", "Tên hàng=variant_name")
    columns = ImportMapping.objects.get(name="htx").columns
    assert columns["Mã hàng nội bộ XYZ"] == "sku" and columns["Ghi chú nội bộ"] == ""


def test_from_sheet_that_cannot_be_read_is_refused(db, tmp_path):
    empty = tmp_path / "trong.csv"
    empty.write_text("", encoding="utf-8")
    assert "empty" in refused("save", "htx", "--from-sheet", str(empty))
    assert "cannot read" in refused("save", "htx", "--from-sheet", str(tmp_path / "khong-co.csv"))
    assert not ImportMapping.objects.exists()


def test_an_import_with_the_saved_mapping_reads_the_unusual_header(db, tmp_path):
    make_channel("bat-trang")
    source = tmp_path / "htx.csv"
    source.write_text(
        "Mã số thuế,Tên chủ thể,Loại hình,Tên sản phẩm,Mã hàng nội bộ XYZ,Giá bán,Tồn kho,Ghi chú nội bộ\n"
        "0100109106,HTX Gốm,Hợp tác xã,Bình gốm,XYZ-1,125.000,5,giao trước Tết\n",
        encoding="utf-8",
    )
    without = run_import(source, channel="bat-trang")
    assert without.summary["refused"] == 1  # no SKU column without the mapping

    run("save", "htx-xyz", "--from-sheet", str(source), "Mã hàng nội bộ XYZ=sku", "Ghi chú nội bộ=")
    report = run_import(source, channel="bat-trang", mapping="htx-xyz", apply=True)
    assert report.summary["refused"] == 0 and report.summary["created"] >= 1
    assert ProductVariant.objects.filter(sku="XYZ-1").exists()

    # the same through `import_catalog --mapping` (a dry run: the row is now unchanged)
    out = StringIO()
    call_command("import_catalog", str(source), "--channel", "bat-trang", "--mapping", "htx-xyz",
                 "--report-json", str(tmp_path / "r.json"), "--report-xlsx", str(tmp_path / "r.xlsx"),
                 stdout=out, stderr=StringIO())
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["summary"]["unchanged"] == 1 and data["summary"]["refused"] == 0
    assert data["warnings"] == []  # "Ghi chú nội bộ" is ignored on purpose: no warning
