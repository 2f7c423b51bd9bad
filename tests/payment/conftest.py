"""Shared set-up for payment tests: a checkout or an order to pay, Stripe
pointed at localstripe, the bank account for VietQR, and signed webhooks."""

import hashlib
import hmac
import json
import time
from decimal import Decimal

import pytest

from commerce.checkout.models import Checkout, CheckoutLine
from commerce.order.models import Order, OrderLine, OrderStatus
from tests import factories
from tests.stripe_server import TEST_PUBLISHABLE_KEY, TEST_SECRET_KEY, localstripe_server, stripe_api  # noqa: F401

WEBHOOK_SECRET = "whsec_ocop_test_secret"
BANK_SECRET = "bank-secret-for-tests"


@pytest.fixture
def stripe_settings(settings, localstripe_server):  # noqa: F811
    settings.STRIPE_SECRET_KEY = TEST_SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = TEST_PUBLISHABLE_KEY
    settings.STRIPE_API_BASE = localstripe_server.url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_JS_URL = localstripe_server.js_url
    return settings


@pytest.fixture
def vietqr_settings(settings):
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "1023456789"
    settings.VIETQR_ACCOUNT_NAME = "TRUNG TAM OCOP HA NOI"
    settings.VIETQR_WEBHOOK_SECRET = BANK_SECRET
    return settings


@pytest.fixture
def channel(db):
    return factories.make_channel("web-shop", name="Cửa hàng trực tuyến")


def centre_counter(channel):
    """The channel's own stockroom, opened for click-and-collect."""
    from commerce.warehouse.models import WarehouseClickAndCollectOption

    warehouse = factories.channel_warehouse(channel)
    warehouse.click_and_collect_option = WarehouseClickAndCollectOption.LOCAL_STOCK
    warehouse.is_private = False
    warehouse.save(update_fields=["click_and_collect_option", "is_private"])
    return warehouse


def make_checkout(channel, *, price=125000, quantity=2, collection_point=None, **fields) -> Checkout:
    product = factories.make_product(channels=[channel], price=price)
    checkout = Checkout.objects.create(
        channel=channel, currency=channel.currency_code, email="khach@ocop.test",
        collection_point=collection_point, **fields)
    CheckoutLine.objects.create(checkout=checkout, variant=product.variants.first(), quantity=quantity)
    return checkout


def make_order(channel, *, total=250000, currency=None, collection_point=None, **fields) -> Order:
    currency = currency or channel.currency_code
    total = Decimal(total)
    order = Order.objects.create(
        channel=channel, currency=currency, status=OrderStatus.UNFULFILLED, user_email="khach@ocop.test",
        total_net_amount=total, total_gross_amount=total, subtotal_net_amount=total, subtotal_gross_amount=total,
        undiscounted_total_net_amount=total, undiscounted_total_gross_amount=total,
        collection_point=collection_point, **fields)
    OrderLine.objects.create(
        order=order, product_name="Bình gốm men lam", quantity=2, currency=currency,
        unit_price_net_amount=total / 2, unit_price_gross_amount=total / 2,
        total_price_net_amount=total, total_price_gross_amount=total)
    return order


def usd_channel():
    channel = factories.make_channel(f"usd-{factories.serial()}")
    channel.currency_code = "USD"
    channel.save(update_fields=["currency_code"])
    return channel


def stripe_signature(body: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def stripe_event(intent, event_type: str, event_id: str | None = None) -> bytes:
    """A Stripe event as Stripe (and localstripe) sends it, carrying `intent`
    as the object (possibly an old copy of it)."""
    obj = intent.to_dict() if hasattr(intent, "to_dict") else dict(intent)
    return json.dumps({
        "id": event_id or f"evt_{factories.serial()}_{int(time.time() * 1000)}",
        "object": "event", "type": event_type, "created": int(time.time()), "livemode": False,
        "api_version": "2017-08-15", "data": {"object": obj},
    }, default=str).encode()


def post_stripe_event(client, body: bytes, signature: str | None = None):
    return client.post("/webhooks/stripe/", data=body, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=signature if signature is not None else stripe_signature(body))


@pytest.fixture
def api(client, db):
    from tests.graphql.conftest import GraphQLClient

    return GraphQLClient(client)


TRANSACTION_FIELDS = """
    id token pspReference name actions
    chargedAmount { amount currency } authorizedAmount { amount }
    refundedAmount { amount } chargePendingAmount { amount }
    events { type amount { amount } pspReference message }
"""

INITIALIZE = """
mutation Init($id: ID!, $gateway: String!, $amount: PositiveDecimal, $key: String) {
  transactionInitialize(id: $id, paymentGateway: {id: $gateway}, amount: $amount, idempotencyKey: $key) {
    transaction { %s }
    transactionEvent { type message }
    data
    errors { field message code }
  }
}
""" % TRANSACTION_FIELDS

PROCESS = """
mutation Process($id: ID, $token: UUID) {
  transactionProcess(id: $id, token: $token) {
    transaction { %s }
    transactionEvent { type }
    data
    errors { field message code }
  }
}
""" % TRANSACTION_FIELDS

REQUEST_ACTION = """
mutation Action($id: ID!, $action: TransactionActionEnum!, $amount: PositiveDecimal) {
  transactionRequestAction(id: $id, actionType: $action, amount: $amount) {
    transaction { %s }
    errors { field message code }
  }
}
""" % TRANSACTION_FIELDS


def initialize(api, source_id, gateway, **variables):
    return api.data(INITIALIZE, {"id": source_id, "gateway": gateway, **variables})["transactionInitialize"]


def make_channel_for_browser():
    return factories.make_channel(f"trinh-duyet-{factories.serial()}")
