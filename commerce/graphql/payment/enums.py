"""Payment enums: names are Saleor's, values the models' stored choices."""

import graphene

from commerce.payment import error_codes
from commerce.payment.models import TransactionAction, TransactionEventType

TransactionActionEnum = graphene.Enum(
    "TransactionActionEnum", [(member.name, member.value) for member in TransactionAction],
    description="Represents possible actions on payment transaction.")
TransactionEventTypeEnum = graphene.Enum(
    "TransactionEventTypeEnum", [(member.name, member.value) for member in TransactionEventType],
    description="Represents possible event types.")


class TransactionFlowStrategyEnum(graphene.Enum):
    AUTHORIZATION = "authorization"
    CHARGE = "charge"

    class Meta:
        description = "Determine the transaction flow strategy."


TransactionInitializeErrorCode = graphene.Enum.from_enum(error_codes.TransactionInitializeErrorCode)
TransactionProcessErrorCode = graphene.Enum.from_enum(error_codes.TransactionProcessErrorCode)
TransactionRequestActionErrorCode = graphene.Enum.from_enum(error_codes.TransactionRequestActionErrorCode)
OrderGrantRefundCreateErrorCode = graphene.Enum.from_enum(error_codes.OrderGrantRefundCreateErrorCode)
OrderGrantRefundCreateLineErrorCode = graphene.Enum.from_enum(error_codes.OrderGrantRefundCreateLineErrorCode)
