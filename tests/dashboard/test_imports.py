"""The dashboard's import pages: who may use them, the upload form, and a whole
import run by a real Celery worker through the real engine."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog_import.models import ImportJob, ImportJobStatus
from commerce.core.validators import gtin_check_digit, tax_code_check_digit
from tests import factories


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def tax_code(n: int = 10010) -> str:
    while True:
        body = f"{n:09d}"
        digit = tax_code_check_digit(body)
        if digit is not None:
            return body + str(digit)
        n += 1


def gtin(n: int) -> str:
    body = f"893{n:09d}"
    return body + str(gtin_check_digit(body))


def small_csv(rows: int = 2) -> bytes:
    header = "Mã số thuế,Tên chủ thể,Loại hình,Tên sản phẩm,Mã SKU,Mã vạch (GTIN),Giá bán,Tồn kho"
    lines = [header]
    for i in range(1, rows + 1):
        lines.append(f"{tax_code()},HTX Gốm Bát Tràng,Hợp tác xã,Bình gốm men lam {i},BT-{i:04d},{gtin(i)},125000,10")
    return ("\n".join(lines) + "\n").encode("utf-8")


def upload(name="san-pham.csv", content=None):
    return SimpleUploadedFile(name, small_csv() if content is None else content, content_type="text/csv")


def post_import(client, channel, *, mode="dry_run", source=None, **extra):
    data = {"source": source or upload(), "channel": channel.slug, "mode": mode, "sheet": "", **extra}
    return client.post("/dashboard/imports/new/", data)


wait_for = factories.wait_for_import_job


# --- Who may use the dashboard ------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/dashboard/imports/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dashboard/login/?next=/dashboard/imports/")
    assert client.get("/dashboard/login/").status_code == 200


@pytest.mark.parametrize("who", ["customer", "staff_without_permission"])
def test_signed_in_users_without_the_products_permission_are_refused(client, db, who):
    user = factories.make_customer() if who == "customer" else factories.make_staff()
    client.force_login(user)
    assert client.get("/dashboard/imports/").status_code == 403
    assert client.get("/dashboard/imports/new/").status_code == 403
    assert ImportJob.objects.count() == 0


def test_staff_signs_in_with_email_and_password(client, db):
    staff = factories.make_staff("MANAGE_PRODUCTS")
    response = client.post(
        "/dashboard/login/", {"username": staff.email, "password": "matkhau-dai-123", "next": "/dashboard/imports/"}
    )
    assert response.status_code == 302 and response["Location"] == "/dashboard/imports/"
    assert client.get("/dashboard/imports/").status_code == 200


# --- The form -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, message",
    [
        (SimpleUploadedFile("san-pham.pdf", b"%PDF-1.4"), "phải là tệp"),
        (SimpleUploadedFile("san-pham.csv", b""), "trống"),
    ],
)
def test_a_bad_upload_shows_the_form_again_and_creates_no_job(client, db, media_root, source, message):
    channel = factories.make_channel("bat-trang")
    client.force_login(factories.make_staff("MANAGE_PRODUCTS"))
    response = post_import(client, channel, source=source)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(client, db, media_root, settings):
    settings.CATALOG_IMPORT_MAX_UPLOAD_BYTES = 10
    channel = factories.make_channel("bat-trang")
    client.force_login(factories.make_staff("MANAGE_PRODUCTS"))
    response = post_import(client, channel)
    assert response.status_code == 400 and "quá lớn" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_the_form_needs_a_csrf_token(db, media_root):
    from django.test import Client

    channel = factories.make_channel("bat-trang")
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.make_staff("MANAGE_PRODUCTS"))
    assert post_import(client, channel).status_code == 403
    assert ImportJob.objects.count() == 0


def test_the_new_import_form_lists_channels_and_defaults_to_a_dry_run(client, db):
    factories.make_channel("bat-trang", name="Trung tâm Bát Tràng")
    client.force_login(factories.make_staff("MANAGE_PRODUCTS"))
    page = client.get("/dashboard/imports/new/").content.decode()
    assert "Trung tâm Bát Tràng" in page
    assert 'value="dry_run" ' in page and "checked" in page.split('value="dry_run"')[1].split(">")[0]


# --- A whole import through a real worker and the real engine ---------------------------------


@pytest.fixture
def engine():
    return pytest.importorskip("catalog_import.engine")


def test_a_dry_run_reports_and_writes_nothing_then_apply_writes(engine, client, celery_worker_real, media_root):
    from commerce.product.models import ProductVariant

    channel = factories.make_channel("bat-trang")
    client.force_login(factories.make_staff("MANAGE_PRODUCTS"))

    response = post_import(client, channel)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.get()
    assert response["Location"] == f"/dashboard/imports/{job.pk}/"
    job = wait_for(job.pk)
    assert job.status == ImportJobStatus.DONE, job.error
    assert job.summary["rows"] == 2 and job.summary["created"] == 2 and job.summary["refused"] == 0, (
        job.summary, [r["problems"] for r in __import__("json").loads(job.report_json.read())["rows"]]
    )
    assert not ProductVariant.objects.filter(sku__startswith="BT-").exists()

    page = client.get(f"/dashboard/imports/{job.pk}/").content.decode()
    assert "Nhập thật tệp này" in page
    report = client.get(f"/dashboard/imports/{job.pk}/report.json")
    assert report.status_code == 200 and "attachment" in report["Content-Disposition"]
    assert b'"rows"' in b"".join(report.streaming_content)
    xlsx = client.get(f"/dashboard/imports/{job.pk}/report.xlsx")
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"
    progress = client.get(f"/dashboard/imports/{job.pk}/progress/?format=json").json()
    assert progress["status"] == "done" and progress["done"] == 2

    response = client.post(f"/dashboard/imports/{job.pk}/apply/")
    assert response.status_code == 302
    applied = ImportJob.objects.exclude(pk=job.pk).get()
    assert applied.apply and applied.source.name == job.source.name
    applied = wait_for(applied.pk)
    assert applied.status == ImportJobStatus.DONE, applied.error
    assert applied.summary["applied"] is True
    assert set(ProductVariant.objects.filter(sku__startswith="BT-").values_list("sku", flat=True)) == {
        "BT-0001", "BT-0002",
    }
    assert "Nhập thật tệp này" not in client.get(f"/dashboard/imports/{applied.pk}/").content.decode()


def test_reports_are_not_served_to_users_without_the_permission(engine, client, celery_worker_real, media_root):
    channel = factories.make_channel("bat-trang")
    client.force_login(factories.make_staff("MANAGE_PRODUCTS"))
    post_import(client, channel)
    job = wait_for(ImportJob.objects.get().pk)
    client.force_login(factories.make_customer())
    assert client.get(f"/dashboard/imports/{job.pk}/report.json").status_code == 403
    client.logout()
    assert client.get(f"/dashboard/imports/{job.pk}/report.xlsx").status_code == 302


def test_import_files_are_kept_out_of_the_public_media_folder(engine, client, celery_worker_real, media_root, settings):
    channel = factories.make_channel("bat-trang")
    client.force_login(factories.make_staff("MANAGE_PRODUCTS"))
    post_import(client, channel)
    job = wait_for(ImportJob.objects.get().pk)
    private = Path(settings.STORAGES["imports"]["OPTIONS"]["location"])
    for stored in (job.source, job.report_json, job.report_xlsx):
        assert (private / stored.name).is_file()
        assert not (Path(media_root) / stored.name).exists()
        client.logout()
        assert client.get(f"/media/{stored.name}").status_code == 404
        assert client.get(f"/media/imports/{stored.name}").status_code == 404


def test_a_running_job_shows_live_progress_from_the_cache_and_keeps_polling(client, db, media_root):
    from django.core.cache import cache
    from django.core.files.base import ContentFile

    from catalog_import.tasks import progress_key

    job = ImportJob(source_name="san-pham.csv", channel_slug="bat-trang", status=ImportJobStatus.RUNNING)
    job.source.save("x.csv", ContentFile(b"a"), save=False)
    job.save()
    cache.set(progress_key(job.pk), {"done": 250, "total": 1000, "stage": "checking"}, 60)
    client.force_login(factories.make_staff("MANAGE_PRODUCTS"))
    try:
        page = client.get(f"/dashboard/imports/{job.pk}/").content.decode()
        assert 'http-equiv="refresh"' in page and "htmx" in page
        partial = client.get(f"/dashboard/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true")
        body = partial.content.decode()
        assert "250 / 1000" in body and 'hx-trigger="every 1s"' in body and "kiểm tra từng dòng" in body
        assert "HX-Refresh" not in partial
        assert client.get(f"/dashboard/imports/{job.pk}/progress/?format=json").json()["percent"] == 25
    finally:
        cache.delete(progress_key(job.pk))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.FAILED, error="x")
    partial = client.get(f"/dashboard/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert partial["HX-Refresh"] == "true" and "hx-trigger" not in partial.content.decode()


def test_the_report_is_in_the_language_of_whoever_started_the_job(engine, client, celery_worker_real, media_root):
    channel = factories.make_channel("bat-trang")
    client.force_login(factories.make_staff("MANAGE_PRODUCTS"))
    client.post("/dashboard/imports/new/", {"source": upload(), "channel": channel.slug, "mode": "dry_run",
                                            "sheet": ""}, HTTP_ACCEPT_LANGUAGE="en")
    job = wait_for(ImportJob.objects.get().pk)
    assert job.language == "en"
    from openpyxl import load_workbook

    with job.report_xlsx.open("rb") as handle:
        outcomes = {row[-2] for row in load_workbook(handle).active.iter_rows(min_row=2, values_only=True)}
    assert outcomes == {"created"}  # "tạo mới" in Vietnamese
    applied_response = client.post(f"/dashboard/imports/{job.pk}/apply/", HTTP_ACCEPT_LANGUAGE="vi")
    assert applied_response.status_code == 302
    assert ImportJob.objects.exclude(pk=job.pk).get().language == "vi"
