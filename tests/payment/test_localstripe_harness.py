"""What localstripe (the Stripe stand-in of our tests) does and does not do.

Each test pins one behaviour that tests/stripe_server.py's docstring reports,
so that an upgrade of localstripe or stripe that changes it fails here first.
"""

import functools
import hashlib
import hmac
import http.server
import json
import os
import queue
import re
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
import stripe

from tests.stripe_server import (  # noqa: F401 (fixtures)
    TEST_PUBLISHABLE_KEY,
    TEST_SECRET_KEY,
    localstripe_server,
    stripe_api,
)

# Debian's chromium; OCOP_CHROMIUM points elsewhere (or at nothing, to skip).
CHROMIUM = Path(os.environ.get("OCOP_CHROMIUM", "/usr/bin/chromium"))


def card(number: str) -> stripe.PaymentMethod:
    return stripe.PaymentMethod.create(
        type="card", card={"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"})


def charge_id(payment_intent) -> str:
    latest = payment_intent.latest_charge
    return latest if isinstance(latest, str) else latest.id


# -- the harness ---------------------------------------------------------------


def test_server_runs_on_loopback_and_serves_stripe_js(localstripe_server):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", localstripe_server.url)
    assert localstripe_server.process.poll() is None
    with urllib.request.urlopen(localstripe_server.js_url) as response:
        assert response.headers["Content-Type"].startswith("application/javascript")
        script = response.read().decode()
    assert "LOCALSTRIPE_BASE_API" in script and "confirmCardPayment" in script
    # The route is exactly /js.stripe.com/v3/ (trailing slash included).
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(localstripe_server.url + "/js.stripe.com/v3")
    assert error.value.code == 404


def test_stripe_api_points_the_library_and_a_client_at_localstripe(stripe_api, localstripe_server):
    assert stripe.api_base == localstripe_server.url
    assert stripe.api_key == TEST_SECRET_KEY
    via_module = stripe.PaymentIntent.create(amount=1000, currency="usd")
    via_client = stripe_api.v1.payment_intents.create(params={"amount": 1000, "currency": "usd"})
    assert via_module.id.startswith("pi_") and via_client.id.startswith("pi_")
    assert stripe_api.v1.payment_intents.retrieve(via_module.id).id == via_module.id


def test_stripe_api_restores_the_library_globals(localstripe_server):
    # Outside the stripe_api fixture the library points at Stripe again.
    assert stripe.api_base == "https://api.stripe.com"


def test_only_a_secret_key_authenticates(localstripe_server):
    request = urllib.request.Request(localstripe_server.url + "/v1/payment_intents")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request)
    assert error.value.code == 401
    request.add_header("Authorization", "Bearer sk_test_anything")
    with urllib.request.urlopen(request) as response:
        assert response.status == 200


# -- PaymentIntents ------------------------------------------------------------


def test_vnd_is_taken_as_given_zero_decimal(stripe_api):
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd")  # 125.000 ₫
    assert (intent.amount, intent.currency) == (125000, "vnd")
    assert intent.status == "requires_payment_method"
    assert intent.client_secret.startswith(intent.id + "_secret_")
    assert intent.capture_method == "automatic_async"


def test_idempotency_key_is_ignored(stripe_api):
    key = f"order-{uuid.uuid4()}"
    first = stripe.PaymentIntent.create(amount=125000, currency="vnd", idempotency_key=key)
    again = stripe.PaymentIntent.create(amount=125000, currency="vnd", idempotency_key=key)
    via_client = stripe_api.v1.payment_intents.create(
        params={"amount": 1999, "currency": "usd"}, options={"idempotency_key": key})
    # Real Stripe would answer `again` with `first`; localstripe creates anew.
    assert len({first.id, again.id, via_client.id}) == 3


@pytest.mark.parametrize("param", [
    {"description": "Order 42"},
    {"receipt_email": "buyer@example.vn"},
    {"automatic_payment_methods": {"enabled": True}},
    {"statement_descriptor": "OCOP SHOP"},
    {"return_url": "https://shop.example/return"},
])
def test_create_rejects_parameters_it_does_not_know(stripe_api, param):
    with pytest.raises(stripe.InvalidRequestError) as error:
        stripe.PaymentIntent.create(amount=125000, currency="vnd", **param)
    assert error.value.http_status == 400
    assert str(error.value) == "Unexpected " + next(iter(param))


