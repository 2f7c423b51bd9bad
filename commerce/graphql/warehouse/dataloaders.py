"""Warehouses and stock, the latter per channel: a channel sells only from the
warehouses assigned to it."""

from commerce.channel.models import Channel
from commerce.channel.models import ChannelWarehouse as WarehouseChannel
from commerce.graphql.core.dataloaders import DataLoader
from commerce.warehouse.models import Stock, Warehouse

from ..account.permissions import staff_channel_ids
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

    A slug of None means no channel was named: every warehouse counts. This is
    what quantities are computed from, for customers and staff alike; the
    `stocks` field itself reads StaffStocksByVariantIdAndChannelLoader.
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


class StaffStocksByVariantIdAndChannelLoader(StocksByVariantIdAndChannelLoader):
    """The stock rows staff see (`ProductVariant.stocks`): a staff user restricted
    to channels sees those of their channels' warehouses, and none in a channel
    they do not reach (there they are a customer)."""

    context_key = "staff_stocks_by_variant_id_and_channel_slug"

    def batch_load(self, keys):
        ids = staff_channel_ids(self.context)
        if ids is None:
            return super().batch_load(keys)
        reachable = set(Channel.objects.filter(pk__in=ids).values_list("slug", flat=True))
        keys = list(keys)
        asked = [key for key in keys if key[1] is None or key[1] in reachable]
        loaded = dict(zip(asked, super().batch_load(asked))) if asked else {}
        allowed = set(WarehouseChannel.objects.filter(channel_id__in=ids).values_list("warehouse_id", flat=True))
        return [[stock for stock in loaded.get(key, []) if stock.warehouse_id in allowed] for key in keys]
