"""JSON Web Tokens as Saleor issues them: a short access token, a long refresh token.

Both are HS256-signed with settings.SECRET_KEY and carry Saleor's claims:
`token` (the user's `jwt_token_key`), `email`, `type` ("access" or
"refresh"), `user_id` (the user's global ID, `base64("User:42")`),
`is_staff`, `iat`, `exp` and `iss`. The refresh token also carries the
`csrf_token` handed out beside it.

A token is good while its signature holds, it has not expired, the user is
active and the user's `jwt_token_key` is still the one in the token: a new
password or a deactivation draws a new key, so every token issued before
stops working at once.

Settings: JWT_ACCESS_TTL (seconds, default 300), JWT_REFRESH_TTL (default
30 days), JWT_ISSUER (default "ocop-shop").
"""

from __future__ import annotations

import base64
import secrets
from datetime import timedelta

import jwt
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

ALGORITHM = "HS256"
ACCESS = "access"
REFRESH = "refresh"
DEFAULT_ACCESS_TTL = 5 * 60
DEFAULT_REFRESH_TTL = 30 * 24 * 3600

# What a client sees: jwt's own exception classes (ExpiredSignatureError,
# DecodeError, InvalidSignatureError...) under the InvalidTokenError base.
InvalidTokenError = jwt.InvalidTokenError
ExpiredSignatureError = jwt.ExpiredSignatureError


def access_ttl() -> timedelta:
    return timedelta(seconds=getattr(settings, "JWT_ACCESS_TTL", DEFAULT_ACCESS_TTL))


def refresh_ttl() -> timedelta:
    return timedelta(seconds=getattr(settings, "JWT_REFRESH_TTL", DEFAULT_REFRESH_TTL))


def issuer() -> str:
    return getattr(settings, "JWT_ISSUER", "ocop-shop")


def user_global_id(user) -> str:
    return base64.b64encode(f"User:{user.pk}".encode()).decode()


def _payload(user, token_type: str, ttl: timedelta) -> dict:
    now = timezone.now()
    return {
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
        "iss": issuer(),
        "token": user.jwt_token_key,
        "email": user.email or "",
        "type": token_type,
        "user_id": user_global_id(user),
        "is_staff": bool(user.is_staff),
    }


def encode(payload: dict) -> str:
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=ALGORITHM)


def create_access_token(user) -> str:
    return encode(_payload(user, ACCESS, access_ttl()))


def create_refresh_token(user, csrf_token: str) -> str:
    return encode({**_payload(user, REFRESH, refresh_ttl()), "csrf_token": csrf_token})


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def decode(token: str) -> dict:
    """The verified claims of `token`; jwt.InvalidTokenError (or a subclass) if it is
    not ours, tampered with or expired."""
    return jwt.decode(
        token,
        settings.SECRET_KEY,
        algorithms=[ALGORITHM],
        options={"require": ["exp", "iat", "type", "token", "user_id"]},
    )


def user_from_payload(payload: dict, expected_type: str):
    """The active user a decoded token speaks for, or InvalidTokenError."""
    from .models import User

    if payload.get("type") != expected_type:
        raise InvalidTokenError(_("Invalid token type: expected an %(type)s token.") % {"type": expected_type})
    try:
        type_name, pk = base64.b64decode(payload["user_id"]).decode().split(":", 1)
        if type_name != "User":
            raise ValueError
        user = User.objects.filter(pk=int(pk)).first()
    except (ValueError, TypeError, UnicodeDecodeError):
        user = None
    if user is None or not user.is_active:
        raise InvalidTokenError(_("The user of this token does not exist or is inactive."))
    if not secrets.compare_digest(str(payload.get("token", "")), user.jwt_token_key):
        raise InvalidTokenError(_("This token is no longer valid: the password was changed or the account deactivated."))
    return user


def user_from_token(token: str, expected_type: str = ACCESS):
    """The user of a valid token of `expected_type`; InvalidTokenError otherwise."""
    return user_from_payload(decode(token), expected_type)
