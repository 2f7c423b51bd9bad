"""Who may read and change a checkout.

As in Saleor, the checkout's id (a random UUID) is the key to a guest's cart:
whoever holds it may read and change it. A checkout that belongs to a
customer is theirs alone, and readable by staff with MANAGE_CHECKOUTS in its
channel (commerce.account.access decides which channels a staff user reaches).
"""

from commerce.account.access import can_access_channel
from commerce.core.permissions import PermissionEnum


def can_read_checkout(context, checkout) -> bool:
    if checkout.user_id is None:
        return True
    user = getattr(context, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.pk == checkout.user_id:
        return True
    return user.has_perm(PermissionEnum.MANAGE_CHECKOUTS.value) and can_access_channel(user, checkout.channel_id)
