"""Customer emails about orders: in the order's language, sent once per kind."""

import time

import pytest
from django.core import mail

from commerce.order import actions
from commerce.order.models import OrderEvents
from commerce.order.notifications import render_order_email, send_order_email
from commerce.product.models import ProductTranslation
from tests import factories
from tests.order.helpers import place_order, stocked_variant


@pytest.fixture
def channel(db):
    return factories.make_channel()


@pytest.mark.django_db
def test_the_placed_email_is_vietnamese_by_default_and_english_for_english_orders(channel):
    variant = stocked_variant(channel)
    ProductTranslation.objects.create(product=variant.product, language_code="en", name="Blue-glazed vase")
    vi = place_order(channel, [(variant, 2)])
    en = place_order(channel, [(variant, 1)], language_code="en")

    subject, body = render_order_email(vi, "placed")
    assert subject == f"Đơn hàng #{vi.number} đã được đặt"
    assert "2 × Bình gốm men lam" in body and "Tổng cộng: 250.000 ₫" in body

    subject, body = render_order_email(en, "placed")
    assert subject == f"Order #{en.number} has been placed"
    assert "1 × Blue-glazed vase" in body


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["paid", "ready_for_pickup", "shipped", "canceled"])
def test_every_kind_of_email_exists_in_both_languages(channel, kind):
    order = place_order(channel, [(stocked_variant(channel), 1)])
    for language in ("vi", "en", "fr"):  # French falls back to Vietnamese
        order.language_code = language
        subject, body = render_order_email(order, kind)
        assert f"#{order.number}" in subject and body.strip()


@pytest.mark.django_db
def test_each_kind_is_sent_once_per_order(channel, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    order = place_order(channel, [(stocked_variant(channel), 1)], email="lan@ocop.test")
    assert send_order_email(order.pk, "placed") is True
    assert send_order_email(order.pk, "placed") is False
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lan@ocop.test"]
    assert order.events.get(type=OrderEvents.EMAIL_SENT).parameters["email_type"] == "placed"


@pytest.mark.django_db
def test_emails_are_queued_only_when_the_transaction_commits(channel, django_capture_on_commit_callbacks):
    variant = stocked_variant(channel)
    with django_capture_on_commit_callbacks() as callbacks:
        order = place_order(channel, [(variant, 1)])
        actions.cancel_order(order)
    assert len(callbacks) == 2  # placed, canceled


def wait_for_files(folder, count, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(folder.glob("*.log"))
        if len(files) >= count:
            return [f.read_text() for f in files]
        time.sleep(0.2)
    raise AssertionError(f"{count} email(s) expected in {folder}, found {len(list(folder.glob('*.log')))}")


@pytest.mark.slow
def test_placing_an_order_sends_the_placed_email_through_a_real_worker(celery_worker_real, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    channel = factories.make_channel()
    variant = stocked_variant(channel)

    vi = place_order(channel, [(variant, 1)], email="lan@ocop.test")
    [text] = wait_for_files(tmp_path, 1)
    assert f"Đơn hàng #{vi.number} đã được đặt" in _decoded(text)

    en = place_order(channel, [(variant, 1)], email="anna@ocop.test", language_code="en")
    texts = wait_for_files(tmp_path, 2)
    assert any(f"Order #{en.number} has been placed" in _decoded(t) for t in texts)


def _decoded(raw: str) -> str:
    """The email file's text with its encoded subject and body decoded."""
    import email
    from email.header import decode_header, make_header

    parts = []
    for chunk in raw.split("-" * 79):
        if not chunk.strip():
            continue
        message = email.message_from_string(chunk.strip())
        parts.append(str(make_header(decode_header(message.get("Subject", "")))))
        parts.append(message.get_payload())  # Django sends UTF-8 text as 8bit: already text
    return "\n".join(parts)
