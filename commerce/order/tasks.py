"""Celery tasks of orders: customer emails and the expiry of unpaid orders."""

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_order_email_task(order_id: str, kind: str) -> bool:
    from .notifications import send_order_email

    return send_order_email(order_id, kind)


@shared_task(acks_late=True)
def expire_orders() -> int:
    """Every minute (beat): unpaid orders past `expires_at` expire and release their stock."""
    from .actions import expire_orders as expire

    return len(expire())
