"""Channel setting enums; values are the model's stored choices, names are Saleor's."""

import graphene

from commerce.channel.models import AllocationStrategy, MarkAsPaidStrategy


class AllocationStrategyEnum(graphene.Enum):
    PRIORITIZE_SORTING_ORDER = AllocationStrategy.PRIORITIZE_SORTING_ORDER.value
    PRIORITIZE_HIGH_STOCK = AllocationStrategy.PRIORITIZE_HIGH_STOCK.value

    class Meta:
        description = (
            "Determine the allocation strategy for the channel.\n\n"
            "    PRIORITIZE_SORTING_ORDER - allocate stocks according to the warehouses' order\n"
            "    within the channel\n\n"
            "    PRIORITIZE_HIGH_STOCK - allocate stock in a warehouse with the most stock\n"
        )


class MarkAsPaidStrategyEnum(graphene.Enum):
    TRANSACTION_FLOW = MarkAsPaidStrategy.TRANSACTION_FLOW.value
    PAYMENT_FLOW = MarkAsPaidStrategy.PAYMENT_FLOW.value

    class Meta:
        description = "Determine the mark as paid strategy for the channel."
