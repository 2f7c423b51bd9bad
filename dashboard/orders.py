"""The centre staff's order desk: the order list, an order's page with its
buttons, the packing slip and shipping label, and the counter's hand-over page.

Every page needs a signed-in, active staff user with MANAGE_ORDERS (Saleor's
order.manage_orders); anyone else signed in gets 403, anonymous visitors are
sent to the dashboard's sign-in page. Staff restricted to channels see the
orders of those channels only: another channel's order is a 404, as if it did
not exist.

Views read; every change goes through commerce.order.actions (the same
functions the GraphQL API calls), and a ValidationError from an action is
shown next to the form that caused it, with nothing changed.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commerce.account.access import accessible_channels, restrict_to_channels
from commerce.account.phones import normalize_phone
from commerce.core.permissions import PermissionEnum, has_one_of_permissions
from commerce.order import actions, pickup
from commerce.order.models import Fulfillment, FulfillmentStatus, Order, OrderEvents, OrderStatus
from commerce.payment.actions import format_money
from commerce.payment.gateways import get_gateway

ORDER_PERMISSIONS = (PermissionEnum.MANAGE_ORDERS,)
ORDERS_PER_PAGE = 50
OPEN_STATUSES = (OrderStatus.UNFULFILLED, OrderStatus.PARTIALLY_FULFILLED)

STATUS_LABELS = {
    OrderStatus.DRAFT: gettext_lazy("Nháp"),
    OrderStatus.UNCONFIRMED: gettext_lazy("Chờ xác nhận"),
    OrderStatus.UNFULFILLED: gettext_lazy("Chưa giao"),
    OrderStatus.PARTIALLY_FULFILLED: gettext_lazy("Đã giao một phần"),
    OrderStatus.PARTIALLY_RETURNED: gettext_lazy("Trả lại một phần"),
    OrderStatus.RETURNED: gettext_lazy("Đã trả lại"),
    OrderStatus.FULFILLED: gettext_lazy("Đã giao"),
    OrderStatus.CANCELED: gettext_lazy("Đã hủy"),
    OrderStatus.EXPIRED: gettext_lazy("Hết hạn"),
}
CHARGE_LABELS = {
    "none": gettext_lazy("Chưa thanh toán"),
    "partial": gettext_lazy("Thanh toán một phần"),
    "full": gettext_lazy("Đã thanh toán"),
    "overcharged": gettext_lazy("Thanh toán thừa"),
}
EVENT_LABELS = {
    OrderEvents.PLACED: gettext_lazy("Khách đặt hàng"),
    OrderEvents.PLACED_FROM_DRAFT: gettext_lazy("Đặt từ đơn nháp"),
    OrderEvents.CONFIRMED: gettext_lazy("Xác nhận đơn"),
    OrderEvents.EXPIRED: gettext_lazy("Đơn hết hạn"),
    OrderEvents.CANCELED: gettext_lazy("Hủy đơn"),
    OrderEvents.ORDER_MARKED_AS_PAID: gettext_lazy("Đánh dấu đã thanh toán"),
    OrderEvents.ORDER_FULLY_PAID: gettext_lazy("Đã thanh toán đủ"),
    OrderEvents.ORDER_GRANTED_REFUND: gettext_lazy("Chấp nhận hoàn tiền"),
    OrderEvents.PAYMENT_AUTHORIZED: gettext_lazy("Thanh toán được giữ"),
    OrderEvents.PAYMENT_CAPTURED: gettext_lazy("Đã thu tiền"),
    OrderEvents.PAYMENT_REFUNDED: gettext_lazy("Đã hoàn tiền"),
    OrderEvents.PAYMENT_FAILED: gettext_lazy("Thanh toán lỗi"),
    OrderEvents.FULFILLMENT_CANCELED: gettext_lazy("Hủy lần giao"),
    OrderEvents.FULFILLMENT_FULFILLED_ITEMS: gettext_lazy("Giao hàng"),
    OrderEvents.TRACKING_UPDATED: gettext_lazy("Cập nhật mã vận đơn"),
    OrderEvents.EMAIL_SENT: gettext_lazy("Gửi email"),
    OrderEvents.NOTE_ADDED: gettext_lazy("Ghi chú"),
    OrderEvents.PICKED_UP: gettext_lazy("Khách nhận hàng tại quầy"),
    OrderEvents.PICKUP_REFUSED: gettext_lazy("Từ chối giao tại quầy"),
}
REFUSAL_REASONS = {
    "wrong_code": gettext_lazy("mã nhận hàng sai"),
    "other_centre": gettext_lazy("nhân viên trung tâm khác"),
}


# --- who may use the desk ---------------------------------------------------------------


def can_manage_orders(user) -> bool:
    return bool(user.is_authenticated and user.is_staff and has_one_of_permissions(user, ORDER_PERMISSIONS))


def orders_staff_required(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("dashboard:login"))
        if not can_manage_orders(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(wrapped)


def visible_orders(user):
    """The orders `user` reaches (drafts are not the desk's business)."""
    return restrict_to_channels(Order.objects.exclude(status=OrderStatus.DRAFT), user)


def _order_or_404(request, number) -> Order:
    queryset = visible_orders(request.user).select_related(
        "channel", "channel__public_address", "user", "shipping_address", "billing_address",
        "collection_point", "collection_point__address", "collected_by")
    return get_object_or_404(queryset, number=number)


# --- presentation helpers ---------------------------------------------------------------


def money(amount, currency) -> str:
    return format_money(amount, currency)


def is_paid(order) -> bool:
    return actions.is_paid(order)


def gateway_name(gateway_id: str) -> str:
    gateway = get_gateway(gateway_id)
    if gateway is not None:
        return str(gateway.name)
    return gateway_id or _("Chưa chọn")


def qr_svg(text: str, scale: int = 3) -> str:
    """An inline SVG QR code of `text` (made by segno, so safe to insert)."""
    return mark_safe(segno.make(text, error="m").svg_inline(scale=scale, title=text, omitsize=True))


def address_lines(address) -> list[str]:
    """An address as lines on Vietnam's 2025 units: street, ward/commune,
    province (a pre-2025 district is left out: it no longer routes post)."""
    if address is None:
        return []
    lines = [address.street_address_1, address.street_address_2]
    lines.append(", ".join(part for part in (address.city, address.country_area) if part))
    if address.country and address.country != "VN":
        lines.append(address.country)
    return [line for line in lines if line]


def full_name(address) -> str:
    if address is None:
        return ""
    return " ".join(part for part in (address.last_name, address.first_name) if part)


def _decorate(order) -> Order:
    order.status_label = STATUS_LABELS.get(order.status, order.status)
    order.charge_label = CHARGE_LABELS.get(order.charge_status, order.charge_status)
    order.paid = is_paid(order)
    order.total_display = money(order.total_gross_amount, order.currency)
    order.gateway_label = gateway_name(order.payment_gateway)
    address = order.shipping_address or order.billing_address
    order.customer_name = full_name(address)
    order.customer_phone = address.phone if address is not None else ""
    order.customer_email = order.user_email or (order.user.email if order.user_id and order.user else "") or ""
    return order


# --- the list --------------------------------------------------------------------------

STATUS_FILTERS = {
    "unconfirmed": Q(status=OrderStatus.UNCONFIRMED),
    "unfulfilled": Q(status__in=OPEN_STATUSES),
    "ready_for_pickup": Q(status__in=OPEN_STATUSES, collection_point__isnull=False, collected_at__isnull=True),
    "fulfilled": Q(status=OrderStatus.FULFILLED),
    "canceled": Q(status__in=(OrderStatus.CANCELED, OrderStatus.EXPIRED)),
}
PAID_Q = Q(charge_status__in=actions.PAID_STATUSES) | Q(total_gross_amount__lte=0)


class OrderFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Tìm số đơn, email hoặc số điện thoại"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}))
    channel = forms.ChoiceField(label=gettext_lazy("Kênh"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Trạng thái"), required=False, choices=[
        ("", gettext_lazy("Tất cả")),
        ("unconfirmed", gettext_lazy("Chờ xác nhận")),
        ("unfulfilled", gettext_lazy("Chưa giao")),
        ("ready_for_pickup", gettext_lazy("Chờ khách nhận tại quầy")),
        ("fulfilled", gettext_lazy("Đã giao")),
        ("canceled", gettext_lazy("Đã hủy / hết hạn")),
    ])
    payment = forms.ChoiceField(label=gettext_lazy("Thanh toán"), required=False, choices=[
        ("", gettext_lazy("Tất cả")),
        ("paid", gettext_lazy("Đã thanh toán")),
        ("unpaid", gettext_lazy("Chưa thanh toán")),
    ])

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("Tất cả kênh"))] + [(c.slug, c.name) for c in channels]

    def filter(self, orders):
        if not self.is_valid():
            return orders
        data = self.cleaned_data
        if data["channel"]:
            orders = orders.filter(channel__slug=data["channel"])
        if data["status"]:
            orders = orders.filter(STATUS_FILTERS[data["status"]])
        if data["payment"] == "paid":
            orders = orders.filter(PAID_Q)
        elif data["payment"] == "unpaid":
            orders = orders.exclude(PAID_Q)
        if data["q"].strip():
            orders = orders.filter(search_q(data["q"]))
        return orders


