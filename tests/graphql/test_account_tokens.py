"""Signing in to the API: Saleor's tokenCreate / tokenRefresh / tokenVerify, and
`Authorization: Bearer <access token>` on every request.

Tokens are HS256 JWTs with Saleor's claims; an access token lives five
minutes (JWT_ACCESS_TTL), a refresh token thirty days. A new password or a
deactivated account makes every earlier token invalid.
"""

import base64

import jwt
import pytest
from django.conf import settings

from commerce.account import actions, tokens
from tests import factories
from tests.account.support import PASSWORD, gql

TOKEN_CREATE = """
mutation Login($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token refreshToken csrfToken
    user { email }
    errors { field message code }
  }
}
"""
TOKEN_REFRESH = """
mutation Refresh($refreshToken: String, $csrfToken: String) {
  tokenRefresh(refreshToken: $refreshToken, csrfToken: $csrfToken) {
    token user { email } errors { field message code }
  }
}
"""
TOKEN_VERIFY = """
mutation Verify($token: String!) {
  tokenVerify(token: $token) { isValid payload user { email } errors { field message code } }
}
"""
ME = "{ me { email firstName isStaff } }"


@pytest.fixture(autouse=True)
def _clean_throttle(settings):
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def login(client, email, password=PASSWORD, **extra):
    return gql(client, TOKEN_CREATE, {"email": email, "password": password}, **extra)["data"]["tokenCreate"]


def test_token_create_by_email_gives_saleor_claims(client, db):
    user = factories.make_customer("lan@ocop.test")
    result = login(client, "Lan@OCOP.test")
    assert result["errors"] == [] and result["user"] == {"email": "lan@ocop.test"}
    claims = jwt.decode(result["token"], settings.SECRET_KEY, algorithms=["HS256"])
    assert claims["type"] == "access"
    assert claims["email"] == "lan@ocop.test"
    assert claims["user_id"] == base64.b64encode(f"User:{user.pk}".encode()).decode()
    assert claims["is_staff"] is False
    assert claims["token"] == user.jwt_token_key
    assert claims["exp"] - claims["iat"] == 300 and claims["iss"]
    refresh = jwt.decode(result["refreshToken"], settings.SECRET_KEY, algorithms=["HS256"])
    assert refresh["type"] == "refresh" and refresh["exp"] - refresh["iat"] == 30 * 24 * 3600
    assert refresh["csrf_token"] == result["csrfToken"]


def test_token_create_by_phone_in_the_email_argument(client, db):
    actions.register("0912 345 678", "hoa-sen-tay-ho-2025")
    for spelling in ("0912345678", "+84 912 345 678", "84912345678"):
        result = login(client, spelling, "hoa-sen-tay-ho-2025")
        assert result["errors"] == [] and result["token"], spelling


def test_wrong_password_or_unknown_user_is_invalid_credentials(client, db):
    factories.make_customer("lan@ocop.test")
    for email, password in (("lan@ocop.test", "sai-mat-khau"), ("ai-do@ocop.test", PASSWORD)):
        result = login(client, email, password, HTTP_ACCEPT_LANGUAGE="en")  # Saleor's English wording
        assert result["token"] is None
        assert result["errors"] == [
            {"field": "email", "message": "Please, enter valid credentials", "code": "INVALID_CREDENTIALS"}
        ]


def test_inactive_account_cannot_sign_in(client, db):
    user = factories.make_customer("lan@ocop.test")
    actions.deactivate(user)
    assert login(client, "lan@ocop.test")["errors"][0]["code"] == "INACTIVE"


def test_bearer_token_authenticates_me(client, db):
    factories.make_customer("lan@ocop.test")
    token = login(client, "lan@ocop.test")["token"]
    assert gql(client, ME, token=token)["data"] == {"me": {"email": "lan@ocop.test", "firstName": "", "isStaff": False}}


def test_me_is_null_for_anonymous(api):
    assert api.data(ME) == {"me": None}


def test_session_users_still_work(api):
    user = factories.make_customer("lan@ocop.test")
    assert api.login(user).data(ME)["me"]["email"] == "lan@ocop.test"


def test_refresh_token_gives_a_new_access_token(client, db):
    factories.make_customer("lan@ocop.test")
    created = login(client, "lan@ocop.test")
    refreshed = gql(client, TOKEN_REFRESH, {"refreshToken": created["refreshToken"]})["data"]["tokenRefresh"]
    assert refreshed["errors"] == [] and refreshed["user"] == {"email": "lan@ocop.test"}
    assert gql(client, ME, token=refreshed["token"])["data"]["me"]["email"] == "lan@ocop.test"


def test_an_access_token_cannot_refresh(client, db):
    factories.make_customer("lan@ocop.test")
    access = login(client, "lan@ocop.test")["token"]
    result = gql(client, TOKEN_REFRESH, {"refreshToken": access})["data"]["tokenRefresh"]
    assert result["token"] is None and result["errors"][0]["code"] == "JWT_INVALID_TOKEN"


