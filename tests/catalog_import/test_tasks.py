"""run_import_job: the Celery task behind the dashboard's imports, run by a real worker."""

import time

import pytest
from django.core.files.base import ContentFile

from catalog_import.models import ImportJob, ImportJobStatus
from catalog_import.tasks import run_import_job
from tests import factories

pytest.importorskip("catalog_import.engine")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


CSV = "Mã số thuế,Tên chủ thể,Tên sản phẩm,Mã SKU,Giá bán\n0100109106,HTX Gốm,Bình gốm,BT-1,125000\n"


def make_job(channel_slug, **fields):
    job = ImportJob(source_name="san-pham.csv", channel_slug=channel_slug, **fields)
    job.source.save("san-pham.csv", ContentFile(CSV.encode()), save=False)
    job.save()
    return job


wait_for = factories.wait_for_import_job


def test_an_unknown_channel_fails_the_job_with_the_engines_message(celery_worker_real, media_root):
    job = make_job("khong-co-kenh-nay")
    run_import_job.delay(str(job.pk))
    job = wait_for(job.pk)
    assert job.status == ImportJobStatus.FAILED
    assert "khong-co-kenh-nay" in job.error
    assert "Traceback" not in job.error
    assert job.finished_at is not None and not job.report_json


def test_a_finished_job_is_not_run_again(celery_worker_real, media_root):
    factories.make_channel("bat-trang")
    job = make_job("bat-trang", status=ImportJobStatus.FAILED, error="đã xong")
    run_import_job.delay(str(job.pk))
    time.sleep(2)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED and job.error == "đã xong"