def search_q(text: str) -> Q:
    """Order number ("1024", "#1024"), customer email (or part of it), or phone
    ("0912 345 678", "+84912345678")."""
    text = text.strip()
    query = Q(user_email__icontains=text) | Q(user__email__icontains=text)
    digits = re.sub(r"[\s#.\-()]", "", text)
    if digits.isdigit() and len(digits) <= 18:
        query |= Q(number=int(digits))
    if re.fullmatch(r"\+?\d{9,15}", digits):
        try:
            phone = normalize_phone(digits, mobile_only=False)
        except ValidationError:
            phone = None
        if phone:
            query |= Q(shipping_address__phone=phone) | Q(billing_address__phone=phone) | Q(user__phone=phone)
    return query


@require_safe
@orders_staff_required
def order_list(request):
    channels = list(accessible_channels(request.user).order_by("name"))
    form = OrderFilterForm(request.GET or None, channels=channels)
    orders = form.filter(visible_orders(request.user))
    orders = orders.select_related("channel", "user", "shipping_address", "billing_address").order_by(
        "-created_at", "-number")
    page = Paginator(orders, ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    for order in page.object_list:
        _decorate(order)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "orders": page.object_list, "query": query.urlencode()}
    return render(request, "dashboard/orders/list.html", context)


# --- an order's page ------------------------------------------------------------------------


