"""Saleor's account mutations: tokens, registration, the address book, the
profile, and staff permission groups. Each one checks who is asking, turns
its input into the arguments of an action in commerce/account/actions.py,
and hands back what changed; the rules live in the actions.
"""

from __future__ import annotations

import graphene
import jwt
from django.core.exceptions import ValidationError
from graphql import GraphQLError

from commerce.account import actions, throttling, tokens
from commerce.account.models import User as UserModel
from commerce.channel.models import Channel as ChannelModel
from commerce.graphql.core.errors import PermissionDenied
from commerce.graphql.core.ids import to_global_id
from commerce.graphql.core.mutations import BaseMutation, decode_id, validation_error_to_error_types
from commerce.graphql.core.scalars import GenericScalar

from ..product.enums import enum_value
from .enums import AddressTypeEnum
from .inputs import (
    AccountInput,
    AccountRegisterInput,
    AddressInput,
    PermissionGroupCreateInput,
    PermissionGroupUpdateInput,
)
from .permissions import has_one_of_permissions, saleor_permissions
from .types import AccountError, Address, Group, PermissionGroupError, User

REFRESH_TOKEN_COOKIE = "refreshToken"


def _current_user(info):
    """The signed-in, active user; Saleor's PermissionDenied for anyone else."""
    user = info.context.user
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied("To access this mutation you need to be logged in.")
    return user


def _target_user(info, customer_id):
    """The user a customer mutation acts on: the caller, or with `customerId` a
    customer the caller may impersonate (Saleor: IMPERSONATE_USER)."""
    user = _current_user(info)
    if customer_id is None:
        return user
    if not has_one_of_permissions(info.context, saleor_permissions("IMPERSONATE_USER")):
        raise PermissionDenied(permissions=saleor_permissions("IMPERSONATE_USER"))
    pk = decode_id(customer_id, "User", "customer_id", code="GRAPHQL_ERROR")
    customer = UserModel.objects.filter(pk=pk).first()
    if customer is None:
        raise ValidationError({"customer_id": ValidationError("User not found.", code="NOT_FOUND")})
    return customer


def _address_data(value) -> dict:
    data = dict(value or {})
    data.pop("skip_validation", None)  # customers' addresses are always checked
    if data.get("country") is not None:
        data["country"] = enum_value(data["country"])
    return data


def _language(value) -> str | None:
    code = enum_value(value)
    return code.lower() if code else None


def _jwt_error(error: jwt.InvalidTokenError, field: str) -> ValidationError:
    if isinstance(error, jwt.ExpiredSignatureError):
        code, message = "JWT_SIGNATURE_EXPIRED", "Signature has expired"
    elif isinstance(error, jwt.DecodeError):
        code, message = "JWT_DECODE_ERROR", "Error decoding signature"
    else:
        code, message = "JWT_INVALID_TOKEN", str(error) or "Invalid token"
    return ValidationError({field: ValidationError(message, code=code)})


# --- Tokens -----------------------------------------------------------------------------------


class CreateToken(BaseMutation):
    token = graphene.String(description="Access token to authenticate the user.")
    refresh_token = graphene.String(description="Refresh token to obtain a new access token.")
    csrf_token = graphene.String(description="CSRF token required to re-generate the access token.")
    user = graphene.Field(User, description="A user instance.")

    class Arguments:
        audience = graphene.String(description="The audience that will be included to JWT tokens with prefix `custom:`.")
        email = graphene.String(
            required=True,
            description=(
                "Email of a user. OCOP: a Vietnamese mobile number the user registered with "
                "(0912 345 678 or +84 912 345 678) is accepted here too."
            ),
        )
        password = graphene.String(required=True, description="Password of a user.")

    class Meta:
        description = (
            "Create JWT token. Failed attempts are throttled per client IP and per account "
            "(LOGIN_ATTEMPT_DELAYED says when to retry)."
        )
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, _root, info, /, *, email, password, audience=None):
        ip = throttling.client_ip(info.context.request)
        user = actions.authenticate(email, password, ip=ip, field="email")
        csrf_token = tokens.new_csrf_token()
        return CreateToken(
            token=tokens.create_access_token(user),
            refresh_token=tokens.create_refresh_token(user, csrf_token),
            csrf_token=csrf_token,
            user=user,
        )


