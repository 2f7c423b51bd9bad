"""localstripe for the test suite: a fake Stripe API server, and what it can do.

Fixtures (pytest), to be made available suite-wide from tests/conftest.py with

    from tests.stripe_server import localstripe_server, stripe_api  # noqa: F401

- `localstripe_server` (session): starts localstripe (PyPI `localstripe`
  1.15.10) on a free 127.0.0.1 port as a subprocess, waits until it answers,
  yields a `LocalStripe` (`.url` base URL without trailing slash, `.js_url`,
  `.register_webhook()`, `.unregister_webhook()`, `.authenticate_3ds()`,
  `.flush()`, `.log()`), stops it (SIGTERM, then SIGKILL after 10 s) at the end
  of the session. Registered twice (conftest and a module) it is still one
  process. It runs localstripe's own aiohttp app through a small bootstrap
  rather than its `localstripe --port N` CLI: the CLI binds every interface
  ("::") and pickles its whole store to the fixed /tmp/localstripe.pickle on
  every write (and reloads it at start), which concurrent test runs on one
  machine would share; the bootstrap keeps the store in memory only.
- `stripe_api` (function): sets `stripe.api_key = "sk_test_..."`,
  `stripe.api_base = <localstripe url>` and `stripe.max_network_retries = 0`
  for the test (restored afterwards) and yields a `stripe.StripeClient(key,
  base_addresses={"api": url})`. stripe 16.1.0 supports both: the module-level
  `stripe.api_base` still drives `stripe.PaymentIntent.create(...)`, and
  `StripeClient(base_addresses=...)` drives `client.v1.payment_intents...`.

What localstripe does, measured with stripe 16.1.0 (tests/payment/
test_localstripe_harness.py pins each point):

Authentication: any key "sk_..." longer than 5 characters, as Bearer or Basic;
"pk_..." is accepted only where Stripe.js needs it (tokens, sources, the
3-D Secure endpoint, SetupIntent confirm/cancel). Objects live for the whole
session in one store (DELETE /_config/data empties it).

PaymentIntents
- Currency is not interpreted: amount=125000, currency="vnd" is stored and
  charged as 125000 vnd (what Stripe means by zero-decimal: 125.000 VND); USD
  amounts are cents as usual. amount must be a positive integer.
- Idempotency keys are IGNORED: two creates with the same `idempotency_key`
  (module API or `options={"idempotency_key": ...}`) give two PaymentIntents.
  Test our own idempotency (by order/transaction) without relying on Stripe's.
- create accepts only amount, currency, customer, payment_method, metadata,
  payment_method_types, capture_method, payment_method_options, confirm,
  off_session (and expand); anything else is 400 "Unexpected <name>":
  description, receipt_email, automatic_payment_methods,
  statement_descriptor, return_url, ... The code under test must not send
  them, or must leave them out in test mode.
- confirm takes no parameters: confirm(payment_method=...) is 500 "Not
  implemented", others 400. Set the method at create or with
  PaymentIntent.modify(id, payment_method=...), then confirm(id).
- Status follows Stripe's names: requires_payment_method ->
  requires_confirmation -> (requires_action) -> succeeded, or
  requires_capture with capture_method="manual" (capture, with
  amount_to_capture: the rest is refunded), canceled (cancel). Default
  capture_method is "automatic_async".
- `latest_charge` comes back EXPANDED (a Charge object, not an id as Stripe
  sends it by default) and the deprecated `charges` list is present; code
  should accept both a string and an object.
- Test cards: payment_method="pm_card_visa" (4242...), "pm_card_visa_
  chargeDeclined", "pm_card_chargeCustomerFail"; other Stripe shortcuts
  (pm_card_chargeDeclined, pm_card_threeDSecure2Required, tok_visa) are 404 /
  400. Any number through PaymentMethod.create(type="card", card={number
  (16 digits, no spaces), exp_month, exp_year, cvc}) or Token.create(card=...)
  whose `token.card.id` ("card_...") works as a payment_method.
- Declines: only 4000000000000341 (and the 3-D Secure ones 4000008260003178,
  4000008400001629 after authentication) is declined when charged: confirm
  raises CardError 402, code "card_declined", "Your card was declined.", the
  error body names the charge but NOT the payment_intent (so create, keep the
  id, then confirm); the PI is then requires_payment_method with
  last_payment_error.code "card_declined". Stripe's generic decline card
  4000000000000002 (and 9995, 9987, 9979, 0069, 0127, 0119) SUCCEEDS at
  charge in localstripe: it is only declined when attached to a customer
  (PaymentMethod.attach -> CardError card_declined).
- 3-D Secure: 4000002760003184, 4000000000003220, 4000002500003155,
  4000000000003063 (and the two above) confirm to requires_action with
  next_action {"type": "use_stripe_sdk", "use_stripe_sdk": {"type":
  "three_d_secure_redirect", ...}}. It is completed by POST
  /v1/payment_intents/<id>/_authenticate?success=true|false with JSON
  {"key": "pk_...", "client_secret": ...} (a localstripe-only endpoint; what
  its Stripe.js calls; `LocalStripe.authenticate_3ds()` here): true ->
  succeeded, false -> requires_payment_method, payment_method None,
  last_payment_error.code "payment_intent_authentication_failure".
- Refunds: Refund.create(payment_intent=...) or (charge=...), optional
  amount and metadata (`reason` is 400 "Unexpected reason"); status is
  "succeeded" at once; Refund.list(payment_intent=...) works; the charge's
  amount_refunded / refunded follow. There is NO check against the amount
  left: refunds beyond the charge are accepted (Stripe refuses them). A
  failed payment cannot be refunded (400).

Webhooks
- Register: POST <url>/_config/webhooks/<name> (no auth) with JSON or form
  {"url": "http...", "secret": "...", "events": [optional list of types]};
  the same name again replaces it; there is no delete (`unregister_webhook`
  re-registers with events=[]). Registrations are process-wide.
- Delivery: one POST per event and webhook, 1 s after the event, body
  = json.dumps(event, indent=2, sort_keys=True), headers
  `Content-Type: application/json; charset=utf-8` and
  `Stripe-Signature: t=<event.created>,v1=<hex HMAC-SHA256(secret,
  "<t>.<body>")>` (only v1, no v0), i.e. Stripe's scheme: our endpoint
  verifies it unchanged with stripe.Webhook.construct_event(body, header,
  secret) (or StripeClient.construct_event). The secret is used as given
  (use a "whsec_..." string like Stripe's). No retries: a failed delivery is
  logged and dropped.
- Events: {"id": "evt_...", "object": "event", "type", "created", "livemode":
  false, "api_version": "2017-08-15", "data": {"object": <the PI as JSON>}}
  (no "request", no "pending_webhooks"). Only payment_intent.succeeded (also
  after capture) and payment_intent.payment_failed (declines) are emitted
  for payments: NO payment_intent.created / .requires_action / .canceled /
  .processing, no charge.* (charge.refunded), no refund.* events, nothing on
  a failed 3-D Secure. Events can also be read back: stripe.Event.list(type=,
  created={"gte": ...}) / Event.retrieve.

Stripe.js stand-in
- URL: <localstripe url>/js.stripe.com/v3/ (exact, trailing slash; no auth,
  CORS answers any Origin). A page loads it with a classic
  `<script src="http://127.0.0.1:<port>/js.stripe.com/v3/"></script>` before
  creating elements, in place of https://js.stripe.com/v3/: it finds the API
  from `document.currentScript.src`, so it cannot be bundled, inlined, loaded
  as a module or through @stripe/stripe-js's loadStripe(). Our templates
  should therefore take the Stripe.js URL from a setting.
- `Stripe(pk).elements().create("card")` (one element per elements(); type and
  options ignored) mounts five plain <input>s, no iframe, placeholders
  number / exp_month / exp_year (two digits, "20" is prefixed) / cvc /
  postal_code; focus moves on after 16 number digits. Numbers with spaces are
  refused ("4242 4242 4242 4242" -> createToken error "Bad request").
  `createToken(card)` works (POST /v1/tokens with the pk).
- `confirmCardPayment(clientSecret, data)` IGNORES `data` (the card element):
  it opens an in-page modal ("Complete authentication" / "Fail
  authentication") and calls the _authenticate endpoint. So it only completes
  a PaymentIntent already in requires_action (3-D Secure); Stripe's usual
  flow (PI without payment method + confirmCardPayment with the card element)
  returns {error: {message: "Bad request"}} and leaves the PI unpaid.
  `createPaymentMethod` is a no-op; confirmPayment / Payment Element,
  retrievePaymentIntent, handleNextAction do not exist. What works end to
  end in a browser (Debian chromium + Playwright, proven in the tests): type
  4242424242424242 in the card element, createToken, the server sets
  payment_method=token.card.id on the PI and confirms -> succeeded; with a
  3-D Secure card the server's confirm gives requires_action and the page's
  confirmCardPayment(client_secret) + a click on "Complete authentication"
  -> succeeded.
"""

