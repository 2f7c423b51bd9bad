"""Card payments through Stripe PaymentIntents (see client.py, sync.py, webhooks.py)."""
