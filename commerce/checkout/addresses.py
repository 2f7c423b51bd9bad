"""Checkout addresses: the shop's one address rule (commerce.account.addresses:
Vietnam's 2025 units, a ward in its province, phone numbers as E.164), plus
what a delivery needs on top of it.

- The shop delivers in Vietnam only, so the country must be VN.
- A shipping address needs a phone number: couriers call before delivering.
- Every error carries the address type (SHIPPING or BILLING), Saleor's
  `CheckoutError.addressType`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from commerce.account.addresses import address_from_input
from commerce.account.models import Address

from .error_codes import CheckoutErrorCode

SHIPPING = "SHIPPING"
BILLING = "BILLING"


def _error(field, message, address_type, code=CheckoutErrorCode.INVALID):
    return ValidationError({field: ValidationError(message, code=code.value, params={"address_type": address_type})})


def _with_address_type(error: ValidationError, address_type: str) -> ValidationError:
    return ValidationError({
        field: [
            ValidationError(item.message % (item.params or {}) if item.params else item.message,
                            code=item.code or CheckoutErrorCode.INVALID.value,
                            params={"address_type": address_type})
            for item in items
        ]
        for field, items in error.error_dict.items()
    })


def build_address(data: dict, address_type: str) -> Address:
    """An unsaved, validated Address from AddressInput-shaped `data`."""
    data = {key: value for key, value in (data or {}).items() if value is not None}
    country = str(getattr(data.get("country"), "value", data.get("country")) or "VN").upper()
    if country != "VN":
        raise _error("country", _("Cửa hàng chỉ giao trong Việt Nam (VN). (We deliver in Vietnam only.)"),
                     address_type)
    try:
        address = address_from_input({**data, "country": "VN"})
    except ValidationError as error:
        raise _with_address_type(error, address_type)
    if address_type == SHIPPING and not address.phone:
        raise _error("phone", _("Nhập số điện thoại người nhận. (Enter the recipient's phone number.)"),
                     address_type, CheckoutErrorCode.REQUIRED)
    return address
