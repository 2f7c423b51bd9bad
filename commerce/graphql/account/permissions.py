"""Who may see what: Saleor's permission names checked against the requester.

Saleor describes a guarded field as "Requires one of the following
permissions: MANAGE_PRODUCTS, MANAGE_ORDERS". Some of those permissions belong
to apps this shop does not have yet (orders, discounts, shipping); they are
looked up by name, so a check names only the permissions that exist and starts
honouring the others the day their app adds them to `PermissionEnum`.
"""

from enum import Enum
from functools import wraps

from commerce.core.permissions import PermissionEnum
from commerce.graphql.core.errors import PermissionDenied


class AuthorizationFilters(Enum):
    """Saleor's pseudo-permissions: who the requester is rather than what it may do."""

    AUTHENTICATED_STAFF_USER = "authenticated_staff_user"
    AUTHENTICATED_APP = "authenticated_app"


def saleor_permissions(*names: str) -> tuple:
    """The permissions named (Saleor's names) that this shop defines, in order."""
    found = []
    for name in names:
        member = getattr(AuthorizationFilters, name, None) or PermissionEnum.__members__.get(name)
        if member is not None:
            found.append(member)
    return tuple(found)


# Who sees unpublished products, variants and collections (Saleor's rule).
ALL_PRODUCTS_PERMISSIONS = saleor_permissions("MANAGE_ORDERS", "MANAGE_DISCOUNTS", "MANAGE_PRODUCTS")
STAFF_OR_APP = saleor_permissions("AUTHENTICATED_STAFF_USER", "AUTHENTICATED_APP")


def is_staff_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def has_one_of_permissions(context, permissions) -> bool:
    user = getattr(context, "user", None)
    app = getattr(context, "app", None)
    for permission in permissions:
        if permission is AuthorizationFilters.AUTHENTICATED_STAFF_USER:
            if is_staff_user(user):
                return True
        elif permission is AuthorizationFilters.AUTHENTICATED_APP:
            if app is not None:
                return True
        elif app is not None and _app_has_perm(app, permission):
            return True
        elif user is not None and user.is_authenticated and user.is_active and user.has_perm(permission.value):
            return True
    return False


def _app_has_perm(app, permission) -> bool:
    has_perm = getattr(app, "has_perm", None)
    return bool(has_perm and has_perm(permission.value))


def check_permissions(context, permissions) -> None:
    """Raise Saleor's PermissionDenied unless the requester has one of `permissions`."""
    if not has_one_of_permissions(context, permissions):
        raise PermissionDenied(permissions=permissions)


def has_all_products_access(context) -> bool:
    return has_one_of_permissions(context, ALL_PRODUCTS_PERMISSIONS)


def permission_required(*permissions):
    """Guard a resolver: `@permission_required(*STAFF_OR_APP)`."""

    def decorator(resolver):
        @wraps(resolver)
        def wrapped(root, info, *args, **kwargs):
            check_permissions(info.context, permissions)
            return resolver(root, info, *args, **kwargs)

        return wrapped

    return decorator


def staff_channel_ids(context):
    """The channels where the requester's staff permissions apply: None for every
    channel (an app, a superuser, unrestricted staff), else a set of ids (a staff
    user whose permission groups are all restricted to channels). See
    commerce.account.access."""
    if getattr(context, "app", None) is not None:
        return None
    from commerce.account.access import accessible_channel_ids

    return accessible_channel_ids(getattr(context, "user", None))


def has_all_products_access_in(context, channel_id) -> bool:
    """`has_all_products_access` in one channel: unlike Saleor, a staff user
    restricted to some channels is a customer in the others."""
    if not has_all_products_access(context):
        return False
    ids = staff_channel_ids(context)
    return ids is None or channel_id in ids
