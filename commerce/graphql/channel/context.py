"""An object together with the channel it was read for.

A product's price, availability and visible variants depend on the channel the
client named, and one request may read the same product for two channels
(`producer { products(channel: "a") }` next to `products(channel: "b")`), so
the channel cannot be stored on the cached row itself. Types of channel-scoped
objects take a ChannelContext as their root; attribute access falls through to
the row, so plain fields need no resolver.
"""

from dataclasses import dataclass
from typing import Any

from commerce.graphql.core.types import ModelObjectType


@dataclass(frozen=True, eq=False)
class ChannelContext:
    node: Any
    channel_slug: str | None

    def __getattr__(self, name):
        # Only reached for names the dataclass itself lacks: the row's fields.
        if name.startswith("__") or name in ("node", "channel_slug"):
            raise AttributeError(name)
        return getattr(self.node, name)


def with_channel(node, channel_slug):
    """Wrap `node` (or None) for `channel_slug`."""
    if node is None:
        return None
    return ChannelContext(node=node, channel_slug=channel_slug)


def unwrap(root):
    return root.node if isinstance(root, ChannelContext) else root


class ChannelContextType(ModelObjectType):
    """A model type whose root is a ChannelContext (plain rows are accepted too,
    with no channel)."""

    class Meta:
        abstract = True

    @classmethod
    def get_model_instance(cls, root):
        return unwrap(root)


def channel_of(root):
    return root.channel_slug if isinstance(root, ChannelContext) else None
