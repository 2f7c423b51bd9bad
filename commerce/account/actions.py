"""Every change to accounts: registration, sign-in, the address book, profile,
password, staff permission groups. The GraphQL mutations and the storefront
pages both call these, so a rule lives here once.

Bad input is a Django ValidationError keyed by field (snake_case), with a code
from Saleor's AccountErrorCode (or PermissionGroupErrorCode for groups), so the
API can hand it on as `errors { field message code }` and a page can show it
beside the field.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import throttling
from .addresses import address_from_input
from .models import Address, User
from .phones import looks_like_phone, normalize_phone

BILLING = "billing"
SHIPPING = "shipping"
ADDRESS_TYPES = (BILLING, SHIPPING)

# ASVS V2.1.2: at least 64 characters must be allowed; longer than this is refused
# so that hashing cannot be made to take arbitrarily long.
PASSWORD_MAX_LENGTH = 128

# Django's password validators' codes, as Saleor's AccountErrorCode names them.
PASSWORD_ERROR_CODES = {
    "password_too_short": "PASSWORD_TOO_SHORT",
    "password_too_common": "PASSWORD_TOO_COMMON",
    "password_entirely_numeric": "PASSWORD_ENTIRELY_NUMERIC",
    "password_too_similar": "PASSWORD_TOO_SIMILAR",
}


def _error(field: str, message: str, code: str, **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


# --- Who is signing in ---------------------------------------------------------------------


def normalize_login(login: str, field: str = "email") -> tuple[str | None, str | None]:
    """(email, phone) for a login typed as either; ValidationError on `field` if it is neither."""
    login = (login or "").strip()
    if not login:
        raise _error(field, _("Enter an email address or a Vietnamese mobile number."), "REQUIRED")
    if looks_like_phone(login):
        try:
            return None, normalize_phone(login)
        except ValidationError as error:
            raise _error(field, error.messages[0], "INVALID") from None
    try:
        validate_email(login)
    except ValidationError:
        raise _error(field, _("Enter a valid email address or a Vietnamese mobile number."), "INVALID") from None
    return login.lower(), None


def _throttle_account_key(login: str) -> str:
    try:
        email, phone = normalize_login(login)
    except ValidationError:
        return (login or "").strip().lower()
    return email or phone


def validate_new_password(password: str, user: User, field: str = "password") -> None:
    """OWASP ASVS L2: 8 to 128 characters of anything, not a common password, not
    the person's own name or email. No rules on character classes."""
    if password is None or password == "":
        raise _error(field, _("Enter a password."), "REQUIRED")
    if len(password) > PASSWORD_MAX_LENGTH:
        raise _error(
            field, _("Use at most %(max_length)s characters."), "INVALID_PASSWORD", max_length=PASSWORD_MAX_LENGTH
        )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError(
            {
                field: [
                    ValidationError(item.messages[0], code=PASSWORD_ERROR_CODES.get(item.code, "INVALID_PASSWORD"))
                    for item in error.error_list
                ]
            }
        ) from None


def register(
    login: str,
    password: str,
    *,
    first_name: str = "",
    last_name: str = "",
    language_code: str | None = None,
    login_field: str = "email",
) -> User:
    """A new customer who signs in with `login`: an email address or a Vietnamese
    mobile number (stored as E.164)."""
    email, phone = normalize_login(login, login_field)
    taken = User.objects.filter(email=email) if email else User.objects.filter(phone=phone)
    if taken.exists():
        if email:
            message = _("A user with this email address already exists.")
        else:
            message = _("A user with this phone number already exists.")
        raise _error(login_field, message, "UNIQUE")
    user = User(
        email=email,
        phone=phone,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        language_code=language_code or "vi",
    )
    validate_new_password(password, user)
    user.set_password(password)
    user.save()
    return user


