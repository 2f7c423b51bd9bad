"""Stock held for orders: allocate when an order is placed, release when it is
canceled or expires, decrease when it ships, put back when a fulfilment is
canceled; reservations hold stock for a checkout while the customer pays.

Every function that changes quantities first locks the Stock rows it reads
with SELECT ... FOR UPDATE, always in primary-key order: two orders that want
the same rows queue behind each other instead of both taking the last item,
and because every transaction takes its locks in the same order, two of them
can never wait on each other (no deadlock). Run them inside a transaction
(the callers' actions are atomic); the locks last until it commits.

Availability = quantity - quantity_allocated - what other checkouts still hold
in valid Reservation rows. Variants with `track_inventory=False` need no stock.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from commerce.channel.models import AllocationStrategy, ChannelWarehouse

from .exceptions import InsufficientStock, InsufficientStockData
from .models import Allocation, Reservation, Stock, WarehouseClickAndCollectOption

# What `available_quantity` answers for a variant that does not track stock.
UNLIMITED = 2**31 - 1


# --- where stock may come from ----------------------------------------------------


def eligible_warehouse_ids(channel, *, collection_point=None, address=None) -> list[int]:
    """The warehouses an order of `channel` may take stock from, most preferred first.

    Click-and-collect: the collection point first; with LOCAL_STOCK only it.
    Shipping: the channel's warehouses in ChannelWarehouse.sort_order, limited
    to those linked to the shipping zones that serve `address` when every
    serving zone names its warehouses (a zone without warehouses, or no zone
    at all, leaves every channel warehouse eligible).
    """
    channel_ids = list(
        ChannelWarehouse.objects.filter(channel_id=channel.pk)
        .order_by("sort_order", "pk")
        .values_list("warehouse_id", flat=True)
    )
    if collection_point is not None:
        if collection_point.click_and_collect_option != WarehouseClickAndCollectOption.ALL_WAREHOUSES:
            return [collection_point.pk]
        return [collection_point.pk] + [pk for pk in channel_ids if pk != collection_point.pk]
    if address is not None:
        allowed = _zone_warehouse_ids(channel, address)
        if allowed is not None:
            return [pk for pk in channel_ids if pk in allowed]
    return channel_ids


def _zone_warehouse_ids(channel, address) -> set[int] | None:
    """Warehouses of the zones serving `address`, or None when any warehouse will do."""
    from commerce.shipping.models import ShippingZone

    zones = [
        zone
        for zone in ShippingZone.objects.filter(channels=channel.pk).prefetch_related("warehouses")
        if zone.serves(address.country, address.province_code)
    ]
    if not zones:
        return None
    allowed: set[int] = set()
    for zone in zones:
        ids = {warehouse.pk for warehouse in zone.warehouses.all()}
        if not ids:
            return None
        allowed |= ids
    return allowed


def _reserved_by_others(stock_ids, exclude_checkout=None) -> dict[int, int]:
    """Quantities that other checkouts' still-valid reservations hold, per stock."""
    if not stock_ids:
        return {}
    reservations = Reservation.objects.filter(stock_id__in=stock_ids, reserved_until__gt=timezone.now())
    if exclude_checkout is not None:
        reservations = reservations.exclude(checkout_line__checkout_id=getattr(exclude_checkout, "pk", exclude_checkout))
    return dict(
        reservations.values("stock_id").annotate(total=Sum("quantity_reserved")).values_list("stock_id", "total")
    )


def _locked_stocks(variant_ids, warehouse_ids) -> list[Stock]:
    """The Stock rows, locked FOR UPDATE in pk order (the one lock order of the shop)."""
    if not variant_ids or not warehouse_ids:
        return []
    return list(
        Stock.objects.select_for_update(of=("self",))
        .filter(product_variant_id__in=set(variant_ids), warehouse_id__in=set(warehouse_ids))
        .order_by("pk")
    )


def _tracked_variants(variant_ids) -> dict:
    from commerce.product.models import ProductVariant

    return {v.pk: v for v in ProductVariant.objects.filter(pk__in=set(variant_ids))}