def test_create_accepts_the_parameters_it_knows(stripe_api):
    intent = stripe.PaymentIntent.create(
        amount=125000, currency="vnd", metadata={"order": "O-1", "channel": "web"},
        payment_method_types=["card"], capture_method="manual",
        payment_method_options={"card": {}}, expand=["latest_charge"])
    assert intent.metadata.to_dict() == {"order": "O-1", "channel": "web"}
    assert intent.capture_method == "manual"


def test_pm_card_visa_confirms_to_succeeded(stripe_api):
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd", payment_method="pm_card_visa")
    assert intent.status == "requires_confirmation"
    intent = stripe.PaymentIntent.confirm(intent.id)
    assert intent.status == "succeeded"
    # latest_charge comes expanded (an object, not an id as Stripe sends it).
    assert isinstance(intent.latest_charge, stripe.Charge)
    assert intent.latest_charge.status == "succeeded" and intent.latest_charge.paid
    assert intent.latest_charge.amount == 125000
    assert stripe.PaymentIntent.retrieve(intent.id).status == "succeeded"
    one_call = stripe.PaymentIntent.create(amount=1999, currency="usd",
                                           payment_method="pm_card_visa", confirm=True)
    assert one_call.status == "succeeded"


def test_confirm_does_not_take_a_payment_method_but_modify_does(stripe_api):
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd")
    with pytest.raises(stripe.APIError) as error:
        stripe.PaymentIntent.confirm(intent.id, payment_method="pm_card_visa")
    assert error.value.http_status == 500 and "Not implemented" in str(error.value)
    stripe.PaymentIntent.modify(intent.id, payment_method="pm_card_visa")
    assert stripe.PaymentIntent.confirm(intent.id).status == "succeeded"


def test_card_numbers_and_tokens(stripe_api):
    assert card("4242424242424242").card.last4 == "4242"
    token = stripe.Token.create(card={"number": "4242424242424242", "exp_month": 12,
                                      "exp_year": 2030, "cvc": "123"})
    assert token.id.startswith("tok_") and token.card.id.startswith("card_")
    # A token's card id works as a payment method.
    intent = stripe.PaymentIntent.create(amount=100, currency="usd",
                                         payment_method=token.card.id, confirm=True)
    assert intent.status == "succeeded"
    # Stripe's shortcut ids other than three are unknown.
    for unknown in ("pm_card_chargeDeclined", "pm_card_threeDSecure2Required"):
        with pytest.raises(stripe.InvalidRequestError) as error:
            stripe.PaymentIntent.create(amount=100, currency="usd", payment_method=unknown)
        assert error.value.http_status == 404
    with pytest.raises(stripe.InvalidRequestError):
        stripe.PaymentIntent.create(amount=100, currency="usd", payment_method="tok_visa")
    # Numbers must be 16 digits, no spaces.
    with pytest.raises(stripe.InvalidRequestError):
        card("4242 4242 4242 4242")


def test_decline_at_charge_is_only_4000000000000341(stripe_api):
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd",
                                         payment_method=card("4000000000000341").id)
    with pytest.raises(stripe.CardError) as error:
        stripe.PaymentIntent.confirm(intent.id)
    assert error.value.http_status == 402
    assert error.value.code == "card_declined"
    assert str(error.value) == "Your card was declined."
    # The error names the charge, not the PaymentIntent: keep the PI's id.
    body = error.value.json_body["error"]
    assert body["charge"].startswith("ch_") and "payment_intent" not in body
    failed = stripe.PaymentIntent.retrieve(intent.id)
    assert failed.status == "requires_payment_method"
    assert failed.last_payment_error.code == "card_declined"
    assert failed.latest_charge.status == "failed"


@pytest.mark.parametrize("payment_method", [
    "4000000000000002", "4000000000009995", "pm_card_visa_chargeDeclined"])
def test_stripe_decline_cards_succeed_at_charge(stripe_api, payment_method):
    if payment_method.isdigit():
        payment_method = card(payment_method).id
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd",
                                         payment_method=payment_method, confirm=True)
    assert intent.status == "succeeded"


def test_4000000000000002_is_declined_when_attached_to_a_customer(stripe_api):
    customer = stripe.Customer.create(email="buyer@example.vn")
    with pytest.raises(stripe.CardError) as error:
        stripe.PaymentMethod.attach(card("4000000000000002").id, customer=customer.id)
    assert error.value.code == "card_declined"


