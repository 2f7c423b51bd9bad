"""Validators for identifiers that carry their own check digits.

They raise Django's ValidationError with a message a person can act on: what is
wrong and what the right value would be.
"""

import re

from django.core.exceptions import ValidationError

GTIN_VIETNAM_PREFIX = "893"
_TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def gtin_check_digit(first_twelve: str) -> int:
    """GS1 check digit of a GTIN-13 body: weights 1,3,1,3,… from the left."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first_twelve))
    return (10 - total % 10) % 10


def validate_gtin13(value: str) -> None:
    if not re.fullmatch(r"\d{13}", value or ""):
        raise ValidationError(
            "GTIN %(value)s must be exactly 13 digits (GTIN-13 / EAN-13).",
            code="invalid",
            params={"value": value},
        )
    expected = gtin_check_digit(value[:12])
    if int(value[12]) != expected:
        raise ValidationError(
            "GTIN %(value)s has a wrong check digit; expected %(fixed)s.",
            code="invalid_check_digit",
            params={"value": value, "fixed": value[:12] + str(expected)},
        )


def tax_code_check_digit(first_nine: str) -> int | None:
    """The 10th digit of a Vietnamese tax code (mã số thuế), or None if no valid one exists."""
    remainder = sum(int(d) * w for d, w in zip(first_nine, _TAX_CODE_WEIGHTS)) % 11
    digit = 10 - remainder
    if digit == 10:
        return None
    return digit % 10


def normalize_tax_code(value: str) -> str:
    return re.sub(r"\s+", "", value or "")


def validate_tax_code(value: str) -> None:
    """A Vietnamese tax code: 10 digits with a check digit, a 10-3 branch code
    (0101234567-001), or, for households and individuals since July 2025, the
    12-digit personal identification number."""
    value = normalize_tax_code(value)
    if re.fullmatch(r"\d{12}", value):
        return
    match = re.fullmatch(r"(\d{10})(-\d{3})?", value)
    if not match:
        raise ValidationError(
            "Tax code %(value)s must be 10 digits, 10 digits and a 3-digit branch "
            "(0101234567-001), or a household's 12-digit personal ID number.",
            code="invalid",
            params={"value": value},
        )
    main = match.group(1)
    expected = tax_code_check_digit(main[:9])
    if expected is None or int(main[9]) != expected:
        hint = f"; the check digit should be {expected}" if expected is not None else ""
        raise ValidationError(
            "Tax code %(value)s fails its check digit%(hint)s. Check it against the "
            "business registration certificate.",
            code="invalid_check_digit",
            params={"value": value, "hint": hint},
        )
