"""Saleor's checkout enums."""

import graphene

from commerce.checkout.error_codes import CheckoutErrorCode as CheckoutErrorCodeValues

CheckoutErrorCode = graphene.Enum.from_enum(CheckoutErrorCodeValues, name="CheckoutErrorCode",
                                            description=lambda member: None if member else "An enumeration.")


class CheckoutChargeStatusEnum(graphene.Enum):
    """Determine the current charge status for the checkout."""

    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


class CheckoutAuthorizeStatusEnum(graphene.Enum):
    """Determine a current authorize status for checkout."""

    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
