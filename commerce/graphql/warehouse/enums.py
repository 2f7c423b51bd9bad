"""Warehouse enums; values are the model's stored choices, names are Saleor's."""

import graphene

from commerce.warehouse.models import WarehouseClickAndCollectOption


class WarehouseClickAndCollectOptionEnum(graphene.Enum):
    DISABLED = WarehouseClickAndCollectOption.DISABLED.value
    LOCAL = WarehouseClickAndCollectOption.LOCAL_STOCK.value
    ALL = WarehouseClickAndCollectOption.ALL_WAREHOUSES.value


class WarehouseSortField(graphene.Enum):
    NAME = "name"
