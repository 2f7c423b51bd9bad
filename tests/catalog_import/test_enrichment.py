"""What an import carries beyond the basic rows: attributes, English text, producer
addresses on the 2025 units, and pictures from a ZIP or from URLs."""

import csv
import functools
import http.server
import io
import threading
import zipfile

import pytest
from PIL import Image

from catalog_import.engine import ImportRefused, run_import
from commerce.demo.attributes import seed_attributes
from commerce.producer.models import Producer
from commerce.product.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    AttributeValue,
    Product,
    ProductMedia,
    ProductTranslation,
)
from tests.factories import make_channel

BASE = {
    "Mã số thuế": "0100109106", "Tên chủ thể": "HTX Gốm Bát Tràng", "Loại hình": "Hợp tác xã",
    "Mã sản phẩm OCOP": "OCOP-1", "Tên sản phẩm": "Bình gốm men lam", "Mã SKU": "SKU-1", "Giá bán": "125.000",
}


def write_sheet(tmp_path, rows, name="s.csv"):
    headers = list(dict.fromkeys(key for row in rows for key in row))
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=headers)
        writer.writeheader()
        writer.writerows(rows)
    return path


def problems(report):
    return [(r.line, p.column, p.message) for r in report.rows for p in r.problems]


def picture(colour, fmt="PNG", size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture
def channel(db):
    return make_channel("bat-trang")


@pytest.fixture
def types(db):
    _, product_types, _ = seed_attributes()
    return product_types


# --- attributes -------------------------------------------------------------------------------------------


def test_attributes_are_assigned_by_name_and_new_choice_values_are_created(channel, types, tmp_path):
    row = {**BASE, "Loại sản phẩm": "Gốm sứ", "Kích thước": "Lớn",
           "Thuộc tính": "Chất liệu: gốm sứ; Men: Men lam; Họa tiết: Hoa sen, Cá chép; Làm thủ công: có"}
    row["Thuộc tính"] = row["Thuộc tính"].replace("Men:", "Màu men:")
    report = run_import(write_sheet(tmp_path, [row]), channel="bat-trang", apply=True)
    assert problems(report) == [] and report.applied
    product = Product.objects.get(ocop_product_code="OCOP-1")
    assigned = list(AssignedProductAttributeValue.objects.filter(product=product)
                    .order_by("value__attribute__slug", "sort_order").values_list("value__attribute__slug", "value__name"))
    assert assigned == [("chat-lieu", "Gốm sứ"), ("hoa-van", "Hoa sen"), ("hoa-van", "Cá chép"),
                        ("mau-men", "Men lam"), ("thu-cong", "Có")]
    assert AttributeValue.objects.filter(attribute__slug="hoa-van", name="Cá chép").count() == 1  # new value
    size = AssignedVariantAttributeValue.objects.get(variant__sku="SKU-1")
    assert (size.value.attribute.slug, size.value.slug) == ("kich-thuoc", "lon")

    again = run_import(write_sheet(tmp_path, [row]), channel="bat-trang", apply=True)
    assert [r.outcome for r in again.rows] == ["unchanged"]
    assert AttributeValue.objects.filter(attribute__slug="hoa-van", name="Cá chép").count() == 1

    edited = {**row, "Thuộc tính": "Họa tiết: Rồng phượng"}
    third = run_import(write_sheet(tmp_path, [edited]), channel="bat-trang", apply=True)
    assert [r.outcome for r in third.rows] == ["updated"]
    names = set(AssignedProductAttributeValue.objects.filter(product=product).values_list("value__name", flat=True))
    assert names == {"Gốm sứ", "Men lam", "Rồng phượng", "Có"}  # only the named attribute changed


def test_an_attribute_the_product_type_lacks_is_refused_with_the_choices(channel, types, tmp_path):
    row = {**BASE, "Loại sản phẩm": "Đồ uống", "Thuộc tính": "Màu men: lam"}
    report = run_import(write_sheet(tmp_path, [row]), channel="bat-trang", apply=True)
    assert problems(report) == [(2, "Thuộc tính", "loại sản phẩm “Đồ uống” không có thuộc tính “Màu men”; "
                                                 "các thuộc tính của loại này: Làm thủ công, Hướng dẫn bảo quản")]
    assert not Product.objects.exists()


def test_a_numeric_attribute_refuses_text(channel, types, tmp_path):
    row = {**BASE, "Loại sản phẩm": "Gốm sứ", "Thuộc tính": "Làm thủ công: có"}
    rows = [row]
    report = run_import(write_sheet(tmp_path, rows), channel="bat-trang")
    assert problems(report) == []
    drink = {**BASE, "Loại sản phẩm": "Đồ uống", "Mã SKU": "SKU-9", "Mã sản phẩm OCOP": "OCOP-9", "Kích thước": "nhỏ"}
    report = run_import(write_sheet(tmp_path, [drink]), channel="bat-trang", apply=True)
    # Đồ uống has no size attribute: the size only names the variant.
    assert problems(report) == []
    assert not AssignedVariantAttributeValue.objects.filter(variant__sku="SKU-9").exists()


# --- English text -------------------------------------------------------------------------------------------


def test_english_name_and_description_become_a_translation(channel, tmp_path):
    row = {**BASE, "Tên sản phẩm (tiếng Anh)": "Blue-glazed vase", "Mô tả (tiếng Anh)": "Thrown by hand.\nFired at 1300°C."}
    report = run_import(write_sheet(tmp_path, [row]), channel="bat-trang", apply=True)
    assert problems(report) == []
    translation = ProductTranslation.objects.get(product__ocop_product_code="OCOP-1", language_code="en")
    assert translation.name == "Blue-glazed vase"
    assert [b["data"]["text"] for b in translation.description["blocks"]] == ["Thrown by hand.", "Fired at 1300°C."]
    assert [r.outcome for r in run_import(write_sheet(tmp_path, [row]), channel="bat-trang", apply=True).rows] == ["unchanged"]
    edited = {**row, "Tên sản phẩm (tiếng Anh)": "Cobalt vase"}
    assert [r.outcome for r in run_import(write_sheet(tmp_path, [edited]), channel="bat-trang", apply=True).rows] == ["updated"]
    assert ProductTranslation.objects.get(product__ocop_product_code="OCOP-1", language_code="en").name == "Cobalt vase"


# --- producer address ------------------------------------------------------------------------------------------


def test_a_pre_2025_address_keeps_the_district_and_resolves_the_province(channel, tmp_path):
    row = {**BASE, "Địa chỉ": "Thôn 3, Xã Bát Tràng, Huyện Gia Lâm, TP Hà Nội"}
    report = run_import(write_sheet(tmp_path, [row]), channel="bat-trang", apply=True)
    assert problems(report) == []
    address = Producer.objects.get(tax_code="0100109106").address
    assert address.province_code == 1 and address.country_area  # Hà Nội, named from its code
    assert address.legacy_district == "Huyện Gia Lâm"
    assert "Thôn 3" in address.street_address_1
    assert [r.outcome for r in run_import(write_sheet(tmp_path, [row]), channel="bat-trang", apply=True).rows] == ["unchanged"]
    moved = {**row, "Địa chỉ": "Số 5, Phường Hoàn Kiếm, Hà Nội"}
    assert [r.outcome for r in run_import(write_sheet(tmp_path, [moved]), channel="bat-trang", apply=True).rows] == ["updated"]
    address.refresh_from_db()
    assert address.ward_code and address.city and address.legacy_district == ""


# --- pictures ----------------------------------------------------------------------------------------------------


@pytest.fixture
def images_zip(tmp_path):
    path = tmp_path / "anh.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("anh/binh-lam.jpg", picture("navy", "JPEG"))
        archive.writestr("anh/dia.png", picture("white"))
        archive.writestr("ghi-chu.txt", b"not a picture")
    return path


@pytest.fixture
def picture_server(tmp_path, settings):
    settings.IMPORT_ALLOW_PRIVATE_URLS = True  # the server is on 127.0.0.1
    root = tmp_path / "www"
    root.mkdir()
    (root / "chen.webp").write_bytes(picture("teal", "WEBP"))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_pictures_from_a_zip_and_a_url_are_stored_once_and_thumbnailed_after_commit(
        channel, tmp_path, images_zip, picture_server, django_capture_on_commit_callbacks, settings, monkeypatch):
    from commerce.product.tasks import create_product_media_thumbnails_task

    settings.MEDIA_ROOT = str(tmp_path / "media")
    queued = []
    monkeypatch.setattr(create_product_media_thumbnails_task, "delay", queued.append)
    rows = [
        {**BASE, "Ảnh": f"binh-lam.jpg; {picture_server}/chen.webp"},
        {**BASE, "Mã sản phẩm OCOP": "OCOP-2", "Tên sản phẩm": "Đĩa gốm", "Mã SKU": "SKU-2", "Ảnh": "anh/dia.png; BINH-LAM.JPG"},
    ]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = run_import(write_sheet(tmp_path, rows), channel="bat-trang", apply=True, images_zip=images_zip)
    assert problems(report) == []
    assert queued == []  # nothing is queued before the commit
    for callback in callbacks:
        callback()
    first = Product.objects.get(ocop_product_code="OCOP-1")
    assert list(first.media.order_by("sort_order").values_list("width", "height")) == [(40, 30), (40, 30)]
    shared = ProductMedia.objects.filter(content_hash=first.media.first().content_hash)
    assert shared.count() == 2 and len({m.image.name for m in shared}) == 1  # one file, two products
    assert sorted(queued) == sorted(ProductMedia.objects.values_list("pk", flat=True))
    again = run_import(write_sheet(tmp_path, rows), channel="bat-trang", apply=True, images_zip=images_zip)
    assert [r.outcome for r in again.rows] == ["unchanged", "unchanged"]
    assert ProductMedia.objects.count() == 4


def test_unusable_pictures_refuse_their_row_in_the_dry_run(channel, tmp_path, images_zip, picture_server):
    rows = [
        {**BASE, "Ảnh": "ghi-chu.txt"},
        {**BASE, "Mã sản phẩm OCOP": "OCOP-2", "Tên sản phẩm": "Đĩa", "Mã SKU": "SKU-2", "Ảnh": "khong-co.jpg"},
        {**BASE, "Mã sản phẩm OCOP": "OCOP-3", "Tên sản phẩm": "Chén", "Mã SKU": "SKU-3", "Ảnh": f"{picture_server}/mat.jpg"},
    ]
    report = run_import(write_sheet(tmp_path, rows), channel="bat-trang", images_zip=images_zip)
    assert problems(report) == [
        (2, "Ảnh", "“ghi-chu.txt” không phải là ảnh đọc được (JPEG, PNG, WebP, GIF)"),
        (3, "Ảnh", "không có tệp “khong-co.jpg” trong tệp ZIP ảnh"),
        (4, "Ảnh", f"tải ảnh {picture_server}/mat.jpg bị lỗi HTTP 404; hãy kiểm tra đường dẫn"),
    ]
    without_zip = run_import(write_sheet(tmp_path, rows[1:2]), channel="bat-trang")
    assert "không có tệp ZIP ảnh kèm theo" in problems(without_zip)[0][2]


def test_a_broken_zip_stops_the_import_before_any_row(channel, tmp_path):
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK not really")
    with pytest.raises(ImportRefused, match="tệp ảnh ZIP không đọc được"):
        run_import(write_sheet(tmp_path, [BASE]), channel="bat-trang", images_zip=broken)


def test_picture_urls_on_private_addresses_are_refused(channel, tmp_path):
    rows = [{**BASE, "Ảnh": "http://127.0.0.1:9/anh.jpg; http://169.254.169.254/latest/meta-data"}]
    report = run_import(write_sheet(tmp_path, rows), channel="bat-trang")
    assert problems(report) == [
        (2, "Ảnh", "ảnh http://127.0.0.1:9/anh.jpg nằm trên mạng nội bộ (127.0.0.1); chỉ nhận đường dẫn công khai"),
        (2, "Ảnh", "ảnh http://169.254.169.254/latest/meta-data nằm trên mạng nội bộ (169.254.169.254); "
                   "chỉ nhận đường dẫn công khai"),
    ]


def test_a_public_link_that_redirects_to_a_private_address_is_refused(channel, tmp_path, settings, monkeypatch):
    import catalog_import.media as media

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.7/secret.jpg")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/anh.jpg"
    checked = []
    real = media._refuse_private_host

    def only_the_redirect_is_private(target):  # the first hop stands in for a public host
        checked.append(target)
        if target != url:
            real(target)

    monkeypatch.setattr(media, "_refuse_private_host", only_the_redirect_is_private)
    try:
        report = run_import(write_sheet(tmp_path, [{**BASE, "Ảnh": url}]), channel="bat-trang")
    finally:
        server.shutdown()
    assert checked == [url, "http://10.0.0.7/secret.jpg"]
    assert problems(report) == [
        (2, "Ảnh", "ảnh http://10.0.0.7/secret.jpg nằm trên mạng nội bộ (10.0.0.7); chỉ nhận đường dẫn công khai")]
