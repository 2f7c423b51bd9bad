"""GTIN-13 and Vietnamese tax codes carry check digits; a typo must never reach the catalogue."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from commerce.core.validators import (
    gtin_check_digit,
    tax_code_check_digit,
    validate_gtin13,
    validate_tax_code,
)


@pytest.mark.parametrize("gtin", ["8934588012112", "8936036020991", "4006381333931"])
def test_real_gtins_are_accepted(gtin):
    validate_gtin13(gtin)


def test_wrong_gtin_check_digit_names_the_expected_one():
    with pytest.raises(ValidationError) as error:
        validate_gtin13("8934588012113")
    assert error.value.code == "invalid_check_digit"
    assert "expected 8934588012112" in error.value.messages[0]


@pytest.mark.parametrize("gtin", ["893458801211", "89345880121123", "89345880121a2", ""])
def test_gtin_must_be_thirteen_digits(gtin):
    with pytest.raises(ValidationError, match="exactly 13 digits"):
        validate_gtin13(gtin)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_every_gtin_body_has_exactly_one_valid_check_digit(body):
    valid = [d for d in range(10) if _gtin_ok(body + str(d))]
    assert valid == [gtin_check_digit(body)]


def _gtin_ok(value):
    try:
        validate_gtin13(value)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize(
    "tax_code",
    [
        "0100109106",  # Viettel
        "0300588569",  # Vinamilk
        "0100109106-001",  # a branch
        "001089012345",  # a household's 12-digit personal ID (since July 2025)
        " 0300588569 ",
    ],
)
def test_valid_tax_codes(tax_code):
    validate_tax_code(tax_code)


def test_tax_code_with_wrong_check_digit_says_which_digit_is_right():
    with pytest.raises(ValidationError) as error:
        validate_tax_code("0300588568")
    assert error.value.code == "invalid_check_digit"
    assert "should be 9" in error.value.messages[0]


@pytest.mark.parametrize("tax_code", ["030058856", "03005885699", "0300588569-01", "abc", ""])
def test_tax_code_shapes_that_are_refused(tax_code):
    with pytest.raises(ValidationError):
        validate_tax_code(tax_code)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_tax_code_check_digit_round_trip(body):
    digit = tax_code_check_digit(body)
    if digit is None:
        for d in range(10):
            with pytest.raises(ValidationError):
                validate_tax_code(body + str(d))
    else:
        validate_tax_code(body + str(digit))