def authenticate(login: str, password: str, *, ip: str | None = None, field: str = "email") -> User:
    """The active user whose login and password these are, or ValidationError:
    LOGIN_ATTEMPT_DELAYED while the IP or account must wait (see throttling.py),
    INVALID_CREDENTIALS for a wrong login or password, INACTIVE for a blocked
    account (said only to someone who knows its password)."""
    account = _throttle_account_key(login)
    try:
        throttling.check(ip, account)
    except ValidationError as error:
        raise ValidationError({field: error}) from None
    try:
        user = User.objects.get_by_login(login)
    except User.DoesNotExist:
        user = None
        User().set_password(password or "")  # as slow as a real check: no timing hint
    if user is None or not password or not user.check_password(password):
        throttling.record_failure(ip, account)
        raise _error(field, _("Please, enter valid credentials"), "INVALID_CREDENTIALS")
    throttling.record_success(ip, account)
    if not user.is_active:
        raise _error(field, _("Account inactive."), "INACTIVE")
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    return user


# --- Profile and password --------------------------------------------------------------------


def update_account(
    user: User,
    *,
    first_name: str | None = None,
    last_name: str | None = None,
    language_code: str | None = None,
    default_billing_address: dict | None = None,
    default_shipping_address: dict | None = None,
) -> User:
    """Change the person's name and language; an address given as a default is
    added to the address book and made that default (Saleor's accountUpdate)."""
    fields = []
    for name, value in (("first_name", first_name), ("last_name", last_name), ("language_code", language_code)):
        if value is not None:
            setattr(user, name, value.strip())
            fields.append(name)
    if fields:
        user.save(update_fields=[*fields, "updated_at"])
    errors = {}
    for address_type, data in ((BILLING, default_billing_address), (SHIPPING, default_shipping_address)):
        if data is None:
            continue
        try:
            add_address(user, data, address_type=address_type)
        except ValidationError as error:
            errors.update({f"default_{address_type}_address": error.messages})
    if errors:
        raise ValidationError({field: ValidationError(" ".join(messages), code="INVALID") for field, messages in errors.items()})
    return user


def change_password(user: User, old_password: str, new_password: str) -> User:
    if not user.check_password(old_password or ""):
        raise _error("old_password", _("Old password isn't valid."), "INVALID_PASSWORD")
    return set_password(user, new_password)


def set_password(user: User, new_password: str) -> User:
    """A new password: every token issued before stops working."""
    validate_new_password(new_password, user)
    user.set_password(new_password)  # draws a new jwt_token_key
    user.save(update_fields=["password", "jwt_token_key", "updated_at"])
    return user


def deactivate(user: User) -> User:
    """Block the account; its tokens stop working at once."""
    from .models import new_jwt_token_key

    user.is_active = False
    user.jwt_token_key = new_jwt_token_key()
    user.save(update_fields=["is_active", "jwt_token_key", "updated_at"])
    return user


# --- Address book ---------------------------------------------------------------------------


def _check_type(address_type: str | None) -> str | None:
    if address_type is not None and address_type not in ADDRESS_TYPES:
        raise _error("type", _("Address type must be one of %(types)s."), "INVALID", types=", ".join(ADDRESS_TYPES))
    return address_type


def add_address(user: User, data: dict, *, address_type: str | None = None) -> Address:
    """A new address in the book. It becomes the default of `address_type`, and
    of each kind the person has no default for yet (a first address is both)."""
    _check_type(address_type)
    address = address_from_input(data)
    with transaction.atomic():
        address.save()
        user.addresses.add(address)
        _set_defaults(user, address, address_type)
    return address


def update_address(user: User, address: Address, data: dict) -> Address:
    _ensure_owner(user, address)
    address = address_from_input(data, instance=address)
    address.save()
    User.objects.filter(pk=user.pk).update(updated_at=timezone.now())
    return address


def delete_address(user: User, address: Address) -> None:
    """Remove the address from the book (and the defaults that named it)."""
    _ensure_owner(user, address)
    with transaction.atomic():
        fields = []
        for name in ("default_billing_address", "default_shipping_address"):
            if getattr(user, f"{name}_id") == address.pk:
                setattr(user, name, None)
                fields.append(name)
        if fields:
            user.save(update_fields=[*fields, "updated_at"])
        user.addresses.remove(address)
        address.delete()


