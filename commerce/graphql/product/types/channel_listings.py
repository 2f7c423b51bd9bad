"""Per-channel offers of products, variants and collections (staff views)."""

import graphene

from commerce.core.prices import Money as MoneyValue
from commerce.graphql.core.scalars import DateTime
from commerce.graphql.core.types import ModelObjectType
from commerce.product import models

from ...channel.dataloaders import ChannelByIdLoader
from ...channel.types import Channel
from .money import Money


def _money(amount, currency):
    return None if amount is None else MoneyValue(amount, currency)


class ProductChannelListing(ModelObjectType):
    published_at = DateTime(description="The product publication date time.")
    is_published = graphene.Boolean(required=True, description="Indicates if the product is published in the channel.")
    channel = graphene.Field(Channel, required=True, description="The channel in which the product is listed.")
    visible_in_listings = graphene.Boolean(
        required=True, description="Indicates product visibility in the channel listings."
    )
    available_for_purchase_at = DateTime(description="The product available for purchase date time.")
    discounted_price = graphene.Field(Money, description="The price of the cheapest variant (including discounts).")
    is_available_for_purchase = graphene.Boolean(
        description=(
            "Refers to a state that can be set by admins to control whether a product is available "
            "for purchase in storefronts in this channel."
        )
    )

    class Meta:
        model = models.ProductChannelListing
        description = "Represents product channel listing."

    @staticmethod
    def resolve_channel(root, info):
        return ChannelByIdLoader(info.context).load(root.channel_id)

    @staticmethod
    def resolve_discounted_price(root, _info):
        return _money(root.discounted_price_amount, root.currency)

    @staticmethod
    def resolve_is_available_for_purchase(root, _info):
        return root.is_available_for_purchase()


class ProductVariantChannelListing(ModelObjectType):
    channel = graphene.Field(Channel, required=True, description="The channel to which the variant listing belongs.")
    price = graphene.Field(Money, description="The price of the variant.")
    cost_price = graphene.Field(Money, description="Cost price of the variant.")
    prior_price = graphene.Field(Money, description="Previous price of the variant in channel.")

    class Meta:
        model = models.ProductVariantChannelListing
        description = "Represents product variant channel listing."

    @staticmethod
    def resolve_channel(root, info):
        return ChannelByIdLoader(info.context).load(root.channel_id)

    @staticmethod
    def resolve_price(root, _info):
        return _money(root.price_amount, root.currency)

    @staticmethod
    def resolve_cost_price(root, _info):
        return _money(root.cost_price_amount, root.currency)

    @staticmethod
    def resolve_prior_price(root, _info):
        return _money(root.prior_price_amount, root.currency)


class CollectionChannelListing(ModelObjectType):
    published_at = DateTime(description="The collection publication date.")
    is_published = graphene.Boolean(required=True, description="Indicates if the collection is published in the channel.")
    channel = graphene.Field(Channel, required=True, description="The channel to which the collection belongs.")

    class Meta:
        model = models.CollectionChannelListing
        description = "Represents collection channel listing."

    @staticmethod
    def resolve_channel(root, info):
        return ChannelByIdLoader(info.context).load(root.channel_id)
