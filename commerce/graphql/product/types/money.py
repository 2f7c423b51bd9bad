"""Money as Saleor shows it: an amount in a currency, with and without tax.

Amounts are Decimal inside and a Float on the wire (Saleor's `amount: Float!`),
always quantized to the currency's precision first, so a VND price is 125000.0
and can never come out as 125000.5.
"""

import graphene

from commerce.core.prices import Money as MoneyValue
from commerce.core.prices import currency_precision, quantize_price


class Money(graphene.ObjectType):
    currency = graphene.String(required=True, description="Currency code.")
    amount = graphene.Float(required=True, description="Amount of money.")
    fractional_amount = graphene.Int(
        required=True,
        description="Amount of money represented as an integer in the smallest currency unit.",
    )
    fraction_digits = graphene.Int(
        required=True, description="Number of digits after the decimal point in the currency."
    )

    class Meta:
        description = "Represents amount of money in specific currency."

    @staticmethod
    def resolve_amount(root: MoneyValue, _info):
        return float(quantize_price(root.amount, root.currency))

    @staticmethod
    def resolve_fraction_digits(root: MoneyValue, _info):
        return currency_precision(root.currency)

    @staticmethod
    def resolve_fractional_amount(root: MoneyValue, _info):
        digits = currency_precision(root.currency)
        return int(quantize_price(root.amount, root.currency).scaleb(digits))


class TaxedMoney(graphene.ObjectType):
    currency = graphene.String(required=True, description="Currency code.")
    gross = graphene.Field(Money, required=True, description="Amount of money including taxes.")
    net = graphene.Field(Money, required=True, description="Amount of money without taxes.")
    tax = graphene.Field(Money, required=True, description="Amount of taxes.")

    class Meta:
        description = (
            "Represents a monetary value with taxes. In cases where taxes were not applied, "
            "net and gross values will be equal."
        )


class MoneyRange(graphene.ObjectType):
    start = graphene.Field(Money, description="Lower bound of a price range.")
    stop = graphene.Field(Money, description="Upper bound of a price range.")

    class Meta:
        description = "Represents a range of amounts of money."


class TaxedMoneyRange(graphene.ObjectType):
    start = graphene.Field(TaxedMoney, description="Lower bound of a price range.")
    stop = graphene.Field(TaxedMoney, description="Upper bound of a price range.")

    class Meta:
        description = "Represents a range of monetary values."


class WeightUnitsEnum(graphene.Enum):
    G = "g"
    LB = "lb"
    OZ = "oz"
    KG = "kg"
    TONNE = "tonne"


class Weight(graphene.ObjectType):
    """Weights are stored in kilograms, so they are always shown in KG."""

    unit = graphene.Field(WeightUnitsEnum, required=True, description="Weight unit.")
    value = graphene.Float(
        required=True, description="Weight value. Returns a value with maximal three decimal places"
    )

    class Meta:
        description = "Represents weight value in a specific weight unit."


def weight_in_kg(kilograms):
    if kilograms is None:
        return None
    return Weight(unit=WeightUnitsEnum.KG, value=round(float(kilograms), 3))
