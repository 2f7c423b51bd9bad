from django.core.exceptions import ValidationError
from django.db import models

from commerce.core.models import ModelWithMetadata
from commerce.core.prices import SUPPORTED_CURRENCIES


class ChannelKind(models.TextChoices):
    WEB_SHOP = "web_shop", "National web shop"
    CENTRE = "centre", "Creative design centre or OCOP showroom"
    LIVESTREAM = "livestream", "Livestream account"
    SUPERMARKET = "supermarket", "Supermarket chain"


class AllocationStrategy(models.TextChoices):
    """Which warehouse stock is taken from first (Saleor's AllocationStrategyEnum)."""

    PRIORITIZE_SORTING_ORDER = "prioritize-sorting-order"
    PRIORITIZE_HIGH_STOCK = "prioritize-high-stock"


class MarkAsPaidStrategy(models.TextChoices):
    TRANSACTION_FLOW = "transaction_flow"
    PAYMENT_FLOW = "payment_flow"


class Channel(ModelWithMetadata):
    """A sales channel: a centre, the national web shop, a livestream account or a
    supermarket chain, each with its own currency, stock, listings and prices."""

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    kind = models.CharField(max_length=20, choices=ChannelKind.choices, default=ChannelKind.WEB_SHOP)
    is_active = models.BooleanField(default=False)
    currency_code = models.CharField(max_length=3, default="VND")
    default_country = models.CharField(max_length=2, default="VN")
    allocation_strategy = models.CharField(
        max_length=255, choices=AllocationStrategy.choices, default=AllocationStrategy.PRIORITIZE_SORTING_ORDER
    )
    # Order settings (Saleor's OrderSettings)
    automatically_confirm_all_new_orders = models.BooleanField(default=True)
    automatically_fulfill_non_shippable_gift_card = models.BooleanField(default=True)
    expire_orders_after = models.PositiveIntegerField(null=True, blank=True, help_text="Minutes.")
    delete_expired_orders_after = models.PositiveIntegerField(default=60, help_text="Days.")
    mark_as_paid_strategy = models.CharField(
        max_length=255, choices=MarkAsPaidStrategy.choices, default=MarkAsPaidStrategy.TRANSACTION_FLOW
    )
    allow_unpaid_orders = models.BooleanField(default=False)
    include_draft_order_in_voucher_usage = models.BooleanField(default=False)
    # Checkout settings
    use_legacy_error_flow = models.BooleanField(default=False)
    automatically_complete_fully_paid_checkouts = models.BooleanField(default=False)
    checkout_reservation_minutes = models.PositiveIntegerField(null=True, blank=True)
    # A centre's public face
    description = models.TextField(blank=True)
    public_address = models.ForeignKey(
        "account.Address", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    opening_hours = models.JSONField(blank=True, default=dict, help_text='{"mon": "08:00-17:30", …}')
    phone = models.CharField(max_length=32, blank=True)
    email = models.EmailField(blank=True)
    theme = models.CharField(max_length=64, default="default")
    warehouses = models.ManyToManyField("warehouse.Warehouse", through="ChannelWarehouse", related_name="channels")

    class Meta:
        ordering = ("slug",)
        permissions = (("manage_channels", "Manage channels."),)

    def __str__(self):
        return self.name

    def clean(self):
        if self.currency_code not in SUPPORTED_CURRENCIES:
            raise ValidationError(
                {"currency_code": f"Currency {self.currency_code} is not supported; use one of {', '.join(SUPPORTED_CURRENCIES)}."}
            )


class ChannelWarehouse(models.Model):
    """A warehouse serving a channel, in the order stock is taken from."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="channel_warehouses")
    warehouse = models.ForeignKey("warehouse.Warehouse", on_delete=models.CASCADE, related_name="channel_warehouses")
    sort_order = models.IntegerField(default=0, db_index=True)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [models.UniqueConstraint(fields=["channel", "warehouse"], name="channel_warehouse_unique")]
