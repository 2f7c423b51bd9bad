"""`channels` (staff and apps) and `channel(id | slug)`.

An inactive channel does not exist for customers: they get null, as they see
nothing in it.
"""

import graphene

from commerce.channel import models
from commerce.graphql.core.ids import from_global_id_or_error
from commerce.graphql.core.types import NonNullList

from ..account.permissions import STAFF_OR_APP, has_one_of_permissions, permission_required
from ..product.schema.arguments import one_of
from .types import Channel


class ChannelQueries(graphene.ObjectType):
    channel = graphene.Field(
        Channel,
        id=graphene.Argument(graphene.ID, description="ID of the channel."),
        slug=graphene.Argument(graphene.String, description="Slug of the channel."),
        description="Look up a channel by ID or slug.",
    )
    channels = NonNullList(
        Channel,
        description=(
            "List of all channels.\n\nRequires one of the following permissions: "
            "AUTHENTICATED_APP, AUTHENTICATED_STAFF_USER."
        ),
    )

    @staticmethod
    def resolve_channel(_root, info, *, id=None, slug=None):
        one_of(id=id, slug=slug)
        channels = models.Channel.objects.all()
        if not has_one_of_permissions(info.context, STAFF_OR_APP):
            channels = channels.filter(is_active=True)
        if id:
            _type, pk = from_global_id_or_error(id, "Channel")
            return channels.filter(pk=pk).first()
        return channels.filter(slug=slug).first()

    @staticmethod
    @permission_required(*STAFF_OR_APP)
    def resolve_channels(_root, _info):
        return list(models.Channel.objects.order_by("slug"))
