"""Is this process able to serve? `/health/` and `manage.py health` ask the same checks.

Each check does one real round trip to a server the shop cannot work without:
PostgreSQL (SELECT 1), the cache (set, get, delete a key) and the Celery broker
(connect and ping). A load balancer takes a web process out of rotation on a 503;
the body says which check failed and why, with any credentials blanked out.
"""

from __future__ import annotations

import re
import time
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

BROKER_TIMEOUT_SECONDS = 2.0
ERROR_MAX_LENGTH = 300
_CREDENTIALS = [
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/@\s]*@", re.IGNORECASE), r"\1***@"),
    (re.compile(r"(password\s*[=:]\s*)\S+", re.IGNORECASE), r"\1***"),
]


def check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")


def check_cache() -> None:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=30)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("a value written to the cache did not come back")
    finally:
        cache.delete(key)


def check_broker(url: str | None = None, timeout: float = BROKER_TIMEOUT_SECONDS) -> None:
    """Connect to the broker once, without kombu's retries (a probe must answer fast).

    For Redis, opening the connection sends a PING, so success is a round trip.
    """
    from kombu import Connection

    from config.celery import app

    url = url or app.conf.broker_url
    options = {"socket_timeout": timeout, "socket_connect_timeout": timeout, "max_retries": 0}
    with Connection(url, connect_timeout=timeout, transport_options=options) as connection:
        connection.ensure_connection(max_retries=0, timeout=timeout)


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def redact(message: str) -> str:
    """Blank out user:password@ in URLs and password=… pairs; keep it short."""
    for pattern, replacement in _CREDENTIALS:
        message = pattern.sub(replacement, message)
    return message[:ERROR_MAX_LENGTH]


def run_checks() -> dict:
    """Run every check; return {"status": "ok"|"error", "checks": {name: {...}}}."""
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
            result = {"ok": True}
        except Exception as error:  # a health probe reports failures, it does not raise them
            detail = str(error).strip() or "no message"
            result = {"ok": False, "error": redact(f"{type(error).__name__}: {detail}")}
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
    healthy = all(result["ok"] for result in results.values())
    return {"status": "ok" if healthy else "error", "checks": results}


@never_cache
@require_safe
def health_view(request):
    report = run_checks()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
