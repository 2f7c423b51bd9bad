"""Addresses and countries, in Saleor's shape with Vietnam's two-tier units; users,
permission groups and the account error types.

Saleor's `countryArea` carries the province and `city` the ward or commune
(there are no districts since July 2025). The codes behind them, and a
district named by an address written before the reform, are OCOP additions.
"""

import graphene
from django.contrib.auth.models import Group as DjangoGroup

from commerce.account import access, actions, models
from commerce.account.models import GroupChannelAccess
from commerce.graphql.core.connection import CountableConnection
from commerce.graphql.core.enums import LanguageCodeEnum
from commerce.graphql.core.types import Error, ModelObjectType, NonNullList

from ..meta.types import PRIVATE_METADATA_PERMISSIONS, ObjectWithMetadata
from .countries import country_name
from .enums import AccountErrorCode, AddressTypeEnum, PermissionEnum, PermissionGroupErrorCode
from .permissions import permission_required, saleor_permissions


class CountryDisplay(graphene.ObjectType):
    code = graphene.String(description="Country code.", required=True)
    country = graphene.String(description="Country name.", required=True)

    @staticmethod
    def for_code(code: str) -> "CountryDisplay":
        return CountryDisplay(code=code, country=country_name(code))


class Address(ModelObjectType):
    first_name = graphene.String(required=True, description="The given name of the address.")
    last_name = graphene.String(required=True, description="The family name of the address.")
    company_name = graphene.String(required=True, description="Company or organization name.")
    street_address_1 = graphene.String(required=True, description="The first line of the address.")
    street_address_2 = graphene.String(required=True, description="The second line of the address.")
    city = graphene.String(required=True, description="The ward or commune of the address.")
    city_area = graphene.String(required=True, description="The district of the address.")
    postal_code = graphene.String(required=True, description="The postal code of the address.")
    country = graphene.Field(CountryDisplay, required=True, description="The country of the address.")
    country_area = graphene.String(required=True, description="The province of the address.")
    phone = graphene.String(description="The phone number assigned the address.")
    # OCOP additions: the administrative units behind the names above.
    province_code = graphene.Int(description="Code of the province (one of the 34 since July 2025).")
    ward_code = graphene.Int(description="Code of the ward or commune (2025 administrative units).")
    legacy_district = graphene.String(
        description="District named by an address written before the July 2025 reform, as written."
    )

    class Meta:
        model = models.Address
        description = "Represents user address data."

    @staticmethod
    def resolve_street_address_1(root, _info):
        return root.street_address_1

    @staticmethod
    def resolve_street_address_2(root, _info):
        return root.street_address_2

    @staticmethod
    def resolve_country(root, _info):
        return CountryDisplay.for_code(root.country)

    @staticmethod
    def resolve_phone(root, _info):
        return root.phone or None


# --- Users, permission groups, errors ----------------------------------------------------------


class AccountError(Error):
    code = graphene.Field(AccountErrorCode, required=True, description="The error code.")
    address_type = graphene.Field(AddressTypeEnum, description="A type of address that causes the error.")
    attributes = NonNullList(graphene.ID, description="List of attributes IDs which causes the error.")

    class Meta:
        description = "Represents errors in account mutations."


class PermissionGroupError(Error):
    code = graphene.Field(PermissionGroupErrorCode, required=True, description="The error code.")
    permissions = NonNullList(PermissionEnum, description="List of permissions which causes the error.")
    users = NonNullList(graphene.ID, description="List of user IDs which causes the error.")
    channels = NonNullList(graphene.ID, description="List of channels IDs which causes the error.")

    class Meta:
        description = "Represents errors in permission group mutations."


class Permission(graphene.ObjectType):
    code = graphene.Field(PermissionEnum, required=True, description="Internal code for permission.")
    name = graphene.String(required=True, description="Describe action(s) allowed to do by permission.")

    class Meta:
        description = "Represents a permission object in a friendly form."

    @staticmethod
    def for_member(member) -> "Permission":
        return Permission(code=member.value, name=PERMISSION_NAMES.get(member.name, member.name.replace("_", " ").capitalize() + "."))


