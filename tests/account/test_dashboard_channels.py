"""The dashboard's imports respect channel restrictions: staff whose groups are
restricted to channels can import only into those channels."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog_import.models import ImportJob
from tests import factories
from tests.account.support import make_group, make_group_staff

CSV = "Tên sản phẩm,Mã SKU,Giá bán\nBình gốm,BT-1,125000\n".encode()


@pytest.fixture
def channels(db):
    return factories.make_channel("bat-trang"), factories.make_channel("van-phuc")


def post_import(client, slug):
    source = SimpleUploadedFile("san-pham.csv", CSV, content_type="text/csv")
    return client.post("/dashboard/imports/new/", {"source": source, "channel": slug, "mode": "dry_run", "sheet": ""})


def test_restricted_staff_import_only_into_their_channels(client, channels, media_root):
    bat_trang, _van_phuc = channels
    client.force_login(make_group_staff(make_group("Bát Tràng", "MANAGE_PRODUCTS", channels=[bat_trang])))
    form_page = client.get("/dashboard/imports/new/").content.decode()
    assert 'value="bat-trang"' in form_page and 'value="van-phuc"' not in form_page
    refused = post_import(client, "van-phuc")
    assert refused.status_code in (400, 403)
    assert not ImportJob.objects.exists()
    assert post_import(client, "bat-trang").status_code == 302
    assert ImportJob.objects.get().channel_slug == "bat-trang"


def test_applying_a_dry_run_of_another_channel_is_refused(client, channels, media_root):
    bat_trang, van_phuc = channels
    from django.core.files.base import ContentFile

    from catalog_import.models import ImportJobStatus

    job = ImportJob(source_name="x.csv", channel_slug="van-phuc", status=ImportJobStatus.DONE, summary={})
    job.source.save("x.csv", ContentFile(CSV), save=False)
    job.save()
    client.force_login(make_group_staff(make_group("Bát Tràng", "MANAGE_PRODUCTS", channels=[bat_trang])))
    assert client.post(f"/dashboard/imports/{job.pk}/apply/").status_code == 403
    client.force_login(factories.make_staff("MANAGE_PRODUCTS"))
    assert client.post(f"/dashboard/imports/{job.pk}/apply/").status_code == 302


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