class RefreshToken(BaseMutation):
    token = graphene.String(description="Acces token to authenticate the user.")
    user = graphene.Field(User, description="A user instance.")

    class Arguments:
        csrf_token = graphene.String(
            description="CSRF token required to refresh token. This argument is required when refreshToken is provided as a cookie."
        )
        refresh_token = graphene.String(description="Refresh token.")

    class Meta:
        description = "Refresh JWT token. Mutation tries to take refreshToken from the input. If it fails it will try to take `refreshToken` from the http-only cookie `refreshToken`. `csrfToken` is required when `refreshToken` is provided as a cookie."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, _root, info, /, *, refresh_token=None, csrf_token=None):
        from_cookie = False
        if not refresh_token:
            request = info.context.request
            refresh_token = request.COOKIES.get(REFRESH_TOKEN_COOKIE) if request is not None else None
            from_cookie = bool(refresh_token)
        if not refresh_token:
            raise ValidationError(
                {"refresh_token": ValidationError("Missing refreshToken", code="JWT_MISSING_TOKEN")}
            )
        try:
            payload = tokens.decode(refresh_token)
            user = tokens.user_from_payload(payload, tokens.REFRESH)
        except jwt.InvalidTokenError as error:
            raise _jwt_error(error, "refresh_token") from None
        if from_cookie and (not csrf_token or csrf_token != payload.get("csrf_token")):
            raise ValidationError(
                {"csrf_token": ValidationError("Invalid csrf token", code="JWT_INVALID_CSRF_TOKEN")}
            )
        return RefreshToken(token=tokens.create_access_token(user), user=user)


class VerifyToken(BaseMutation):
    user = graphene.Field(User, description="User assigned to token.")
    is_valid = graphene.Boolean(required=True, default_value=False, description="Determine if token is valid or not.")
    payload = GenericScalar(description="JWT payload.")

    class Arguments:
        token = graphene.String(required=True, description="JWT token to validate.")

    class Meta:
        description = "Verify JWT token."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, _root, _info, /, *, token):
        try:
            payload = tokens.decode(token)
            user = tokens.user_from_payload(payload, tokens.ACCESS)
        except jwt.InvalidTokenError as error:
            raise _jwt_error(error, "token") from None
        return VerifyToken(user=user, is_valid=True, payload=payload)

    @classmethod
    def handle_errors(cls, error, **extra):
        return super().handle_errors(error, is_valid=False, **extra)


# --- Registration and profile ----------------------------------------------------------------


class AccountRegister(BaseMutation):
    user = graphene.Field(User)
    requires_confirmation = graphene.Boolean(description="Informs whether users need to confirm their email address.")

    class Arguments:
        input = AccountRegisterInput(required=True, description="Fields required to create a user.")

    class Meta:
        description = (
            "Register a new user. OCOP: `email` may be a Vietnamese mobile number instead; "
            "no confirmation step yet, so `requiresConfirmation` is false."
        )
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, _root, _info, /, *, input):
        slug = input.get("channel")
        if slug:
            channel = ChannelModel.objects.filter(slug=slug).first()
            if channel is None:
                raise ValidationError({"channel": ValidationError(f"Channel with '{slug}' slug does not exist.", code="NOT_FOUND")})
            if not channel.is_active:
                raise ValidationError({"channel": ValidationError(f"Channel with '{slug}' is inactive.", code="CHANNEL_INACTIVE")})
        user = actions.register(
            input["email"],
            input["password"],
            first_name=input.get("first_name") or "",
            last_name=input.get("last_name") or "",
            language_code=_language(input.get("language_code")),
        )
        return AccountRegister(user=user, requires_confirmation=False)


