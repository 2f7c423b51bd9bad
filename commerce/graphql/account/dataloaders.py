"""Addresses by id: warehouses, producers and channels all point at one."""

from commerce.account.models import Address

from ..product.dataloaders.base import ModelByIdLoader


class AddressByIdLoader(ModelByIdLoader):
    context_key = "address_by_id"
    model = Address
