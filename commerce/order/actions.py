"""Every change to an order, in one place: placing it from a checkout,
payment news, confirming, fulfilling, tracking, canceling, expiring and the
click-and-collect handover. GraphQL mutations, staff pages, integrations and
tests all call these functions.

Each action locks the order row (SELECT ... FOR UPDATE) before it reads the
state it changes, so two staff members (or two Celery beats) acting at once
queue instead of both acting; stock rows are locked by commerce.warehouse.stock
in pk order. Bad input raises Django's ValidationError with Saleor's
OrderErrorCode and changes nothing; every change records an OrderEvent with
the acting user; customer emails are queued to send after commit.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from commerce.core.permissions import PermissionEnum
from commerce.warehouse import stock as stock_management
from commerce.warehouse.exceptions import InsufficientStock

from . import history, pickup
from .error_codes import OrderErrorCode
from .models import (
    Fulfillment,
    FulfillmentLine,
    FulfillmentStatus,
    Order,
    OrderChargeStatus,
    OrderEvent,
    OrderEvents,
    OrderLine,
    OrderStatus,
)
from .notifications import queue_order_email
from .placement import create_order_from_checkout  # noqa: F401 - contract 4 lives here

PAID_STATUSES = (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED)
# Offline gateways paid after the order is handed over: such orders never expire unpaid.
PAY_LATER_GATEWAYS = ("cod", "pay_at_centre")


def error(field: str, message: str, code: OrderErrorCode, **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code.value, params=params or None)})


def lock(order) -> Order:
    """The order row, locked until the transaction ends, with fresh values."""
    return Order.objects.select_for_update(of=("self",)).select_related("channel").get(pk=order.pk)


def is_paid(order) -> bool:
    return order.charge_status in PAID_STATUSES or order.total_gross_amount <= 0


# --- payment news -------------------------------------------------------------------


@transaction.atomic
def order_charge_updated(order, *, user=None, app=None) -> None:
    """Called by the payment side after the order's charge status changed.
    When the order became fully paid: ORDER_FULLY_PAID (once), no expiry,
    and the "paid" email."""
    order = lock(order)
    if not is_paid(order):
        return
    if order.expires_at is not None:
        Order.objects.filter(pk=order.pk).update(expires_at=None)
    if OrderEvent.objects.filter(order_id=order.pk, type=OrderEvents.ORDER_FULLY_PAID).exists():
        return
    history.record(order, OrderEvents.ORDER_FULLY_PAID, user=user, app=app,
                   amount=str(order.total_charged_amount))
    queue_order_email(order, "paid")


@transaction.atomic
def mark_as_paid(order, *, user, transaction_reference: str | None = None) -> Order:
    """Staff confirm the money arrived (cash, bank transfer, counter). The
    payment side records the transaction and the ORDER_MARKED_AS_PAID event."""
    from commerce.payment.actions import mark_order_as_paid

    order = lock(order)
    if order.status in (OrderStatus.CANCELED, OrderStatus.EXPIRED, OrderStatus.DRAFT):
        raise error("id", _("Đơn hàng #%(number)s đã %(status)s nên không thể ghi nhận thanh toán. "
                            "(A %(status)s order cannot be marked as paid.)")
                    % {"number": order.number, "status": order.get_status_display()}, OrderErrorCode.INVALID)
    mark_order_as_paid(order, user=user, psp_reference=transaction_reference)
    order.refresh_from_db()
    return order


# --- confirmation ----------------------------------------------------------------------


@transaction.atomic
def confirm_order(order, *, user=None, app=None) -> Order:
    order = lock(order)
    if order.status != OrderStatus.UNCONFIRMED:
        raise error("id", _("Chỉ xác nhận được đơn hàng đang chờ xác nhận; đơn #%(number)s đang ở trạng thái "
                            "%(status)s. (Provided order id belongs to non-unconfirmed order.)")
                    % {"number": order.number, "status": order.status}, OrderErrorCode.INVALID)
    order.status = OrderStatus.UNFULFILLED
    order.save(update_fields=["status", "updated_at"])
    history.record(order, OrderEvents.CONFIRMED, user=user, app=app)
    if order.is_click_and_collect():
        queue_order_email(order, "ready_for_pickup")
    return order


# --- fulfilment --------------------------------------------------------------------------


def _check_fulfillable(order):
    if order.status == OrderStatus.UNCONFIRMED:
        raise error("order", _("Hãy xác nhận đơn hàng #%(number)s trước khi giao. (Cannot fulfill unconfirmed "
                               "order.)") % {"number": order.number}, OrderErrorCode.INVALID)
    if order.status not in (OrderStatus.UNFULFILLED, OrderStatus.PARTIALLY_FULFILLED):
        raise error("order", _("Đơn hàng #%(number)s đang %(status)s, không thể giao thêm. (An order that is "
                               "%(status)s cannot be fulfilled.)") % {"number": order.number, "status": order.status},
                    OrderErrorCode.INVALID)


def _validated_quantities(order, lines_per_warehouse) -> list[tuple[OrderLine, int, int]]:
    """(line, warehouse id, quantity) for every positive quantity asked for, or
    a ValidationError naming the lines that cannot be fulfilled as asked."""
    from commerce.warehouse.models import Warehouse

    lines = {line.pk: line for line in OrderLine.objects.filter(order_id=order.pk)}
    seen, result = set(), []
    for item in lines_per_warehouse:
        line = item["order_line"]
        line_id = getattr(line, "pk", line)
        if line_id in seen:
            raise error("orderLineId", _("Dòng hàng %(line)s được nhập hai lần; gộp số lượng vào một dòng. "
                                         "(Duplicated order line ID.)") % {"line": line_id},
                        OrderErrorCode.DUPLICATED_INPUT_ITEM, order_lines=[str(line_id)])
        seen.add(line_id)
        if line_id not in lines:
            raise error("orderLineId", _("Dòng hàng %(line)s không thuộc đơn #%(number)s. (The order line does not "
                                         "belong to this order.)") % {"line": line_id, "number": order.number},
                        OrderErrorCode.NOT_FOUND, order_lines=[str(line_id)])
        line = lines[line_id]
        warehouses = [stock["warehouse"] for stock in item["stocks"]]
        if len(set(warehouses)) != len(warehouses):
            raise error("warehouse", _("Mỗi kho chỉ được nhập một lần cho mỗi dòng hàng. (Duplicated warehouse "
                                       "ID.)"), OrderErrorCode.DUPLICATED_INPUT_ITEM, order_lines=[str(line_id)])
        total = 0
        for stock in item["stocks"]:
            if stock["quantity"] < 0:
                raise error("quantity", _("Số lượng không được âm. (The quantity must not be negative.)"),
                            OrderErrorCode.INVALID_QUANTITY, order_lines=[str(line_id)])
            total += stock["quantity"]
            if stock["quantity"]:
                result.append((line, stock["warehouse"], stock["quantity"]))
        if total > line.quantity_unfulfilled:
            raise error("orderLineId", _("Chỉ còn %(left)s sản phẩm của dòng \"%(name)s\" chưa giao. (Only "
                                         "%(left)s items can be fulfilled from this line.)")
                        % {"left": line.quantity_unfulfilled, "name": line.product_name},
                        OrderErrorCode.FULFILL_ORDER_LINE, order_lines=[str(line_id)])
    if not result:
        raise error("lines", _("Tổng số lượng giao phải lớn hơn 0. (Total quantity must be larger than 0.)"),
                    OrderErrorCode.ZERO_QUANTITY)
    known = set(Warehouse.objects.filter(pk__in={w for _, w, _ in result}).values_list("pk", flat=True))
    for _line, warehouse_id, _quantity in result:
        if warehouse_id not in known:
            raise error("warehouse", _("Không tìm thấy kho %(id)s. (Warehouse not found.)") % {"id": warehouse_id},
                        OrderErrorCode.NOT_FOUND)
    return result


def insufficient_stock_error(exc: InsufficientStock, field: str = "stocks") -> ValidationError:
    from commerce.graphql.core.ids import to_global_id

    errors = []
    for item in exc.items:
        errors.append(ValidationError(
            _("Không đủ hàng cho \"%(variant)s\": chỉ còn %(available)s. (Insufficient product stock.)")
            % {"variant": item.variant, "available": item.available_quantity},
            code=OrderErrorCode.INSUFFICIENT_STOCK.value,
            params={
                "variants": [to_global_id("ProductVariant", item.variant.pk)] if item.variant is not None else [],
                "order_lines": [to_global_id("OrderLine", item.order_line.pk)] if item.order_line is not None else [],
                "warehouse": to_global_id("Warehouse", item.warehouse_id) if item.warehouse_id else None,
            },
        ))
    return ValidationError({field: errors})


def recompute_status(order) -> None:
    """UNFULFILLED → PARTIALLY_FULFILLED → FULFILLED from the lines' quantities."""
    quantities = list(OrderLine.objects.filter(order_id=order.pk).values_list("quantity", "quantity_fulfilled"))
    fulfilled = sum(done for _, done in quantities)
    if quantities and all(done >= total for total, done in quantities):
        order.status = OrderStatus.FULFILLED
    elif fulfilled:
        order.status = OrderStatus.PARTIALLY_FULFILLED
    else:
        order.status = OrderStatus.UNFULFILLED
    order.save(update_fields=["status", "updated_at"])