def set_default_address(user: User, address: Address, address_type: str) -> User:
    _ensure_owner(user, address)
    if _check_type(address_type) is None:
        raise _error("type", _("Choose billing or shipping."), "REQUIRED")
    _set_defaults(user, address, address_type, only_missing=False)
    return user


def _set_defaults(user: User, address: Address, address_type: str | None, *, only_missing: bool = True) -> None:
    fields = []
    for kind in ADDRESS_TYPES:
        name = f"default_{kind}_address"
        if kind == address_type or (only_missing and getattr(user, f"{name}_id") is None):
            setattr(user, name, address)
            fields.append(name)
    if fields:
        user.save(update_fields=[*fields, "updated_at"])


def _ensure_owner(user: User, address: Address) -> None:
    if not user.addresses.filter(pk=address.pk).exists():
        raise _error("id", _("This address is not in your address book."), "NOT_FOUND")


def user_address(user: User, address_id) -> Address:
    """An address of `user`'s book by pk, or NOT_FOUND."""
    address = user.addresses.filter(pk=address_id).first()
    if address is None:
        raise _error("id", _("This address is not in your address book."), "NOT_FOUND")
    return address


# --- Staff permission groups ----------------------------------------------------------------
#
# Saleor's rule: a staff member may give only what they have. Permissions they
# lack, channels they do not reach, or "every channel" when they are restricted
# themselves, are refused with PermissionGroupErrorCode's OUT_OF_SCOPE_* codes.
# Params carry the offending items (PermissionEnum members, user and channel pks).


def _all_permission_values(user: User) -> set[str]:
    from commerce.core.permissions import PermissionEnum

    if user.is_superuser and user.is_active:
        return {member.value for member in PermissionEnum}
    return set(user.get_all_permissions()) if user.is_active else set()


def group_permissions(group) -> list:
    """The PermissionEnum members a group grants (permissions with no Saleor name are left out)."""
    from commerce.core.permissions import PermissionEnum

    by_value = {member.value: member for member in PermissionEnum}
    values = group.permissions.values_list("content_type__app_label", "codename")
    return sorted((by_value[f"{app}.{code}"] for app, code in values if f"{app}.{code}" in by_value), key=lambda m: m.name)


def group_channel_access(group):
    from .models import GroupChannelAccess

    access, _created = GroupChannelAccess.objects.get_or_create(group=group)
    return access


def can_manage_group(actor: User, group) -> bool:
    """Saleor's `userCanManage`: the actor has every permission of the group and
    reaches every channel it does (all of them if it is not restricted)."""
    from .access import ALL, accessible_channel_ids
    from .models import GroupChannelAccess

    if not actor.is_active:
        return False
    permissions = {member.value for member in group_permissions(group)}
    if not permissions <= _all_permission_values(actor):
        return False
    reach = accessible_channel_ids(actor)
    if reach is ALL:
        return True
    access = GroupChannelAccess.objects.filter(group=group).first()
    if access is None or not access.restricted_access_to_channels:
        return False
    return set(access.channels.values_list("pk", flat=True)) <= reach


def _can_manage_user(actor: User, user: User) -> bool:
    if user.is_superuser and not actor.is_superuser:
        return False
    return set(user.get_all_permissions()) <= _all_permission_values(actor)


