"""The object every resolver sees as `info.context`.

One per request: it carries who is asking (`user`, later `app` for
app tokens) and the request's dataloaders, whose caches must not outlive the
request, or a second request would see the first one's rows.

Who is asking: a request with `Authorization: Bearer <access token>` (a JWT
from `tokenCreate`/`tokenRefresh`, see commerce/account/tokens.py) speaks for
that token's user; otherwise the Django session's user (pages and the
dashboard), or an anonymous user. A bad, tampered or expired token is not
silently anonymous: reading `context.user` raises the token's error
(`ExpiredSignatureError`, `InvalidSignatureError`, `DecodeError`,
`InvalidTokenError`), which the client sees as a GraphQL error with that
name in `extensions.exception.code`, as in Saleor; fields that never ask who
is calling (tokenRefresh, tokenVerify, public catalogue data) still work.
"""

from __future__ import annotations

from typing import Any

import jwt

from .errors import register_handled_exception

register_handled_exception(jwt.InvalidTokenError)

BEARER_PREFIXES = ("bearer ", "jwt ")


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def bearer_token(request: Any) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (Saleor also takes `JWT <token>`)."""
    headers = getattr(request, "headers", None)
    header = (headers.get("Authorization") or "").strip() if headers is not None else ""
    for prefix in BEARER_PREFIXES:
        if header[: len(prefix)].lower() == prefix:
            return header[len(prefix) :].strip() or None
    return None


def authenticate_request(request: Any) -> tuple[Any, Exception | None]:
    """(user, token error): the bearer token's user, else the session's."""
    token = bearer_token(request)
    if token is not None:
        from commerce.account.tokens import user_from_token

        try:
            return user_from_token(token), None
        except jwt.InvalidTokenError as error:
            return _anonymous(), error
    user = getattr(request, "user", None)
    return (user if user is not None else _anonymous()), None


class RequestContext:
    """Request-scoped state for resolvers and dataloaders.

    `request` is the Django request (None when the API is called from code,
    e.g. a Celery task rendering a webhook payload). `user` defaults to the
    bearer token's user, else `request.user`, or an anonymous user. `app` is
    the authenticated app, None until app tokens exist.
    """

    def __init__(self, request: Any = None, *, user: Any = None, app: Any = None) -> None:
        self.request = request
        self._auth_error: Exception | None = None
        if user is None:
            user, self._auth_error = authenticate_request(request)
        self._user = user
        self.app = app
        self.dataloaders: dict[str, Any] = {}

    @property
    def user(self) -> Any:
        if self._auth_error is not None:
            error = self._auth_error
            raise type(error)(*error.args)
        return self._user

    @user.setter
    def user(self, value: Any) -> None:
        self._user = value
        self._auth_error = None

    @property
    def auth_error(self) -> Exception | None:
        """The error of a bad bearer token (None when there is none)."""
        return self._auth_error

    def __repr__(self) -> str:
        return f"<RequestContext user={self._user!r} loaders={sorted(self.dataloaders)}>"


def get_context_value(request: Any) -> RequestContext:
    return RequestContext(request)
