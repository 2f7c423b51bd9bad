"""The object every resolver sees as `info.context`.

One per request: it carries who is asking (`user`, later `app` for
app tokens) and the request's dataloaders, whose caches must not outlive the
request, or a second request would see the first one's rows.
"""

from __future__ import annotations

from typing import Any


class RequestContext:
    """Request-scoped state for resolvers and dataloaders.

    `request` is the Django request (None when the API is called from code,
    e.g. a Celery task rendering a webhook payload). `user` defaults to
    `request.user`, or an anonymous user. `app` is the authenticated app,
    None until app tokens exist.
    """

    def __init__(self, request: Any = None, *, user: Any = None, app: Any = None) -> None:
        self.request = request
        if user is None:
            user = getattr(request, "user", None)
        if user is None:
            from django.contrib.auth.models import AnonymousUser

            user = AnonymousUser()
        self.user = user
        self.app = app
        self.dataloaders: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"<RequestContext user={self.user!r} loaders={sorted(self.dataloaders)}>"


def get_context_value(request: Any) -> RequestContext:
    return RequestContext(request)
