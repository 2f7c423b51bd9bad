"""A transaction's amounts are the sum of its events; a checkout's or
order's statuses follow from its transactions against its total."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from commerce.payment.amounts import authorize_status, charge_status, transaction_amounts
from commerce.payment.models import TransactionEventType as T

_counter = iter(range(1, 10_000))


def event(type, amount, ref=None, include=True):
    pk = next(_counter)
    return SimpleNamespace(pk=pk, created_at=pk, type=type, amount_value=Decimal(amount), psp_reference=ref,
                           include_in_calculations=include)


def test_charge_and_refund_add_up_in_any_order():
    events = [event(T.REFUND_SUCCESS, 30, "re_1"), event(T.CHARGE_SUCCESS, 100, "pi_1")]

    amounts = transaction_amounts(events)

    assert (amounts["charged"], amounts["refunded"]) == (70, 30)


def test_a_request_is_pending_until_its_result_arrives():
    request = event(T.CHARGE_REQUEST, 100, "pi_1")

    assert transaction_amounts([request])["charge_pending"] == 100
    assert transaction_amounts([request, event(T.CHARGE_SUCCESS, 100, "pi_1")])["charge_pending"] == 0
    assert transaction_amounts([request, event(T.CHARGE_FAILURE, 100, "pi_1")])["charged"] == 0


def test_events_left_out_of_calculations_change_nothing():
    amounts = transaction_amounts([event(T.CHARGE_ACTION_REQUIRED, 100, "pi_1", include=False),
                                   event(T.INFO, 0)])

    assert set(amounts.values()) == {0}


def test_charging_an_authorization_moves_the_money_from_authorized_to_charged():
    amounts = transaction_amounts([event(T.AUTHORIZATION_SUCCESS, 100, "pi_1"), event(T.CHARGE_SUCCESS, 100, "pi_1")])

    assert (amounts["authorized"], amounts["charged"]) == (0, 100)


@pytest.mark.parametrize("total, charged, expected", [
    (100, 0, "none"), (100, 40, "partial"), (100, 100, "full"), (100, 120, "overcharged"), (0, 0, "full"),
])
def test_charge_status(total, charged, expected):
    assert charge_status(Decimal(total), Decimal(charged)) == expected


@pytest.mark.parametrize("total, authorized, charged, expected", [
    (100, 0, 0, "none"), (100, 50, 0, "partial"), (100, 50, 50, "full"),
])
def test_authorize_status(total, authorized, charged, expected):
    assert authorize_status(Decimal(total), Decimal(authorized), Decimal(charged)) == expected
