"""Account inputs as Saleor takes them.

AddressInput: catalogue fields take an address only to learn the destination
country; the address book (and checkout) save it through
commerce.account.addresses.address_from_input, which matches `countryArea`
(province) and `city` (ward or commune) to Vietnam's 2025 units, or takes the
OCOP additions `provinceCode`/`wardCode` instead.
"""

import graphene

from commerce.graphql.core.enums import LanguageCodeEnum
from commerce.graphql.core.types import NonNullList

from ..product.enums import OrderDirection
from .enums import CountryCodeEnum, PermissionEnum, PermissionGroupSortField


class AddressInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    company_name = graphene.String(description="Company or organization.")
    street_address_1 = graphene.String(description="Address.")
    street_address_2 = graphene.String(description="Address.")
    city = graphene.String(description="City.")
    city_area = graphene.String(description="District.")
    postal_code = graphene.String(description="Postal code.")
    country = CountryCodeEnum(description="Country.")
    country_area = graphene.String(description="State or province.")
    phone = graphene.String(description="Phone number.")
    skip_validation = graphene.Boolean(description="Determine if the address should be validated.")
    # OCOP: the 2025 units by code, instead of (or beside) their names.
    province_code = graphene.Int(description="Code of the province (one of the 34 since July 2025).")
    ward_code = graphene.Int(description="Code of the ward or commune; it must be in the province.")


def destination_address_argument():
    return graphene.Argument(
        AddressInput,
        description=(
            "Destination address used to find warehouses where stock availability for this "
            "product is checked. If address is empty, uses the channel's default country."
        ),
    )


class AccountRegisterInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    language_code = graphene.Field(LanguageCodeEnum, description="User language code.")
    email = graphene.String(
        required=True,
        description=(
            "The email address of the user. OCOP: a Vietnamese mobile number (0912 345 678, "
            "+84 912 345 678) is accepted here too; the user then signs in with that number."
        ),
    )
    password = graphene.String(required=True, description="Password.")
    redirect_url = graphene.String(
        description="Base of frontend URL that will be needed to create confirmation URL (unused: no confirmation step)."
    )
    channel = graphene.String(description="Slug of a channel which will be used to notify users. Optional when only one channel exists.")


class AccountInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    language_code = graphene.Field(LanguageCodeEnum, description="User language code.")
    default_billing_address = graphene.Field(AddressInput, description="Billing address of the customer.")
    default_shipping_address = graphene.Field(AddressInput, description="Shipping address of the customer.")


class PermissionGroupCreateInput(graphene.InputObjectType):
    add_permissions = NonNullList(PermissionEnum, description="List of permission code names to assign to this group.")
    add_users = NonNullList(graphene.ID, description="List of users to assign to this group.")
    add_channels = NonNullList(graphene.ID, description="List of channels to assign to this group.")
    name = graphene.String(required=True, description="Group name.")
    restricted_access_to_channels = graphene.Boolean(
        default_value=False,
        description=(
            "Determine if the group has restricted access to channels.  DEFAULT: False. In ocop-shop "
            "the restriction covers products, stock and listings as well as orders."
        ),
    )


class PermissionGroupUpdateInput(graphene.InputObjectType):
    add_permissions = NonNullList(PermissionEnum, description="List of permission code names to assign to this group.")
    add_users = NonNullList(graphene.ID, description="List of users to assign to this group.")
    add_channels = NonNullList(graphene.ID, description="List of channels to assign to this group.")
    name = graphene.String(description="Group name.")
    remove_permissions = NonNullList(PermissionEnum, description="List of permission code names to unassign from this group.")
    remove_users = NonNullList(graphene.ID, description="List of users to unassign from this group.")
    remove_channels = NonNullList(graphene.ID, description="List of channels to unassign from this group.")
    restricted_access_to_channels = graphene.Boolean(description="Determine if the group has restricted access to channels.")


class PermissionGroupFilterInput(graphene.InputObjectType):
    search = graphene.String()
    ids = NonNullList(graphene.ID)


class PermissionGroupSortingInput(graphene.InputObjectType):
    direction = graphene.InputField(
        OrderDirection, required=True, description="Specifies the direction in which to sort permission group."
    )
    field = graphene.InputField(
        PermissionGroupSortField, required=True, description="Sort permission group by the selected field."
    )
