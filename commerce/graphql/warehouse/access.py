"""Which warehouses and stock a staff user may see.

Unlike Saleor, a staff user whose permission groups are all restricted to
channels (commerce.account.access) sees only the warehouses of those channels
and their stock; a warehouse that serves several channels is seen by anyone
who reaches one of them.
"""

from django.db.models import Exists, OuterRef

from commerce.channel.models import ChannelWarehouse

from ..account.permissions import staff_channel_ids


def _in_reach(ids, field: str = "pk"):
    return Exists(ChannelWarehouse.objects.filter(warehouse_id=OuterRef(field), channel_id__in=ids))


def restrict_warehouses(queryset, context):
    ids = staff_channel_ids(context)
    return queryset if ids is None else queryset.filter(_in_reach(ids))


def restrict_stocks(queryset, context):
    ids = staff_channel_ids(context)
    return queryset if ids is None else queryset.filter(_in_reach(ids, "warehouse_id"))
