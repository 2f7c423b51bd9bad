"""Error classes the API raises on purpose, and how any error is shown to clients.

Saleor's clients read `extensions.exception.code` to tell a permission
problem from a bad query, so every error carries one. Only errors we raise on
purpose (GraphQLError and the exceptions registered below) show their
message; anything else is a bug whose message may hold internals (SQL, file
paths, keys), so clients get "Internal Server Error." and the traceback goes
to the log. With settings.DEBUG the real message and stack are shown.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable
from typing import Any

from django.core import exceptions as django_exceptions
from graphql import GraphQLError

logger = logging.getLogger("commerce.graphql.errors")

INTERNAL_ERROR_MESSAGE = "Internal Server Error."
INTERNAL_ERROR_CODE = "InternalServerError"


class PermissionDenied(Exception):
    """The requester lacks a permission; Saleor's messages and code."""

    def __init__(self, message: str | None = None, *, permissions: Iterable[Any] | None = None):
        permissions = list(permissions or ())
        if not message:
            if permissions:
                names = ", ".join(getattr(p, "name", str(p)) for p in permissions)
                message = f"You need one of the following permissions: {names}"
            else:
                message = "You do not have permission to perform this action"
        super().__init__(message)
        self.permissions = permissions


class DepthLimitError(GraphQLError):
    """The operation nests fields deeper than GRAPHQL_MAX_DEPTH."""


class QueryCostError(GraphQLError):
    """The operation's computed cost exceeds GRAPHQL_QUERY_MAX_COMPLEXITY."""


class QueryTooLongError(GraphQLError):
    """The query text is longer than GRAPHQL_MAX_QUERY_LENGTH."""


# Exceptions whose message is meant for the client. Other packages add theirs
# (e.g. token errors) with `register_handled_exception`.
_handled_exceptions: list[type[BaseException]] = [
    GraphQLError,
    PermissionDenied,
    django_exceptions.PermissionDenied,
    django_exceptions.ValidationError,
]


def register_handled_exception(exception_class: type[BaseException]) -> None:
    if exception_class not in _handled_exceptions:
        _handled_exceptions.append(exception_class)


def original_exception(error: BaseException) -> BaseException:
    """The exception a resolver raised, under graphql-core's located wrappers."""
    while isinstance(error, GraphQLError) and error.original_error is not None:
        error = error.original_error
    return error


def is_handled(exception: BaseException) -> bool:
    return isinstance(exception, tuple(_handled_exceptions))


def error_code(exception: BaseException) -> str:
    if isinstance(exception, GraphQLError) and type(exception).__module__.startswith("graphql."):
        return "GraphQLError"  # graphql-core's own errors, syntax errors included
    return type(exception).__name__


def _client_message(error: GraphQLError, exception: BaseException) -> str:
    if isinstance(exception, django_exceptions.ValidationError):
        return " ".join(exception.messages)
    return error.message


def format_error(error: GraphQLError, *, debug: bool = False) -> dict[str, Any]:
    """The JSON form of one error: message, locations, path, extensions.exception.code."""
    formatted: dict[str, Any] = dict(error.formatted)
    exception = original_exception(error)
    extensions = dict(formatted.get("extensions") or {})
    if is_handled(exception):
        formatted["message"] = _client_message(error, exception)
        details: dict[str, Any] = {"code": error_code(exception)}
    elif debug:
        details = {"code": error_code(exception)}
    else:
        formatted["message"] = INTERNAL_ERROR_MESSAGE
        details = {"code": INTERNAL_ERROR_CODE}
    if debug and exception is not error:
        details["stacktrace"] = [
            line
            for chunk in traceback.format_exception(type(exception), exception, exception.__traceback__)
            for line in chunk.rstrip().splitlines()
        ]
    extensions["exception"] = details
    formatted["extensions"] = extensions
    return formatted


def format_errors(errors: Iterable[GraphQLError], *, debug: bool = False) -> list[dict[str, Any]]:
    """Format errors, logging each unexpected exception once (a failed batch
    rejects many fields with the same exception)."""
    logged: set[int] = set()
    result = []
    for error in errors:
        exception = original_exception(error)
        if not is_handled(exception) and id(exception) not in logged:
            logged.add(id(exception))
            logger.error(
                "A GraphQL query failed unexpectedly: %s",
                ".".join(str(key) for key in (error.path or ())) or "(no path)",
                exc_info=(type(exception), exception, exception.__traceback__),
            )
        result.append(format_error(error, debug=debug))
    return result
