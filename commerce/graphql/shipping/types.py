"""Saleor's ShippingMethod as a checkout offers it: a method with its price for
this order, its name in the checkout's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import graphene

from commerce.core.prices import Money as MoneyValue
from commerce.graphql.core.scalars import JSONString
from commerce.graphql.core.types import ModelObjectType
from commerce.graphql.meta.types import ObjectWithMetadata
from commerce.graphql.product.types.money import Money, Weight, weight_in_kg
from commerce.shipping import models


class ShippingMethodTypeEnum(graphene.Enum):
    PRICE = "price"
    WEIGHT = "weight"

    class Meta:
        description = "An enumeration."


@dataclass(frozen=True, eq=False)
class ShippingMethodData:
    """A method together with its price for one checkout and the language to name it in."""

    node: Any
    price: MoneyValue
    listing: Any = None
    language_code: str = "vi"

    def __getattr__(self, name):
        if name.startswith("__") or name in ("node", "price", "listing", "language_code"):
            raise AttributeError(name)
        return getattr(self.node, name)


def translated_name(method, language_code: str) -> str:
    """The method's name in `language_code`, else its own (Vietnamese) name.
    Reads prefetched translations when there are some."""
    language = (language_code or "vi").split("-")[0]
    if language != "vi":
        for translation in method.translations.all():
            if translation.language_code.split("-")[0] == language and translation.name:
                return translation.name
    return method.name


class ShippingMethod(ModelObjectType):
    type = graphene.Field(ShippingMethodTypeEnum, description="Type of the shipping method.",
                          deprecation_reason="This field will be removed in Saleor 4.0.")
    name = graphene.String(required=True, description="Shipping method name.")
    description = JSONString(description="Shipping method description.")
    maximum_delivery_days = graphene.Int(description="Maximum delivery days for this shipping method.")
    minimum_delivery_days = graphene.Int(description="Minimum delivery days for this shipping method.")
    maximum_order_weight = graphene.Field(Weight, description="Maximum order weight for this shipping method.",
                                          deprecation_reason="This field will be removed in Saleor 4.0.")
    minimum_order_weight = graphene.Field(Weight, description="Minimum order weight for this shipping method.",
                                          deprecation_reason="This field will be removed in Saleor 4.0.")
    price = graphene.Field(Money, required=True, description="The price of selected shipping method.")
    maximum_order_price = graphene.Field(Money, description="Maximal order price for this shipping method.",
                                         deprecation_reason="This field will be removed in Saleor 4.0.")
    minimum_order_price = graphene.Field(Money, description="Minimal order value for this shipping method.",
                                         deprecation_reason="This field will be removed in Saleor 4.0.")
    active = graphene.Boolean(required=True, description="Describes if this shipping method is active and can be selected.")
    message = graphene.String(description="Message connected to this shipping method.")

    class Meta:
        model = models.ShippingMethod
        interfaces = [ObjectWithMetadata]
        description = "Shipping methods that can be used as means of shipping for orders and checkouts."

    @classmethod
    def get_model_instance(cls, root):
        return root.node if isinstance(root, ShippingMethodData) else root

    @staticmethod
    def resolve_name(root, _info):
        return translated_name(root.node, root.language_code) if isinstance(root, ShippingMethodData) else root.name

    @staticmethod
    def resolve_price(root, _info):
        return root.price if isinstance(root, ShippingMethodData) else None

    @staticmethod
    def resolve_minimum_order_weight(root, _info):
        return weight_in_kg(root.minimum_order_weight)

    @staticmethod
    def resolve_maximum_order_weight(root, _info):
        return weight_in_kg(root.maximum_order_weight)

    @staticmethod
    def _listing_money(root, field):
        listing = getattr(root, "listing", None) if isinstance(root, ShippingMethodData) else None
        amount = getattr(listing, field, None) if listing is not None else None
        return None if amount is None else MoneyValue(amount, listing.currency)

    @staticmethod
    def resolve_minimum_order_price(root, _info):
        return ShippingMethod._listing_money(root, "minimum_order_price_amount")

    @staticmethod
    def resolve_maximum_order_price(root, _info):
        return ShippingMethod._listing_money(root, "maximum_order_price_amount")

    @staticmethod
    def resolve_active(_root, _info):
        return True

    @staticmethod
    def resolve_message(_root, _info):
        return None
