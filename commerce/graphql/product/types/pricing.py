"""Saleor's pricing types. The values come from product/pricing.py; the
local-currency fields are deprecated in Saleor and always null here."""

import graphene

from .money import TaxedMoney, TaxedMoneyRange


class VariantPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean(description="Whether it is in sale or not.")
    discount = graphene.Field(TaxedMoney, description="The discount amount if in sale (null otherwise).")
    discount_prior = graphene.Field(
        TaxedMoney,
        description=(
            "The discount amount compared to prior price. Null if product is not on sale or prior "
            "price was not provided in VariantChannelListing"
        ),
    )
    discount_local_currency = graphene.Field(
        TaxedMoney,
        description="The discount amount in the local currency.",
        deprecation_reason="Always returns `null`.",
    )
    price = graphene.Field(TaxedMoney, description="The price, with any discount subtracted.")
    price_undiscounted = graphene.Field(TaxedMoney, description="The price without any discount.")
    price_prior = graphene.Field(TaxedMoney, description="The price prior to discount.")
    price_local_currency = graphene.Field(
        TaxedMoney,
        description="The discounted price in the local currency.",
        deprecation_reason="Always returns `null`.",
    )

    class Meta:
        description = "Represents availability of a variant in the storefront."


class ProductPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean(description="Whether it is in sale or not.")
    discount = graphene.Field(TaxedMoney, description="The discount amount if in sale (null otherwise).")
    discount_prior = graphene.Field(
        TaxedMoney,
        description=(
            "The discount amount compared to prior price. Null if product is not on sale or prior "
            "price was not provided in VariantChannelListing"
        ),
    )
    discount_local_currency = graphene.Field(
        TaxedMoney,
        description="The discount amount in the local currency.",
        deprecation_reason="Always returns `null`.",
    )
    display_gross_prices = graphene.Boolean(
        required=True, description="Determines whether displayed prices should include taxes."
    )
    price_range = graphene.Field(TaxedMoneyRange, description="The discounted price range of the product variants.")
    price_range_undiscounted = graphene.Field(
        TaxedMoneyRange, description="The undiscounted price range of the product variants."
    )
    price_range_prior = graphene.Field(TaxedMoneyRange, description="The prior price range of the product variants.")
    price_range_local_currency = graphene.Field(
        TaxedMoneyRange,
        description="The discounted price range of the product variants in the local currency.",
        deprecation_reason="Always returns `null`.",
    )

    class Meta:
        description = "Represents availability of a product in the storefront."
