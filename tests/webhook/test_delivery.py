"""Deliveries reach a real HTTP endpoint, signed, and are retried with backoff."""

import datetime
import hashlib
import hmac
import json

import pytest
from django.utils import timezone

from commerce.product import actions
from commerce.product.models import Product
from commerce.webhook.models import EventDelivery
from commerce.webhook.tasks import deliver_due_webhooks, deliver_webhooks
from tests.factories import make_product_type

from .conftest import wait_until


def save(name, slug):
    return actions.save_product(Product(name=name, slug=slug, product_type=make_product_type()))


def valid_signature(request, secret):
    expected = "sha256=" + hmac.new(secret.encode(), request["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(request["headers"]["X-Ocop-Signature"], expected)


def test_a_committed_change_reaches_the_endpoint_signed(celery_worker_real, receiver, make_webhook):
    webhook = make_webhook(secret="khoa-bi-mat")
    product = save("Bình gốm Bát Tràng", "binh-gom")  # commits: the worker sends it
    assert receiver.wait_for(1)
    [request] = receiver.requests
    delivery = EventDelivery.objects.get()
    assert request["path"] == "/hook"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["headers"]["X-Ocop-Event"] == "product_created"
    assert request["headers"]["X-Ocop-Delivery"] == str(delivery.pk)
    assert valid_signature(request, "khoa-bi-mat")
    assert not valid_signature(request, "another-key")
    [body] = json.loads(request["body"])
    assert body["type"] == "Product" and body["name"] == "Bình gốm Bát Tràng" and body["slug"] == "binh-gom"
    assert body["id"] == "UHJvZHVjdDo" + body["id"][11:] and body["id"] == _global_id(product.pk)
    assert wait_until(lambda: EventDelivery.objects.get().status == "success")
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_response_code == 200 and delivery.webhook_id == webhook.pk


def _global_id(pk):
    import base64

    return base64.b64encode(f"Product:{pk}".encode()).decode()


def test_a_500_is_retried_until_it_succeeds(celery_worker_real, receiver, make_webhook, fast_retries):
    receiver.statuses = [500, 200]
    make_webhook()
    save("Khăn lụa Vạn Phúc", "khan-lua")
    assert wait_until(lambda: EventDelivery.objects.get().status == "success")
    delivery = EventDelivery.objects.get()
    assert delivery.attempts == 2 and delivery.last_response_code == 200
    assert len(receiver.requests) == 2
    assert receiver.requests[0]["body"] == receiver.requests[1]["body"]  # the same signed body again


def test_a_delivery_fails_after_the_last_attempt(celery_worker_real, receiver, make_webhook, fast_retries):
    receiver.statuses = [503]
    make_webhook()
    save("Nón lá Chuông", "non-la")
    assert wait_until(lambda: EventDelivery.objects.get().status == "failed")
    delivery = EventDelivery.objects.get()
    assert delivery.attempts == 3 and delivery.last_response_code == 503 and delivery.last_response == "answer 503"
    assert len(receiver.requests) == 3


@pytest.mark.django_db(transaction=True)
def test_running_the_task_twice_sends_once(receiver, make_webhook):
    make_webhook()
    save("Mứt sen", "mut-sen")
    delivery = EventDelivery.objects.get()
    assert deliver_webhooks([delivery.pk]) == 1
    assert deliver_webhooks([delivery.pk]) == 0
    assert len(receiver.requests) == 1


@pytest.mark.django_db(transaction=True)
def test_a_delivery_being_sent_is_not_claimed_again(receiver, make_webhook):
    make_webhook()
    save("Tương Bần", "tuong-ban")
    # Another worker has claimed it: its lease is in the future.
    EventDelivery.objects.update(next_try_at=timezone.now() + datetime.timedelta(seconds=40))
    assert deliver_webhooks(list(EventDelivery.objects.values_list("pk", flat=True))) == 0
    assert receiver.requests == []


@pytest.mark.django_db(transaction=True)
def test_an_endpoint_that_is_down_is_tried_once_per_batch(receiver, make_webhook, fast_retries):
    receiver.statuses = [502]
    make_webhook()
    for n in range(3):
        save(f"Gốm {n}", f"gom-{n}")
    deliver_webhooks(list(EventDelivery.objects.values_list("pk", flat=True)))
    assert len(receiver.requests) == 1
    rows = list(EventDelivery.objects.all())
    assert all(r.status == "pending" and r.attempts == 1 and r.next_try_at > timezone.now() for r in rows)


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_endpoint_is_recorded(make_webhook, fast_retries):
    make_webhook(url="http://127.0.0.1:9/nowhere")
    save("Sơn mài", "son-mai")
    deliver_webhooks(list(EventDelivery.objects.values_list("pk", flat=True)))
    delivery = EventDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1 and delivery.last_response_code is None
    assert delivery.last_response


def test_the_sweeper_sends_deliveries_whose_message_was_lost(celery_worker_real, receiver, make_webhook):
    webhook = make_webhook()
    # An outbox row committed without its message (the broker was down at commit time).
    EventDelivery.objects.create(webhook=webhook, event_type="product_updated", payload=[{"type": "Product"}],
                                 next_try_at=timezone.now() - datetime.timedelta(minutes=10))
    EventDelivery.objects.create(webhook=webhook, event_type="product_updated", payload=[{"type": "Product"}])
    assert deliver_due_webhooks() == 1  # the fresh one is left to the message queued at its commit
    assert receiver.wait_for(1)
    assert wait_until(lambda: EventDelivery.objects.filter(status="success").count() == 1)
    assert EventDelivery.objects.filter(status="pending").count() == 1