def _fulfil_rows(order, lines, posted=None) -> list[dict]:
    """Per line still to fulfil, the warehouses it may leave from: those its stock
    is allocated in first (quantity = what is allocated there), then the
    channel's other warehouses that hold the variant (quantity 0)."""
    from commerce.warehouse.models import Allocation, Stock, Warehouse

    open_lines = [line for line in lines if line.quantity_unfulfilled > 0]
    if not open_lines or order.status not in OPEN_STATUSES:
        return []
    allocated = defaultdict(dict)
    for allocation in Allocation.objects.filter(order_line__order_id=order.pk).select_related("stock"):
        allocated[allocation.order_line_id][allocation.stock.warehouse_id] = allocation.quantity_allocated
    warehouses = {w.pk: w for w in Warehouse.objects.filter(channel_warehouses__channel_id=order.channel_id)
                  .order_by("channel_warehouses__sort_order", "pk")}
    # A collection point outside the channel's list still counts for its own orders.
    extra = {w for per_line in allocated.values() for w in per_line}
    if order.collection_point_id:
        extra.add(order.collection_point_id)
    missing = extra - set(warehouses)
    if missing:
        warehouses.update({w.pk: w for w in Warehouse.objects.filter(pk__in=missing)})
    in_stock = {
        (s.product_variant_id, s.warehouse_id): s.quantity
        for s in Stock.objects.filter(product_variant_id__in=[l.variant_id for l in open_lines if l.variant_id],
                                      warehouse_id__in=list(warehouses))
    }
    rows = []
    for line in open_lines:
        held = allocated.get(line.pk, {})
        order_of = sorted(warehouses, key=lambda w: (w not in held, w != order.collection_point_id))
        choices = [w for w in order_of if w in held or (line.variant_id, w) in in_stock]
        if not choices and order.collection_point_id:
            choices = [order.collection_point_id]
        left = line.quantity_unfulfilled
        defaults = {}
        for warehouse_id in choices:
            take = min(left, held.get(warehouse_id, 0))
            defaults[warehouse_id] = take
            left -= take
        if not held and choices:  # nothing allocated (stock not tracked): suggest the first warehouse
            defaults[choices[0]] = line.quantity_unfulfilled
        stocks = []
        for warehouse_id in choices:
            name = f"qty-{line.pk}-{warehouse_id}"
            value = posted.get(name, "") if posted is not None else defaults.get(warehouse_id, 0)
            stocks.append({
                "warehouse": warehouses[warehouse_id], "field": name, "value": value,
                "allocated": held.get(warehouse_id, 0), "in_stock": in_stock.get((line.variant_id, warehouse_id), 0),
            })
        rows.append({"line": line, "stocks": stocks})
    return rows


