"""How a checkout may reach the customer: shipping methods for its address, or
collection at a centre's counter (click-and-collect).

A warehouse is a collection point for a checkout when it serves the
checkout's channel, offers click-and-collect, and can hand over every line:
LOCAL_STOCK needs the whole quantity in that warehouse, ALL_WAREHOUSES needs
it anywhere in the channel (the shop moves it to the counter first).
"""

from __future__ import annotations

from commerce.warehouse.models import Warehouse, WarehouseClickAndCollectOption

from .calculations import checkout_totals, fetch_lines, is_shipping_required


def applicable_methods(checkout, lines=None, totals=None) -> list:
    from commerce.shipping.queries import applicable_shipping_methods

    if lines is None:
        lines = fetch_lines(checkout)
    if not is_shipping_required(lines):
        return []
    totals = totals or checkout_totals(checkout, lines)
    return applicable_shipping_methods(checkout, totals.subtotal.gross, totals.weight_kg)


def _available_per_stock(checkout, variant_ids) -> dict:
    """{(warehouse_id, variant_id): quantity still free} over the channel's
    warehouses, in two queries: what stock holds, less allocations and other
    checkouts' still-valid reservations (the rule of
    commerce.warehouse.stock.available_quantity, read for every warehouse at once)."""
    from django.db.models import Sum
    from django.utils import timezone

    from commerce.warehouse.models import Reservation, Stock

    stocks = list(
        Stock.objects.filter(
            product_variant_id__in=variant_ids, warehouse__channel_warehouses__channel_id=checkout.channel_id
        ).distinct()
    )
    reserved = dict(
        Reservation.objects.filter(stock__in=[s.pk for s in stocks], reserved_until__gt=timezone.now())
        .exclude(checkout_line__checkout_id=checkout.pk)
        .values("stock_id")
        .annotate(total=Sum("quantity_reserved"))
        .values_list("stock_id", "total")
    )
    return {
        (s.warehouse_id, s.product_variant_id): max(s.quantity - s.quantity_allocated - reserved.get(s.pk, 0), 0)
        for s in stocks
    }


def _can_collect(warehouse, needed: dict, free: dict, channel_warehouse_ids) -> bool:
    """LOCAL_STOCK: every line from this warehouse; ALL_WAREHOUSES: from any of the channel's."""
    sources = (
        [warehouse.pk]
        if warehouse.click_and_collect_option == WarehouseClickAndCollectOption.LOCAL_STOCK
        else channel_warehouse_ids
    )
    return all(sum(free.get((w, pk), 0) for w in sources) >= quantity for pk, quantity in needed.items())


def available_collection_points(checkout, lines=None) -> list[Warehouse]:
    """The channel's click-and-collect warehouses that can hand over every line."""
    if lines is None:
        lines = fetch_lines(checkout)
    if not lines:
        return []
    warehouses = list(
        Warehouse.objects.filter(channel_warehouses__channel_id=checkout.channel_id)
        .order_by("channel_warehouses__sort_order", "pk")
    )
    candidates = [w for w in warehouses if w.click_and_collect_option != WarehouseClickAndCollectOption.DISABLED]
    if not candidates:
        return []
    needed: dict = {}
    for line in lines:
        if line.variant.track_inventory:
            needed[line.variant_id] = needed.get(line.variant_id, 0) + line.quantity
    free = _available_per_stock(checkout, list(needed)) if needed else {}
    channel_warehouse_ids = [w.pk for w in warehouses]
    return [w for w in candidates if _can_collect(w, needed, free, channel_warehouse_ids)]
