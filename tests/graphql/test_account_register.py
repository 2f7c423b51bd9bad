"""accountRegister: a customer registers with an email address or a Vietnamese
mobile number (in Saleor's `email` argument), and a password that passes
OWASP ASVS L2's rules: 8 to 128 characters, not a common password, no rules
about character classes."""

import json

import pytest

from commerce.account.models import User
from tests import factories

REGISTER = """
mutation Register($input: AccountRegisterInput!) {
  accountRegister(input: $input) {
    requiresConfirmation
    user { email phone firstName lastName languageCode }
    errors { field message code }
  }
}
"""


def register(api, language=None, **fields):
    """accountRegister; `language` is sent as Accept-Language (else the shop's default, vi)."""
    fields.setdefault("password", "gom-bat-trang-men-lam")
    if language is None:
        return api.data(REGISTER, {"input": fields})["accountRegister"]
    response = api.client.post(
        "/graphql/",
        data=json.dumps({"query": REGISTER, "variables": {"input": fields}}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    payload = response.json()
    assert "errors" not in payload, payload["errors"]
    return payload["data"]["accountRegister"]


def test_register_by_email(api):
    result = register(api, email="Mai@OCOP.test", firstName="Mai", lastName="Nguyễn", languageCode="EN")
    assert result["errors"] == []
    assert result["requiresConfirmation"] is False
    assert result["user"] == {"email": "mai@ocop.test", "phone": None, "firstName": "Mai", "lastName": "Nguyễn", "languageCode": "EN"}
    user = User.objects.get(email="mai@ocop.test")
    assert user.check_password("gom-bat-trang-men-lam") and not user.is_staff


def test_register_by_mobile_number_stores_e164(api):
    result = register(api, email="0987 654 321")
    assert result["errors"] == []
    assert result["user"]["phone"] == "+84987654321" and result["user"]["email"] == ""
    assert User.objects.get(phone="+84987654321").email is None


def test_a_number_that_is_not_a_vietnamese_mobile_is_refused(api):
    for bad in ("0241 234 567", "12345678", "+1 202 555 0123"):
        result = register(api, email=bad, language="en")
        assert result["errors"][0]["field"] == "email" and result["errors"][0]["code"] == "INVALID", bad
        assert "Vietnamese mobile number" in result["errors"][0]["message"]
    assert register(api, email="not-an-email")["errors"][0]["code"] == "INVALID"


def test_the_same_email_or_number_cannot_register_twice(api):
    register(api, email="mai@ocop.test")
    register(api, email="0987654321")
    assert register(api, email="MAI@ocop.test")["errors"][0]["code"] == "UNIQUE"
    assert register(api, email="+84 987 654 321")["errors"][0]["code"] == "UNIQUE"


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("password123", "PASSWORD_TOO_COMMON"),
        ("iloveyou", "PASSWORD_TOO_COMMON"),
        ("ngan7", "PASSWORD_TOO_SHORT"),
        ("x" * 129, "INVALID_PASSWORD"),
    ],
)
def test_weak_passwords_are_refused(api, password, code):
    result = register(api, email="mai@ocop.test", password=password)
    assert code in [error["code"] for error in result["errors"]]
    assert all(error["field"] == "password" for error in result["errors"])
    assert not User.objects.filter(email="mai@ocop.test").exists()


def test_long_passphrases_and_any_characters_are_allowed(api):
    """No composition rules; at least 64 characters (here 128) are accepted."""
    assert register(api, email="a@ocop.test", password="đi chợ tết mua bánh chưng " * 4 + "x" * 24)["errors"] == []
    assert register(api, email="b@ocop.test", password="a" * 64 + "b" * 64)["errors"] == []
    assert register(api, email="c@ocop.test", password="toàn chữ thường")["errors"] == []


def test_registering_names_an_existing_active_channel(api):
    factories.make_channel("web-shop")
    assert register(api, email="a@ocop.test", channel="web-shop")["errors"] == []
    error = register(api, email="b@ocop.test", channel="khong-co")["errors"][0]
    assert error["field"] == "channel" and error["code"] == "NOT_FOUND"
