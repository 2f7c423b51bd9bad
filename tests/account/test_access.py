"""Who reaches which channels as staff (commerce.account.access), following
Saleor's rule for permission groups restricted to channels."""

from commerce.account import access
from tests import factories
from tests.account.support import make_group, make_group_staff


def test_customers_and_anonymous_reach_no_channel(db):
    from django.contrib.auth.models import AnonymousUser

    channel = factories.make_channel()
    assert access.accessible_channel_ids(AnonymousUser()) == set()
    assert access.accessible_channel_ids(factories.make_customer()) == set()
    assert not access.can_access_channel(factories.make_customer(), channel.pk)


def test_superusers_direct_permissions_and_unrestricted_groups_reach_all(db):
    channel = factories.make_channel()
    from commerce.account.models import User

    superuser = User.objects.create_superuser("sep@ocop.test", "matkhau-dai-123")
    assert access.accessible_channel_ids(superuser) is access.ALL
    assert access.accessible_channel_ids(factories.make_staff("MANAGE_PRODUCTS")) is access.ALL
    staff = make_group_staff(make_group("Toàn quốc", "MANAGE_PRODUCTS"))
    assert access.can_access_channel(staff, channel.pk)


def test_restricted_groups_reach_the_union_of_their_channels(db):
    a, b, c = factories.make_channel(), factories.make_channel(), factories.make_channel()
    staff = make_group_staff(
        make_group("A", "MANAGE_PRODUCTS", channels=[a]), make_group("B", "MANAGE_ORDERS", channels=[b])
    )
    assert access.accessible_channel_ids(staff) == {a.pk, b.pk}
    assert not access.can_access_channel(staff, c.pk)
    assert access.is_restricted(staff)
    assert list(access.accessible_channels(staff)) == sorted([a, b], key=lambda ch: ch.slug)
    from commerce.channel.models import Channel

    assert set(access.restrict_to_channels(Channel.objects.all(), staff, "pk")) == {a, b}


def test_inactive_staff_reach_nothing(db):
    staff = factories.make_staff("MANAGE_PRODUCTS")
    staff.is_active = False
    assert access.accessible_channel_ids(staff) == set()


def test_producer_ids_are_the_users_memberships(db):
    from commerce.producer.models import ProducerMembership

    producer = factories.make_producer()
    user = factories.make_staff()
    ProducerMembership.objects.create(producer=producer, user=user)
    assert access.producer_ids(user) == {producer.pk}
    assert access.producer_ids(factories.make_customer()) == set()