# Saleor's wording of each permission's name.
PERMISSION_NAMES = {
    "MANAGE_USERS": "Manage customers.",
    "MANAGE_STAFF": "Manage staff.",
    "IMPERSONATE_USER": "Impersonate user.",
    "MANAGE_CHANNELS": "Manage channels.",
    "MANAGE_PRODUCTS": "Manage products.",
    "MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES": "Manage product types and attributes.",
    "MANAGE_TRANSLATIONS": "Manage translations.",
    "MANAGE_PRODUCERS": "Manage producers.",
    "MANAGE_WAREHOUSES": "Manage warehouses.",
    "MANAGE_SHIPPING": "Manage shipping.",
    "MANAGE_CHECKOUTS": "Manage checkouts",
    "HANDLE_CHECKOUTS": "Handle checkouts",
    "MANAGE_ORDERS": "Manage orders.",
    "HANDLE_PAYMENTS": "Handle payments",
}


def _channel_type():
    from ..channel.types import Channel

    return Channel


def _user_permission_members(user) -> list:
    from commerce.core.permissions import PermissionEnum as PyPermissionEnum

    if user.is_superuser:
        return list(PyPermissionEnum)
    granted = user.get_all_permissions()
    return [member for member in PyPermissionEnum if member.value in granted]


class Group(ModelObjectType):
    name = graphene.String(required=True)
    users = NonNullList(
        lambda: User,
        description="List of group users\n\nRequires one of the following permissions: MANAGE_STAFF.",
    )
    permissions = NonNullList(Permission, description="List of group permissions")
    user_can_manage = graphene.Boolean(
        required=True, description="True, if the currently authenticated user has rights to manage a group."
    )
    accessible_channels = NonNullList(lambda: _channel_type(), description="List of channels the group has access to.")
    restricted_access_to_channels = graphene.Boolean(
        required=True, description="Determine if the group have restricted access to channels."
    )

    class Meta:
        model = DjangoGroup
        description = "Represents permission group data."

    @staticmethod
    @permission_required(*saleor_permissions("MANAGE_STAFF"))
    def resolve_users(root, _info):
        return list(root.user_set.order_by("email", "pk"))

    @staticmethod
    def resolve_permissions(root, _info):
        return [Permission.for_member(member) for member in actions.group_permissions(root)]

    @staticmethod
    def resolve_user_can_manage(root, info):
        user = info.context.user
        return bool(user.is_authenticated and actions.can_manage_group(user, root))

    @staticmethod
    def resolve_accessible_channels(root, _info):
        from commerce.channel.models import Channel

        access = GroupChannelAccess.objects.filter(group=root).first()
        if access is None or not access.restricted_access_to_channels:
            return list(Channel.objects.order_by("slug"))
        return list(access.channels.order_by("slug"))

    @staticmethod
    def resolve_restricted_access_to_channels(root, _info):
        access = GroupChannelAccess.objects.filter(group=root).first()
        return bool(access and access.restricted_access_to_channels)


class GroupCountableConnection(CountableConnection):
    class Meta:
        node = Group


