"""Root fields of the account domain: `me`, permission groups, and the account mutations."""

import graphene
from django.contrib.auth.models import Group as DjangoGroup

from commerce.graphql.core.connection import ConnectionField, create_connection_slice
from commerce.graphql.core.ids import from_global_id_or_error

from ..product.enums import enum_value
from ..product.filter_inputs import pks_from_global_ids
from .inputs import PermissionGroupFilterInput, PermissionGroupSortingInput
from .mutations import (
    AccountAddressCreate,
    AccountAddressDelete,
    AccountAddressUpdate,
    AccountRegister,
    AccountSetDefaultAddress,
    AccountUpdate,
    CreateToken,
    PermissionGroupCreate,
    PermissionGroupUpdate,
    RefreshToken,
    VerifyToken,
)
from .permissions import permission_required, saleor_permissions
from .types import Group, GroupCountableConnection, User

MANAGE_STAFF = saleor_permissions("MANAGE_STAFF")


def _filter_groups(queryset, value):
    if not value:
        return queryset
    if value.get("search"):
        queryset = queryset.filter(name__icontains=value["search"])
    if value.get("ids"):
        queryset = queryset.filter(pk__in=pks_from_global_ids(value["ids"], "Group"))
    return queryset


class AccountQueries(graphene.ObjectType):
    permission_groups = ConnectionField(
        GroupCountableConnection,
        filter=PermissionGroupFilterInput(description="Filtering options for permission groups."),
        sort_by=PermissionGroupSortingInput(description="Sort permission groups."),
        description="List of permission groups.\n\nRequires one of the following permissions: MANAGE_STAFF.",
    )
    permission_group = graphene.Field(
        Group,
        id=graphene.Argument(graphene.ID, description="ID of the group.", required=True),
        description="Look up permission group by ID.\n\nRequires one of the following permissions: MANAGE_STAFF.",
    )
    me = graphene.Field(User, description="Return the currently authenticated user.")

    @staticmethod
    def resolve_me(_root, info):
        user = info.context.user
        return user if user.is_authenticated and user.is_active else None

    @staticmethod
    @permission_required(*MANAGE_STAFF)
    def resolve_permission_groups(_root, info, **kwargs):
        queryset = _filter_groups(DjangoGroup.objects.all(), kwargs.get("filter"))
        sort_fields = ["name"]
        if kwargs.get("sort_by"):
            sort_fields = [f"{enum_value(kwargs['sort_by'].get('direction')) or ''}name"]
        return create_connection_slice(queryset, info, kwargs, GroupCountableConnection, sort_fields)

    @staticmethod
    @permission_required(*MANAGE_STAFF)
    def resolve_permission_group(_root, _info, *, id):
        _type, pk = from_global_id_or_error(id, "Group")
        return DjangoGroup.objects.filter(pk=pk).first()


class AccountMutations(graphene.ObjectType):
    token_create = CreateToken.Field()
    token_refresh = RefreshToken.Field()
    token_verify = VerifyToken.Field()
    account_register = AccountRegister.Field()
    account_update = AccountUpdate.Field()
    account_address_create = AccountAddressCreate.Field()
    account_address_update = AccountAddressUpdate.Field()
    account_address_delete = AccountAddressDelete.Field()
    account_set_default_address = AccountSetDefaultAddress.Field()
    permission_group_create = PermissionGroupCreate.Field()
    permission_group_update = PermissionGroupUpdate.Field()
