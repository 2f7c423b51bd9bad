"""What the Checkout type needs, read once per checkout per request.

`CheckoutInfoByTokenLoader` loads checkouts with their lines, variants,
products, types and channel prices in a fixed number of queries however many
lines there are, and computes the totals once; every field of Checkout and
CheckoutLine reads from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from commerce.checkout.calculations import CheckoutTotals, checkout_totals
from commerce.checkout.models import Checkout, CheckoutLine
from commerce.graphql.core.dataloaders import DataLoader
from commerce.product.models import ProductVariantChannelListing


@dataclass
class CheckoutInfo:
    checkout: Any
    lines: list
    totals: CheckoutTotals


class CheckoutInfoByTokenLoader(DataLoader):
    context_key = "checkout_info_by_token"

    def batch_load(self, keys):
        checkouts = {
            c.pk: c
            for c in Checkout.objects.filter(pk__in=keys).select_related(
                "channel", "shipping_address", "billing_address", "collection_point", "shipping_method"
            )
        }
        lines_of: dict = {pk: [] for pk in checkouts}
        for line in (
            CheckoutLine.objects.filter(checkout_id__in=list(checkouts))
            .select_related("variant__product__product_type")
            .order_by("created_at", "id")
        ):
            line.checkout = checkouts[line.checkout_id]
            lines_of[line.checkout_id].append(line)
        all_lines = [line for lines in lines_of.values() for line in lines]
        listings = {
            (listing.variant_id, listing.channel_id): listing
            for listing in ProductVariantChannelListing.objects.filter(
                variant_id__in={line.variant_id for line in all_lines},
                channel_id__in={c.channel_id for c in checkouts.values()},
            )
        }
        for line in all_lines:
            line._listing = listings.get((line.variant_id, line.checkout.channel_id))
        result = []
        for key in keys:
            checkout = checkouts.get(key)
            if checkout is None:
                result.append(None)
                continue
            lines = lines_of[key]
            result.append(CheckoutInfo(checkout, lines, checkout_totals(checkout, lines)))
        return result


def load_info(info, checkout):
    return CheckoutInfoByTokenLoader(info.context).load(checkout.pk)
