"""The audit trail: one OrderEvent per change, with who made it (a staff
user, the customer, or an app), so staff can always answer "who did this?"."""

from .models import OrderEvent, OrderEvents


def record(order, type: OrderEvents, *, user=None, app=None, **parameters) -> OrderEvent:
    acting_user = user if user is not None and getattr(user, "is_authenticated", False) else None
    return OrderEvent.objects.create(
        order_id=order.pk,
        type=type,
        user=acting_user,
        app_identifier=getattr(app, "identifier", "") or "",
        parameters=parameters,
    )
