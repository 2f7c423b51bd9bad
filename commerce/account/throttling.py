"""Exponential back-off for failed logins, per client IP and per account.

After LOGIN_THROTTLE_FREE_ATTEMPTS failed logins of one account (default 5),
or LOGIN_THROTTLE_FREE_ATTEMPTS_PER_IP failed logins from one IP address
(default 20: many Vietnamese mobile users share a carrier's addresses), each
further failure makes the next attempt wait LOGIN_THROTTLE_BASE_DELAY seconds
(default 1), then twice as long, and so on, up to LOGIN_THROTTLE_MAX_DELAY
(default 15 minutes). A failure count is forgotten LOGIN_THROTTLE_WINDOW
seconds (default a day) after its last failure, and an account's count when
someone signs in to it.

The account key is the login as written after normalisation (email or E.164
phone), whether or not such an account exists, so the delay tells nothing about
which accounts exist. State lives in the shared cache (Redis), so every web
process sees the same counts.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CODE = "LOGIN_ATTEMPT_DELAYED"


def _setting(name: str, default):
    return getattr(settings, name, default)


def _free_attempts(scope: str) -> int:
    if scope == "ip":
        return _setting("LOGIN_THROTTLE_FREE_ATTEMPTS_PER_IP", 20)
    return _setting("LOGIN_THROTTLE_FREE_ATTEMPTS", 5)


def _key(scope: str, value: str, kind: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"login-throttle:{kind}:{scope}:{digest}"


@dataclass
class Delayed:
    retry_at: float  # epoch seconds

    @property
    def seconds(self) -> int:
        return max(1, math.ceil(self.retry_at - time.time()))

    def error(self) -> ValidationError:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.retry_at))
        return ValidationError(
            _("Logging temporary suspended. Try again after %(when)s (in %(seconds)s seconds)."),
            code=CODE,
            params={"when": when, "seconds": self.seconds},
        )


def delay_after(failures: int, scope: str) -> float:
    """Seconds to wait after the `failures`-th failure (0 while attempts are free)."""
    over = failures - _free_attempts(scope)
    if over < 0:
        return 0.0
    base = float(_setting("LOGIN_THROTTLE_BASE_DELAY", 1))
    cap = float(_setting("LOGIN_THROTTLE_MAX_DELAY", 15 * 60))
    return min(base * 2 ** min(over, 40), cap)


def _scopes(ip: str | None, account: str | None):
    if ip:
        yield "ip", ip
    if account:
        yield "account", account.strip().lower()


def check(ip: str | None, account: str | None) -> None:
    """Raise LOGIN_ATTEMPT_DELAYED if either the IP or the account must still wait."""
    keys = [_key(scope, value, "until") for scope, value in _scopes(ip, account)]
    waits = [until for until in cache.get_many(keys).values() if until and until > time.time()]
    if waits:
        raise Delayed(max(waits)).error()


def record_failure(ip: str | None, account: str | None) -> None:
    window = int(_setting("LOGIN_THROTTLE_WINDOW", 24 * 3600))
    for scope, value in _scopes(ip, account):
        count_key = _key(scope, value, "failures")
        cache.add(count_key, 0, timeout=window)
        try:
            failures = cache.incr(count_key)
        except ValueError:  # expired between add and incr
            cache.set(count_key, 1, timeout=window)
            failures = 1
        cache.touch(count_key, window)
        delay = delay_after(failures, scope)
        if delay:
            cache.set(_key(scope, value, "until"), time.time() + delay, timeout=math.ceil(delay) + 1)


def record_success(ip: str | None, account: str | None) -> None:
    """Forget the account's failures (not the IP's: one good password of one's own
    account must not reset the count of guesses at others)."""
    if account:
        value = account.strip().lower()
        cache.delete_many([_key("account", value, "failures"), _key("account", value, "until")])


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the first of X-Forwarded-For when
    settings.LOGIN_THROTTLE_TRUST_X_FORWARDED_FOR says a proxy in front sets it."""
    if request is None:
        return None
    if _setting("LOGIN_THROTTLE_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None