def save_permission_group(
    actor: User,
    group=None,
    *,
    name: str | None = None,
    add_permissions=(),
    remove_permissions=(),
    add_users=(),
    remove_users=(),
    add_channels=(),
    remove_channels=(),
    restricted_access_to_channels: bool | None = None,
):
    """Create (group=None) or change a permission group on behalf of `actor`."""
    from django.contrib.auth.models import Group, Permission

    from .access import ALL, accessible_channel_ids

    creating = group is None
    errors: dict[str, list[ValidationError]] = {}

    def add(field, message, code, **params):
        errors.setdefault(field, []).append(ValidationError(message, code=code, params=params or None))

    if not creating and not can_manage_group(actor, group):
        raise ValidationError(
            {
                "id": ValidationError(
                    _("You can't manage group with permissions out of your scope."), code="OUT_OF_SCOPE_PERMISSION"
                )
            }
        )
    name = name.strip() if name is not None else None
    if creating and not name:
        add("name", _("Enter a name for the group."), "REQUIRED")
    elif name is not None:
        if not name:
            add("name", _("The group name cannot be empty."), "REQUIRED")
        elif Group.objects.filter(name__iexact=name).exclude(pk=getattr(group, "pk", None)).exists():
            add("name", _("Group with this name already exists."), "UNIQUE")

    for message, added, removed, key in (
        (_("The same permission cannot be both added and removed."), add_permissions, remove_permissions, "permissions"),
        (_("The same user cannot be both added and removed."), add_users, remove_users, "users"),
        (_("The same channel cannot be both added and removed."), add_channels, remove_channels, "channels"),
    ):
        both = [item for item in added if item in removed]
        if both:
            params = {key: [getattr(item, "pk", item) for item in both]}
            add(None, message, "DUPLICATED_INPUT_ITEM", **params)

    mine = _all_permission_values(actor)
    for field, permissions in (("add_permissions", add_permissions), ("remove_permissions", remove_permissions)):
        outside = [member for member in permissions if member.value not in mine]
        if outside:
            message = _("You can't add or remove permissions out of your scope.")
            add(field, message, "OUT_OF_SCOPE_PERMISSION", permissions=outside)

    non_staff = [user.pk for user in add_users if not user.is_staff]
    if non_staff:
        add("add_users", _("User must be staff member."), "ASSIGN_NON_STAFF_MEMBER", users=non_staff)
    for field, users in (("add_users", add_users), ("remove_users", remove_users)):
        outside = [user.pk for user in users if user.is_staff and not _can_manage_user(actor, user)]
        if outside:
            message = _("You can't manage these users: they have permissions out of your scope.")
            add(field, message, "OUT_OF_SCOPE_USER", users=outside)

    reach = accessible_channel_ids(actor)
    if reach is not ALL:
        for field, channels in (("add_channels", add_channels), ("remove_channels", remove_channels)):
            outside = [channel.pk for channel in channels if channel.pk not in reach]
            if outside:
                message = _("You can't manage channels you have no access to.")
                add(field, message, "OUT_OF_SCOPE_CHANNEL", channels=outside)
        restricted = restricted_access_to_channels
        if restricted is None and not creating:
            restricted = group_channel_access(group).restricted_access_to_channels
        if not restricted:
            add(
                "restricted_access_to_channels",
                _("You can't give access to every channel: your own access is restricted."),
                "OUT_OF_SCOPE_CHANNEL",
            )

    if errors:
        raise ValidationError({field if field else "__all__": items for field, items in errors.items()})

    with transaction.atomic():
        if creating:
            group = Group.objects.create(name=name)
        elif name:
            group.name = name
            group.save(update_fields=["name"])
        permission_rows = _permission_rows(Permission, [*add_permissions])
        group.permissions.add(*permission_rows)
        group.permissions.remove(*_permission_rows(Permission, [*remove_permissions]))
        group.user_set.add(*add_users)
        group.user_set.remove(*remove_users)
        access = group_channel_access(group)
        if restricted_access_to_channels is not None:
            access.restricted_access_to_channels = restricted_access_to_channels
            access.save(update_fields=["restricted_access_to_channels"])
        access.channels.add(*add_channels)
        access.channels.remove(*remove_channels)
    return group


def _permission_rows(permission_model, members) -> list:
    rows = []
    for member in members:
        app_label, codename = member.value.split(".", 1)
        row = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if row is None:
            raise ValidationError(
                {"add_permissions": ValidationError(
                    _("%(permission)s is not installed yet."),
                    code="OUT_OF_SCOPE_PERMISSION",
                    params={"permission": member.name},
                )}
            )
        rows.append(row)
    return rows
