"""The dashboard's saved column mappings: who may use them, create, edit, validation,
and filling the rows from a sample sheet's header."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog_import.models import ImportMapping
from tests import factories


def row_data(rows, *, initial=0) -> dict:
    data = {"rows-TOTAL_FORMS": str(len(rows)), "rows-INITIAL_FORMS": str(initial),
            "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "1000"}
    for index, (header, key) in enumerate(rows):
        data[f"rows-{index}-header"] = header
        data[f"rows-{index}-key"] = key
    return data


def post(client, url, *, name="htx-a", description="", rows=(), action="save", **extra):
    data = {"name": name, "description": description, "action": action, "sample_sheet": "", **row_data(list(rows)),
            **extra}
    return client.post(url, data)


@pytest.fixture
def staff_client(client, db):
    client.force_login(factories.make_staff("MANAGE_PRODUCTS"))
    return client


# --- Who may use the pages ------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    ImportMapping.objects.create(name="htx-a", columns={"A": "sku"})
    for url in ("/dashboard/imports/mappings/", "/dashboard/imports/mappings/new/", "/dashboard/imports/mappings/htx-a/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/dashboard/login/?next=")
    response = post(client, "/dashboard/imports/mappings/new/", rows=[("Mã hàng XYZ", "sku")])
    assert response.status_code == 302
    assert client.post("/dashboard/imports/mappings/htx-a/delete/").status_code == 302
    assert list(ImportMapping.objects.values_list("name", flat=True)) == ["htx-a"]


@pytest.mark.parametrize("who", ["customer", "staff_without_permission"])
def test_users_without_the_products_permission_are_refused(client, db, who):
    ImportMapping.objects.create(name="htx-a", columns={"A": "sku"})
    client.force_login(factories.make_customer() if who == "customer" else factories.make_staff())
    for url in ("/dashboard/imports/mappings/", "/dashboard/imports/mappings/new/", "/dashboard/imports/mappings/htx-a/"):
        assert client.get(url).status_code == 403
    assert post(client, "/dashboard/imports/mappings/new/", name="htx-b", rows=[("X", "sku")]).status_code == 403
    assert post(client, "/dashboard/imports/mappings/htx-a/", rows=[("X", "gtin")]).status_code == 403
    assert client.post("/dashboard/imports/mappings/htx-a/delete/").status_code == 403
    assert list(ImportMapping.objects.values_list("name", flat=True)) == ["htx-a"]
    assert ImportMapping.objects.get().columns == {"A": "sku"}


# --- Create, list, edit, delete -------------------------------------------------------------


def test_the_imports_page_links_to_the_mappings(staff_client):
    assert "/dashboard/imports/mappings/" in staff_client.get("/dashboard/imports/").content.decode()


def test_create_a_mapping(staff_client):
    factories.make_channel("bat-trang")
    page = staff_client.get("/dashboard/imports/mappings/new/").content.decode()
    assert "bỏ qua / ignore" in page and 'value="price@bat-trang"' in page and 'value="sku"' in page

    response = post(
        staff_client, "/dashboard/imports/mappings/new/", description="Bảng kê HTX A",
        rows=[("Mã hàng nội bộ XYZ", "sku"), ("Giá lẻ", "price@bat-trang"), ("Ghi chú", ""), ("", "")],
    )
    assert response.status_code == 302 and response["Location"] == "/dashboard/imports/mappings/"
    mapping = ImportMapping.objects.get(name="htx-a")
    assert mapping.description == "Bảng kê HTX A"
    assert mapping.columns == {"Mã hàng nội bộ XYZ": "sku", "Giá lẻ": "price@bat-trang", "Ghi chú": ""}

    listing = staff_client.get("/dashboard/imports/mappings/").content.decode()
    assert "htx-a" in listing and "Bảng kê HTX A" in listing and "/dashboard/imports/mappings/htx-a/" in listing
    # the import form offers it
    assert 'value="htx-a"' in staff_client.get("/dashboard/imports/new/").content.decode()


def test_edit_a_mapping(staff_client):
    ImportMapping.objects.create(name="htx-a", description="cũ", columns={"Mã hàng XYZ": "sku", "Ghi chú": ""})
    page = staff_client.get("/dashboard/imports/mappings/htx-a/").content.decode()
    assert 'value="Mã hàng XYZ"' in page and 'value="cũ"' in page
    assert '<option value="sku" selected>' in page

    response = post(
        staff_client, "/dashboard/imports/mappings/htx-a/", name="htx-a-2025", description="mới",
        rows=[("Mã hàng XYZ", "sku"), ("Ghi chú", "description"), ("Tên hàng", "product_name")],
    )
    assert response.status_code == 302
    mapping = ImportMapping.objects.get()
    assert (mapping.name, mapping.description) == ("htx-a-2025", "mới")
    assert mapping.columns == {"Mã hàng XYZ": "sku", "Ghi chú": "description", "Tên hàng": "product_name"}
    assert staff_client.get("/dashboard/imports/mappings/htx-a/").status_code == 404


def test_delete_a_mapping(staff_client):
    ImportMapping.objects.create(name="htx-a", columns={"A": "sku"})
    response = staff_client.post("/dashboard/imports/mappings/htx-a/delete/")
    assert response.status_code == 302 and not ImportMapping.objects.exists()
    assert staff_client.get("/dashboard/imports/mappings/htx-a/delete/").status_code in (404, 405)


# --- Validation: the form again, nothing saved ------------------------------------------------


def test_an_invalid_key_shows_the_form_again_naming_the_header(staff_client):
    ImportMapping.objects.create(name="htx-a", columns={"Mã hàng XYZ": "sku"})
    response = post(staff_client, "/dashboard/imports/mappings/htx-a/",
                    rows=[("Mã hàng XYZ", "gtin"), ("Giá vốn", "gia_von")])
    assert response.status_code == 400
    page = response.content.decode()
    assert "Giá vốn" in page and "gia_von" in page and "không phải là trường nhập liệu" in page
    assert "product_name" in page  # the valid keys are listed
    assert 'value="Mã hàng XYZ"' in page  # what was typed is shown again
    assert ImportMapping.objects.get().columns == {"Mã hàng XYZ": "sku"}  # nothing half-saved


@pytest.mark.parametrize(
    "name, rows, message",
    [
        ("htx a", [("A", "sku")], "chữ không dấu"),
        ("", [("A", "sku")], "Hãy đặt tên"),
        ("new", [("A", "sku")], "dành riêng"),
        ("htx-b", [("A", "sku")], "Đã có bảng ánh xạ"),
        ("htx-c", [("Mã hàng", "sku"), ("MA HANG", "gtin")], "trùng với"),
        ("htx-c", [("", "sku")], "Hãy ghi tiêu đề cột"),
        ("htx-c", [("", "")], "ít nhất một cột"),
    ],
)
def test_invalid_forms_are_shown_again_and_save_nothing(staff_client, name, rows, message):
    ImportMapping.objects.create(name="htx-b", columns={"A": "sku"})
    response = post(staff_client, "/dashboard/imports/mappings/new/", name=name, rows=rows)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Chưa lưu" in page
    assert message in page
    assert list(ImportMapping.objects.values_list("name", flat=True)) == ["htx-b"]


def test_a_form_without_its_rows_management_data_is_refused(staff_client):
    response = staff_client.post("/dashboard/imports/mappings/new/", {"name": "htx-a", "action": "save"})
    assert response.status_code == 400 and not ImportMapping.objects.exists()


# --- Sample sheet ----------------------------------------------------------------------------------


SAMPLE = "MST,Tên SP,Mã hàng nội bộ XYZ,Giá bán (bat-trang),Ghi chú nội bộ\n0100109106,Bình gốm,XYZ-1,125000,\n"


def sample(content=SAMPLE, name="bang-ke.csv"):
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")


def test_a_sample_sheet_fills_the_rows_with_the_automatic_matches(staff_client):
    response = post(staff_client, "/dashboard/imports/mappings/new/", name="htx-a", description="HTX A",
                    rows=[("", "")], action="prefill", sample=sample())
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(form.initial["header"], form.initial["key"]) for form in rows.initial_forms] == [
        ("MST", "producer_tax_code"),
        ("Tên SP", "product_name"),
        ("Mã hàng nội bộ XYZ", ""),
        ("Giá bán (bat-trang)", "price@bat-trang"),
        ("Ghi chú nội bộ", ""),
    ]
    page = response.content.decode()
    assert 'value="htx-a"' in page and 'value="HTX A"' in page  # name and description kept
    assert '<option value="producer_tax_code" selected>' in page
    assert '<option value="price@bat-trang" selected>' in page  # offered though no such channel yet
    assert not ImportMapping.objects.exists()  # filling the rows saves nothing

    # the person picks the unrecognised one and saves
    saved = post(staff_client, "/dashboard/imports/mappings/new/", name="htx-a", rows=[
        ("MST", "producer_tax_code"), ("Tên SP", "product_name"), ("Mã hàng nội bộ XYZ", "sku"),
        ("Giá bán (bat-trang)", "price@bat-trang"), ("Ghi chú nội bộ", ""),
    ])
    assert saved.status_code == 302
    assert ImportMapping.objects.get().columns["Mã hàng nội bộ XYZ"] == "sku"


def test_a_sample_sheet_keeps_the_keys_already_chosen(staff_client):
    ImportMapping.objects.create(name="htx-a", columns={"Mã hàng nội bộ XYZ": "sku", "Cột cũ": "gtin"})
    response = post(staff_client, "/dashboard/imports/mappings/htx-a/", action="prefill", sample=sample(),
                    rows=[("Mã hàng nội bộ XYZ", "sku"), ("Cột cũ", "gtin"), ("", "")])
    assert response.status_code == 200
    rows = [(form.initial["header"], form.initial["key"]) for form in response.context["rows"].initial_forms]
    assert ("Mã hàng nội bộ XYZ", "sku") in rows and ("Cột cũ", "gtin") in rows and ("MST", "producer_tax_code") in rows
    assert ImportMapping.objects.get().columns == {"Mã hàng nội bộ XYZ": "sku", "Cột cũ": "gtin"}


def test_the_shipped_template_fills_every_row(staff_client, settings):
    from pathlib import Path

    template = Path(settings.BASE_DIR) / "catalog_import" / "template" / "ocop-import-template.csv"
    upload = SimpleUploadedFile("mau.csv", template.read_bytes(), content_type="text/csv")
    response = post(staff_client, "/dashboard/imports/mappings/new/", action="prefill", sample=upload, rows=[])
    assert response.status_code == 200
    rows = [(form.initial["header"], form.initial["key"]) for form in response.context["rows"].initial_forms]
    assert len(rows) == 31 and all(key for _, key in rows)


@pytest.mark.parametrize(
    "upload, message",
    [
        (None, "Hãy chọn tệp mẫu"),
        (SimpleUploadedFile("bang-ke.pdf", b"%PDF-1.4"), "phải là tệp"),
        (SimpleUploadedFile("bang-ke.csv", b""), "trống"),
        (SimpleUploadedFile("bang-ke.xlsx", b"khong phai xlsx"), "Không mở được tệp Excel"),
        (SimpleUploadedFile("bang-ke.csv", b"\n\n"), "không có dòng tiêu đề"),
    ],
)
def test_a_bad_sample_sheet_shows_the_form_again(staff_client, upload, message):
    extra = {"sample": upload} if upload is not None else {}
    response = post(staff_client, "/dashboard/imports/mappings/new/", action="prefill",
                    rows=[("Mã hàng XYZ", "sku")], **extra)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="Mã hàng XYZ"' in page  # the rows typed so far are kept
    assert not ImportMapping.objects.exists()


def test_a_sample_over_the_size_limit_is_refused(staff_client, settings):
    settings.CATALOG_IMPORT_MAX_UPLOAD_BYTES = 10
    response = post(staff_client, "/dashboard/imports/mappings/new/", action="prefill", sample=sample())
    assert response.status_code == 400 and "quá lớn" in response.content.decode()
