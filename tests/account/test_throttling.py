"""Failed logins slow down exponentially, per account and per client IP.

After LOGIN_THROTTLE_FREE_ATTEMPTS failures of one account (5) or
LOGIN_THROTTLE_FREE_ATTEMPTS_PER_IP failures from one address (20), each
failure doubles the wait before the next attempt (1 s, 2 s, 4 s, ... capped at
LOGIN_THROTTLE_MAX_DELAY); the answer says when to retry (Saleor's
LOGIN_ATTEMPT_DELAYED). The counts live in the shared cache (Redis).
"""

import time

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from commerce.account import actions, throttling
from tests import factories
from tests.account.support import PASSWORD, gql

TOKEN_CREATE = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token errors { field message code } }
}
"""


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    cache.clear()
    settings.LOGIN_THROTTLE_FREE_ATTEMPTS = 3
    settings.LOGIN_THROTTLE_FREE_ATTEMPTS_PER_IP = 6
    settings.LOGIN_THROTTLE_BASE_DELAY = 0.2  # seconds: the tests wait this long at most
    settings.LOGIN_THROTTLE_MAX_DELAY = 0.8
    yield
    cache.clear()


def code_of(error: ValidationError) -> str:
    return next(e.code for errors in error.error_dict.values() for e in errors)


def attempt(login, password, ip="203.0.113.7"):
    try:
        actions.authenticate(login, password, ip=ip)
    except ValidationError as error:
        return code_of(error)
    return "OK"


def wait_out(login, ip="203.0.113.7"):
    """Sleep until the current delay is over (never more than the cap)."""
    for _ in range(20):
        try:
            throttling.check(ip, login)
            return
        except ValidationError:
            time.sleep(0.05)
    raise AssertionError("still delayed")


def test_the_delay_doubles_after_the_free_attempts_and_is_capped():
    assert [throttling.delay_after(n, "account") for n in range(1, 9)] == [0, 0, 0.2, 0.4, 0.8, 0.8, 0.8, 0.8]
    assert throttling.delay_after(6, "ip") == 0.2


def test_an_account_is_delayed_after_repeated_failures(db):
    factories.make_customer("lan@ocop.test")
    assert [attempt("lan@ocop.test", "sai") for _ in range(3)] == ["INVALID_CREDENTIALS"] * 3
    # The third failure started a delay: even the right password must wait.
    assert attempt("lan@ocop.test", PASSWORD) == "LOGIN_ATTEMPT_DELAYED"
    wait_out("lan@ocop.test")
    assert attempt("lan@ocop.test", PASSWORD) == "OK"
    # Success forgets the account's failures.
    assert attempt("lan@ocop.test", "sai") == "INVALID_CREDENTIALS"
    assert attempt("lan@ocop.test", PASSWORD) == "OK"


def test_the_delay_is_per_account_from_any_address(db):
    factories.make_customer("lan@ocop.test")
    for n in range(3):
        attempt("lan@ocop.test", "sai", ip=f"198.51.100.{n}")
    assert attempt("LAN@ocop.test", PASSWORD, ip="192.0.2.99") == "LOGIN_ATTEMPT_DELAYED"
    factories.make_customer("mai@ocop.test")
    assert attempt("mai@ocop.test", PASSWORD, ip="192.0.2.99") == "OK"


def test_a_phone_login_shares_its_count_however_it_is_written(db):
    actions.register("0912345678", "hoa-sen-tay-ho-2025")
    for spelling in ("0912345678", "+84912345678", "84 912 345 678"):
        attempt(spelling, "sai")
    assert attempt("0912 345 678", "hoa-sen-tay-ho-2025") == "LOGIN_ATTEMPT_DELAYED"


def test_an_address_guessing_many_accounts_is_delayed(db):
    factories.make_customer("lan@ocop.test")
    for n in range(6):
        assert attempt(f"khach-{n}@ocop.test", "sai") == "INVALID_CREDENTIALS"
    assert attempt("lan@ocop.test", PASSWORD) == "LOGIN_ATTEMPT_DELAYED"
    assert attempt("lan@ocop.test", PASSWORD, ip="198.51.100.1") == "OK"


def test_unknown_accounts_are_delayed_like_real_ones(db):
    """The delay says nothing about which accounts exist."""
    for _ in range(3):
        attempt("khong-co@ocop.test", "sai")
    assert attempt("khong-co@ocop.test", "sai") == "LOGIN_ATTEMPT_DELAYED"


def test_token_create_says_when_to_retry(client, db):
    factories.make_customer("lan@ocop.test")
    for _ in range(3):
        gql(client, TOKEN_CREATE, {"email": "lan@ocop.test", "password": "sai"})
    result = gql(
        client, TOKEN_CREATE, {"email": "lan@ocop.test", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )["data"]["tokenCreate"]
    assert result["token"] is None
    [error] = result["errors"]
    assert error["code"] == "LOGIN_ATTEMPT_DELAYED" and error["field"] == "email"
    assert error["message"].startswith("Logging temporary suspended. Try again after ")
    assert "(in 1 seconds)" in error["message"]
