"""The /graphql/ view: request shapes, status codes, limits and error reporting."""

import json
import logging

import graphene
import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from graphql import get_introspection_query

from commerce.core.permissions import PermissionEnum
from commerce.graphql.core import cost
from commerce.graphql.core.connection import ConnectionField, CountableConnection
from commerce.graphql.core.documents import clear_document_cache, prepare_document
from commerce.graphql.core.errors import PermissionDenied
from commerce.graphql.core.promise import Promise
from commerce.graphql.views import GraphQLView

SECRET = "password=hunter2 at /srv/ocop/settings.py"


class Level(graphene.ObjectType):
    depth = graphene.Int()
    child = graphene.Field(lambda: Level)

    def resolve_depth(root, info):
        return root

    def resolve_child(root, info):
        return root + 1


class Thing(graphene.ObjectType):
    name = graphene.String()


class ThingCountableConnection(CountableConnection):
    class Meta:
        node = Thing


class Query(graphene.ObjectType):
    hello = graphene.String(name=graphene.String(default_value="world"))
    level = graphene.Field(Level)
    things = ConnectionField(ThingCountableConnection)
    expensive = graphene.Int()
    secret = graphene.String()
    crash = graphene.String()
    invalid = graphene.String()
    stalled = graphene.String()
    whoami = graphene.String()

    def resolve_hello(root, info, name):
        return f"Xin chào, {name}!"

    def resolve_level(root, info):
        return 1

    def resolve_things(root, info, **_args):
        return [{"name": f"thing {i}"} for i in range(150)]

    def resolve_expensive(root, info):
        return 1

    def resolve_secret(root, info):
        raise PermissionDenied(permissions=[PermissionEnum.MANAGE_PRODUCTS])

    def resolve_crash(root, info):
        raise RuntimeError(SECRET)

    def resolve_invalid(root, info):
        raise ValidationError("Enter a valid GTIN.")

    def resolve_stalled(root, info):
        return Promise()

    def resolve_whoami(root, info):
        return str(info.context.user)


class Mutation(graphene.ObjectType):
    bump = graphene.Int()

    def resolve_bump(root, info):
        return 1


schema = graphene.Schema(query=Query, mutation=Mutation)
view = GraphQLView.as_view(schema=schema)
factory = RequestFactory()


def post(body, content_type="application/json"):
    if not isinstance(body, (str, bytes)):
        body = json.dumps(body)
    response = view(factory.post("/graphql/", data=body, content_type=content_type))
    return response.status_code, json.loads(response.content)


def get(params, accept="application/json"):
    response = view(factory.get("/graphql/", params, HTTP_ACCEPT=accept))
    return response


def nested_levels(depth):
    """`{ level { child { ... { depth } } } }` with `depth` fields on the longest path."""
    return "{ level { " + "child { " * (depth - 2) + "depth" + " }" * (depth - 2) + " } }"


# --- request shapes -------------------------------------------------------------


def test_post_json_runs_the_operation_with_variables():
    status, body = post(
        {
            "query": "query Greet($name: String) { hello(name: $name) }",
            "variables": {"name": "Hà Nội"},
            "operationName": "Greet",
        }
    )
    assert status == 200
    assert body["data"] == {"hello": "Xin chào, Hà Nội!"}
    assert "errors" not in body
    assert body["extensions"]["cost"] == {"requestedQueryCost": 1, "maximumAvailable": 50000}


def test_post_application_graphql():
    status, body = post("{ hello }", content_type="application/graphql")
    assert (status, body["data"]) == (200, {"hello": "Xin chào, world!"})


def test_response_is_utf8_json_not_ascii_escaped():
    response = view(
        factory.post("/graphql/", data=json.dumps({"query": "{ hello }"}), content_type="application/json")
    )
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Xin chào".encode() in response.content


def test_get_runs_queries():
    response = get({"query": "query($n: String) { hello(name: $n) }", "variables": '{"n": "Huế"}'})
    assert response.status_code == 200
    assert json.loads(response.content)["data"] == {"hello": "Xin chào, Huế!"}


def test_get_refuses_mutations():
    response = get({"query": "mutation { bump }"})
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert json.loads(response.content)["errors"][0]["message"] == (
        "Can only perform a mutation operation from a POST request."
    )


