"""Many customers buying the last items at the same moment, on real PostgreSQL.

Every placement runs in a thread with its own database connection and its own
transaction, as separate web processes would. A barrier releases them
together: all 200 when the server allows that many connections (the embedded
server `./shop test` starts allows 300), else in waves as large as the free
connections allow (`SHOW max_connections` is 100 on a default PostgreSQL,
shared with whatever else runs; `concurrent_workers`). Each wave still piles
its transactions up on the same Stock rows, which is what the row locks must
survive.

The checks: exactly as many orders as there is stock, every other attempt a
clean INSUFFICIENT_STOCK, and the stock rows, the Allocation rows and the
orders agreeing (nothing allocated twice, no deadlock between orders that
lock the same rows listing their lines in a different order).
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections, transaction
from django.db.models import Sum

from commerce.order.models import Order
from commerce.warehouse.exceptions import InsufficientStock
from commerce.warehouse.models import Allocation, Stock
from tests import factories
from tests.order.helpers import make_checkout, put_stock, shipping_method, stocked_variant

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ATTEMPTS = 200
# Connections left for the rest of the test run (its own connection, Celery, …).
SPARE_CONNECTIONS = 15


def concurrent_workers() -> int:
    """As many simultaneous placements as the server has free connections for."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity")
        free = cursor.fetchone()[0]
    return max(10, min(ATTEMPTS, free - SPARE_CONNECTIONS))


def place(checkout_token) -> str:
    """Complete one checkout through checkoutComplete's action, in its own
    transaction on this thread's connection; "ok" or the error codes."""
    from django.core.exceptions import ValidationError

    from commerce.checkout.actions import complete_checkout
    from commerce.checkout.models import Checkout

    try:
        with transaction.atomic():
            complete_checkout(Checkout.objects.get(pk=checkout_token))
        return "ok"
    except ValidationError as error:
        return ",".join(sorted({e.code for errors in error.error_dict.values() for e in errors}))
    except InsufficientStock:  # would be a bug: checkoutComplete must turn it into an error
        return "uncaught InsufficientStock"
    finally:
        connection.close()


def run_together(tokens) -> list[str]:
    """Place every checkout, as many at a time as connections allow, each wave
    released by a barrier."""
    results = []
    workers = concurrent_workers()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for start in range(0, len(tokens), workers):
            wave = tokens[start:start + workers]
            barrier = threading.Barrier(len(wave), timeout=60)

            def attempt(token, barrier=barrier):
                barrier.wait()
                return place(token)

            results.extend(pool.map(attempt, wave))
    connections.close_all()
    return results


def allocated_total(variant) -> int:
    return Allocation.objects.filter(stock__product_variant=variant).aggregate(n=Sum("quantity_allocated"))["n"] or 0


def test_two_hundred_simultaneous_orders_for_ten_items_make_exactly_ten_orders():
    channel = factories.make_channel(allow_unpaid_orders=True)
    variant = stocked_variant(channel, stock=10)
    method = shipping_method(channel)
    tokens = [make_checkout(channel, [(variant, 1)], gateway="cod", shipping_method=method).pk
              for _ in range(ATTEMPTS)]

    results = run_together(tokens)

    assert results.count("ok") == 10, sorted(set(results))
    assert results.count("INSUFFICIENT_STOCK") == ATTEMPTS - 10
    stock = Stock.objects.get(product_variant=variant)
    assert (stock.quantity, stock.quantity_allocated) == (10, 10)
    assert allocated_total(variant) == 10
    assert Order.objects.count() == 10


def test_two_variants_sharing_scarce_stock_in_two_warehouses_are_never_oversold():
    channel = factories.make_channel(allow_unpaid_orders=True)
    second = factories.make_warehouse(channels=[channel])
    vase = stocked_variant(channel, stock=6)
    cup = stocked_variant(channel, stock=5, name="Chén trà")
    put_stock(vase, second, 4)
    put_stock(cup, second, 5)
    method = shipping_method(channel)
    # Half the checkouts list the vase first, half the cup: their lines lock
    # the same rows, and must not deadlock whichever comes first.
    tokens = [
        make_checkout(channel, [(vase, 1), (cup, 1)] if n % 2 else [(cup, 1), (vase, 1)], gateway="cod",
                      shipping_method=method).pk
        for n in range(ATTEMPTS)
    ]

    results = run_together(tokens)

    assert results.count("ok") == 10, sorted(set(results))
    assert results.count("INSUFFICIENT_STOCK") == ATTEMPTS - 10
    for variant in (vase, cup):
        rows = Stock.objects.filter(product_variant=variant)
        assert sum(s.quantity_allocated for s in rows) == 10
        assert all(s.quantity_allocated <= s.quantity for s in rows)
        assert allocated_total(variant) == 10
    assert Order.objects.count() == 10