@transaction.atomic
def fulfill_order(order, lines_per_warehouse, user=None, notify=True, tracking="", *, app=None,
                  allow_stock_to_be_exceeded=False) -> list[Fulfillment]:
    """Ship (or hand over) order lines from warehouses, Saleor's orderFulfill:
    `lines_per_warehouse` is [{"order_line": OrderLine or id, "stocks":
    [{"warehouse": warehouse id, "quantity": n}]}]. One Fulfillment per
    warehouse; stock leaves the warehouse; the order becomes partially
    fulfilled or fulfilled."""
    order = lock(order)
    _check_fulfillable(order)
    quantities = _validated_quantities(order, lines_per_warehouse)
    try:
        stocks = stock_management.decrease_stock(quantities, allow_stock_to_be_exceeded=allow_stock_to_be_exceeded)
    except InsufficientStock as exc:
        raise insufficient_stock_error(exc)
    per_warehouse = defaultdict(list)
    for line, warehouse_id, quantity in quantities:
        per_warehouse[warehouse_id].append((line, quantity))
    next_number = (order.fulfillments.aggregate(n=Max("fulfillment_order"))["n"] or 0) + 1
    fulfillments = []
    for offset, (warehouse_id, items) in enumerate(per_warehouse.items()):
        fulfillment = Fulfillment.objects.create(
            order=order, fulfillment_order=next_number + offset, warehouse_id=warehouse_id,
            tracking_number=tracking or "",
        )
        FulfillmentLine.objects.bulk_create([
            FulfillmentLine(fulfillment=fulfillment, order_line=line, quantity=quantity,
                            stock=stocks.get((line.pk, warehouse_id)))
            for line, quantity in items
        ])
        for line, quantity in items:
            line.quantity_fulfilled += quantity
        fulfillments.append(fulfillment)
    OrderLine.objects.bulk_update({line.pk: line for line, _, _ in quantities}.values(), ["quantity_fulfilled"])
    recompute_status(order)
    history.record(
        order, OrderEvents.FULFILLMENT_FULFILLED_ITEMS, user=user, app=app,
        fulfilled_items=[str(line.pk) for line, _, _ in quantities],
        quantity=sum(q for _, _, q in quantities),
        fulfillments=[f.pk for f in fulfillments],
    )
    if tracking:
        for fulfillment in fulfillments:
            history.record(order, OrderEvents.TRACKING_UPDATED, user=user, app=app,
                           tracking_number=tracking, fulfillment=fulfillment.pk)
    if notify and not order.is_click_and_collect():
        queue_order_email(order, "shipped")
    return fulfillments


