"""Who sees which order, and how much of it.

- the customer who placed it, and staff with MANAGE_ORDERS who reach its
  channel (commerce.account.access), see all of it;
- a producer user sees the orders that contain their products, and only the
  lines of their products (not the rest of the customer's basket);
- everyone else sees nothing.
"""

from django.db.models import Exists, OuterRef

from commerce.account.access import can_access_channel, producer_ids, restrict_to_channels
from commerce.core.permissions import PermissionEnum
from commerce.order.models import Order, OrderLine

from ..core.errors import PermissionDenied

FULL, PRODUCER = "full", "producer"


def _user(info):
    user = getattr(info.context, "user", None)
    return user if user is not None and user.is_authenticated and user.is_active else None


def manages_orders(user) -> bool:
    return user is not None and user.has_perm(PermissionEnum.MANAGE_ORDERS.value)


def is_staff_of(user, order) -> bool:
    return manages_orders(user) and can_access_channel(user, order.channel_id)


def order_view(info, order) -> str | None:
    """FULL, PRODUCER or None for the requester and `order` (no query for FULL)."""
    user = _user(info)
    if user is None:
        return None
    if order.user_id == user.pk or is_staff_of(user, order):
        return FULL
    if producer_ids(user):
        return PRODUCER
    return None


def producer_sees(info, order) -> bool:
    ids = producer_ids(_user(info))
    return bool(ids) and OrderLine.objects.filter(order_id=order.pk, producer_id__in=ids).exists()


def can_see_order(info, order) -> bool:
    view = order_view(info, order)
    return view == FULL or (view == PRODUCER and producer_sees(info, order))


def visible_orders(info):
    """The orders `orders` lists for the requester, or PermissionDenied."""
    user = _user(info)
    if manages_orders(user):
        return restrict_to_channels(Order.objects.all(), user)
    ids = producer_ids(user)
    if ids:
        return Order.objects.filter(
            Exists(OrderLine.objects.filter(order_id=OuterRef("pk"), producer_id__in=ids)))
    raise PermissionDenied(permissions=[PermissionEnum.MANAGE_ORDERS])


def visible_lines(info, order, lines):
    if order_view(info, order) == FULL:
        return lines
    ids = producer_ids(_user(info))
    return [line for line in lines if line.producer_id in ids]


def require_staff_of(info, order) -> None:
    """Mutations: MANAGE_ORDERS is checked by the mutation; here, the channel."""
    user = _user(info)
    if not is_staff_of(user, order):
        raise PermissionDenied(
            f"You do not have access to the channel of order #{order.number}: "
            "ask for a permission group that includes it.")