from __future__ import annotations

import atexit
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

TEST_SECRET_KEY = "sk_test_ocop_localstripe"
TEST_PUBLISHABLE_KEY = "pk_test_ocop_localstripe"
START_TIMEOUT = 30.0

# localstripe keeps its whole store in memory and, as shipped, also pickles it to
# the fixed path /tmp/localstripe.pickle on every write (and reloads it at start
# unless --from-scratch). Several test runs on one machine would then share and
# overwrite one file, and every write would pickle the whole store. The bootstrap
# below runs localstripe's own aiohttp app unchanged, but in memory only and on
# the loopback interface only (its `start()` binds "::", every interface).
_BOOTSTRAP = """
import logging, sys
from aiohttp import web
import localstripe.resources as resources
resources.Store.dump_to_disk = lambda self: None
resources.Store.try_load_from_disk = lambda self: None
from localstripe import server
logging.basicConfig(level=logging.INFO, stream=sys.stderr)
web.run_app(server.app, host="127.0.0.1", port=int(sys.argv[1]), print=None,
            access_log=logging.getLogger("aiohttp.access"))
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(base_url + "/js.stripe.com/v3/", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@dataclass
class LocalStripe:
    """A running localstripe: `url` is its base URL (no trailing slash)."""

    url: str
    process: subprocess.Popen
    log_path: Path

    @property
    def js_url(self) -> str:
        """The Stripe.js stand-in; load it with <script src="..."> (see module doc)."""
        return self.url + "/js.stripe.com/v3/"

    def config(self, path: str, payload: dict | None = None, method: str = "POST") -> None:
        """Call one of localstripe's /_config/ endpoints (JSON body, no auth)."""
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(
            self.url + path, data=data, method=method,
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200, response.status

    def register_webhook(self, name: str, url: str, secret: str,
                         events: list[str] | None = None) -> None:
        """Deliver events (all, or only `events`) to `url`, signed with `secret`.
        Registering the same `name` again replaces it."""
        payload = {"url": url, "secret": secret}
        if events is not None:
            payload["events"] = events
        self.config(f"/_config/webhooks/{name}", payload)

    def unregister_webhook(self, name: str) -> None:
        """localstripe has no delete: re-register `name` with an empty event list."""
        self.config(f"/_config/webhooks/{name}",
                    {"url": "http://127.0.0.1:9/", "secret": "unused", "events": []})

    def flush(self) -> None:
        """Forget every object (DELETE /_config/data); webhooks stay registered."""
        self.config("/_config/data", method="DELETE")

    def authenticate_3ds(self, payment_intent_id: str, client_secret: str,
                         success: bool = True) -> dict:
        """Complete (or fail) 3-D Secure on a PaymentIntent in requires_action,
        as localstripe's Stripe.js does when the buyer clicks its modal. Returns
        the PaymentIntent as JSON."""
        request = urllib.request.Request(
            f"{self.url}/v1/payment_intents/{payment_intent_id}/_authenticate"
            f"?success={'true' if success else 'false'}",
            data=json.dumps({"key": TEST_PUBLISHABLE_KEY,
                             "client_secret": client_secret}).encode(),
            method="POST", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_localstripe(log_path: Path, attempts: int = 3) -> LocalStripe:
    """Start localstripe on a free loopback port and wait until it answers."""
    last_error = ""
    for _ in range(attempts):
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-c", _BOOTSTRAP, str(port)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break  # exited: the port was taken meanwhile, or it is broken
            if _answers(url):
                return LocalStripe(url=url, process=process, log_path=log_path)
            time.sleep(0.1)
        stop_localstripe(process)
        last_error = log_path.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"localstripe did not start; its log ends with:\n{last_error}")


def stop_localstripe(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # aiohttp shuts down cleanly on SIGTERM
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# One process per test session even when the fixture is registered twice (say,
# imported by tests/conftest.py and by a test module): users are counted.
_shared: dict = {"server": None, "users": 0}


def _stop_shared() -> None:
    server = _shared["server"]
    _shared["server"] = None
    if server is not None:
        stop_localstripe(server.process)


atexit.register(_stop_shared)  # should the session end without fixture teardown


@pytest.fixture(scope="session")
def localstripe_server(tmp_path_factory) -> LocalStripe:
    """One localstripe for the test session (started on first use, stopped at
    the end). Its store lives for the whole session: create your own objects
    and do not count global lists."""
    if _shared["server"] is None or _shared["server"].process.poll() is not None:
        log_path = tmp_path_factory.mktemp("localstripe") / "localstripe.log"
        _shared["server"] = start_localstripe(log_path)
    _shared["users"] += 1
    try:
        yield _shared["server"]
    finally:
        _shared["users"] -= 1
        if _shared["users"] == 0:
            _stop_shared()


@pytest.fixture
def stripe_api(localstripe_server):
    """The `stripe` library pointed at localstripe for one test.

    Sets the module globals (`stripe.api_key`, `stripe.api_base`; restored after
    the test) so code that calls `stripe.PaymentIntent.create(...)` reaches
    localstripe, and yields a `stripe.StripeClient` configured the same way
    (`base_addresses={"api": url}`) for code that takes a client.
    """
    import stripe

    saved = {name: getattr(stripe, name)
             for name in ("api_key", "api_base", "max_network_retries")}
    stripe.api_key = TEST_SECRET_KEY
    stripe.api_base = localstripe_server.url
    stripe.max_network_retries = 0
    try:
        yield stripe.StripeClient(
            TEST_SECRET_KEY,
            base_addresses={"api": localstripe_server.url},
            max_network_retries=0,
        )
    finally:
        for name, value in saved.items():
            setattr(stripe, name, value)