def _detail_context(request, order, *, errors=None, posted=None, form_id=None) -> dict:
    from commerce.warehouse.models import Warehouse

    errors = errors or {}
    _decorate(order)
    lines = list(order.lines.all())
    for line in lines:
        line.unit_price_display = money(line.unit_price_gross_amount, line.currency)
        line.total_display = money(line.total_price_gross_amount, line.currency)
    fulfillments = list(order.fulfillments.select_related("warehouse").prefetch_related("lines__order_line"))
    for fulfillment in fulfillments:
        fulfillment.active = fulfillment.status == FulfillmentStatus.FULFILLED
        fulfillment.tracking_errors = errors.get(f"tracking-{fulfillment.pk}", [])
        fulfillment.cancel_errors = errors.get(f"cancel-fulfillment-{fulfillment.pk}", [])
        fulfillment.tracking_errors_id = f"tracking-errors-{fulfillment.pk}"
        fulfillment.cancel_errors_id = f"cancel-fulfillment-errors-{fulfillment.pk}"
    events = list(order.events.select_related("user"))
    for event in events:
        event.label = EVENT_LABELS.get(event.type, event.type)
        event.details = _event_details(event)
    active_fulfillments = any(f.active for f in fulfillments)
    can_pay = not order.paid and order.status not in (OrderStatus.CANCELED, OrderStatus.EXPIRED)
    return {
        "order": order,
        "lines": lines,
        "fulfillments": fulfillments,
        "events": events,
        "transactions": list(order.payment_transactions.order_by("pk")),
        "fulfil_rows": _fulfil_rows(order, lines, posted if form_id == "fulfil" else None),
        "restock_warehouses": list(Warehouse.objects.filter(channel_warehouses__channel_id=order.channel_id)
                                   .order_by("channel_warehouses__sort_order", "pk")),
        "errors": errors,
        "posted": posted if posted is not None else {},
        "form_id": form_id,
        "can_confirm": order.status == OrderStatus.UNCONFIRMED,
        "can_cancel": order.status in (OrderStatus.UNCONFIRMED, OrderStatus.UNFULFILLED) and not active_fulfillments,
        "can_mark_paid": can_pay,
        "can_hand_over": (order.is_click_and_collect() and order.collected_at is None
                          and order.status in OPEN_STATUSES),
        "shipping_lines": address_lines(order.shipping_address),
        "billing_lines": address_lines(order.billing_address),
        "collection_lines": address_lines(order.collection_point.address if order.collection_point else None),
        "status_class": _status_class(order),
    }


def _status_class(order) -> str:
    if order.status in (OrderStatus.CANCELED, OrderStatus.EXPIRED):
        return "status-failed"
    if order.status == OrderStatus.FULFILLED:
        return "status-done"
    return "status-running"