class AccountUpdate(BaseMutation):
    user = graphene.Field(User)

    class Arguments:
        customer_id = graphene.ID(description="ID of customer the application is impersonating. Requires IMPERSONATE_USER permission.")
        input = AccountInput(required=True, description="Fields required to update the account of the logged-in user.")

    class Meta:
        description = "Updates the account of the logged-in user."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, _root, info, /, *, input, customer_id=None):
        user = _target_user(info, customer_id)
        billing = input.get("default_billing_address")
        shipping = input.get("default_shipping_address")
        actions.update_account(
            user,
            first_name=input.get("first_name"),
            last_name=input.get("last_name"),
            language_code=_language(input.get("language_code")),
            default_billing_address=_address_data(billing) if billing is not None else None,
            default_shipping_address=_address_data(shipping) if shipping is not None else None,
        )
        return AccountUpdate(user=user)


# --- Address book -----------------------------------------------------------------------------


def _own_address(info, address_id):
    """The caller's address behind a global ID; PermissionDenied for someone else's (Saleor)."""
    user = _current_user(info)
    pk = decode_id(address_id, "Address", "id", code="GRAPHQL_ERROR")
    address = user.addresses.filter(pk=pk).first()
    if address is None:
        raise PermissionDenied("You do not have permission to perform this action")
    return user, address


class AccountAddressCreate(BaseMutation):
    user = graphene.Field(User, description="A user instance for which the address was created.")
    address = graphene.Field(Address)

    class Arguments:
        customer_id = graphene.ID(description="ID of customer the application is impersonating. Requires IMPERSONATE_USER permission.")
        input = AddressInput(required=True, description="Fields required to create address.")
        type = AddressTypeEnum(required=False, description="A type of address. If provided, the new address will be automatically assigned as the customer's default address of that type.")

    class Meta:
        description = (
            "Create a new address for the customer. OCOP: `countryArea` (province) and `city` (ward "
            "or commune) must name Vietnam's 2025 units, or give `provinceCode`/`wardCode`; the "
            "first address becomes the default shipping and billing address."
        )
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, _root, info, /, *, input, customer_id=None, type=None):
        user = _target_user(info, customer_id)
        address = actions.add_address(user, _address_data(input), address_type=enum_value(type))
        return AccountAddressCreate(user=user, address=address)


class AccountAddressUpdate(BaseMutation):
    user = graphene.Field(User, description="A user object for which the address was edited.")
    address = graphene.Field(Address)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to update.")
        input = AddressInput(required=True, description="Fields required to update the address.")

    class Meta:
        description = "Updates an address of the logged-in user."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, _root, info, /, *, id, input):
        user, address = _own_address(info, id)
        address = actions.update_address(user, address, _address_data(input))
        return AccountAddressUpdate(user=user, address=address)


class AccountAddressDelete(BaseMutation):
    user = graphene.Field(User, description="A user instance for which the address was deleted.")
    address = graphene.Field(Address)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to delete.")

    class Meta:
        description = "Delete an address of the logged-in user."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, _root, info, /, *, id):
        user, address = _own_address(info, id)
        pk = address.pk
        actions.delete_address(user, address)
        address.pk = pk  # the payload shows what was deleted, with its ID
        user.refresh_from_db()
        return AccountAddressDelete(user=user, address=address)


class AccountSetDefaultAddress(BaseMutation):
    user = graphene.Field(User, description="An updated user instance.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to set as default.")
        type = AddressTypeEnum(required=True, description="The type of address.")

    class Meta:
        description = "Sets a default address for the authenticated user."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, _root, info, /, *, id, type):
        user, address = _own_address(info, id)
        actions.set_default_address(user, address, enum_value(type))
        return AccountSetDefaultAddress(user=user)


# --- Permission groups -----------------------------------------------------------------------


