"""Where the shop delivers and what it costs: Saleor's shipping zones and methods.

A zone covers provinces (Vietnam's 34 since July 2025, by code); an empty list
means the whole country. Each method is priced per channel: a flat price, or a
base price plus a price per started kilogram above the first (weight-based),
and free above an order subtotal when the channel sets a threshold.
"""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models

from commerce.core.models import ModelWithMetadata, Translation


class ShippingMethodType(models.TextChoices):
    """Saleor's ShippingMethodTypeEnum: a method limited by order price or by weight."""

    PRICE = "price"
    WEIGHT = "weight"


class ShippingZone(ModelWithMetadata):
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    countries = ArrayField(models.CharField(max_length=2), default=list, blank=True)
    # 2025 province codes this zone serves; empty = every province of its countries.
    province_codes = ArrayField(models.PositiveSmallIntegerField(), default=list, blank=True)
    default = models.BooleanField(default=False)
    channels = models.ManyToManyField("channel.Channel", related_name="shipping_zones", blank=True)
    warehouses = models.ManyToManyField("warehouse.Warehouse", related_name="shipping_zones", blank=True)

    class Meta:
        ordering = ("pk",)
        permissions = (("manage_shipping", "Manage shipping."),)

    def __str__(self):
        return self.name

    def serves(self, country: str, province_code: int | None) -> bool:
        if self.countries and country not in self.countries:
            return False
        return not self.province_codes or province_code in self.province_codes


class ShippingMethod(ModelWithMetadata):
    name = models.CharField(max_length=100)
    type = models.CharField(max_length=30, choices=ShippingMethodType.choices, default=ShippingMethodType.PRICE)
    shipping_zone = models.ForeignKey(ShippingZone, related_name="shipping_methods", on_delete=models.CASCADE)
    description = models.JSONField(blank=True, null=True)
    # Kilograms; the method is offered only for orders within the range.
    minimum_order_weight = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True, default=0)
    maximum_order_weight = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)
    minimum_delivery_days = models.PositiveIntegerField(null=True, blank=True)
    maximum_delivery_days = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self):
        return self.name


class ShippingMethodTranslation(Translation):
    shipping_method = models.ForeignKey(ShippingMethod, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=255, blank=True, null=True)
    description = models.JSONField(blank=True, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["shipping_method", "language_code"], name="shipping_method_translation_unique")
        ]


class ShippingMethodChannelListing(models.Model):
    """A method's price in one channel, in the channel's currency."""

    shipping_method = models.ForeignKey(ShippingMethod, related_name="channel_listings", on_delete=models.CASCADE)
    channel = models.ForeignKey("channel.Channel", related_name="shipping_method_listings", on_delete=models.CASCADE)
    currency = models.CharField(max_length=3)
    price_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0, validators=[MinValueValidator(0)])
    # Weight-based pricing: added per started kilogram above the first.
    price_per_kg_amount = models.DecimalField(
        max_digits=20, decimal_places=3, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    minimum_order_price_amount = models.DecimalField(
        max_digits=20, decimal_places=3, null=True, blank=True, default=0, validators=[MinValueValidator(0)]
    )
    maximum_order_price_amount = models.DecimalField(
        max_digits=20, decimal_places=3, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    # Shipping is free when the subtotal reaches this amount.
    free_above_amount = models.DecimalField(
        max_digits=20, decimal_places=3, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["shipping_method", "channel"], name="shipping_method_listing_unique")
        ]
