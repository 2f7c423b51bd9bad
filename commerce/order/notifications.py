"""Emails to the customer about their order, in the order's language.

Kinds: placed, paid, ready_for_pickup, shipped, canceled. Actions call
`queue_order_email(order, kind)`; the email is sent by a Celery task after
the transaction commits (an order rolled back sends nothing). Each kind is
sent at most once per order: the task records an EMAIL_SENT event and skips
a kind already recorded, so a retried or duplicated task sends nothing twice.

Templates are plain text per language, commerce/order/templates/order/email/
<lang>/<kind>.txt, whose first line is the subject: translators edit one
readable file per message, with no compiled catalogues. Vietnamese is the
default; any language without its own templates falls back to it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from commerce.core.prices import format_vnd

from .models import Order, OrderEvent, OrderEvents

KINDS = ("placed", "paid", "ready_for_pickup", "shipped", "canceled")
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def queue_order_email(order, kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"Unknown order email {kind!r}; use one of {', '.join(KINDS)}.")
    from .tasks import send_order_email_task

    order_id = str(order.pk)
    transaction.on_commit(lambda: send_order_email_task.delay(order_id, kind))


def email_language(order) -> str:
    code = (order.language_code or DEFAULT_LANGUAGE).lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def render_order_email(order, kind: str) -> tuple[str, str]:
    """(subject, body) of the email of `kind` for `order`."""
    language = email_language(order)
    context = {
        "order": order,
        "lines": list(order.lines.all()),
        "total": _money(order.total_gross_amount, order.currency),
        "fulfillment": order.fulfillments.exclude(tracking_number="").order_by("-pk").first(),
    }
    with translation.override(language):
        text = render_to_string(f"order/email/{language}/{kind}.txt", context)
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def _money(amount, currency: str) -> str:
    if currency == "VND":
        return format_vnd(amount)
    return f"{amount} {currency}"


def send_order_email(order_id, kind: str) -> bool:
    """Send the email of `kind` unless it was already sent; True when sent now."""
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(pk=order_id).first()
        if order is None:
            return False
        already = OrderEvent.objects.filter(
            order_id=order.pk, type=OrderEvents.EMAIL_SENT, parameters__email_type=kind
        ).exists()
        recipient = order.user_email or (order.user.email if order.user_id else "")
        if already or not recipient:
            return False
        subject, body = render_order_email(order, kind)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        OrderEvent.objects.create(
            order=order, type=OrderEvents.EMAIL_SENT, parameters={"email_type": kind, "email": recipient}
        )
        return True
