"""Payment root fields: `transaction(id | token)` and the Transaction API mutations."""

import graphene

from commerce.payment.models import TransactionItem as TransactionItemModel

from ..account.permissions import check_permissions, saleor_permissions
from ..core.errors import PermissionDenied
from ..core.ids import from_global_id
from ..core.scalars import UUID
from .mutations import (OrderGrantRefundCreate, TransactionInitialize, TransactionProcess, TransactionRequestAction,
                        check_channel_access)
from .types import TransactionItem

TRANSACTION_READERS = saleor_permissions("HANDLE_PAYMENTS", "MANAGE_ORDERS")


class PaymentQueries(graphene.ObjectType):
    transaction = graphene.Field(
        TransactionItem,
        id=graphene.Argument(graphene.ID, description="ID of a transaction. Either it or token is required to fetch the transaction data."),
        token=graphene.Argument(UUID, description="Token of a transaction. Either it or ID is required to fetch the transaction data."),
        description="Look up a transaction by ID or token.\n\nRequires one of the following permissions: HANDLE_PAYMENTS, MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_transaction(_root, info, *, id=None, token=None):
        check_permissions(info.context, TRANSACTION_READERS)
        item = None
        if id:
            try:
                type_name, pk = from_global_id(id)
                if type_name == "TransactionItem":
                    item = TransactionItemModel.objects.filter(pk=int(pk)).first()
            except ValueError:
                item = None
        elif token:
            item = TransactionItemModel.objects.filter(token=token).first()
        if item is None:
            return None
        try:
            check_channel_access(info.context, item)
        except PermissionDenied:
            return None  # as if it did not exist: another channel's staff learn nothing
        return item


class PaymentMutations(graphene.ObjectType):
    transaction_initialize = TransactionInitialize.Field()
    transaction_process = TransactionProcess.Field()
    transaction_request_action = TransactionRequestAction.Field()
    order_grant_refund_create = OrderGrantRefundCreate.Field()
