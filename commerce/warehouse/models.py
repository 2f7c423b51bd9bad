from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from commerce.core.models import ModelWithExternalReference, ModelWithMetadata


class WarehouseClickAndCollectOption(models.TextChoices):
    """Saleor's options: no collection, collect stock held here, or collect anything
    (the shop moves stock here first)."""

    DISABLED = "disabled"
    LOCAL_STOCK = "local"
    ALL_WAREHOUSES = "all"


class Warehouse(ModelWithMetadata, ModelWithExternalReference):
    """A stockroom. A centre's stockroom is also its click-and-collect counter."""

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    email = models.EmailField(blank=True, default="")
    address = models.ForeignKey("account.Address", on_delete=models.PROTECT, related_name="+")
    click_and_collect_option = models.CharField(
        max_length=30, choices=WarehouseClickAndCollectOption.choices, default=WarehouseClickAndCollectOption.DISABLED
    )
    is_private = models.BooleanField(default=True)

    class Meta:
        ordering = ("slug",)
        permissions = (("manage_warehouses", "Manage warehouses."),)

    def __str__(self):
        return self.name


class Stock(models.Model):
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="stocks")
    product_variant = models.ForeignKey("product.ProductVariant", on_delete=models.CASCADE, related_name="stocks")
    quantity = models.IntegerField(default=0, validators=[MinValueValidator(0)])
    quantity_allocated = models.IntegerField(default=0, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "product_variant"], name="stock_warehouse_variant_unique"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_quantity_not_negative"),
            models.CheckConstraint(condition=Q(quantity_allocated__gte=0), name="stock_allocated_not_negative"),
        ]

    @property
    def quantity_available(self) -> int:
        return max(self.quantity - self.quantity_allocated, 0)


def available_quantity_expression():
    return F("quantity") - F("quantity_allocated")


class Allocation(models.Model):
    """Stock held for an order line in one warehouse until it ships or is canceled."""

    order_line = models.ForeignKey("order.OrderLine", related_name="allocations", on_delete=models.CASCADE)
    stock = models.ForeignKey(Stock, related_name="allocations", on_delete=models.CASCADE)
    quantity_allocated = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("pk",)
        constraints = [models.UniqueConstraint(fields=["order_line", "stock"], name="allocation_line_stock_unique")]


class Reservation(models.Model):
    """Stock held for a checkout line for a few minutes while the customer pays
    (the channel's `checkout_reservation_minutes`; off when unset, as in Saleor)."""

    checkout_line = models.ForeignKey("checkout.CheckoutLine", related_name="reservations", on_delete=models.CASCADE)
    stock = models.ForeignKey(Stock, related_name="reservations", on_delete=models.CASCADE)
    quantity_reserved = models.PositiveIntegerField(default=0)
    reserved_until = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ("pk",)
        constraints = [models.UniqueConstraint(fields=["checkout_line", "stock"], name="reservation_line_stock_unique")]