def _by_preference(stocks, warehouse_ids, channel, available, *, collection_point=None) -> list[Stock]:
    """`stocks` of one variant in the order stock is taken from them."""
    position = {pk: index for index, pk in enumerate(warehouse_ids)}
    first = collection_point.pk if collection_point is not None else None
    if channel.allocation_strategy == AllocationStrategy.PRIORITIZE_HIGH_STOCK:
        return sorted(stocks, key=lambda s: (s.warehouse_id != first, -available[s.pk], position[s.warehouse_id]))
    return sorted(stocks, key=lambda s: position[s.warehouse_id])


# --- reads ---------------------------------------------------------------------------


def available_quantity(variant, channel, *, collection_point=None, exclude_checkout=None, address=None) -> int:
    """How many of `variant` an order of `channel` could still get (for checkout
    validation): allocations and other checkouts' valid reservations excluded."""
    return available_quantities(
        [variant], channel, collection_point=collection_point, exclude_checkout=exclude_checkout, address=address
    )[variant.pk]


def available_quantities(variants, channel, *, collection_point=None, exclude_checkout=None, address=None) -> dict:
    """`available_quantity` for several variants at once, in a constant number
    of queries (a checkout's lines are checked together)."""
    result = {variant.pk: UNLIMITED for variant in variants if not variant.track_inventory}
    tracked = [variant.pk for variant in variants if variant.track_inventory]
    if not tracked:
        return result
    warehouse_ids = eligible_warehouse_ids(channel, collection_point=collection_point, address=address)
    stocks = list(Stock.objects.filter(product_variant_id__in=tracked, warehouse_id__in=warehouse_ids))
    reserved = _reserved_by_others([s.pk for s in stocks], exclude_checkout)
    result.update({pk: 0 for pk in tracked})
    for s in stocks:
        result[s.product_variant_id] += max(s.quantity - s.quantity_allocated - reserved.get(s.pk, 0), 0)
    return result


# --- allocation at order creation ----------------------------------------------------


@transaction.atomic
def allocate_stocks(order_lines, channel, *, collection_point=None, address=None, exclude_checkout=None) -> list[Allocation]:
    """Allocate stock for each order line, or raise InsufficientStock naming
    every line that cannot be served (then nothing is written)."""
    order_lines = [line for line in order_lines if line.variant_id is not None]
    variants = _tracked_variants(line.variant_id for line in order_lines)
    lines = [line for line in order_lines if variants[line.variant_id].track_inventory]
    if not lines:
        return []
    warehouse_ids = eligible_warehouse_ids(channel, collection_point=collection_point, address=address)
    stocks = _locked_stocks([line.variant_id for line in lines], warehouse_ids)
    reserved = _reserved_by_others([s.pk for s in stocks], exclude_checkout)
    available = {s.pk: max(s.quantity - s.quantity_allocated - reserved.get(s.pk, 0), 0) for s in stocks}
    stocks_of = defaultdict(list)
    for stock in stocks:
        stocks_of[stock.product_variant_id].append(stock)

    allocations: list[Allocation] = []
    missing: list[InsufficientStockData] = []
    for line in lines:
        candidates = _by_preference(
            stocks_of[line.variant_id], warehouse_ids, channel, available, collection_point=collection_point
        )
        needed = line.quantity
        taken = []
        for stock in candidates:
            quantity = min(needed, available[stock.pk])
            if quantity > 0:
                taken.append((stock, quantity))
                needed -= quantity
            if not needed:
                break
        if needed:
            missing.append(
                InsufficientStockData(
                    variant=variants[line.variant_id],
                    available_quantity=sum(available[s.pk] for s in candidates),
                    warehouse_id=collection_point.pk if collection_point is not None else None,
                    order_line=line,
                    requested_quantity=line.quantity,
                )
            )
            continue
        for stock, quantity in taken:
            available[stock.pk] -= quantity
            stock.quantity_allocated += quantity
            allocations.append(Allocation(order_line=line, stock=stock, quantity_allocated=quantity))
    if missing:
        raise InsufficientStock(missing)
    Allocation.objects.bulk_create(allocations)
    Stock.objects.bulk_update({a.stock.pk: a.stock for a in allocations}.values(), ["quantity_allocated"])
    return allocations