@pytest.mark.parametrize("number", ["4000002760003184", "4000000000003220", "4000002500003155"])
def test_three_d_secure_cards_require_action_then_authenticate(stripe_api, localstripe_server, number):
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd",
                                         payment_method=card(number).id, confirm=True)
    assert intent.status == "requires_action"
    assert intent.next_action.type == "use_stripe_sdk"
    assert intent.next_action.use_stripe_sdk.type == "three_d_secure_redirect"
    assert intent.latest_charge is None
    done = localstripe_server.authenticate_3ds(intent.id, intent.client_secret, success=True)
    assert done["status"] == "succeeded"
    assert stripe.PaymentIntent.retrieve(intent.id).status == "succeeded"


def test_three_d_secure_failure(stripe_api, localstripe_server):
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd",
                                         payment_method=card("4000002760003184").id, confirm=True)
    failed = localstripe_server.authenticate_3ds(intent.id, intent.client_secret, success=False)
    assert failed["status"] == "requires_payment_method"
    assert failed["payment_method"] is None
    assert failed["last_payment_error"]["code"] == "payment_intent_authentication_failure"
    # A wrong client secret is refused.
    other = stripe.PaymentIntent.create(amount=1000, currency="vnd",
                                        payment_method=card("4000002760003184").id, confirm=True)
    with pytest.raises(urllib.error.HTTPError) as error:
        localstripe_server.authenticate_3ds(other.id, intent.client_secret)
    assert error.value.code == 401


def test_refunds(stripe_api):
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd",
                                         payment_method="pm_card_visa", confirm=True)
    partial = stripe.Refund.create(payment_intent=intent.id, amount=25000)
    assert (partial.status, partial.amount, partial.currency) == ("succeeded", 25000, "vnd")
    assert partial.charge == charge_id(intent)
    rest = stripe.Refund.create(charge=charge_id(intent), amount=100000)
    assert rest.status == "succeeded"
    listed = stripe.Refund.list(payment_intent=intent.id)
    assert {refund.id for refund in listed.data} == {partial.id, rest.id}
    charge = stripe.Charge.retrieve(charge_id(intent))
    assert (charge.amount_refunded, charge.refunded) == (125000, True)
    # No check against the amount left: Stripe would refuse this one.
    too_much = stripe.Refund.create(payment_intent=intent.id, amount=1)
    assert too_much.status == "succeeded"
    assert stripe.Charge.retrieve(charge_id(intent)).amount_refunded == 125001
    # Without an amount, the whole charge again.
    assert stripe.Refund.create(payment_intent=intent.id).amount == 125000
    with pytest.raises(stripe.InvalidRequestError, match="Unexpected reason"):
        stripe.Refund.create(payment_intent=intent.id, amount=1, reason="requested_by_customer")


def test_refund_of_a_failed_payment_is_refused(stripe_api):
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd",
                                         payment_method=card("4000000000000341").id)
    with pytest.raises(stripe.CardError):
        stripe.PaymentIntent.confirm(intent.id)
    with pytest.raises(stripe.InvalidRequestError, match="Cannot refund a failed payment"):
        stripe.Refund.create(payment_intent=intent.id)


def test_manual_capture_and_cancel(stripe_api):
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd", payment_method="pm_card_visa",
                                         capture_method="manual", confirm=True)
    assert intent.status == "requires_capture"
    captured = stripe.PaymentIntent.capture(intent.id, amount_to_capture=100000)
    assert captured.status == "succeeded"
    # The part not captured is refunded.
    assert stripe.Charge.retrieve(charge_id(captured)).amount_refunded == 25000
    open_intent = stripe.PaymentIntent.create(amount=5000, currency="vnd")
    assert stripe.PaymentIntent.cancel(open_intent.id).status == "canceled"
    with pytest.raises(stripe.InvalidRequestError):
        stripe.PaymentIntent.cancel(intent.id)  # succeeded: too late


# -- events and webhooks -------------------------------------------------------