def _decode_group_id(value, type_name: str, field: str) -> int:
    try:
        return decode_id(value, type_name, field)
    except ValidationError as error:
        raise GraphQLError(" ".join(error.messages)) from None


def _decode_many(ids, type_name: str, field: str, model):
    pks = [_decode_group_id(value, type_name, field) for value in ids or ()]
    found = {row.pk: row for row in model.objects.filter(pk__in=pks)}
    missing = [value for value, pk in zip(ids or (), pks) if pk not in found]
    if missing:
        raise GraphQLError(f"Couldn't resolve to a node: {missing[0]}")
    return [found[pk] for pk in dict.fromkeys(pks)]


def _members(values):
    from commerce.core.permissions import PermissionEnum as PyPermissionEnum

    by_value = {member.value: member for member in PyPermissionEnum}
    return [by_value[enum_value(value)] for value in values or ()]


class _PermissionGroupMutation(BaseMutation):
    group = graphene.Field(Group)

    class Meta:
        abstract = True

    @classmethod
    def handle_errors(cls, error, **extra):
        """PermissionGroupError's `permissions`, `users` and `channels` name the offending items."""
        items = error.error_dict.items() if hasattr(error, "error_dict") else [(None, error.error_list)]
        flat = []
        for field, errors in items:
            for item in errors:
                flat.append((field, item))
        results = validation_error_to_error_types(error, PermissionGroupError)
        for result, (_field, item) in zip(results, flat):
            params = item.params or {}
            result.permissions = list(params["permissions"]) if "permissions" in params else None
            result.users = [to_global_id("User", pk) for pk in params["users"]] if "users" in params else None
            result.channels = [to_global_id("Channel", pk) for pk in params["channels"]] if "channels" in params else None
        return cls(errors=results, **extra)

    @classmethod
    def save(cls, info, group, input):
        return actions.save_permission_group(
            info.context.user,
            group,
            name=input.get("name"),
            add_permissions=_members(input.get("add_permissions")),
            remove_permissions=_members(input.get("remove_permissions")),
            add_users=_decode_many(input.get("add_users"), "User", "add_users", UserModel),
            remove_users=_decode_many(input.get("remove_users"), "User", "remove_users", UserModel),
            add_channels=_decode_many(input.get("add_channels"), "Channel", "add_channels", ChannelModel),
            remove_channels=_decode_many(input.get("remove_channels"), "Channel", "remove_channels", ChannelModel),
            restricted_access_to_channels=input.get("restricted_access_to_channels"),
        )


class PermissionGroupCreate(_PermissionGroupMutation):
    class Arguments:
        input = PermissionGroupCreateInput(required=True, description="Input fields to create permission group.")

    class Meta:
        description = (
            "Create new permission group. Apps are not allowed to perform this mutation.\n\n"
            "Requires one of the following permissions: MANAGE_STAFF."
        )
        error_type_class = PermissionGroupError
        permissions = ("MANAGE_STAFF",)

    @classmethod
    def perform_mutation(cls, _root, info, /, *, input):
        return PermissionGroupCreate(group=cls.save(info, None, input))


class PermissionGroupUpdate(_PermissionGroupMutation):
    class Arguments:
        id = graphene.ID(required=True, description="ID of the group to update.")
        input = PermissionGroupUpdateInput(required=True, description="Input fields to create permission group.")

    class Meta:
        description = (
            "Update permission group. Apps are not allowed to perform this mutation.\n\n"
            "Requires one of the following permissions: MANAGE_STAFF."
        )
        error_type_class = PermissionGroupError
        permissions = ("MANAGE_STAFF",)

    @classmethod
    def perform_mutation(cls, _root, info, /, *, id, input):
        from django.contrib.auth.models import Group as DjangoGroup

        pk = _decode_group_id(id, "Group", "id")
        group = DjangoGroup.objects.filter(pk=pk).first()
        if group is None:
            raise GraphQLError(f"Couldn't resolve to a node: {id}")
        return PermissionGroupUpdate(group=cls.save(info, group, input))
