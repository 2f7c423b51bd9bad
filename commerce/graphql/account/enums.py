"""Saleor's CountryCode enum (built from the generated list in country_codes.py) and
the account enums: error codes, address types, permissions."""

import graphene

from commerce.core.permissions import PermissionEnum as _PermissionEnum

from .country_codes import COUNTRY_CODES

CountryCodeEnum = graphene.Enum(
    "CountryCode",
    [(code, code) for code, _name in COUNTRY_CODES],
    description=(
        "Represents country codes defined by the ISO 3166-1 alpha-2 standard.\n\n"
        "The `EU` value is DEPRECATED and will be removed in Saleor 3.21."
    ),
)


class AccountErrorCode(graphene.Enum):
    """Saleor's AccountErrorCode (same values, same order)."""

    ACTIVATE_OWN_ACCOUNT = "activate_own_account"
    ACTIVATE_SUPERUSER_ACCOUNT = "activate_superuser_account"
    DUPLICATED_INPUT_ITEM = "duplicated_input_item"
    DEACTIVATE_OWN_ACCOUNT = "deactivate_own_account"
    DEACTIVATE_SUPERUSER_ACCOUNT = "deactivate_superuser_account"
    DELETE_NON_STAFF_USER = "delete_non_staff_user"
    DELETE_OWN_ACCOUNT = "delete_own_account"
    DELETE_STAFF_ACCOUNT = "delete_staff_account"
    DELETE_SUPERUSER_ACCOUNT = "delete_superuser_account"
    GRAPHQL_ERROR = "graphql_error"
    INACTIVE = "inactive"
    INVALID = "invalid"
    INVALID_PASSWORD = "invalid_password"
    LEFT_NOT_MANAGEABLE_PERMISSION = "left_not_manageable_permission"
    INVALID_CREDENTIALS = "invalid_credentials"
    NOT_FOUND = "not_found"
    OUT_OF_SCOPE_USER = "out_of_scope_user"
    OUT_OF_SCOPE_GROUP = "out_of_scope_group"
    OUT_OF_SCOPE_PERMISSION = "out_of_scope_permission"
    PASSWORD_ENTIRELY_NUMERIC = "password_entirely_numeric"
    PASSWORD_TOO_COMMON = "password_too_common"
    PASSWORD_TOO_SHORT = "password_too_short"
    PASSWORD_TOO_SIMILAR = "password_too_similar"
    PASSWORD_RESET_ALREADY_REQUESTED = "password_reset_already_requested"
    REQUIRED = "required"
    UNIQUE = "unique"
    JWT_SIGNATURE_EXPIRED = "signature_has_expired"
    JWT_INVALID_TOKEN = "invalid_token"
    JWT_DECODE_ERROR = "decode_error"
    JWT_MISSING_TOKEN = "missing_token"
    JWT_INVALID_CSRF_TOKEN = "invalid_csrf_token"
    CHANNEL_INACTIVE = "channel_inactive"
    MISSING_CHANNEL_SLUG = "missing_channel_slug"
    ACCOUNT_NOT_CONFIRMED = "account_not_confirmed"
    LOGIN_ATTEMPT_DELAYED = "login_attempt_delayed"
    DISABLED_AUTHENTICATION_METHOD = "disabled_authentication_method"
    UNKNOWN_IP_ADDRESS = "unknown_ip_address"
    FILE_SIZE_LIMIT_EXCEEDED = "file_size_limit_exceeded"

    class Meta:
        description = "An enumeration."


class PermissionGroupErrorCode(graphene.Enum):
    REQUIRED = "required"
    UNIQUE = "unique"
    ASSIGN_NON_STAFF_MEMBER = "assign_non_staff_member"
    DUPLICATED_INPUT_ITEM = "duplicated_input_item"
    CANNOT_REMOVE_FROM_LAST_GROUP = "cannot_remove_from_last_group"
    LEFT_NOT_MANAGEABLE_PERMISSION = "left_not_manageable_permission"
    OUT_OF_SCOPE_PERMISSION = "out_of_scope_permission"
    OUT_OF_SCOPE_USER = "out_of_scope_user"
    OUT_OF_SCOPE_CHANNEL = "out_of_scope_channel"


class AddressTypeEnum(graphene.Enum):
    BILLING = "billing"
    SHIPPING = "shipping"


class PermissionGroupSortField(graphene.Enum):
    NAME = "name"

    @property
    def description(self):
        return "Sort permission group accounts by name."


# Saleor's PermissionEnum, from the permissions this shop defines (OCOP adds
# MANAGE_PRODUCERS and MANAGE_WAREHOUSES). Values are the Django permission
# strings ("account.manage_staff").
PermissionEnum = graphene.Enum.from_enum(_PermissionEnum, name="PermissionEnum", description="An enumeration.")