@pytest.fixture
def webhook_receiver(localstripe_server):
    """An HTTP endpoint that records what localstripe POSTs to it."""
    received: queue.Queue = queue.Queue()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.put((dict(self.headers), body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    names = []

    def register(secret, events=None):
        name = f"test-{uuid.uuid4().hex[:8]}"
        names.append(name)
        localstripe_server.register_webhook(
            name, f"http://127.0.0.1:{server.server_port}/stripe/webhook", secret, events)
        return received

    try:
        yield register
    finally:
        for name in names:
            localstripe_server.unregister_webhook(name)
        server.shutdown()
        server.server_close()


def wait_for(received, event_type, object_id, timeout=10.0):
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            headers, body = received.get(timeout=left)
        except queue.Empty:
            break
        event = json.loads(body)
        if event["type"] == event_type and event["data"]["object"]["id"] == object_id:
            return headers, body
    raise AssertionError(f"no {event_type} for {object_id} within {timeout}s")


def test_webhook_is_signed_like_stripe(stripe_api, webhook_receiver):
    secret = "whsec_ocop_test"
    received = webhook_receiver(secret)
    sent_at = int(time.time())
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd",
                                         payment_method="pm_card_visa", confirm=True)
    headers, body = wait_for(received, "payment_intent.succeeded", intent.id)

    assert headers["Content-Type"] == "application/json; charset=utf-8"
    signature = headers["Stripe-Signature"]
    match = re.fullmatch(r"t=(\d+),v1=([0-9a-f]{64})", signature)
    assert match, signature
    timestamp = int(match.group(1))
    assert sent_at - 1 <= timestamp <= time.time()
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert match.group(2) == expected

    event = stripe.Webhook.construct_event(body, signature, secret)
    assert event.type == "payment_intent.succeeded"
    assert event.data.object.id == intent.id
    assert event.data.object.amount == 125000 and event.data.object.currency == "vnd"
    assert event.api_version == "2017-08-15"
    assert event.id.startswith("evt_") and event.livemode is False
    assert stripe_api.construct_event(body, signature, secret).id == event.id
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(body, signature, "whsec_wrong")
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(body.replace(b"125000", b"125001"), signature, secret)


def test_webhook_for_a_decline_and_event_filter(stripe_api, webhook_receiver):
    received = webhook_receiver("whsec_failures", events=["payment_intent.payment_failed"])
    paid = stripe.PaymentIntent.create(amount=1000, currency="vnd",
                                       payment_method="pm_card_visa", confirm=True)
    declined = stripe.PaymentIntent.create(amount=1000, currency="vnd",
                                           payment_method=card("4000000000000341").id)
    with pytest.raises(stripe.CardError):
        stripe.PaymentIntent.confirm(declined.id)
    headers, body = wait_for(received, "payment_intent.payment_failed", declined.id)
    event = stripe.Webhook.construct_event(body, headers["Stripe-Signature"], "whsec_failures")
    assert event.data.object.last_payment_error.code == "card_declined"
    time.sleep(1.5)  # deliveries leave 1 s after the event
    others = []
    while not received.empty():
        others.append(json.loads(received.get()[1]))
    assert all(e["type"] == "payment_intent.payment_failed" for e in others)
    assert paid.id not in {e["data"]["object"]["id"] for e in others}


def test_only_payment_intent_success_and_failure_emit_events(stripe_api, localstripe_server):
    since = int(time.time()) - 1
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd",
                                         payment_method="pm_card_visa", confirm=True)
    stripe.Refund.create(payment_intent=intent.id, amount=1000)
    manual = stripe.PaymentIntent.create(amount=5000, currency="vnd", payment_method="pm_card_visa",
                                         capture_method="manual", confirm=True)
    stripe.PaymentIntent.capture(manual.id)
    canceled = stripe.PaymentIntent.create(amount=5000, currency="vnd")
    stripe.PaymentIntent.cancel(canceled.id)
    three_ds = stripe.PaymentIntent.create(amount=5000, currency="vnd",
                                           payment_method=card("4000002760003184").id, confirm=True)
    localstripe_server.authenticate_3ds(three_ds.id, three_ds.client_secret, success=False)
    ids = {intent.id, charge_id(intent), manual.id, canceled.id, three_ds.id}
    events = stripe.Event.list(created={"gte": since}, limit=100)
    ours = sorted((e.type, e.data.object.id) for e in events.data if e.data.object.id in ids)
    # No payment_intent.created / .canceled / .requires_action / charge.* /
    # refund events; a failed 3-D Secure sends nothing either.
    assert ours == sorted([("payment_intent.succeeded", intent.id),
                           ("payment_intent.succeeded", manual.id)])
    typed = stripe.Event.list(type="payment_intent.succeeded", created={"gte": since}, limit=100)
    assert intent.id in {e.data.object.id for e in typed.data}


