"""Delivering webhook events: POST the payload, signed, and retry with backoff.

A delivery is claimed before it is sent by moving its `next_try_at` past the
request's timeout in one conditional UPDATE (pending and due): a second worker
running the same task finds nothing to claim, so a delivery is not sent twice at
once. A worker that dies mid-send leaves the claim to expire, and the periodic
`deliver_due_webhooks` sends it again: receivers get at least one copy and
deduplicate by the X-Ocop-Delivery header.
"""

import datetime
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from .models import EventDelivery, EventDeliveryStatus

logger = logging.getLogger(__name__)

BATCH = 100
# A retry message may be handed over a little before its time.
EARLY = datetime.timedelta(seconds=1)


def queue_deliveries(delivery_ids, countdown=None) -> None:
    ids = sorted(delivery_ids)
    for start in range(0, len(ids), BATCH):
        deliver_webhooks.apply_async((ids[start:start + BATCH],), countdown=countdown)


def signature(secret_key: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret_key.encode(), body, hashlib.sha256).hexdigest()


def encode_payload(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def backoff(attempts: int) -> float:
    """Seconds before the next try after `attempts` failed ones: doubling, capped."""
    base = settings.WEBHOOK_RETRY_BACKOFF
    return min(base * 2 ** (attempts - 1), settings.WEBHOOK_RETRY_BACKOFF_MAX)


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def deliver_webhooks(delivery_ids) -> int:
    """Send these deliveries that are pending and due; returns how many succeeded.
    Once an endpoint fails, its other deliveries in this batch share that failed
    attempt instead of each waiting out the timeout of an endpoint that is down."""
    sent, down, retries = 0, {}, {}
    for delivery_id in sorted(delivery_ids):
        delivery = _claim(delivery_id)
        if delivery is None:
            continue
        if delivery.webhook_id in down:
            code, text = down[delivery.webhook_id]
            text = f"not sent, the endpoint had just failed: {text}"[:1000]
        elif not delivery.webhook.is_active:
            code, text = None, "webhook is not active"
        else:
            code, text = _post(delivery.webhook, delivery, encode_payload(delivery.payload))
        status, delay = _record_attempt(delivery, code, text)
        if status == EventDeliveryStatus.SUCCESS:
            sent += 1
        elif delivery.webhook.is_active and delivery.webhook_id not in down and (code is None or code >= 500 or code == 429):
            down[delivery.webhook_id] = (code, text)  # the endpoint, not this payload, is the trouble
        if delay is not None:
            retries.setdefault(delay, []).append(delivery.pk)
    for delay, ids in retries.items():
        queue_deliveries(ids, countdown=delay)
    return sent


@shared_task(acks_late=True, ignore_result=True)
def deliver_due_webhooks(limit: int = 5000, overdue_seconds: float = 300) -> int:
    """Queue the pending deliveries overdue by `overdue_seconds`: those whose
    message was lost (a broker down at commit time, a worker killed mid-send).
    Run by beat; the grace keeps it from queueing again what workers are about to take."""
    due = timezone.now() - datetime.timedelta(seconds=overdue_seconds)
    ids = list(EventDelivery.objects.filter(status=EventDeliveryStatus.PENDING, next_try_at__lte=due)
               .order_by("next_try_at", "pk").values_list("pk", flat=True)[:limit])
    queue_deliveries(ids)
    return len(ids)


def _claim(delivery_id):
    now = timezone.now()
    lease = now + datetime.timedelta(seconds=settings.WEBHOOK_TIMEOUT + 30)
    claimed = EventDelivery.objects.filter(
        pk=delivery_id, status=EventDeliveryStatus.PENDING, next_try_at__lte=now + EARLY
    ).update(next_try_at=lease)
    if not claimed:
        return None
    return EventDelivery.objects.select_related("webhook").get(pk=delivery_id)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is an answer to record, not a place to re-post the event


_opener = urllib.request.build_opener(_NoRedirects)


def _post(webhook, delivery, body: bytes):
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "ocop-shop-webhooks",
        "X-Ocop-Event": delivery.event_type,
        "X-Ocop-Delivery": str(delivery.pk),
    }
    if webhook.secret_key:
        headers["X-Ocop-Signature"] = signature(webhook.secret_key, body)
    request = urllib.request.Request(webhook.target_url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            return response.status, response.read(1000).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read(1000).decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError) as error:  # refused, timed out, bad URL
        return None, str(getattr(error, "reason", error))[:1000]


def _record_attempt(delivery, code, text):
    """Store the outcome of one attempt; returns the new status and, when another
    attempt is due, the seconds until then."""
    ok = code is not None and 200 <= code < 300
    attempts = delivery.attempts + 1 if delivery.webhook.is_active else settings.WEBHOOK_MAX_ATTEMPTS
    now = timezone.now()
    fields = {"attempts": attempts, "last_response_code": code, "last_response": text, "last_attempt_at": now}
    delay = None
    if ok:
        status = EventDeliveryStatus.SUCCESS
    elif attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        status = EventDeliveryStatus.FAILED
        logger.warning("webhook %s: delivery %s failed after %s attempts (%s %s)",
                       delivery.webhook.name, delivery.pk, attempts, code, text[:200])
    else:
        status = EventDeliveryStatus.PENDING
        delay = backoff(attempts)
        fields["next_try_at"] = now + datetime.timedelta(seconds=delay)
    EventDelivery.objects.filter(pk=delivery.pk, status=EventDeliveryStatus.PENDING).update(status=status, **fields)
    return status, delay