@transaction.atomic
def update_fulfillment_tracking(fulfillment, tracking_number: str, *, user=None, app=None, notify=False) -> Fulfillment:
    order = lock(fulfillment.order)
    fulfillment = Fulfillment.objects.select_for_update().get(pk=fulfillment.pk)
    fulfillment.tracking_number = tracking_number or ""
    fulfillment.save(update_fields=["tracking_number"])
    history.record(order, OrderEvents.TRACKING_UPDATED, user=user, app=app,
                   tracking_number=fulfillment.tracking_number, fulfillment=fulfillment.pk)
    if notify and fulfillment.tracking_number:
        queue_order_email(order, "shipped")
    return fulfillment


@transaction.atomic
def cancel_fulfillment(fulfillment, *, user=None, app=None, warehouse=None) -> Fulfillment:
    """Undo a fulfilment: its goods go back into `warehouse` (default: the
    warehouse each line left from) and are held again for their order lines,
    which are unfulfilled once more, as in Saleor."""
    order = lock(fulfillment.order)
    fulfillment = Fulfillment.objects.select_for_update().get(pk=fulfillment.pk)
    if fulfillment.status != FulfillmentStatus.FULFILLED or order.status in (OrderStatus.CANCELED,
                                                                              OrderStatus.EXPIRED):
        raise error("fulfillment", _("Lần giao #%(n)s đang %(status)s, không thể hủy. (This fulfillment can't be "
                                     "canceled.)") % {"n": fulfillment.fulfillment_order, "status": fulfillment.status},
                    OrderErrorCode.CANNOT_CANCEL_FULFILLMENT)
    lines = list(fulfillment.lines.select_related("order_line", "stock"))
    restock = []
    for fline in lines:
        target = getattr(warehouse, "pk", warehouse) or (fline.stock.warehouse_id if fline.stock else
                                                          fulfillment.warehouse_id)
        if target is None:
            raise error("warehouseId", _("Chọn kho để nhập lại hàng. (Choose the warehouse to restock into.)"),
                        OrderErrorCode.REQUIRED)
        restock.append((fline.order_line, target, fline.quantity))
    stock_management.restock_fulfillment_lines(restock)
    for order_line, _target, quantity in restock:
        OrderLine.objects.filter(pk=order_line.pk).update(
            quantity_fulfilled=max(order_line.quantity_fulfilled - quantity, 0))
    fulfillment.status = FulfillmentStatus.CANCELED
    fulfillment.save(update_fields=["status"])
    recompute_status(order)
    history.record(order, OrderEvents.FULFILLMENT_CANCELED, user=user, app=app,
                   fulfillment=fulfillment.pk, composed_id=f"{order.number}-{fulfillment.fulfillment_order}",
                   restocked_into=sorted({target for _, target, _ in restock}),
                   quantity=sum(q for _, _, q in restock))
    return fulfillment


