"""Webhooks: Saleor-style catalogue events, written as an outbox in the changing
transaction and delivered, HMAC-signed, by Celery with retries."""
