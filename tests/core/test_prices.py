from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commerce.core.prices import Money, format_vnd, has_valid_precision, quantize_price


def test_vnd_has_no_minor_unit():
    assert quantize_price(Decimal("125000.5"), "VND") == Decimal("125001")
    assert not has_valid_precision(Decimal("125000.5"), "VND")
    assert has_valid_precision(Decimal("125000"), "VND")


def test_usd_keeps_cents():
    assert quantize_price(Decimal("4.999"), "USD") == Decimal("5.00")
    assert has_valid_precision(Decimal("4.99"), "USD")


def test_money_refuses_mixing_currencies():
    with pytest.raises(ValueError, match="VND with USD"):
        Money(Decimal(1), "VND") + Money(Decimal(1), "USD")


def test_unknown_currency_is_refused_with_the_supported_list():
    with pytest.raises(ValueError, match="use one of"):
        quantize_price(1, "XYZ")


@pytest.mark.parametrize(
    "amount,text", [(125000, "125.000 ₫"), (0, "0 ₫"), (12000000, "12.000.000 ₫"), (999, "999 ₫")]
)
def test_vnd_is_written_the_vietnamese_way(amount, text):
    assert format_vnd(amount) == text


@given(st.integers(min_value=0, max_value=10**12))
def test_whole_dong_amounts_survive_quantizing(amount):
    assert quantize_price(amount, "VND") == amount
