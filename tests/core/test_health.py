"""/health/ answers 200 when PostgreSQL, the cache and the broker answer, 503 otherwise."""

import socket

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commerce.core.health import redact
from config.celery import app as celery_app

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A local port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def broker_down(monkeypatch):
    """Point the broker at a closed port, with a password that must not leak."""
    monkeypatch.setattr(
        celery_app.conf, "broker_url", f"redis://:s3cret-pw@127.0.0.1:{closed_port()}/0"
    )


def test_healthy(client):
    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    for check in body["checks"].values():
        assert check["ok"] is True
        assert check["ms"] >= 0
    assert "no-cache" in response["Cache-Control"]


def test_broker_down_is_503_and_says_why(client, broker_down):
    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True
    broker = body["checks"]["broker"]
    assert broker["ok"] is False
    assert "onnect" in broker["error"]  # "Connection refused" / "Error connecting"
    assert "s3cret-pw" not in response.content.decode()


def test_cache_down_is_503(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


def test_command_exits_non_zero_when_unhealthy(broker_down, capsys):
    with pytest.raises(CommandError, match="broker"):
        call_command("health")


def test_command_reports_ok(capsys):
    call_command("health")
    assert '"status": "ok"' in capsys.readouterr().out


@pytest.mark.parametrize(
    "message, secret",
    [
        ("could not connect to postgres://shop:hunter2@db:5432/ocop", "hunter2"),
        ("Error for redis://:topsecret@cache:6379/0", "topsecret"),
        ("connection failed: password=abc123 host=db", "abc123"),
    ],
)
def test_errors_never_carry_credentials(message, secret):
    assert secret not in redact(message)
