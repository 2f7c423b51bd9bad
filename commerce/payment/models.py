"""Payments in Saleor's Transaction API shape.

A `TransactionItem` is one payment attempt with one provider (a Stripe
PaymentIntent, a cash-on-delivery promise, a VietQR bank transfer, payment at
a centre's counter); its amounts (authorized, charged, refunded, canceled,
and the pending ones) are the sums of its `TransactionEvent`s, which are the
provider's facts as they arrive. Events are recorded once each, so a
webhook delivered twice or out of order changes nothing the second time.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from commerce.core.models import ModelWithMetadata


class TransactionAction(models.TextChoices):
    """Saleor's TransactionActionEnum."""

    CHARGE = "charge"
    REFUND = "refund"
    CANCEL = "cancel"


class TransactionEventType(models.TextChoices):
    """Saleor's TransactionEventTypeEnum."""

    INFO = "info"
    AUTHORIZATION_SUCCESS = "authorization_success"
    AUTHORIZATION_FAILURE = "authorization_failure"
    AUTHORIZATION_ADJUSTMENT = "authorization_adjustment"
    AUTHORIZATION_REQUEST = "authorization_request"
    AUTHORIZATION_ACTION_REQUIRED = "authorization_action_required"
    CHARGE_ACTION_REQUIRED = "charge_action_required"
    CHARGE_SUCCESS = "charge_success"
    CHARGE_FAILURE = "charge_failure"
    CHARGE_BACK = "chargeback"
    CHARGE_REQUEST = "charge_request"
    REFUND_SUCCESS = "refund_success"
    REFUND_FAILURE = "refund_failure"
    REFUND_REVERSE = "refund_reverse"
    REFUND_REQUEST = "refund_request"
    CANCEL_SUCCESS = "cancel_success"
    CANCEL_FAILURE = "cancel_failure"
    CANCEL_REQUEST = "cancel_request"


class TransactionItem(ModelWithMetadata):
    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    modified_at = models.DateTimeField(auto_now=True)
    # Which of commerce.payment.gateways handles it: "stripe", "cod", "vietqr", "pay_at_centre".
    gateway = models.CharField(max_length=64)
    name = models.CharField(max_length=512, blank=True, default="")
    message = models.CharField(max_length=512, blank=True, default="")
    psp_reference = models.CharField(max_length=512, blank=True, null=True, db_index=True)
    available_actions = ArrayField(models.CharField(max_length=128, choices=TransactionAction.choices), default=list)
    currency = models.CharField(max_length=3)
    amount_charged_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    amount_charge_pending_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    amount_authorized_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    amount_authorize_pending_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    amount_refunded_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    amount_refund_pending_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    amount_canceled_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    amount_cancel_pending_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    external_url = models.URLField(blank=True, default="")
    checkout = models.ForeignKey(
        "checkout.Checkout", null=True, blank=True, related_name="payment_transactions", on_delete=models.SET_NULL
    )
    order = models.ForeignKey(
        "order.Order", null=True, blank=True, related_name="payment_transactions", on_delete=models.PROTECT
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    # What the customer's browser needs to finish paying (Stripe's client
    # secret, the VietQR payload); never a card number.
    client_data = models.JSONField(blank=True, default=dict)
    # The key sent with the provider request that created it, so a retried
    # transactionInitialize does not charge twice.
    idempotency_key = models.CharField(max_length=512, blank=True, null=True, unique=True)

    class Meta:
        ordering = ("pk",)
        permissions = (("handle_payments", "Handle payments"),)

    def __str__(self):
        return f"{self.gateway} {self.psp_reference or self.token}"


class TransactionEvent(models.Model):
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    transaction = models.ForeignKey(TransactionItem, related_name="events", on_delete=models.CASCADE)
    type = models.CharField(max_length=128, choices=TransactionEventType.choices, default=TransactionEventType.INFO)
    psp_reference = models.CharField(max_length=512, blank=True, null=True)
    message = models.CharField(max_length=512, blank=True, default="")
    currency = models.CharField(max_length=3)
    amount_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    external_url = models.URLField(blank=True, default="")
    include_in_calculations = models.BooleanField(default=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    app_identifier = models.CharField(max_length=256, blank=True, default="")

    class Meta:
        ordering = ("pk",)
        constraints = [
            # One fact per provider reference and type: duplicates are dropped.
            models.UniqueConstraint(
                fields=["transaction", "type", "psp_reference"],
                condition=models.Q(psp_reference__isnull=False),
                name="transaction_event_once",
            )
        ]


class ProcessedNotification(models.Model):
    """A provider's notification (Stripe event, bank transfer notice) already
    handled: its id is recorded once, so a replay is acknowledged and ignored."""

    provider = models.CharField(max_length=32)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=128, blank=True, default="")
    received_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="processed_notification_once")]
