"""The card payment page: served with a strict Content-Security-Policy, and
paid in a real browser (Debian Chromium driven by Playwright) against
localstripe's Stripe.js stand-in."""

import os
import re

import pytest

from commerce.graphql.core.ids import to_global_id
from commerce.payment.models import TransactionItem

from .conftest import initialize, make_checkout, make_order

CHROMIUM = "/usr/bin/chromium"


def csp(response) -> dict[str, str]:
    return {part.split()[0]: part.strip() for part in response["Content-Security-Policy"].split(";")}


def test_the_page_loads_stripe_js_from_settings_under_a_strict_policy(api, client, channel, stripe_settings):
    order = make_order(channel)
    result = initialize(api, to_global_id("Order", order.pk), "stripe")

    response = client.get(f"/pay/{result['transaction']['token']}/")

    assert response.status_code == 200
    html = response.content.decode()
    js_origin = re.match(r"https?://[^/]+", stripe_settings.STRIPE_JS_URL).group(0)
    assert f'<script src="{stripe_settings.STRIPE_JS_URL}">' in html
    assert "250.000 ₫" in html and "Thanh toán" in html
    policy = csp(response)
    assert policy["default-src"] == "default-src 'self'"
    assert policy["script-src"] == f"script-src 'self' {js_origin}"
    assert js_origin in policy["frame-src"] and js_origin in policy["connect-src"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    # No inline script at all: every <script> has a src.
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert response["Cache-Control"] == "no-store"


def test_the_production_policy_names_stripe(settings, client, api, channel):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_live_x", "pk_live_x"
    settings.STRIPE_API_BASE = ""
    settings.STRIPE_JS_URL = "https://js.stripe.com/v3/"
    from commerce.payment.views import content_security_policy

    policy = content_security_policy()

    assert "script-src 'self' https://js.stripe.com" in policy
    assert "connect-src 'self' https://api.stripe.com https://js.stripe.com" in policy
    assert "frame-src https://js.stripe.com https://hooks.stripe.com" in policy


def test_an_unknown_payment_link_is_not_found(db, client):
    assert client.get("/pay/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_the_page_is_only_for_card_payments(api, client, channel):
    checkout = make_checkout(channel)
    result = initialize(api, to_global_id("Checkout", checkout.pk), "cod")

    assert client.get(f"/pay/{result['transaction']['token']}/").status_code == 404


def test_confirm_wants_a_stripe_card_id(api, client, channel, stripe_settings):
    order = make_order(channel)
    result = initialize(api, to_global_id("Order", order.pk), "stripe")

    response = client.post(f"/pay/{result['transaction']['token']}/confirm/", data={"card": "4242424242424242"},
                           content_type="application/json")

    assert response.status_code == 400  # a card number is never accepted here


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Debian Chromium is not installed at {CHROMIUM}")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("number, three_d_secure", [("4242424242424242", False), ("4000000000003220", True)])
def test_a_customer_pays_by_card_in_a_browser(live_server, stripe_settings, stripe_api, number, three_d_secure):
    from django.test import Client
    from playwright.sync_api import expect, sync_playwright

    from tests.graphql.conftest import GraphQLClient

    from .conftest import make_channel_for_browser

    order = make_order(make_channel_for_browser(), total=250000)
    result = initialize(GraphQLClient(Client()), to_global_id("Order", order.pk), "stripe")
    token = result["transaction"]["token"]

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            page = browser.new_page()
            violations = []
            page.on("console", lambda message: "Content Security Policy" in message.text
                    and violations.append(message.text))
            response = page.goto(f"{live_server.url}/pay/{token}/")
            assert "script-src 'self'" in response.headers["content-security-policy"]
            page.fill("#card-element input[placeholder=number]", number)
            page.fill("#card-element input[placeholder=exp_month]", "12")
            page.fill("#card-element input[placeholder=exp_year]", "30")
            page.fill("#card-element input[placeholder=cvc]", "123")
            page.fill("#card-element input[placeholder=postal_code]", "10000")
            page.click("#pay-button")
            if three_d_secure:
                page.get_by_text("Complete authentication").click()
            expect(page.locator("#status-succeeded")).to_be_visible(timeout=15000)
            assert violations == []
        finally:
            browser.close()

    order.refresh_from_db()
    assert (order.charge_status, order.total_charged_amount) == ("full", 250000)
    item = TransactionItem.objects.get(token=token)
    assert item.amount_charged_value == 250000
