"""Helpers for API tests: run a query through /graphql/ as anonymous, a
customer or staff, and read the answer."""

import json

import pytest

from tests import factories


class GraphQLClient:
    def __init__(self, client):
        self.client = client

    def login(self, user):
        self.client.force_login(user)
        return self

    def post(self, query, variables=None, *, status=None):
        """The response's JSON; asserts the HTTP status when given."""
        response = self.client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
        )
        payload = response.json()
        if status is not None:
            assert response.status_code == status, payload
        return payload

    def data(self, query, variables=None):
        """The data of a query that must succeed without errors."""
        payload = self.post(query, variables)
        assert "errors" not in payload, payload["errors"]
        return payload["data"]

    def errors(self, query, variables=None):
        payload = self.post(query, variables)
        assert payload.get("errors"), payload
        return payload["errors"]


@pytest.fixture
def api(client, db):
    return GraphQLClient(client)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def channel(db):
    return factories.make_channel("web-shop", name="Cửa hàng trực tuyến")


@pytest.fixture
def staff(db):
    return factories.make_staff("MANAGE_PRODUCTS")


def permission_error(errors):
    return next((error for error in errors if error["extensions"]["exception"]["code"] == "PermissionDenied"), None)
