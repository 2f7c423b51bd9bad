"""Checkout from create to complete (3 lines, cash on delivery) through the HTTP API.

    .venv/bin/python benchmarks/checkout.py [--checkouts 200] [--clients 1 8]

Each client runs, one after another: checkoutCreate (3 lines, email, shipping
address), checkoutDeliveryMethodUpdate (the first shipping method offered),
transactionInitialize (gateway "cod") and checkoutComplete, against a real
gunicorn (one worker per core plus one, four threads each, as `./shop run`
serves). Prints completed checkouts per second with 1 and with 8 concurrent
clients and the median and p95 latency of checkoutComplete (the step that
locks and allocates stock). Stock of the three variants is set high first, so
no run fails for lack of it. Figures also go to benchmarks/results/checkout.json.
"""

import argparse
import os
import threading
import time

import harness

CREATE = """
mutation Create($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) {
    checkout { id shippingMethods { id } }
    errors { field code message }
  }
}
"""
DELIVERY = """
mutation Delivery($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
    checkout { id }
    errors { field code message }
  }
}
"""
PAY = """
mutation Pay($id: ID!) {
  transactionInitialize(id: $id, paymentGateway: {id: "cod"}) {
    transaction { id }
    errors { field code message }
  }
}
"""
COMPLETE = """
mutation Complete($id: ID!) {
  checkoutComplete(id: $id) {
    order { id number }
    errors { field code message }
  }
}
"""

# Picks three priced, published variants of the channel, gives them plenty of
# stock in the channel's first warehouse, makes sure the channel ships, and
# prints what the clients need.
SETUP = """
import json
from commerce.channel.models import Channel
from commerce.product.models import ProductVariantChannelListing
from commerce.shipping.demo import ensure_default_shipping
from commerce.warehouse.models import Stock
from commerce.graphql.core.ids import to_global_id
from commerce.account import divisions

channel = Channel.objects.get(slug={channel!r})
ensure_default_shipping(channel)
warehouse = channel.warehouses.order_by("channel_warehouses__sort_order").first()
listings = (ProductVariantChannelListing.objects
    .filter(channel=channel, price_amount__isnull=False,
            variant__product__channel_listings__channel=channel,
            variant__product__channel_listings__is_published=True,
            variant__product__channel_listings__available_for_purchase_at__isnull=False)
    .select_related("variant").order_by("variant_id")[:3])
variants = []
for listing in listings:
    Stock.objects.update_or_create(warehouse=warehouse, product_variant=listing.variant,
                                   defaults={{"quantity": 10**7, "quantity_allocated": 0}})
    variants.append(to_global_id("ProductVariant", listing.variant_id))
print("SETUP" + json.dumps({{"variants": variants, "address": {address}}}))
"""


def ensure_demo(env) -> None:
    harness.manage(env, "migrate", "--verbosity", "0")
    harness.manage(env, "load_demo_data", "--no-images")


def setup(env, channel: str, address_expr: str) -> dict:
    import json

    out = harness.manage(env, "shell", "-c", SETUP.format(channel=channel, address=address_expr), capture=True)
    line = next(line for line in out.splitlines() if line.startswith("SETUP"))
    return json.loads(line[len("SETUP"):])


def one_checkout(url: str, channel: str, fixture: dict, n: int) -> float:
    """Runs one checkout to an order; returns checkoutComplete's milliseconds."""
    lines = [{"variantId": v, "quantity": 1 + i} for i, v in enumerate(fixture["variants"])]
    _, payload = harness.post_graphql(url, CREATE, {"input": {
        "channel": channel, "email": f"khach-{n}@bench.test", "lines": lines,
        "shippingAddress": fixture["address"], "billingAddress": fixture["address"],
    }})
    result = _ok(payload, "checkoutCreate")
    checkout = result["checkout"]
    _ok(harness.post_graphql(url, DELIVERY, {"id": checkout["id"], "method": checkout["shippingMethods"][0]["id"]})[1],
        "checkoutDeliveryMethodUpdate")
    _ok(harness.post_graphql(url, PAY, {"id": checkout["id"]})[1], "transactionInitialize")
    elapsed, payload = harness.post_graphql(url, COMPLETE, {"id": checkout["id"]})
    assert _ok(payload, "checkoutComplete")["order"]["number"]
    return elapsed


def _ok(payload: dict, field: str) -> dict:
    assert "errors" not in payload, payload["errors"]
    result = payload["data"][field]
    assert not result["errors"], result["errors"]
    return result


def run(url: str, channel: str, fixture: dict, clients: int, checkouts: int) -> dict:
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(checkouts))
    failures: list[BaseException] = []

    def client():
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            try:
                elapsed = one_checkout(url, channel, fixture, n)
            except BaseException as error:  # report, do not hang the others
                failures.append(error)
                return
            with lock:
                latencies.append(elapsed)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if failures:
        raise failures[0]
    return {
        "clients": clients,
        "checkouts": len(latencies),
        "checkouts_per_second": round(len(latencies) / wall, 2),
        "checkout_complete_ms": harness.summary(latencies),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkouts", type=int, default=200)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--channel", default="web-shop")
    args = parser.parse_args()

    # A real Hà Nội ward, looked up rather than typed, so the address validates.
    # A real Hà Nội ward, looked up rather than typed, so the address validates.
    address_expr = (
        "(lambda w: {'firstName': 'Lan', 'lastName': 'Nguyễn', 'streetAddress1': '12 Hàng Bạc',"
        " 'phone': '0912345678', 'country': 'VN', 'provinceCode': divisions.HANOI, 'wardCode': int(w.code),"
        " 'countryArea': divisions.province(divisions.HANOI).name, 'city': w.name})"
        "(min((w for w in divisions.wards().values() if int(w.province_code) == divisions.HANOI), key=lambda w: int(w.code)))"
    )
    with harness.services("ocop_bench_checkout") as env:
        ensure_demo(env)
        fixture = setup(env, args.channel, address_expr)
        workers = (os.cpu_count() or 1) + 1
        runs = []
        with harness.gunicorn(env, workers=workers, threads=4) as (url, _master):
            one_checkout(url, args.channel, fixture, -1)  # warm every import and cache
            for clients in args.clients:
                runs.append(run(url, args.channel, fixture, clients, args.checkouts))
                print(runs[-1])

    harness.report("checkout", {
        "flow": "checkoutCreate (3 lines) → checkoutDeliveryMethodUpdate → transactionInitialize(cod) → checkoutComplete",
        "gunicorn": f"{workers} workers × 4 threads",
        "runs": runs,
    })


if __name__ == "__main__":
    main()
