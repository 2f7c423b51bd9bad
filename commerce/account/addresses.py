"""An address from what a person or a client typed, checked against Vietnam's
2025 units.

Used by the address book (actions.py) and by anything else that takes an
address as input (checkout, orders): `address_from_input(data)` gives an
unsaved, checked `Address` or a ValidationError per field, with codes from
Saleor's AccountErrorCode (`REQUIRED`, `INVALID`).

A Saleor storefront writes the province in `country_area` and the ward or
commune in `city`, as text: the names are matched to the units ("Hà Nội" or
"Thành phố Hà Nội"; "Bát Tràng" or "Xã Bát Tràng"). OCOP clients may send the
codes (`province_code`, `ward_code`) instead; then the names are filled in.
Either way a ward must be in its province. Addresses outside Vietnam are kept
as written.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import divisions
from .models import Address
from .phones import normalize_phone

TEXT_FIELDS = (
    "first_name",
    "last_name",
    "company_name",
    "street_address_1",
    "street_address_2",
    "city",
    "city_area",
    "postal_code",
    "country_area",
    "phone",
    "legacy_district",
)
CODE_FIELDS = ("province_code", "ward_code")
INPUT_FIELDS = (*TEXT_FIELDS, "country", *CODE_FIELDS)


def address_from_input(data: dict, instance: Address | None = None) -> Address:
    """`instance` (or a new Address) with the fields given in `data` applied and
    checked; not saved. Fields left out of `data` keep their value."""
    address = instance if instance is not None else Address()
    data = {key: value for key, value in data.items() if key in INPUT_FIELDS and value is not None}
    for name in TEXT_FIELDS:
        if name in data:
            setattr(address, name, str(data[name]).strip())
    if "country" in data:
        address.country = str(getattr(data["country"], "value", data["country"])).upper() or "VN"
    address.country = address.country or "VN"
    # A name typed anew replaces the code behind the old one, unless a code is sent too.
    if "country_area" in data and "province_code" not in data:
        address.province_code = None
    if ("city" in data or "country_area" in data or "province_code" in data) and "ward_code" not in data:
        address.ward_code = None
    for name in CODE_FIELDS:
        if name in data:
            setattr(address, name, data[name])

    errors: dict[str, list[ValidationError]] = {}
    if not address.street_address_1:
        errors.setdefault("street_address_1", []).append(
            ValidationError(_("Enter the street address (house number, street, village)."), code="REQUIRED")
        )
    if address.phone:
        try:
            address.phone = normalize_phone(address.phone, mobile_only=False)
        except ValidationError as error:
            errors.setdefault("phone", []).append(ValidationError(error.messages[0], code="INVALID"))
    if address.country == "VN":
        _resolve_units(address, data, errors)
    if errors:
        raise ValidationError(errors)
    return address


def _resolve_units(address: Address, data: dict, errors: dict) -> None:
    province_field = "province_code" if "province_code" in data else "country_area"
    ward_field = "ward_code" if "ward_code" in data else "city"

    def add(field, message, code="INVALID"):
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if address.province_code is None:
        if address.country_area:
            try:
                address.province_code = int(divisions.province_by_name(address.country_area).code)
            except ValidationError as error:
                return add(province_field, error.messages[0])
        else:
            return add(province_field, _("Choose the province (one of the 34 since July 2025)."), "REQUIRED")
    if address.ward_code is None:
        if address.city:
            try:
                address.ward_code = int(divisions.ward_by_name(address.province_code, address.city).code)
            except ValidationError as error:
                return add(ward_field, error.messages[0])
        else:
            return add(ward_field, _("Choose the ward or commune."), "REQUIRED")
    try:
        address.clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            target = {"province_code": province_field, "ward_code": ward_field}.get(field, field)
            for message in messages:
                add(target, message)
