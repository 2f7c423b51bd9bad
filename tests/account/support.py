"""Helpers for account tests: bearer-token requests and permission groups."""

import json

from django.contrib.auth.models import Group, Permission

from commerce.account import divisions
from commerce.account.models import GroupChannelAccess, User
from commerce.core.permissions import PermissionEnum

PASSWORD = "matkhau-dai-123"


def gql(client, query, variables=None, *, token=None, **extra):
    """POST to /graphql/ with an optional `Authorization: Bearer` token; the JSON answer."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        **headers,
        **extra,
    )
    return response.json()


def make_group(name, *permission_names, channels=None, users=()):
    """A permission group; `channels` (a list) restricts it to those channels."""
    group = Group.objects.create(name=name)
    for permission_name in permission_names:
        app_label, codename = PermissionEnum[permission_name].value.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    if channels is not None:
        access = GroupChannelAccess.objects.create(group=group, restricted_access_to_channels=True)
        access.channels.add(*channels)
    group.user_set.add(*users)
    return group


def make_group_staff(*groups, email=None) -> User:
    """A staff user whose only permissions come from `groups`."""
    user = User.objects.create_user(email or f"nv-{Group.objects.count()}-{User.objects.count()}@ocop.test", PASSWORD, is_staff=True)
    for group in groups:
        group.user_set.add(user)
    return User.objects.get(pk=user.pk)


def ward(name, province=divisions.HANOI):
    return next(w for w in divisions.wards().values() if w.name == name and int(w.province_code) == province)


def ward_elsewhere(province=divisions.HANOI):
    return next(w for w in divisions.wards().values() if int(w.province_code) != province)
