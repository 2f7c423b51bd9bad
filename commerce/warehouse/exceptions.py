"""What stock operations raise when there is not enough to go round.

`InsufficientStock` carries one item per variant that fell short, so the
caller (checkoutComplete, orderFulfill, ...) can name every problem line at
once instead of the first one only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class InsufficientStockData:
    variant: Any  # the ProductVariant that fell short
    available_quantity: int  # how many could still be had where it was looked for
    warehouse_id: int | None = None  # set when one warehouse was asked for (collection point, fulfilment)
    order_line: Any = None  # the OrderLine, when the shortfall is for an order
    requested_quantity: int | None = None


class InsufficientStock(Exception):
    def __init__(self, items: list[InsufficientStockData]):
        self.items = list(items)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        parts = []
        for item in self.items:
            name = str(item.variant) if item.variant is not None else "?"
            parts.append(f"{name}: {item.available_quantity} available")
        return "Insufficient stock: " + "; ".join(parts) + "."


@dataclass
class AllocationError(Exception):
    """An order line's stock could not be released or moved as asked."""

    order_lines: list = field(default_factory=list)

    def __str__(self) -> str:
        return f"Unable to deallocate stock for lines {', '.join(str(line) for line in self.order_lines)}."