def _event_details(event) -> str:
    parameters = event.parameters or {}
    parts = []
    if parameters.get("tracking_number"):
        parts.append(_("mã vận đơn %(code)s") % {"code": parameters["tracking_number"]})
    if parameters.get("transaction_reference"):
        parts.append(_("tham chiếu %(ref)s") % {"ref": parameters["transaction_reference"]})
    if parameters.get("quantity"):
        parts.append(_("%(n)s sản phẩm") % {"n": parameters["quantity"]})
    if parameters.get("composed_id"):
        parts.append(_("lần giao %(id)s") % {"id": parameters["composed_id"]})
    if parameters.get("reason"):
        parts.append(str(REFUSAL_REASONS.get(parameters["reason"], parameters["reason"])))
    return ", ".join(parts)


@require_safe
@orders_staff_required
def order_detail(request, number):
    order = _order_or_404(request, number)
    return render(request, "dashboard/orders/detail.html", _detail_context(request, order))


def _refused(request, order, form_id, messages_list):
    """The order's page again, with `messages_list` next to form `form_id`."""
    context = _detail_context(request, order, errors={form_id: messages_list}, posted=request.POST, form_id=form_id)
    return render(request, "dashboard/orders/detail.html", context, status=400)


def _error_messages(exc) -> list[str]:
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc) or _("Bạn không có quyền làm việc này.")]


def _done(request, order, message):
    messages.success(request, message)
    return redirect("dashboard:order", number=order.number)


def _perform(request, order, form_id, action, success_message):
    """Run `action()` (one call of commerce.order.actions); on a refusal show its
    messages next to the form, else go back to the order with `success_message`."""
    try:
        action()
    except (ValidationError, PermissionDenied) as exc:
        order.refresh_from_db()
        return _refused(request, order, form_id, _error_messages(exc))
    return _done(request, order, success_message)


@require_POST
@orders_staff_required
def order_confirm(request, number):
    order = _order_or_404(request, number)
    return _perform(request, order, "confirm", lambda: actions.confirm_order(order, user=request.user),
                    _("Đã xác nhận đơn #%(number)s.") % {"number": order.number})


@require_POST
@orders_staff_required
def order_cancel(request, number):
    order = _order_or_404(request, number)
    return _perform(request, order, "cancel", lambda: actions.cancel_order(order, user=request.user),
                    _("Đã hủy đơn #%(number)s; hàng giữ cho đơn đã được trả về kho.") % {"number": order.number})


@require_POST
@orders_staff_required
def order_mark_paid(request, number):
    order = _order_or_404(request, number)
    reference = request.POST.get("reference", "").strip()[:255]
    return _perform(
        request, order, "mark_paid",
        lambda: actions.mark_as_paid(order, user=request.user, transaction_reference=reference or None),
        _("Đã ghi nhận thanh toán cho đơn #%(number)s.") % {"number": order.number})


@require_POST
@orders_staff_required
def order_fulfil(request, number):
    order = _order_or_404(request, number)
    rows = _fulfil_rows(order, list(order.lines.all()))
    if not rows:
        return _refused(request, order, "fulfil", [_("Đơn #%(number)s không còn gì để giao.")
                                                     % {"number": order.number}])
    lines, problems = [], []
    for row in rows:
        stocks = []
        for stock in row["stocks"]:
            raw = request.POST.get(stock["field"], "").strip() or "0"
            try:
                quantity = int(raw)
            except ValueError:
                problems.append(_("Số lượng \"%(value)s\" của \"%(name)s\" tại %(warehouse)s không phải số nguyên.")
                                % {"value": raw, "name": row["line"].product_name,
                                   "warehouse": stock["warehouse"].name})
                continue
            stocks.append({"warehouse": stock["warehouse"].pk, "quantity": quantity})
        lines.append({"order_line": row["line"], "stocks": stocks})
    if problems:
        return _refused(request, order, "fulfil", problems)
    tracking = request.POST.get("tracking_number", "").strip()[:255]
    notify = request.POST.get("notify") == "on"
    return _perform(
        request, order, "fulfil",
        lambda: actions.fulfill_order(order, lines, request.user, notify=notify, tracking=tracking),
        _("Đã giao hàng cho đơn #%(number)s.") % {"number": order.number})


def _fulfillment_or_404(order, fulfillment_id) -> Fulfillment:
    return get_object_or_404(Fulfillment.objects.select_related("order"), pk=fulfillment_id, order_id=order.pk)


