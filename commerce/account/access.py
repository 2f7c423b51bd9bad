"""Who may act where: the channels a staff user reaches and the producers a
producer user speaks for.

Every read and write that touches channel data (orders, products, stock,
listings) asks these functions, whether it comes from GraphQL, the dashboard,
an importer or an integration, so the rule lives here once.

- A superuser, or a staff user with any permission given directly or through
  a group that is not restricted to channels, reaches every channel (Saleor:
  "if any group has no restriction, the user has access to all channels").
- Otherwise a staff user reaches the union of their restricted groups' channels.
- Customers and anonymous users reach no channel as staff.
- A producer user (a `ProducerMembership`) speaks for those producers only:
  their products, and the order lines of their products.
"""

from __future__ import annotations

from django.db.models import QuerySet

ALL = None  # the value of accessible_channel_ids for "every channel"


def accessible_channel_ids(user) -> set[int] | None:
    """The ids of the channels `user` may act in as staff; None for all of them."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cached = getattr(user, "_accessible_channel_ids", False)
    if cached is not False:
        return cached
    result = _compute_accessible_channel_ids(user)
    user._accessible_channel_ids = result
    return result


def _compute_accessible_channel_ids(user) -> set[int] | None:
    from .models import GroupChannelAccess

    if user.is_superuser:
        return ALL
    if not user.is_staff:
        return set()
    if user.user_permissions.exists():
        return ALL
    group_ids = list(user.groups.values_list("id", flat=True))
    if not group_ids:
        return ALL  # a staff user with no group has no permissions to restrict
    restricted = {
        access.group_id: access
        for access in GroupChannelAccess.objects.filter(group_id__in=group_ids, restricted_access_to_channels=True)
    }
    if len(restricted) < len(group_ids):
        return ALL
    return set(
        GroupChannelAccess.channels.through.objects.filter(groupchannelaccess_id__in=[a.pk for a in restricted.values()])
        .values_list("channel_id", flat=True)
    )


def can_access_channel(user, channel_id: int) -> bool:
    ids = accessible_channel_ids(user)
    return ids is ALL or channel_id in ids


def restrict_to_channels(queryset: QuerySet, user, channel_field: str = "channel_id") -> QuerySet:
    """`queryset` limited to rows of the channels `user` may act in."""
    ids = accessible_channel_ids(user)
    if ids is ALL:
        return queryset
    return queryset.filter(**{f"{channel_field}__in": ids})


def producer_ids(user) -> set[int]:
    """The producers `user` is a member of (empty for everyone else)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cached = getattr(user, "_producer_ids", None)
    if cached is None:
        from commerce.producer.models import ProducerMembership

        cached = set(ProducerMembership.objects.filter(user=user).values_list("producer_id", flat=True))
        user._producer_ids = cached
    return cached


def accessible_channels(user):
    """The Channel rows `user` may act in as staff (every channel for None)."""
    from commerce.channel.models import Channel

    ids = accessible_channel_ids(user)
    channels = Channel.objects.order_by("slug")
    return channels if ids is ALL else channels.filter(pk__in=ids)


def is_restricted(user) -> bool:
    """True for a staff user who reaches only some channels."""
    return accessible_channel_ids(user) is not ALL


def forget(user) -> None:
    """Drop what this user object remembers of its reach (after its groups change)."""
    for name in ("_accessible_channel_ids", "_producer_ids"):
        user.__dict__.pop(name, None)
