"""A cart on its way to becoming an order: Saleor's Checkout and CheckoutLine.

The token (a UUID) is the primary key and the global ID (`Checkout:<uuid>`),
so a checkout id cannot be guessed from another one. Totals are not stored:
they are computed from the lines' current channel prices and the delivery
method each time (commerce/checkout/calculations.py).
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from commerce.core.models import ModelWithMetadata


class CheckoutChargeStatus(models.TextChoices):
    """Saleor's CheckoutChargeStatusEnum."""

    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


class CheckoutAuthorizeStatus(models.TextChoices):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class Checkout(ModelWithMetadata):
    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_change = models.DateTimeField(auto_now=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="checkouts", on_delete=models.CASCADE
    )
    email = models.EmailField(blank=True, null=True)
    channel = models.ForeignKey("channel.Channel", related_name="checkouts", on_delete=models.PROTECT)
    currency = models.CharField(max_length=3)
    country = models.CharField(max_length=2, default="VN")
    language_code = models.CharField(max_length=35, default="vi")
    billing_address = models.ForeignKey(
        "account.Address", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    shipping_address = models.ForeignKey(
        "account.Address", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    shipping_method = models.ForeignKey(
        "shipping.ShippingMethod", null=True, blank=True, related_name="checkouts", on_delete=models.SET_NULL
    )
    # Click-and-collect: the centre's warehouse the customer collects from.
    collection_point = models.ForeignKey(
        "warehouse.Warehouse", null=True, blank=True, related_name="checkouts", on_delete=models.SET_NULL
    )
    note = models.TextField(blank=True, default="")
    customer_note = models.TextField(blank=True, default="")
    # The payment method the customer chose (a gateway id of commerce.payment.gateways).
    payment_gateway = models.CharField(max_length=64, blank=True, default="")
    charge_status = models.CharField(
        max_length=32, choices=CheckoutChargeStatus.choices, default=CheckoutChargeStatus.NONE, db_index=True
    )
    authorize_status = models.CharField(
        max_length=32, choices=CheckoutAuthorizeStatus.choices, default=CheckoutAuthorizeStatus.NONE, db_index=True
    )
    # Set when checkoutComplete turned this checkout into an order (the row is
    # then deleted, but a retried request finds the order by this token).
    completing_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-last_change", "pk")
        permissions = (
            ("manage_checkouts", "Manage checkouts"),
            ("handle_checkouts", "Handle checkouts"),
        )

    def __str__(self):
        return f"Checkout {self.token}"


class CheckoutLine(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    checkout = models.ForeignKey(Checkout, related_name="lines", on_delete=models.CASCADE)
    variant = models.ForeignKey("product.ProductVariant", related_name="+", on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self):
        return f"{self.quantity} × {self.variant_id}"
