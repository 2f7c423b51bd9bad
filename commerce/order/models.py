"""Orders as Saleor keeps them: the order, its lines (a snapshot of what was
sold), events (who did what, when), fulfilments and granted refunds.

Lines copy the product name, variant, SKU, price and producer at the moment
of sale, so later catalogue edits never change an order already placed.
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import connection, models
from django.utils import timezone

from commerce.core.models import ModelWithMetadata

ORDER_NUMBER_SEQUENCE = "order_order_number_seq"


def next_order_number() -> int:
    """The next human-facing order number, from a database sequence so two
    processes placing orders at once never get the same one."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval('{ORDER_NUMBER_SEQUENCE}')")
        return cursor.fetchone()[0]


class OrderStatus(models.TextChoices):
    """Saleor's OrderStatus."""

    DRAFT = "draft"
    UNCONFIRMED = "unconfirmed"
    UNFULFILLED = "unfulfilled"
    PARTIALLY_FULFILLED = "partially fulfilled"
    PARTIALLY_RETURNED = "partially_returned"
    RETURNED = "returned"
    FULFILLED = "fulfilled"
    CANCELED = "canceled"
    EXPIRED = "expired"


class OrderChargeStatus(models.TextChoices):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


class OrderAuthorizeStatus(models.TextChoices):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class OrderOrigin(models.TextChoices):
    CHECKOUT = "checkout"
    DRAFT = "draft"
    REISSUE = "reissue"
    BULK_CREATE = "bulk_create"


