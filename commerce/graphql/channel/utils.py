"""Which channel a catalogue query reads, following Saleor's rules.

- A channel named by slug must exist, or the query fails with NOT_FOUND
  (an empty list would hide a typo in a storefront's configuration).
- Without a channel, customers get the default channel: the only active one.
  With several active channels they must say which; with none there is no
  default.
- Staff who may see unpublished products (ALL_PRODUCTS_PERMISSIONS) may leave
  the channel out and see every product, unpriced.
- An inactive channel exists for staff only: customers see nothing in it.
"""

from graphql import GraphQLError

from commerce.channel.models import Channel
from commerce.graphql.core.promise import Promise

from ..account.permissions import has_all_products_access
from .dataloaders import ChannelBySlugLoader

NOT_FOUND = "NOT_FOUND"


class ChannelNotFound(GraphQLError):
    def __init__(self, slug):
        super().__init__(f"Channel with '{slug}' slug does not exist.", extensions={"code": NOT_FOUND})


def default_channel() -> Channel:
    active = list(Channel.objects.filter(is_active=True)[:2])
    if len(active) > 1:
        raise GraphQLError("More than one channel exists. Specify which channel to use.")
    if not active:
        raise GraphQLError("A default channel does not exist.")
    return active[0]


def load_channel(info, slug: str | None, *, use_default: bool = True) -> Promise:
    """A promise of the channel a query reads (None: staff reading across channels).

    A slug is looked up through ChannelBySlugLoader, so nested lists (a
    category's products, a producer's products) share one lookup per request;
    an unknown slug rejects with ChannelNotFound. Without a slug and with
    `use_default`, the default-channel rule applies. An inactive channel is
    returned as it is: product visibility hides its contents from customers.
    """
    if slug is None:
        if not use_default or has_all_products_access(info.context):
            return Promise.resolve(None)
        try:
            channel = default_channel()
        except GraphQLError as error:
            return Promise.reject(error)
        ChannelBySlugLoader(info.context).prime(channel.slug, channel)
        return Promise.resolve(channel)

    def found(channel):
        if channel is None:
            raise ChannelNotFound(slug)
        return channel

    return ChannelBySlugLoader(info.context).load(slug).then(found)