def _locked_allocations(queryset) -> list[Allocation]:
    """Allocations with their Stock rows locked in pk order first."""
    allocations = list(queryset.select_related(None).order_by("pk"))
    stocks = {
        s.pk: s
        for s in Stock.objects.select_for_update(of=("self",))
        .filter(pk__in={a.stock_id for a in allocations})
        .order_by("pk")
    }
    for allocation in allocations:
        allocation.stock = stocks[allocation.stock_id]
    return allocations


@transaction.atomic
def deallocate_stock_for_order(order) -> int:
    """Release everything the order's lines hold (cancel, expiry); returns the quantity released."""
    allocations = _locked_allocations(Allocation.objects.filter(order_line__order_id=order.pk))
    released = _release(allocations)
    Allocation.objects.filter(pk__in=[a.pk for a in allocations]).delete()
    return released


def _release(allocations) -> int:
    changed = {}
    released = 0
    for allocation in allocations:
        stock = allocation.stock
        quantity = min(allocation.quantity_allocated, stock.quantity_allocated)
        stock.quantity_allocated -= quantity
        released += allocation.quantity_allocated
        changed[stock.pk] = stock
    Stock.objects.bulk_update(changed.values(), ["quantity_allocated"])
    return released


# --- fulfilment -------------------------------------------------------------------


@transaction.atomic
def decrease_stock(line_quantities, *, allow_stock_to_be_exceeded=False) -> dict:
    """Take shipped goods out of stock: `line_quantities` is a list of
    (order_line, warehouse_id, quantity). The line's allocations shrink by
    the quantity (the named warehouse's first), then the warehouse's
    quantity goes down; both `quantity` and `quantity_allocated` fall.

    Raises InsufficientStock (nothing written) when the warehouse does not
    hold enough for a tracked variant. Returns {(line id, warehouse id): Stock}.
    """
    line_ids = {line.pk for line, _, _ in line_quantities}
    variant_ids = {line.variant_id for line, _, _ in line_quantities if line.variant_id}
    variants = _tracked_variants(variant_ids)
    allocations = _locked_allocations_and_targets(line_ids, line_quantities)
    stocks = allocations["stocks"]
    by_line = defaultdict(list)
    for allocation in allocations["allocations"]:
        by_line[allocation.order_line_id].append(allocation)

    missing = []
    used = {}
    for line, warehouse_id, quantity in line_quantities:
        variant = variants.get(line.variant_id)
        stock = stocks.get((line.variant_id, warehouse_id))
        # Release this line's allocations, the fulfilling warehouse's first.
        to_release = quantity
        for allocation in sorted(by_line[line.pk], key=lambda a: a.stock.warehouse_id != warehouse_id):
            step = min(to_release, allocation.quantity_allocated)
            if step <= 0:
                continue
            allocation.quantity_allocated -= step
            allocation.stock.quantity_allocated = max(allocation.stock.quantity_allocated - step, 0)
            to_release -= step
        tracked = variant is not None and variant.track_inventory
        if stock is None:
            if tracked and not allow_stock_to_be_exceeded:
                missing.append(InsufficientStockData(variant, 0, warehouse_id, line, quantity))
            continue
        if tracked and not allow_stock_to_be_exceeded and stock.quantity - stock.quantity_allocated < quantity:
            missing.append(
                InsufficientStockData(variant, max(stock.quantity - stock.quantity_allocated, 0), warehouse_id, line, quantity)
            )
            continue
        stock.quantity = max(stock.quantity - quantity, 0)
        used[(line.pk, warehouse_id)] = stock
    if missing:
        raise InsufficientStock(missing)
    Stock.objects.bulk_update(stocks.values(), ["quantity", "quantity_allocated"])
    emptied = [a.pk for a in allocations["allocations"] if a.quantity_allocated <= 0]
    Allocation.objects.filter(pk__in=emptied).delete()
    Allocation.objects.bulk_update(
        [a for a in allocations["allocations"] if a.quantity_allocated > 0], ["quantity_allocated"]
    )
    return used