# -- Stripe.js stand-in in a real browser -------------------------------------

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>localstripe card</title>
<script src="{js_url}"></script></head>
<body>
<form id="payment"><div id="card-element"></div></form>
<script>
  const stripe = Stripe("{publishable_key}");
  const card = stripe.elements().create("card");
  card.mount("#card-element");
  window.tokenize = () => stripe.createToken(card);
  // Not awaited by the test: confirmCardPayment waits for a click in its modal.
  window.startConfirm = (clientSecret) => {{
    window.confirmResult = null;
    stripe.confirmCardPayment(clientSecret, {{payment_method: {{card: card}}}})
      .then((result) => {{ window.confirmResult = result; }});
  }};
</script>
</body></html>
"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (Debian's chromium package): no browser test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def card_page(browser, localstripe_server, tmp_path):
    """A static page on a throwaway http.server that loads localstripe's Stripe.js
    and mounts its card element; yields the Playwright page."""
    (tmp_path / "index.html").write_text(PAGE.format(
        js_url=localstripe_server.js_url, publishable_key=TEST_PUBLISHABLE_KEY))
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/index.html")
        page.wait_for_selector("#card-element input[placeholder=number]")
        yield page
    finally:
        page.close()
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def type_card(page, number, exp_month="12", exp_year="30", cvc="123", postal_code="10000"):
    page.fill("input[placeholder=number]", "")
    page.type("input[placeholder=number]", number)
    page.fill("input[placeholder=exp_month]", exp_month)
    page.fill("input[placeholder=exp_year]", exp_year)  # two digits: it prefixes "20"
    page.fill("input[placeholder=cvc]", cvc)
    page.fill("input[placeholder=postal_code]", postal_code)


def confirm_in_page(page, client_secret, button):
    page.evaluate("secret => window.startConfirm(secret)", client_secret)
    page.click(f"button:has-text('{button}')")
    return page.wait_for_function("window.confirmResult").json_value()


def test_card_element_mounts_plain_inputs(card_page):
    inputs = card_page.eval_on_selector_all(
        "#card-element input", "nodes => nodes.map(n => n.placeholder)")
    assert inputs == ["number", "exp_month", "exp_year", "cvc", "postal_code"]
    assert card_page.locator("iframe").count() == 0


def test_typed_4242_card_pays_a_payment_intent(card_page, stripe_api):
    type_card(card_page, "4242424242424242")
    result = card_page.evaluate("window.tokenize()")
    assert result.get("error") is None, result
    token = result["token"]
    assert token["id"].startswith("tok_") and token["card"]["last4"] == "4242"
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd")
    stripe.PaymentIntent.modify(intent.id, payment_method=token["card"]["id"])
    assert stripe.PaymentIntent.confirm(intent.id).status == "succeeded"


def test_typed_card_number_with_spaces_is_refused(card_page):
    type_card(card_page, "4242424242424242")
    card_page.fill("input[placeholder=number]", "4242 4242 4242 4242")  # pasted
    result = card_page.evaluate("window.tokenize()")
    assert result["error"]["message"] == "Bad request"


def test_confirm_card_payment_completes_three_d_secure(card_page, stripe_api):
    type_card(card_page, "4000002760003184")
    token = card_page.evaluate("window.tokenize()")["token"]
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd",
                                         payment_method=token["card"]["id"], confirm=True)
    assert intent.status == "requires_action"
    result = confirm_in_page(card_page, intent.client_secret, "Complete authentication")
    assert result.get("error") is None, result
    assert result["paymentIntent"]["status"] == "succeeded"
    assert stripe.PaymentIntent.retrieve(intent.id).status == "succeeded"


def test_confirm_card_payment_failed_authentication(card_page, stripe_api):
    type_card(card_page, "4000000000003220")
    token = card_page.evaluate("window.tokenize()")["token"]
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd",
                                         payment_method=token["card"]["id"], confirm=True)
    result = confirm_in_page(card_page, intent.client_secret, "Fail authentication")
    assert result["paymentIntent"]["status"] == "requires_payment_method"
    assert result["paymentIntent"]["last_payment_error"]["code"] == \
        "payment_intent_authentication_failure"


def test_confirm_card_payment_ignores_the_card_element(card_page, stripe_api):
    """Stripe.js's usual flow (PaymentIntent without payment method, card
    element passed to confirmCardPayment) does not work: localstripe's
    confirmCardPayment only answers a 3-D Secure challenge."""
    type_card(card_page, "4242424242424242")
    intent = stripe.PaymentIntent.create(amount=125000, currency="vnd")
    result = confirm_in_page(card_page, intent.client_secret, "Complete authentication")
    assert result["error"]["message"] == "Bad request"
    assert stripe.PaymentIntent.retrieve(intent.id).status == "requires_payment_method"