@require_POST
@orders_staff_required
def fulfillment_tracking(request, number, fulfillment_id):
    order = _order_or_404(request, number)
    fulfillment = _fulfillment_or_404(order, fulfillment_id)
    tracking = request.POST.get("tracking_number", "").strip()[:255]
    notify = request.POST.get("notify") == "on"
    return _perform(
        request, order, f"tracking-{fulfillment.pk}",
        lambda: actions.update_fulfillment_tracking(fulfillment, tracking, user=request.user, notify=notify),
        _("Đã cập nhật mã vận đơn của lần giao #%(n)s.") % {"n": fulfillment.fulfillment_order})


@require_POST
@orders_staff_required
def fulfillment_cancel(request, number, fulfillment_id):
    from commerce.warehouse.models import Warehouse

    order = _order_or_404(request, number)
    fulfillment = _fulfillment_or_404(order, fulfillment_id)
    form_id = f"cancel-fulfillment-{fulfillment.pk}"
    warehouse = None
    chosen = request.POST.get("warehouse", "").strip()
    if chosen:
        warehouse = Warehouse.objects.filter(
            pk=int(chosen) if chosen.isdigit() else None, channel_warehouses__channel_id=order.channel_id).first()
        if warehouse is None:
            return _refused(request, order, form_id, [_("Kho đã chọn không thuộc kênh của đơn; chọn lại kho.")])
    return _perform(
        request, order, form_id,
        lambda: actions.cancel_fulfillment(fulfillment, user=request.user, warehouse=warehouse),
        _("Đã hủy lần giao #%(n)s; hàng đã về kho.") % {"n": fulfillment.fulfillment_order})


# --- printing ---------------------------------------------------------------------------


def _print_context(request, order) -> dict:
    _decorate(order)
    lines = list(order.lines.all())
    channel = order.channel
    # The centre's public address; without one, the stockroom the goods leave from.
    sender_address = channel.public_address
    if sender_address is None:
        from commerce.warehouse.models import Warehouse

        warehouse = order.collection_point or (
            Warehouse.objects.filter(fulfillments__order_id=order.pk).select_related("address").first()
            or Warehouse.objects.filter(channel_warehouses__channel_id=channel.pk).select_related("address")
            .order_by("channel_warehouses__sort_order", "pk").first())
        sender_address = warehouse.address if warehouse is not None else None
    return {
        "order": order,
        "lines": lines,
        "total_quantity": sum(line.quantity for line in lines),
        "qr": qr_svg(str(order.number)),
        "shipping_lines": address_lines(order.shipping_address),
        "billing_lines": address_lines(order.billing_address),
        "collection_lines": address_lines(order.collection_point.address if order.collection_point else None),
        "recipient": order.shipping_address or order.billing_address,
        "recipient_name": full_name(order.shipping_address or order.billing_address),
        "sender_name": channel.name,
        "sender_lines": address_lines(sender_address),
        "sender_phone": channel.phone or (sender_address.phone if sender_address else ""),
        "collect_on_delivery": (money(order.total_gross_amount - order.total_charged_amount, order.currency)
                                if order.payment_gateway == "cod" and not order.paid else ""),
    }


@require_safe
@orders_staff_required
def order_slip(request, number):
    order = _order_or_404(request, number)
    return render(request, "dashboard/orders/slip.html", _print_context(request, order))


@require_safe
@orders_staff_required
def order_label(request, number):
    order = _order_or_404(request, number)
    return render(request, "dashboard/orders/label.html", _print_context(request, order))


# --- the counter: hand-over by pickup code ------------------------------------------------------


def _collection_orders(user):
    return visible_orders(user).filter(collection_point__isnull=False).exclude(pickup_code="")


def _find_by_code(user, code) -> Order | None:
    """The collection order with this code among those `user` reaches; one not
    yet handed over first (codes are unique only among those)."""
    normalized = pickup.normalize_code(code)
    if not normalized:
        return None
    return (_collection_orders(user).filter(pickup_code=normalized)
            .select_related("channel", "collection_point", "collected_by", "shipping_address", "billing_address",
                            "user")
            .order_by(F("collected_at").desc(nulls_first=True), "-created_at")
            .first())


