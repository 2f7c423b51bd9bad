"""The /graphql/ endpoint: one operation per HTTP request, Saleor's response shape.

POST takes `{"query", "variables", "operationName"}` as application/json
(or the bare query as application/graphql); GET takes the same as URL
parameters and runs queries only, so a link can never change state. Batched
requests (a JSON list) are refused: one slow operation in a batch would hold
the others, and batches defeat the per-request cost limit.

The view is exempt from Django's CSRF check because it cannot be driven
cross-site: a browser sends `application/json` or `application/graphql` to
another origin only after a CORS preflight, which we do not grant, and GET
cannot run mutations.

Status codes: 200 when the operation ran (even if fields failed: those are
in `errors` beside `data`), 400 when it could not run (syntax, validation,
depth, cost, variables), 405 for other methods or a mutation over GET, 415
for a body that is neither JSON nor GraphQL.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.utils.module_loading import import_string
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from graphql import GraphQLError, GraphQLSchema, OperationType

from .core.context import RequestContext
from .core import response_cache
from .core.cost import cost_error, query_cost
from .core.documents import prepare_document
from .core.errors import (
    INTERNAL_ERROR_CODE,
    INTERNAL_ERROR_MESSAGE,
    QueryTooLongError,
    format_errors,
)
from .core.execution import build_execution, run_execution

logger = logging.getLogger("commerce.graphql")

DEFAULT_SCHEMA = "commerce.graphql.api.schema"


@dataclass
class GraphQLResponse:
    status: int
    payload: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def _error_response(status: int, error: GraphQLError, **headers: str) -> GraphQLResponse:
    return GraphQLResponse(status, {"errors": format_errors([error], debug=settings.DEBUG)}, headers)


def execute_graphql_request(
    schema: GraphQLSchema,
    query: Any,
    variables: Any = None,
    operation_name: Any = None,
    context: Any = None,
    *,
    allow_mutations: bool = True,
) -> GraphQLResponse:
    """Run one GraphQL request through every check the endpoint applies.

    Usable without HTTP (tests, server-side rendering): the status tells
    whether the operation ran.
    """
    if not isinstance(query, str) or not query.strip():
        return _error_response(400, GraphQLError("Must provide a query string."))
    max_length = getattr(settings, "GRAPHQL_MAX_QUERY_LENGTH", 0)
    if max_length and len(query) > max_length:
        return _error_response(
            400,
            QueryTooLongError(f"The query is {len(query)} characters long; the limit is {max_length}."),
        )
    if variables is not None and not isinstance(variables, dict):
        return _error_response(400, GraphQLError("Variables must be a JSON object."))
    if operation_name is not None and not isinstance(operation_name, str):
        return _error_response(400, GraphQLError("The operation name must be a string."))

    prepared = prepare_document(schema, query, getattr(settings, "GRAPHQL_MAX_DEPTH", 0) or 10_000)
    if prepared.errors:
        return GraphQLResponse(400, {"errors": format_errors(prepared.errors, debug=settings.DEBUG)})

    if context is None:
        context = RequestContext()
    response_key = response_cache.cache_key(prepared.document, query, variables, operation_name, context)
    if response_key is not None:
        cached = response_cache.get(response_key)
        if cached is not None:
            return GraphQLResponse(200, cached, {"X-Cache": "hit"})
    exe_context = build_execution(
        schema,
        prepared.document,
        context_value=context,
        variable_values=variables,
        operation_name=operation_name,
    )
    if isinstance(exe_context, list):  # unknown operation or bad variables
        return GraphQLResponse(400, {"errors": format_errors(exe_context, debug=settings.DEBUG)})

    operation = exe_context.operation.operation
    if not allow_mutations and operation != OperationType.QUERY:
        return _error_response(
            405,
            GraphQLError(f"Can only perform a {operation.value} operation from a POST request."),
            Allow="POST",
        )

    max_cost = getattr(settings, "GRAPHQL_QUERY_MAX_COMPLEXITY", 0)
    extensions: dict[str, Any] = {}
    if max_cost:
        cost = query_cost(schema, exe_context.operation, exe_context.fragments, exe_context.variable_values)
        extensions["cost"] = {"requestedQueryCost": cost, "maximumAvailable": max_cost}
        if cost > max_cost:
            response = _error_response(400, cost_error(cost, max_cost))
            response.payload["extensions"] = extensions
            return response

    result = run_execution(exe_context)
    payload: dict[str, Any] = {}
    if result.errors:
        payload["errors"] = format_errors(result.errors, debug=settings.DEBUG)
    payload["data"] = result.data
    if extensions:
        payload["extensions"] = extensions
    if response_key is None:
        return GraphQLResponse(200, payload)
    if not result.errors:
        response_cache.put(response_key, payload)
    return GraphQLResponse(200, payload, {"X-Cache": "miss"})


def _release_loaders(context: Any) -> None:
    """Drop the request's dataloaders once its response is built.

    A loader holds the context and the context holds its loaders: left alone,
    that cycle keeps every row and promise of the request alive until the
    cyclic garbage collector finds it (a full collection of many requests'
    objects at a time); dropped, they are freed as the request ends.
    """
    loaders = getattr(context, "dataloaders", None)
    if loaders is not None:
        loaders.clear()


class _BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@method_decorator(csrf_exempt, name="dispatch")
class GraphQLView(View):
    """Django view for /graphql/; `GraphQLView.as_view(schema=...)` to pick the schema."""

    schema: Any = None  # a graphene.Schema or GraphQLSchema; default: DEFAULT_SCHEMA

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "POST"):
            return self._json(
                _error_response(
                    405,
                    GraphQLError(f"Method {request.method} is not allowed; use POST (or GET for queries)."),
                    Allow="GET, POST",
                )
            )
        if request.method == "GET" and self._wants_graphiql(request):
            return HttpResponse(GRAPHIQL_HTML, content_type="text/html; charset=utf-8")
        try:
            query, variables, operation_name = self._read_params(request)
        except _BadRequest as error:
            return self._json(_error_response(error.status, GraphQLError(str(error))))
        context = self.get_context(request)
        try:
            response = execute_graphql_request(
                self.get_schema(),
                query,
                variables,
                operation_name,
                context,
                allow_mutations=request.method == "POST",
            )
        except Exception:  # noqa: BLE001 - never let internals reach the client
            logger.exception("The GraphQL endpoint failed unexpectedly.")
            response = GraphQLResponse(
                500,
                {
                    "errors": [
                        {
                            "message": INTERNAL_ERROR_MESSAGE,
                            "extensions": {"exception": {"code": INTERNAL_ERROR_CODE}},
                        }
                    ]
                },
            )
        finally:
            _release_loaders(context)
        return self._json(response)

    def get_schema(self) -> GraphQLSchema:
        schema = self.schema if self.schema is not None else import_string(DEFAULT_SCHEMA)
        return getattr(schema, "graphql_schema", schema)

    def get_context(self, request: HttpRequest) -> RequestContext:
        return RequestContext(request)

    @staticmethod
    def _wants_graphiql(request: HttpRequest) -> bool:
        return (
            getattr(settings, "GRAPHIQL_ENABLED", False)
            and "query" not in request.GET
            and "text/html" in request.headers.get("Accept", "")
        )

    @staticmethod
    def _read_params(request: HttpRequest) -> tuple[Any, Any, Any]:
        if request.method == "GET":
            data: Any = request.GET.dict()
            if isinstance(data.get("variables"), str) and data["variables"]:
                data["variables"] = _json_value(data["variables"], "The variables")
            elif data.get("variables") == "":
                data["variables"] = None
        elif request.content_type == "application/json":
            data = _json_value(request.body, "The request body")
            if isinstance(data, list):
                raise _BadRequest(
                    400,
                    "Batched requests are not supported: send one operation per request.",
                )
            if not isinstance(data, dict):
                raise _BadRequest(400, "The request body must be a JSON object.")
            if isinstance(data.get("variables"), str):
                data["variables"] = _json_value(data["variables"], "The variables")
        elif request.content_type == "application/graphql":
            data = {"query": request.body.decode("utf-8", errors="replace")}
        else:
            raise _BadRequest(
                415,
                "Send the request as application/json: "
                '{"query": "...", "variables": {...}, "operationName": "..."}.',
            )
        return data.get("query"), data.get("variables"), data.get("operationName") or None

    @staticmethod
    def _json(response: GraphQLResponse) -> HttpResponse:
        body = json.dumps(response.payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
        http_response = HttpResponse(
            body.encode("utf-8"),
            status=response.status,
            content_type="application/json; charset=utf-8",
        )
        for name, value in response.headers.items():
            http_response[name] = value
        return http_response


def _json_value(raw: bytes | str, what: str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _BadRequest(400, f"{what} is not valid JSON.") from None


# A page for trying the API in a browser. It loads GraphiQL from a CDN, so it
# needs the internet; the API itself does not.
GRAPHIQL_HTML = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>ocop-shop GraphQL</title>
  <link rel="stylesheet" href="https://unpkg.com/graphiql@3.8.3/graphiql.min.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script crossorigin src="https://unpkg.com/react@18.3.1/umd/react.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/react-dom@18.3.1/umd/react-dom.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/graphiql@3.8.3/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true })
    );
  </script>
</body>
</html>
"""