# --- canceling and expiry --------------------------------------------------------------


@transaction.atomic
def cancel_order(order, *, user=None, app=None) -> Order:
    order = lock(order)
    active = order.fulfillments.exclude(status=FulfillmentStatus.CANCELED).exists()
    if order.status not in (OrderStatus.UNCONFIRMED, OrderStatus.UNFULFILLED, OrderStatus.DRAFT) or active:
        raise error("order", _("Đơn hàng #%(number)s đang %(status)s hoặc đã có hàng được giao, không thể hủy; "
                               "hãy hủy các lần giao trước. (This order can't be canceled: cancel its "
                               "fulfillments first.)") % {"number": order.number, "status": order.status},
                    OrderErrorCode.CANNOT_CANCEL_ORDER)
    stock_management.deallocate_stock_for_order(order)
    order.status = OrderStatus.CANCELED
    order.expires_at = None
    order.save(update_fields=["status", "expires_at", "updated_at"])
    history.record(order, OrderEvents.CANCELED, user=user, app=app)
    queue_order_email(order, "canceled")
    return order


def expire_orders(now=None) -> list[Order]:
    """Unpaid UNCONFIRMED/UNFULFILLED orders past `expires_at` become EXPIRED
    and release their stock. Each order is re-read under its row lock (rows
    another beat is expiring are skipped), so running twice releases nothing twice."""
    now = now or timezone.now()
    candidates = list(
        Order.objects.filter(
            status__in=(OrderStatus.UNCONFIRMED, OrderStatus.UNFULFILLED), expires_at__lte=now
        ).exclude(charge_status__in=PAID_STATUSES).values_list("pk", flat=True)[:500]
    )
    expired = []
    for pk in candidates:
        with transaction.atomic():
            order = (Order.objects.select_for_update(skip_locked=True)
                     .filter(pk=pk, status__in=(OrderStatus.UNCONFIRMED, OrderStatus.UNFULFILLED),
                             expires_at__lte=now)
                     .exclude(charge_status__in=PAID_STATUSES).first())
            if order is None:
                continue
            stock_management.deallocate_stock_for_order(order)
            order.status = OrderStatus.EXPIRED
            order.save(update_fields=["status", "updated_at"])
            history.record(order, OrderEvents.EXPIRED)
            expired.append(order)
    return expired


