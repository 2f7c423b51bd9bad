"""Batch loads for transactions: their events, and the transactions of many
orders or checkouts at once (for `Order.transactions`, `Checkout.transactions`)."""

from commerce.payment.models import TransactionEvent, TransactionItem

from ..product.dataloaders.base import ModelByIdLoader, RowsByFieldLoader


class TransactionEventsByTransactionIdLoader(RowsByFieldLoader):
    context_key = "transaction_events_by_transaction_id"
    field = "transaction_id"

    def get_queryset(self):
        return TransactionEvent.objects.order_by("pk")


class TransactionItemsByOrderIdLoader(RowsByFieldLoader):
    context_key = "transaction_items_by_order_id"
    field = "order_id"

    def get_queryset(self):
        return TransactionItem.objects.order_by("pk")


class TransactionItemsByCheckoutIdLoader(RowsByFieldLoader):
    context_key = "transaction_items_by_checkout_id"
    field = "checkout_id"

    def get_queryset(self):
        return TransactionItem.objects.order_by("pk")


class OrderByIdForTransactionLoader(ModelByIdLoader):
    context_key = "order_by_id_for_transaction"
    prepared = False

    @property
    def model(self):
        from commerce.order.models import Order

        return Order


class CheckoutByIdForTransactionLoader(ModelByIdLoader):
    context_key = "checkout_by_id_for_transaction"
    prepared = False

    @property
    def model(self):
        from commerce.checkout.models import Checkout

        return Checkout