def test_post_runs_mutations():
    assert post({"query": "mutation { bump }"}) == (
        200,
        {"data": {"bump": 1}, "extensions": {"cost": {"requestedQueryCost": 1, "maximumAvailable": 50000}}},
    )


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_other_methods_are_not_allowed(method):
    response = view(getattr(factory, method)("/graphql/"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"


def test_batched_request_is_refused():
    status, body = post([{"query": "{ hello }"}, {"query": "{ hello }"}])
    assert status == 400
    assert body["errors"][0]["message"] == (
        "Batched requests are not supported: send one operation per request."
    )
    assert "data" not in body


def test_bad_json_and_bad_shapes_are_400():
    assert post("{not json")[0] == 400
    assert post('"just a string"')[0] == 400
    assert post({"query": "{ hello }", "variables": [1]})[0] == 400
    status, body = post({"variables": {}})
    assert (status, body["errors"][0]["message"]) == (400, "Must provide a query string.")


def test_form_posts_are_unsupported_media():
    response = view(factory.post("/graphql/", data={"query": "{ hello }"}))
    assert response.status_code == 415


# --- parse and validation errors ---------------------------------------------------


def test_syntax_error_is_400_with_location_and_code():
    status, body = post({"query": "{ hello "})
    assert status == 400
    assert "data" not in body
    error = body["errors"][0]
    assert error["message"].startswith("Syntax Error")
    assert error["locations"] == [{"line": 1, "column": 9}]
    assert error["extensions"] == {"exception": {"code": "GraphQLError"}}


def test_validation_error_is_400():
    status, body = post({"query": "{ nope }"})
    assert status == 400
    assert body["errors"][0]["message"] == "Cannot query field 'nope' on type 'Query'."


def test_variable_errors_are_400():
    status, body = post({"query": "query($n: String!) { hello(name: $n) }", "variables": {}})
    assert status == 400
    assert "was not provided" in body["errors"][0]["message"]


def test_unknown_operation_name_is_400():
    status, body = post({"query": "query A { hello }", "operationName": "B"})
    assert (status, body["errors"][0]["message"]) == (400, "Unknown operation named 'B'.")


def test_documents_are_parsed_and_validated_once():
    clear_document_cache()
    query = "query Cached { hello }"
    post({"query": query})
    before = prepare_document.cache_info()
    assert post({"query": query})[0] == 200
    after = prepare_document.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)


# --- limits ------------------------------------------------------------------------


def test_query_length_limit(settings):
    settings.GRAPHQL_MAX_QUERY_LENGTH = 50
    status, body = post({"query": "{ hello }" + " " * 60})
    assert status == 400
    assert body["errors"][0]["extensions"]["exception"]["code"] == "QueryTooLongError"
    assert body["errors"][0]["message"] == "The query is 69 characters long; the limit is 50."


def test_depth_limit_counts_fields_and_fragments():
    assert post({"query": nested_levels(12)})[1]["data"]["level"] is not None
    status, body = post({"query": nested_levels(13)})
    assert status == 400
    assert body["errors"][0]["message"] == "'anonymous' exceeds maximum operation depth of 12."
    assert body["errors"][0]["extensions"]["exception"]["code"] == "DepthLimitError"
    fragments = (
        "query Deep { level { ...A } } "
        "fragment A on Level { child { child { child { ...B } } } } "
        "fragment B on Level { child { child { child { child { child { child { child { child { depth } } } } } } } } }"
    )
    status, body = post({"query": fragments})
    assert status == 400
    assert body["errors"][0]["message"] == "'Deep' exceeds maximum operation depth of 12."


def test_introspection_is_not_depth_limited():
    status, body = post({"query": get_introspection_query()})
    assert status == 200
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_cost_limit_uses_variables(settings):
    settings.GRAPHQL_QUERY_MAX_COMPLEXITY = 300
    query = "query($n: Int) { things(first: $n) { edges { node { name } } } }"
    status, body = post({"query": query, "variables": {"n": 50}})
    assert status == 200
    assert body["extensions"]["cost"] == {"requestedQueryCost": 200, "maximumAvailable": 300}
    status, body = post({"query": query, "variables": {"n": 100}})
    assert status == 400
    assert "data" not in body
    assert body["errors"][0]["message"] == "The query exceeds the maximum cost of 300. Actual cost is 400"
    assert body["errors"][0]["extensions"]["exception"]["code"] == "QueryCostError"
    assert body["extensions"]["cost"] == {"requestedQueryCost": 400, "maximumAvailable": 300}


def test_declared_field_cost(monkeypatch):
    monkeypatch.setattr(cost, "COST_MAP", {})
    cost.register_cost("Query", "expensive", complexity=70)
    status, body = post({"query": "{ expensive hello }"})
    assert body["extensions"]["cost"]["requestedQueryCost"] == 71
    assert cost.validate_cost_map(schema.graphql_schema) == []
    cost.register_cost("Query", "nope")
    assert cost.validate_cost_map(schema.graphql_schema) == ["Query.nope is not a field of the schema."]


def test_page_size_limit_is_a_field_error():
    status, body = post({"query": "{ things(first: 101) { edges { node { name } } } hello }"})
    assert status == 200
    assert body["data"] == {"things": None, "hello": "Xin chào, world!"}
    assert body["errors"][0]["message"] == (
        "Requesting 101 records on the `things` connection exceeds the `first` limit of 100 records."
    )
    assert body["errors"][0]["path"] == ["things"]


# --- error reporting -----------------------------------------------------------------


def test_unexpected_errors_do_not_leak_and_are_logged(caplog):
    with caplog.at_level(logging.ERROR, logger="commerce.graphql.errors"):
        response = view(
            factory.post(
                "/graphql/", data=json.dumps({"query": "{ crash hello }"}), content_type="application/json"
            )
        )
    assert response.status_code == 200
    assert b"hunter2" not in response.content
    body = json.loads(response.content)
    assert body["data"] == {"crash": None, "hello": "Xin chào, world!"}
    assert body["errors"] == [
        {
            "message": "Internal Server Error.",
            "locations": [{"line": 1, "column": 3}],
            "path": ["crash"],
            "extensions": {"exception": {"code": "InternalServerError"}},
        }
    ]
    assert any(SECRET in record.exc_text for record in caplog.records if record.exc_text)


def test_debug_shows_the_real_error(settings):
    settings.DEBUG = True
    status, body = post({"query": "{ crash }"})
    error = body["errors"][0]
    assert error["message"] == SECRET
    assert error["extensions"]["exception"]["code"] == "RuntimeError"
    assert any("resolve_crash" in line for line in error["extensions"]["exception"]["stacktrace"])


def test_permission_denied_has_saleors_message_and_code():
    status, body = post({"query": "{ secret }"})
    assert body["errors"][0]["message"] == "You need one of the following permissions: MANAGE_PRODUCTS"
    assert body["errors"][0]["extensions"] == {"exception": {"code": "PermissionDenied"}}


def test_django_validation_error_is_shown():
    status, body = post({"query": "{ invalid }"})
    assert body["errors"][0]["message"] == "Enter a valid GTIN."
    assert body["errors"][0]["extensions"]["exception"]["code"] == "ValidationError"


def test_failure_outside_any_field_is_a_generic_500(caplog):
    with caplog.at_level(logging.ERROR):
        status, body = post({"query": "{ stalled }"})
    assert status == 500
    assert body == {
        "errors": [
            {
                "message": "Internal Server Error.",
                "extensions": {"exception": {"code": "InternalServerError"}},
            }
        ]
    }


# --- context and playground ---------------------------------------------------------


def test_context_carries_the_request_user():
    request = factory.post(
        "/graphql/", data=json.dumps({"query": "{ whoami }"}), content_type="application/json"
    )
    request.user = "staff@example.com"
    assert json.loads(view(request).content)["data"] == {"whoami": "staff@example.com"}
    status, body = post({"query": "{ whoami }"})
    assert body["data"] == {"whoami": "AnonymousUser"}


def test_graphiql_page_only_when_enabled(settings):
    settings.GRAPHIQL_ENABLED = True
    response = get({}, accept="text/html,application/xhtml+xml")
    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()
    settings.GRAPHIQL_ENABLED = False
    response = get({}, accept="text/html")
    assert response.status_code == 400
