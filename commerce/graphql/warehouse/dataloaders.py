"""Warehouses and stock, the latter per channel: a channel sells only from the
warehouses assigned to it."""

from commerce.graphql.core.dataloaders import DataLoader
from commerce.warehouse.models import Stock, Warehouse

from ..product.dataloaders.base import ModelByIdLoader, RowsByFieldLoader, group_by_channel_slug


class WarehouseByIdLoader(ModelByIdLoader):
    context_key = "warehouse_by_id"
    model = Warehouse


class StocksByVariantIdLoader(RowsByFieldLoader):
    """All stock of a variant, in every warehouse (staff views without a channel)."""

    context_key = "stocks_by_variant_id"
    field = "product_variant_id"

    def get_queryset(self):
        return Stock.objects.order_by("pk")


class StocksByVariantIdAndChannelLoader(DataLoader):
    """A variant's stock in the warehouses of one channel, keyed (variant id, channel slug).

    A slug of None means no channel was named: every warehouse counts.
    """

    context_key = "stocks_by_variant_id_and_channel_slug"

    def batch_load(self, keys):
        found = {key: [] for key in keys}
        for slug, ids in group_by_channel_slug(keys).items():
            stocks = Stock.objects.filter(product_variant_id__in=ids).order_by("pk")
            if slug is not None:
                stocks = stocks.filter(warehouse__channel_warehouses__channel__slug=slug)
            for stock in stocks:
                found[(stock.product_variant_id, slug)].append(stock)
        return [found[key] for key in keys]