def _pickup_page(request, *, order=None, code="", errors=(), status=200):
    context = {"order": None, "code": code, "errors": list(errors), "ready_count": None}
    if order is not None:
        _decorate(order)
        lines = list(order.lines.all())
        for line in lines:
            line.unit_price_display = money(line.unit_price_gross_amount, line.currency)
        context.update(
            order=order, lines=lines, can_hand_over=order.collected_at is None and order.status in OPEN_STATUSES,
            due_display=money(max(order.total_gross_amount - order.total_charged_amount, 0), order.currency),
            pay_later=order.payment_gateway in actions.PAY_LATER_GATEWAYS,
        )
    return render(request, "dashboard/orders/pickup.html", context, status=status)


NOT_FOUND_MESSAGE = gettext_lazy(
    "Không tìm thấy đơn nhận tại trung tâm nào với mã “%(code)s”. Kiểm tra lại mã khách đưa (8 ký tự); nếu khách "
    "đặt nhận ở trung tâm khác, hãy hướng dẫn khách đến đúng nơi nhận.")


@require_http_methods(["GET", "HEAD", "POST"])
@orders_staff_required
def pickup_desk(request):
    """GET: the code field. POST action=find: the order with that code. POST
    action=hand_over: hand it over (commerce.order.actions.hand_over_order,
    which checks the code and the centre again and records refusals)."""
    if request.method != "POST":
        return _pickup_page(request)
    code = request.POST.get("code", "").strip()[:64]
    if request.POST.get("action") == "hand_over":
        return _hand_over(request, code)
    order = _find_by_code(request.user, code)
    if order is None:
        message = NOT_FOUND_MESSAGE % {"code": code} if code else _("Nhập hoặc quét mã nhận hàng của khách.")
        return _pickup_page(request, code=code, errors=[message], status=404 if code else 400)
    if not actions.can_hand_over(request.user, order):
        # The action records the refusal (PICKUP_REFUSED) and says why.
        try:
            actions.hand_over_order(order, code, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            return _pickup_page(request, code=code, errors=_other_centre(order, exc), status=403)
    if order.collected_at is not None:
        by = order.collected_by.email if order.collected_by else "–"
        return _pickup_page(request, order=order, code=code, errors=[
            _("Đơn #%(number)s đã được giao cho khách lúc %(when)s (nhân viên %(by)s); không giao lại.")
            % {"number": order.number, "when": _local(order.collected_at), "by": by}])
    return _pickup_page(request, order=order, code=code)


def _other_centre(order, exc) -> list[str]:
    return [_("Đơn #%(number)s nhận tại %(place)s, không phải trung tâm của bạn: không giao ở đây, hãy hướng dẫn "
              "khách đến đúng nơi nhận.") % {"number": order.number,
                                              "place": order.collection_point_name or order.collection_point},
            *_error_messages(exc)]


def _local(when) -> str:
    from django.utils import formats, timezone

    return formats.date_format(timezone.localtime(when), "d/m/Y H:i")


def _hand_over(request, code):
    order_id = request.POST.get("order", "")
    order = _collection_orders(request.user).filter(pk=order_id).first() if _is_uuid(order_id) else None
    if order is None:
        return _pickup_page(request, errors=[NOT_FOUND_MESSAGE % {"code": code}], status=404)
    next_url = request.POST.get("next", "")
    try:
        order = actions.hand_over_order(order, code, user=request.user,
                                        mark_as_paid=request.POST.get("mark_as_paid") == "1")
    except (ValidationError, PermissionDenied) as exc:
        order.refresh_from_db()
        if next_url == "order":
            return _refused(request, _order_or_404(request, order.number), "hand_over", _error_messages(exc))
        shown = _find_by_code(request.user, code)
        shown = shown if shown is not None and shown.pk == order.pk else None
        return _pickup_page(request, order=shown, code=code if shown else "", errors=_error_messages(exc),
                            status=400)
    messages.success(request, _("Đã giao đơn #%(number)s cho khách.") % {"number": order.number})
    if next_url == "order":
        return redirect("dashboard:order", number=order.number)
    return redirect("dashboard:pickup")


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True