class Order(ModelWithMetadata):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.BigIntegerField(unique=True, default=next_order_number, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    status = models.CharField(max_length=32, choices=OrderStatus.choices, default=OrderStatus.UNFULFILLED, db_index=True)
    authorize_status = models.CharField(
        max_length=32, choices=OrderAuthorizeStatus.choices, default=OrderAuthorizeStatus.NONE, db_index=True
    )
    charge_status = models.CharField(
        max_length=32, choices=OrderChargeStatus.choices, default=OrderChargeStatus.NONE, db_index=True
    )
    origin = models.CharField(max_length=32, choices=OrderOrigin.choices, default=OrderOrigin.CHECKOUT)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="orders", on_delete=models.SET_NULL
    )
    user_email = models.EmailField(blank=True, default="")
    language_code = models.CharField(max_length=35, default="vi")
    channel = models.ForeignKey("channel.Channel", related_name="orders", on_delete=models.PROTECT)
    # Copies: editing the address book later does not move a placed order.
    billing_address = models.ForeignKey(
        "account.Address", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    shipping_address = models.ForeignKey(
        "account.Address", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    shipping_method = models.ForeignKey(
        "shipping.ShippingMethod", null=True, blank=True, related_name="orders", on_delete=models.SET_NULL
    )
    shipping_method_name = models.CharField(max_length=255, blank=True, default="")
    collection_point = models.ForeignKey(
        "warehouse.Warehouse", null=True, blank=True, related_name="orders", on_delete=models.SET_NULL
    )
    collection_point_name = models.CharField(max_length=255, blank=True, default="")
    # Click-and-collect: the code the customer shows at the centre's counter,
    # and who handed the goods over.
    pickup_code = models.CharField(max_length=16, blank=True, default="")
    collected_at = models.DateTimeField(null=True, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    currency = models.CharField(max_length=3)
    shipping_price_net_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    shipping_price_gross_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    base_shipping_price_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    subtotal_net_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    subtotal_gross_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    total_net_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    total_gross_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    undiscounted_total_net_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    undiscounted_total_gross_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    total_charged_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    total_authorized_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    weight = models.DecimalField(max_digits=10, decimal_places=3, default=0, help_text="Kilograms.")
    customer_note = models.TextField(blank=True, default="")
    # The payment method chosen at checkout (commerce.payment.gateways id):
    # "stripe", "cod" (cash on delivery), "vietqr" (bank transfer), "pay_at_centre".
    payment_gateway = models.CharField(max_length=64, blank=True, default="")
    # The checkout this order came from: a retried checkoutComplete finds it here.
    checkout_token = models.CharField(max_length=36, blank=True, default="", db_index=True)
    # Unpaid orders of channels with `expire_orders_after` expire at this time.
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ("-number",)
        permissions = (("manage_orders", "Manage orders."),)
        constraints = [
            models.UniqueConstraint(
                fields=["checkout_token"], condition=~models.Q(checkout_token=""), name="order_checkout_token_unique"
            )
        ]

    def __str__(self):
        return f"#{self.number}"

    def is_click_and_collect(self) -> bool:
        return self.collection_point_id is not None


class OrderLine(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(Order, related_name="lines", on_delete=models.CASCADE)
    variant = models.ForeignKey(
        "product.ProductVariant", related_name="order_lines", null=True, blank=True, on_delete=models.SET_NULL
    )
    # Snapshot of the catalogue at the time of sale.
    product_name = models.CharField(max_length=386)
    variant_name = models.CharField(max_length=255, blank=True, default="")
    translated_product_name = models.CharField(max_length=386, blank=True, default="")
    translated_variant_name = models.CharField(max_length=255, blank=True, default="")
    product_sku = models.CharField(max_length=255, null=True, blank=True)
    product_variant_id = models.CharField(max_length=255, null=True, blank=True)
    producer = models.ForeignKey(
        "producer.Producer", related_name="order_lines", null=True, blank=True, on_delete=models.SET_NULL
    )
    producer_name = models.CharField(max_length=255, blank=True, default="")
    is_shipping_required = models.BooleanField(default=True)
    quantity = models.IntegerField(validators=[MinValueValidator(1)])
    quantity_fulfilled = models.IntegerField(default=0, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3)
    unit_price_net_amount = models.DecimalField(max_digits=20, decimal_places=3)
    unit_price_gross_amount = models.DecimalField(max_digits=20, decimal_places=3)
    undiscounted_unit_price_net_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    undiscounted_unit_price_gross_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    base_unit_price_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    total_price_net_amount = models.DecimalField(max_digits=20, decimal_places=3)
    total_price_gross_amount = models.DecimalField(max_digits=20, decimal_places=3)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=4, default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self):
        return f"{self.quantity} × {self.product_name}"

    @property
    def quantity_unfulfilled(self) -> int:
        return self.quantity - self.quantity_fulfilled


class OrderEvents(models.TextChoices):
    """Saleor's OrderEventsEnum values (the subset this shop records, plus
    OCOP's pickup handover)."""

    PLACED = "placed"
    PLACED_FROM_DRAFT = "placed_from_draft"
    CONFIRMED = "confirmed"
    EXPIRED = "expired"
    CANCELED = "canceled"
    ORDER_MARKED_AS_PAID = "order_marked_as_paid"
    ORDER_FULLY_PAID = "order_fully_paid"
    ORDER_GRANTED_REFUND = "granted_refund"
    PAYMENT_AUTHORIZED = "payment_authorized"
    PAYMENT_CAPTURED = "payment_captured"
    PAYMENT_REFUNDED = "payment_refunded"
    PAYMENT_FAILED = "payment_failed"
    TRANSACTION_EVENT = "transaction_event"
    TRANSACTION_CHARGE_REQUESTED = "transaction_charge_requested"
    TRANSACTION_REFUND_REQUESTED = "transaction_refund_requested"
    TRANSACTION_CANCEL_REQUESTED = "transaction_cancel_requested"
    FULFILLMENT_CANCELED = "fulfillment_canceled"
    FULFILLMENT_FULFILLED_ITEMS = "fulfilled_items"
    TRACKING_UPDATED = "tracking_updated"
    EMAIL_SENT = "email_sent"
    NOTE_ADDED = "note_added"
    PICKED_UP = "picked_up"  # OCOP: handed over at a centre's counter
    PICKUP_REFUSED = "pickup_refused"  # OCOP: a wrong code or another centre tried
    OTHER = "other"


class OrderEvent(models.Model):
    """The audit trail of an order: who did what, and when."""

    date = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    type = models.CharField(max_length=255, choices=OrderEvents.choices)
    order = models.ForeignKey(Order, related_name="events", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    app_identifier = models.CharField(max_length=256, blank=True, default="")
    parameters = models.JSONField(blank=True, default=dict)

    class Meta:
        ordering = ("date", "pk")

    def __str__(self):
        return f"{self.type} on {self.order_id}"


class FulfillmentStatus(models.TextChoices):
    FULFILLED = "fulfilled"
    REFUNDED = "refunded"
    RETURNED = "returned"
    REPLACED = "replaced"
    REFUNDED_AND_RETURNED = "refunded_and_returned"
    CANCELED = "canceled"
    WAITING_FOR_APPROVAL = "waiting_for_approval"


class Fulfillment(ModelWithMetadata):
    fulfillment_order = models.PositiveIntegerField(editable=False)
    order = models.ForeignKey(Order, related_name="fulfillments", on_delete=models.CASCADE)
    status = models.CharField(max_length=32, choices=FulfillmentStatus.choices, default=FulfillmentStatus.FULFILLED)
    tracking_number = models.CharField(max_length=255, blank=True, default="")
    warehouse = models.ForeignKey(
        "warehouse.Warehouse", null=True, blank=True, related_name="fulfillments", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["order", "fulfillment_order"], name="fulfillment_order_number_unique")
        ]

    def __str__(self):
        return f"Fulfillment #{self.fulfillment_order} of {self.order_id}"


class FulfillmentLine(models.Model):
    order_line = models.ForeignKey(OrderLine, related_name="fulfillment_lines", on_delete=models.CASCADE)
    fulfillment = models.ForeignKey(Fulfillment, related_name="lines", on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    stock = models.ForeignKey("warehouse.Stock", related_name="+", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ("pk",)


class OrderGrantedRefundStatus(models.TextChoices):
    NONE = "none"
    PENDING = "pending"
    FULL = "full"
    FAIL = "fail"


class OrderGrantedRefund(models.Model):
    """A refund staff granted on an order (Saleor's orderGrantRefundCreate);
    the money moves by a transaction action (Stripe) or by hand (cash, bank)."""

    order = models.ForeignKey(Order, related_name="granted_refunds", on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    amount_value = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    currency = models.CharField(max_length=3)
    reason = models.TextField(blank=True, default="")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    shipping_costs_included = models.BooleanField(default=False)
    status = models.CharField(
        max_length=32, choices=OrderGrantedRefundStatus.choices, default=OrderGrantedRefundStatus.NONE
    )
    transaction_item = models.ForeignKey(
        "payment.TransactionItem", null=True, blank=True, related_name="granted_refunds", on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ("created_at", "pk")


class OrderGrantedRefundLine(models.Model):
    granted_refund = models.ForeignKey(OrderGrantedRefund, related_name="lines", on_delete=models.CASCADE)
    order_line = models.ForeignKey(OrderLine, related_name="granted_refund_lines", on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField()
    reason = models.TextField(blank=True, default="")
