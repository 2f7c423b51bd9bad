"""Channels by id or slug, and the warehouses that serve them."""

from commerce.channel.models import Channel, ChannelWarehouse
from commerce.graphql.core.dataloaders import DataLoader
from commerce.graphql.core.prepared import run_prepared

from ..product.dataloaders.base import ModelByIdLoader, RowsByFieldLoader


class ChannelByIdLoader(ModelByIdLoader):
    context_key = "channel_by_id"
    model = Channel


class ChannelBySlugLoader(DataLoader):
    context_key = "channel_by_slug"

    def batch_load(self, keys):
        found = run_prepared(
            "channels_by_slug", lambda slugs: Channel.objects.filter(slug__in=slugs), slugs=list(keys)
        )
        channels = {channel.slug: channel for channel in found}
        by_id = ChannelByIdLoader(self.context)
        for channel in channels.values():
            by_id.prime(channel.pk, channel)
        return [channels.get(key) for key in keys]


class WarehousesByChannelIdLoader(RowsByFieldLoader):
    """A channel's warehouses in the order stock is taken from them."""

    context_key = "channel_warehouses_by_channel_id"
    field = "channel_id"

    def get_queryset(self):
        return ChannelWarehouse.objects.select_related("warehouse").order_by("sort_order", "pk")

    def batch_load(self, keys):
        return [[link.warehouse for link in links] for links in super().batch_load(keys)]
