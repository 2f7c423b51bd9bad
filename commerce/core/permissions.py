"""Saleor's permission names, mapped to the Django permissions that carry them."""

from enum import Enum


class PermissionEnum(str, Enum):
    MANAGE_USERS = "account.manage_users"
    MANAGE_STAFF = "account.manage_staff"
    IMPERSONATE_USER = "account.impersonate_user"
    MANAGE_CHANNELS = "channel.manage_channels"
    MANAGE_PRODUCTS = "product.manage_products"
    MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES = "product.manage_product_types_and_attributes"
    MANAGE_TRANSLATIONS = "product.manage_translations"
    MANAGE_PRODUCERS = "producer.manage_producers"
    MANAGE_WAREHOUSES = "warehouse.manage_warehouses"
    MANAGE_SHIPPING = "shipping.manage_shipping"
    MANAGE_CHECKOUTS = "checkout.manage_checkouts"
    HANDLE_CHECKOUTS = "checkout.handle_checkouts"
    MANAGE_ORDERS = "order.manage_orders"
    HANDLE_PAYMENTS = "payment.handle_payments"

    @property
    def codename(self) -> str:
        return self.value.split(".", 1)[1]


def has_one_of_permissions(user, permissions) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return any(user.has_perm(p.value) for p in permissions)