def expiry_time(order, channel):
    """When an unpaid order expires: the channel's `expire_orders_after`
    minutes from now, except for orders paid on delivery or at the counter."""
    if not channel.expire_orders_after or order.payment_gateway in PAY_LATER_GATEWAYS:
        return None
    return timezone.now() + timedelta(minutes=channel.expire_orders_after)


# --- click-and-collect handover --------------------------------------------------------


def can_hand_over(user, order) -> bool:
    """Staff with MANAGE_ORDERS who reach the order's channel and a channel
    the order's collection point serves (the counter's own centre)."""
    from commerce.account.access import accessible_channel_ids, can_access_channel
    from commerce.channel.models import ChannelWarehouse

    if user is None or not user.is_authenticated or not user.has_perm(PermissionEnum.MANAGE_ORDERS.value):
        return False
    if not can_access_channel(user, order.channel_id):
        return False
    channel_ids = accessible_channel_ids(user)
    if channel_ids is None:
        return True
    return ChannelWarehouse.objects.filter(warehouse_id=order.collection_point_id,
                                           channel_id__in=channel_ids).exists()


def hand_over_order(order_or_code, code: str | None = None, *, user, mark_as_paid: bool = False) -> Order:
    """Hand a click-and-collect order over at the centre's counter.

    `order_or_code` is the order (or its pk), or the pickup code alone (then
    the order is found by it among the orders staff may see). A wrong code
    records PICKUP_REFUSED (kept even though the handover fails) and raises;
    staff of another centre get PermissionDenied. An unpaid order must be
    paid first, or in the same call with `mark_as_paid=True`.
    """
    refused = None
    with transaction.atomic():
        order = _order_for_handover(order_or_code, code, user)
        if not can_hand_over(user, order):
            history.record(order, OrderEvents.PICKUP_REFUSED, user=user, reason="other_centre")
            refused = PermissionDenied(_("Bạn không thuộc trung tâm nhận hàng của đơn này. (You are not staff of "
                                         "this order's collection point.)"))
        elif not pickup.code_matches(order, code if code is not None else order_or_code):
            history.record(order, OrderEvents.PICKUP_REFUSED, user=user, reason="wrong_code")
            refused = error("pickupCode", _("Mã nhận hàng không đúng; kiểm tra lại mã khách đưa. (The pickup code "
                                            "is wrong.)"), OrderErrorCode.INVALID)
    if refused is not None:
        raise refused
    with transaction.atomic():
        order = lock(order)
        _check_handover(order)
        if not is_paid(order):
            if not mark_as_paid:
                raise error("markAsPaid", _("Đơn #%(number)s chưa thanh toán: thu tiền rồi đánh dấu đã thanh toán "
                                            "(hoặc gửi markAsPaid: true). (Take the payment first, or pass "
                                            "markAsPaid: true.)") % {"number": order.number},
                            OrderErrorCode.CANNOT_FULFILL_UNPAID_ORDER)
            _take_payment(order, user)
        _fulfil_everything(order, user)
        now = timezone.now()
        Order.objects.filter(pk=order.pk).update(collected_at=now, collected_by=user)
        history.record(order, OrderEvents.PICKED_UP, user=user, collection_point=order.collection_point_id)
        order.refresh_from_db()
        return order


