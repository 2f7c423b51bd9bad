"""Vietnamese mobile numbers, as customers type them, to one form: E.164.

"0912 345 678", "+84 912-345-678" and "84912345678" are one number,
stored as "+84912345678" so that signing in finds it however it is written.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REGION = "VN"
_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
_PHONE_LIKE = re.compile(r"^\+?[\d\s().-]{6,}$")


def looks_like_phone(value: str) -> bool:
    """A login that is meant as a phone number (digits, spaces, +, dots, dashes), not an email."""
    return bool(_PHONE_LIKE.match((value or "").strip()))


def normalize_phone(value: str, *, mobile_only: bool = True) -> str:
    """`value` as E.164 if it is a valid Vietnamese (mobile) number, else ValidationError."""
    try:
        number = phonenumbers.parse((value or "").strip(), REGION)
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.region_code_for_number(number) != REGION
        or (mobile_only and phonenumbers.number_type(number) not in _MOBILE_TYPES)
    ):
        raise ValidationError(
            _("%(value)s is not a Vietnamese mobile number; write it as 0912 345 678 or +84 912 345 678."),
            code="invalid_phone",
            params={"value": value},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
