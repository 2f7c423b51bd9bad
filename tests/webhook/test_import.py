"""A catalogue import sends the same events as any other change, through the same actions."""

import json

from catalog_import.engine import run_import
from commerce.webhook.models import EventDelivery
from tests.factories import make_channel

HEADER = ("Mã số thuế,Tên chủ thể,Loại hình,Mã sản phẩm OCOP,Tên sản phẩm,Mã SKU,Mã vạch (GTIN),Giá bán,Tồn kho,"
          "Hạng sao OCOP,Điểm đánh giá,Số quyết định,Ngày quyết định")
VASE = "0100109106,HTX Gốm,Hợp tác xã,OCOP-1,Bình gốm,SKU-1,8930000000019,125.000,5,4,80,12/QĐ-UBND,01/02/2025"
VASE_2 = ",,,OCOP-1,,SKU-2,,130000,3,,,,"
BOWL = "0100109106,HTX Gốm,Hợp tác xã,OCOP-2,Bát men lam,SKU-3,,90000,4,,,,"


def sheet(tmp_path, *lines, name="s.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def events():
    return sorted((d.event_type, d.payload[0]["name"]) for d in EventDelivery.objects.all())


def test_an_import_sends_created_then_updated_and_a_reimport_nothing(
        celery_worker_real, receiver, make_webhook, tmp_path):
    make_channel("bat-trang")
    make_webhook()
    path = sheet(tmp_path, VASE, VASE_2, BOWL)
    assert run_import(path, channel="bat-trang", apply=True).applied
    assert events() == [("product_created", "Bát men lam"), ("product_created", "Bình gốm")]
    assert receiver.wait_for(2)
    sent = {json.loads(r["body"])[0]["name"]: r for r in receiver.requests}
    assert {r["headers"]["X-Ocop-Event"] for r in sent.values()} == {"product_created"}
    # Written once the whole product was: the event carries its price in the channel.
    [listing] = json.loads(sent["Bình gốm"]["body"])[0]["channel_listings"]
    assert listing["channel"]["slug"] == "bat-trang" and listing["discounted_price_amount"] == "125000"

    again = run_import(path, channel="bat-trang", apply=True)
    assert [r.outcome for r in again.rows] == ["unchanged"] * 3
    assert EventDelivery.objects.count() == 2

    EventDelivery.objects.all().delete()
    edited = sheet(tmp_path, VASE.replace("Bình gốm", "Bình gốm men rạn"), VASE_2,
                   BOWL.replace("90000", "95000"), name="e.csv")
    third = run_import(edited, channel="bat-trang", apply=True)
    assert [r.outcome for r in third.rows] == ["updated"] * 3  # line 3 is the product of line 2
    assert events() == [("product_updated", "Bát men lam"), ("product_updated", "Bình gốm men rạn")]
    bowl = EventDelivery.objects.get(payload__0__name="Bát men lam").payload[0]
    assert bowl["channel_listings"][0]["discounted_price_amount"] == "95000"
    assert receiver.wait_for(4)
    assert sorted(r["headers"]["X-Ocop-Event"] for r in receiver.requests) == ["product_created"] * 2 + ["product_updated"] * 2


def test_an_import_that_only_adds_english_text_sends_product_updated(transactional_db, make_webhook, tmp_path):
    make_channel("bat-trang")
    make_webhook()
    assert run_import(sheet(tmp_path, VASE), channel="bat-trang", apply=True).applied
    EventDelivery.objects.all().delete()
    path = tmp_path / "en.csv"
    path.write_text(f"{HEADER},Tên sản phẩm (tiếng Anh)\n{VASE},Blue vase\n", encoding="utf-8")
    report = run_import(path, channel="bat-trang", apply=True)
    assert [r.outcome for r in report.rows] == ["updated"]
    assert events() == [("product_updated", "Bình gốm")]
