"""Subscriptions to shop events and the outbox of their deliveries (Saleor's
Webhook and EventDelivery, without Saleor's App: an operator subscribes an
endpoint with `manage.py webhook add`)."""

import secrets

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone


class WebhookEventType(models.TextChoices):
    """Saleor's WebhookEventAsyncType values for the events we emit."""

    ANY = "any_events"
    PRODUCT_CREATED = "product_created"
    PRODUCT_UPDATED = "product_updated"
    PRODUCT_VARIANT_CREATED = "product_variant_created"
    PRODUCT_VARIANT_UPDATED = "product_variant_updated"


def new_secret_key() -> str:
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    name = models.CharField(max_length=255, unique=True)
    target_url = models.URLField(max_length=1000)
    # Signs each body (X-Ocop-Signature: sha256=HMAC(body)); the receiver keeps a copy.
    secret_key = models.CharField(max_length=255, default=new_secret_key, blank=True)
    is_active = models.BooleanField(default=True)
    events = ArrayField(models.CharField(max_length=64, choices=WebhookEventType.choices), default=list)
    # Only objects listed in one of these channels; none means every channel.
    channels = models.ManyToManyField("channel.Channel", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)

    def __str__(self):
        return self.name


class EventDeliveryStatus(models.TextChoices):
    PENDING = "pending"
    SUCCESS = "success"
    FAILED = "failed"


class EventDelivery(models.Model):
    """One event for one webhook: written in the transaction that made the change
    (so it exists exactly when the change does), sent after it commits."""

    webhook = models.ForeignKey(Webhook, related_name="deliveries", on_delete=models.CASCADE)
    event_type = models.CharField(max_length=64, choices=WebhookEventType.choices)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=EventDeliveryStatus.choices, default=EventDeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_response_code = models.PositiveIntegerField(null=True, blank=True)
    last_response = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When a pending delivery may be tried next; while one is being sent it is
    # pushed past the request's timeout, which is the lease that keeps a second
    # worker from sending it at the same time.
    next_try_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("pk",)
        indexes = [
            models.Index(fields=["next_try_at"], name="event_delivery_due_idx",
                         condition=models.Q(status=EventDeliveryStatus.PENDING)),
            models.Index(fields=["webhook", "status"], name="event_delivery_webhook_idx"),
        ]

    def __str__(self):
        return f"{self.event_type} → {self.webhook_id} ({self.status})"