def _take_payment(order, user):
    # `hand_over_order` has a `mark_as_paid` flag, which hides the action of that name there.
    mark_as_paid(order, user=user)


def _order_for_handover(order_or_code, code, user) -> Order:
    from commerce.account.access import restrict_to_channels

    if isinstance(order_or_code, Order):
        return order_or_code
    if code is not None:
        found = Order.objects.filter(pk=order_or_code).first()
    else:
        orders = restrict_to_channels(Order.objects.exclude(pickup_code=""), user)
        found = orders.filter(pickup_code=pickup.normalize_code(order_or_code)).first()
    if found is None:
        raise error("pickupCode", _("Không tìm thấy đơn hàng với mã này. (No order has this pickup code.)"),
                    OrderErrorCode.NOT_FOUND)
    return found


def _check_handover(order):
    if not order.is_click_and_collect():
        raise error("id", _("Đơn #%(number)s giao tận nơi, không nhận tại trung tâm. (This order is not for "
                            "collection.)") % {"number": order.number}, OrderErrorCode.INVALID)
    if order.collected_at is not None or order.status == OrderStatus.FULFILLED:
        raise error("id", _("Đơn #%(number)s đã được giao cho khách. (This order was already handed over.)")
                    % {"number": order.number}, OrderErrorCode.INVALID)
    _check_fulfillable(order)


def _fulfil_everything(order, user):
    """Fulfil every remaining item from where it was allocated (the
    collection point; another warehouse only for ALL_WAREHOUSES collection)."""
    from commerce.warehouse.models import Allocation

    plan = defaultdict(lambda: defaultdict(int))
    lines = list(OrderLine.objects.filter(order_id=order.pk))
    for allocation in Allocation.objects.filter(order_line__order_id=order.pk).select_related("stock"):
        plan[allocation.order_line_id][allocation.stock.warehouse_id] += allocation.quantity_allocated
    items = []
    for line in lines:
        left = line.quantity_unfulfilled
        stocks = []
        for warehouse_id, quantity in sorted(plan[line.pk].items(), key=lambda i: i[0] != order.collection_point_id):
            take = min(left, quantity)
            if take:
                stocks.append({"warehouse": warehouse_id, "quantity": take})
                left -= take
        if left:
            stocks.append({"warehouse": order.collection_point_id, "quantity": left})
        if stocks:
            items.append({"order_line": line, "stocks": _merge(stocks)})
    fulfill_order(order, items, user, notify=False, allow_stock_to_be_exceeded=True)


def _merge(stocks):
    merged = defaultdict(int)
    for stock in stocks:
        merged[stock["warehouse"]] += stock["quantity"]
    return [{"warehouse": w, "quantity": q} for w, q in merged.items()]
