"""Saleor's `ObjectWithMetadata`: public metadata for anyone, private metadata
for those who may manage the object.

Which permission guards an object's private metadata depends on the object
(a product's on MANAGE_PRODUCTS, a channel's on MANAGE_CHANNELS), so each type
that implements the interface declares it in PRIVATE_METADATA_PERMISSIONS.
"""

import graphene

from commerce.graphql.core.scalars import Metadata
from commerce.graphql.core.types import MetadataItem, NonNullList

from ..account.permissions import check_permissions, saleor_permissions

PRIVATE_METADATA_PERMISSIONS = {
    "Attribute": saleor_permissions("MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES", "MANAGE_PRODUCTS"),
    "Category": saleor_permissions("MANAGE_PRODUCTS"),
    "Channel": saleor_permissions("MANAGE_CHANNELS"),
    "Collection": saleor_permissions("MANAGE_PRODUCTS"),
    "CraftVillage": saleor_permissions("MANAGE_PRODUCERS"),
    "Producer": saleor_permissions("MANAGE_PRODUCERS"),
    "Product": saleor_permissions("MANAGE_PRODUCTS"),
    "ProductMedia": saleor_permissions("MANAGE_PRODUCTS"),
    "ProductType": saleor_permissions("MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES", "MANAGE_PRODUCTS"),
    "ProductVariant": saleor_permissions("MANAGE_PRODUCTS"),
    "Warehouse": saleor_permissions("MANAGE_PRODUCTS", "MANAGE_WAREHOUSES"),
}
_STAFF = saleor_permissions("AUTHENTICATED_STAFF_USER")


def _items(data) -> list[MetadataItem]:
    return [MetadataItem(key=key, value=value) for key, value in sorted((data or {}).items())]


def _select(data, keys):
    data = data or {}
    if keys is None:
        return dict(data)
    return {key: data[key] for key in keys if key in data}


def _private(root, info):
    check_permissions(info.context, PRIVATE_METADATA_PERMISSIONS.get(info.parent_type.name, _STAFF))
    return root.private_metadata


class ObjectWithMetadata(graphene.Interface):
    private_metadata = NonNullList(
        MetadataItem,
        required=True,
        description="List of private metadata items. Requires staff permissions to access.",
    )
    private_metafield = graphene.String(
        key=graphene.String(required=True),
        description=(
            "A single key from private metadata. Requires staff permissions to access.\n\n"
            "Tip: Use GraphQL aliases to fetch multiple keys."
        ),
    )
    private_metafields = Metadata(
        keys=NonNullList(graphene.String),
        description=(
            "Private metadata. Requires staff permissions to access. Use `keys` to control "
            "which fields you want to include. The default is to include everything."
        ),
    )
    metadata = NonNullList(
        MetadataItem,
        required=True,
        description="List of public metadata items. Can be accessed without permissions.",
    )
    metafield = graphene.String(
        key=graphene.String(required=True),
        description="A single key from public metadata.\n\nTip: Use GraphQL aliases to fetch multiple keys.",
    )
    metafields = Metadata(
        keys=NonNullList(graphene.String),
        description=(
            "Public metadata. Use `keys` to control which fields you want to include. "
            "The default is to include everything."
        ),
    )

    @staticmethod
    def resolve_metadata(root, _info):
        return _items(root.metadata)

    @staticmethod
    def resolve_metafield(root, _info, *, key):
        return (root.metadata or {}).get(key)

    @staticmethod
    def resolve_metafields(root, _info, *, keys=None):
        return _select(root.metadata, keys)

    @staticmethod
    def resolve_private_metadata(root, info):
        return _items(_private(root, info))

    @staticmethod
    def resolve_private_metafield(root, info, *, key):
        return (_private(root, info) or {}).get(key)

    @staticmethod
    def resolve_private_metafields(root, info, *, keys=None):
        return _select(_private(root, info), keys)