def test_refresh_from_cookie_needs_the_csrf_token(client, db):
    factories.make_customer("lan@ocop.test")
    created = login(client, "lan@ocop.test")
    client.cookies["refreshToken"] = created["refreshToken"]
    refused = gql(client, TOKEN_REFRESH, {"csrfToken": "not-it"})["data"]["tokenRefresh"]
    assert refused["errors"][0]["code"] == "JWT_INVALID_CSRF_TOKEN"
    accepted = gql(client, TOKEN_REFRESH, {"csrfToken": created["csrfToken"]})["data"]["tokenRefresh"]
    assert accepted["errors"] == [] and accepted["token"]


def test_refresh_without_a_token_says_it_is_missing(client, db):
    result = gql(client, TOKEN_REFRESH, {})["data"]["tokenRefresh"]
    assert result["errors"] == [{"field": "refreshToken", "message": "Missing refreshToken", "code": "JWT_MISSING_TOKEN"}]


def test_verify_token(client, db):
    user = factories.make_staff("MANAGE_PRODUCTS", email="nv@ocop.test")
    token = login(client, "nv@ocop.test")["token"]
    result = gql(client, TOKEN_VERIFY, {"token": token})["data"]["tokenVerify"]
    assert result["isValid"] is True and result["user"] == {"email": "nv@ocop.test"}
    assert result["payload"]["is_staff"] is True and result["payload"]["user_id"] == tokens.user_global_id(user)
    bad = gql(client, TOKEN_VERIFY, {"token": "not-a-token"})["data"]["tokenVerify"]
    assert bad["isValid"] is False and bad["errors"][0]["code"] == "JWT_DECODE_ERROR"


def test_expired_access_token_is_an_error_not_anonymous(client, db, settings):
    factories.make_customer("lan@ocop.test")
    settings.JWT_ACCESS_TTL = -10
    token = login(client, "lan@ocop.test")["token"]
    payload = gql(client, ME, token=token)
    assert payload["data"] == {"me": None}
    assert payload["errors"][0]["message"] == "Signature has expired"
    assert payload["errors"][0]["extensions"]["exception"]["code"] == "ExpiredSignatureError"
    verified = gql(client, TOKEN_VERIFY, {"token": token})["data"]["tokenVerify"]
    assert verified["isValid"] is False and verified["errors"][0]["code"] == "JWT_SIGNATURE_EXPIRED"


def test_tampered_token_is_refused(client, db):
    factories.make_customer("lan@ocop.test")
    staff = factories.make_staff(email="sep@ocop.test")
    token = login(client, "lan@ocop.test")["token"]
    header, body, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    forged_body = jwt.encode({**claims, "user_id": tokens.user_global_id(staff), "is_staff": True}, "a-guessed-secret-that-is-long-enough").split(".")[1]
    payload = gql(client, ME, token=f"{header}.{forged_body}.{signature}")
    assert payload["data"] == {"me": None}
    assert payload["errors"][0]["extensions"]["exception"]["code"] == "InvalidSignatureError"
    # Signed with another key: the same.
    other = jwt.encode({**claims}, "another-secret-of-thirty-two-bytes!", algorithm="HS256")
    assert gql(client, ME, token=other)["errors"][0]["extensions"]["exception"]["code"] == "InvalidSignatureError"


def test_changing_the_password_invalidates_earlier_tokens(client, db):
    user = factories.make_customer("lan@ocop.test")
    created = login(client, "lan@ocop.test")
    actions.change_password(user, PASSWORD, "mot-mat-khau-moi-dai")
    payload = gql(client, ME, token=created["token"])
    assert payload["data"] == {"me": None}
    assert payload["errors"][0]["extensions"]["exception"]["code"] == "InvalidTokenError"
    refreshed = gql(client, TOKEN_REFRESH, {"refreshToken": created["refreshToken"]})["data"]["tokenRefresh"]
    assert refreshed["errors"][0]["code"] == "JWT_INVALID_TOKEN"
    assert login(client, "lan@ocop.test", "mot-mat-khau-moi-dai")["errors"] == []


def test_deactivation_invalidates_tokens(client, db):
    user = factories.make_customer("lan@ocop.test")
    token = login(client, "lan@ocop.test")["token"]
    actions.deactivate(user)
    assert gql(client, ME, token=token)["errors"][0]["extensions"]["exception"]["code"] == "InvalidTokenError"


def test_a_bad_token_does_not_break_public_fields(client, db):
    """Fields that never ask who is calling still answer (Saleor does the same)."""
    payload = gql(client, TOKEN_VERIFY, {"token": "x"}, token="garbage")
    assert payload["data"]["tokenVerify"]["isValid"] is False