def _locked_allocations_and_targets(line_ids, line_quantities) -> dict:
    """Lock, in one pk-ordered statement, the Stock rows of the lines'
    allocations and of the (variant, warehouse) pairs being fulfilled from."""
    allocations = list(Allocation.objects.filter(order_line_id__in=line_ids).order_by("pk"))
    pairs = {(line.variant_id, warehouse_id) for line, warehouse_id, _ in line_quantities if line.variant_id}
    candidate_ids = set(
        Stock.objects.filter(
            product_variant_id__in={v for v, _ in pairs}, warehouse_id__in={w for _, w in pairs}
        ).values_list("pk", flat=True)
    )
    ids = {a.stock_id for a in allocations} | candidate_ids
    locked = list(Stock.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")) if ids else []
    by_pk = {s.pk: s for s in locked}
    for allocation in allocations:
        allocation.stock = by_pk[allocation.stock_id]
    return {
        "allocations": allocations,
        "stocks": {(s.product_variant_id, s.warehouse_id): s for s in locked},
    }


@transaction.atomic
def restock_fulfillment_lines(line_quantities) -> None:
    """Put canceled fulfilment goods back into a warehouse and hold them again
    for their order lines (the lines are unfulfilled once more), as Saleor
    does: `line_quantities` is a list of (order_line, warehouse_id, quantity)."""
    if not line_quantities:
        return
    pairs = {(line.variant_id, warehouse_id) for line, warehouse_id, _ in line_quantities if line.variant_id}
    for variant_id, warehouse_id in pairs:
        Stock.objects.get_or_create(product_variant_id=variant_id, warehouse_id=warehouse_id)
    locked = {
        (s.product_variant_id, s.warehouse_id): s
        for s in Stock.objects.select_for_update(of=("self",))
        .filter(product_variant_id__in={v for v, _ in pairs}, warehouse_id__in={w for _, w in pairs})
        .order_by("pk")
    }
    for line, warehouse_id, quantity in line_quantities:
        if not line.variant_id:
            continue
        stock = locked[(line.variant_id, warehouse_id)]
        Stock.objects.filter(pk=stock.pk).update(
            quantity=F("quantity") + quantity, quantity_allocated=F("quantity_allocated") + quantity
        )
        allocation, created = Allocation.objects.get_or_create(
            order_line=line, stock=stock, defaults={"quantity_allocated": quantity}
        )
        if not created:
            Allocation.objects.filter(pk=allocation.pk).update(quantity_allocated=F("quantity_allocated") + quantity)


# --- reservations ----------------------------------------------------------------


@transaction.atomic
def reserve_stocks(checkout_lines, channel, minutes, *, collection_point=None, address=None) -> list[Reservation]:
    """Hold stock for a checkout's lines for `minutes` (the channel's
    checkout_reservation_minutes; nothing when it is unset). The lines'
    previous reservations are replaced. Raises InsufficientStock."""
    checkout_lines = list(checkout_lines)
    Reservation.objects.filter(checkout_line__in=[line.pk for line in checkout_lines]).delete()
    if not minutes or not checkout_lines:
        return []
    checkout = checkout_lines[0].checkout
    if collection_point is None and address is None:
        collection_point = checkout.collection_point
        address = checkout.shipping_address
    variants = _tracked_variants(line.variant_id for line in checkout_lines)
    lines = [line for line in checkout_lines if variants[line.variant_id].track_inventory]
    warehouse_ids = eligible_warehouse_ids(channel, collection_point=collection_point, address=address)
    stocks = _locked_stocks([line.variant_id for line in lines], warehouse_ids)
    reserved = _reserved_by_others([s.pk for s in stocks], exclude_checkout=checkout)
    available = {s.pk: max(s.quantity - s.quantity_allocated - reserved.get(s.pk, 0), 0) for s in stocks}
    until = timezone.now() + timedelta(minutes=minutes)
    reservations, missing = [], []
    for line in lines:
        candidates = _by_preference(
            [s for s in stocks if s.product_variant_id == line.variant_id], warehouse_ids, channel, available,
            collection_point=collection_point,
        )
        needed = line.quantity
        planned = []
        for stock in candidates:
            quantity = min(needed, available[stock.pk])
            if quantity > 0:
                planned.append(Reservation(checkout_line=line, stock=stock, quantity_reserved=quantity, reserved_until=until))
                needed -= quantity
        if needed:
            missing.append(InsufficientStockData(variants[line.variant_id], sum(available[s.pk] for s in candidates)))
            continue
        for reservation in planned:
            available[reservation.stock.pk] -= reservation.quantity_reserved
        reservations.extend(planned)
    if missing:
        raise InsufficientStock(missing)
    return Reservation.objects.bulk_create(reservations)