class User(ModelObjectType):
    """Saleor's User, for `me` and staff views.

    Other domains add their fields (`orders`, `checkouts`, ...) from their own
    modules with `extend_user_type`, before the schema is built.
    """

    email = graphene.String(required=True, description="The email address of the user.")
    first_name = graphene.String(required=True, description="The given name of the address.")
    last_name = graphene.String(required=True, description="The family name of the address.")
    is_staff = graphene.Boolean(required=True, description="Determine if the user is a staff admin.")
    is_active = graphene.Boolean(required=True, description="Determine if the user is active.")
    is_confirmed = graphene.Boolean(required=True, description="Determines if user has confirmed email.")
    addresses = NonNullList(Address, required=True, description="List of all user's addresses.")
    note = graphene.String(description="A note about the customer.\n\nRequires one of the following permissions: MANAGE_USERS, MANAGE_STAFF.")
    user_permissions = NonNullList(lambda: UserPermission, description="List of user's permissions.")
    permission_groups = NonNullList(Group, description="List of user's permission groups.")
    editable_groups = NonNullList(Group, description="List of user's permission groups which user can manage.")
    accessible_channels = NonNullList(
        lambda: _channel_type(),
        description="List of channels the user has access to. The sum of channels from all user groups.",
    )
    restricted_access_to_channels = graphene.Boolean(
        required=True, description="Determine if user have restricted access to channels."
    )
    language_code = graphene.Field(LanguageCodeEnum, required=True, description="User language code.")
    default_shipping_address = graphene.Field(Address)
    default_billing_address = graphene.Field(Address)
    last_login = graphene.DateTime(description="The date when the user last time log in to the system.")
    date_joined = graphene.DateTime(required=True, description="The data when the user create account.")
    updated_at = graphene.DateTime(required=True, description="The data when the user last update the account information.")
    # OCOP: a customer may sign in with a Vietnamese mobile number instead of an email.
    phone = graphene.String(description="The user's mobile number (E.164), when they sign in with one.")

    class Meta:
        model = models.User
        interfaces = [ObjectWithMetadata]
        description = "Represents user data."

    @staticmethod
    def resolve_email(root, _info):
        return root.email or ""

    @staticmethod
    def resolve_is_confirmed(_root, _info):
        return True  # no email confirmation step yet

    @staticmethod
    def resolve_addresses(root, _info):
        return list(root.addresses.order_by("pk"))

    @staticmethod
    def resolve_note(_root, _info):
        return None

    @staticmethod
    def resolve_default_shipping_address(root, info):
        from .dataloaders import AddressByIdLoader

        if root.default_shipping_address_id is None:
            return None
        return AddressByIdLoader(info.context).load(root.default_shipping_address_id)

    @staticmethod
    def resolve_default_billing_address(root, info):
        from .dataloaders import AddressByIdLoader

        if root.default_billing_address_id is None:
            return None
        return AddressByIdLoader(info.context).load(root.default_billing_address_id)

    @staticmethod
    def resolve_language_code(root, _info):
        return (root.language_code or "vi").lower()

    @staticmethod
    def resolve_user_permissions(root, _info):
        found = []
        for member in _user_permission_members(root):
            permission = UserPermission(code=member.value, name=Permission.for_member(member).name)
            permission.user = root  # for sourcePermissionGroups
            found.append(permission)
        return found

    @staticmethod
    def resolve_permission_groups(root, _info):
        return list(root.groups.order_by("name"))

    @staticmethod
    def resolve_editable_groups(root, _info):
        return [group for group in DjangoGroup.objects.order_by("name") if actions.can_manage_group(root, group)]

    @staticmethod
    def resolve_accessible_channels(root, _info):
        return list(access.accessible_channels(root)) if root.is_staff else []

    @staticmethod
    def resolve_restricted_access_to_channels(root, _info):
        return bool(root.is_staff and access.is_restricted(root))


class UserPermission(graphene.ObjectType):
    code = graphene.Field(PermissionEnum, required=True, description="Internal code for permission.")
    name = graphene.String(required=True, description="Describe action(s) allowed to do by permission.")
    source_permission_groups = NonNullList(
        Group,
        user_id=graphene.Argument(graphene.ID, required=True, description="ID of user whose groups should be returned."),
        description="List of user permission groups which contains this permission.",
    )

    @staticmethod
    def resolve_source_permission_groups(root, _info, user_id):
        app_label, codename = root.code.split(".", 1)
        return list(
            root.user.groups.filter(permissions__content_type__app_label=app_label, permissions__codename=codename)
            .distinct()
            .order_by("name")
        )


def extend_user_type(name: str, field, resolver=None) -> None:
    """Add a field to `User` from another domain's module (e.g. `orders`), before
    the schema is built:

        extend_user_type("orders", ConnectionField(OrderCountableConnection, ...), resolve_user_orders)

    `resolver(root, info, **args)` receives the User row as root.
    """
    if name in User._meta.fields:
        raise ValueError(f"User already has a field {name!r}.")
    if not isinstance(field, graphene.Field):
        field = field.mount_as(graphene.Field)
    User._meta.fields[name] = field
    if resolver is not None:
        setattr(User, f"resolve_{name}", staticmethod(resolver))


# Saleor guards a user's private metadata with MANAGE_USERS or MANAGE_STAFF.
PRIVATE_METADATA_PERMISSIONS["User"] = saleor_permissions("MANAGE_USERS", "MANAGE_STAFF")
