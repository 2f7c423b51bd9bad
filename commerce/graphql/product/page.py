"""What a page query of products reads: only what the query asks for.

Two things a storefront page makes cheaper by looking at the query's selection:

- Listings. Pricing and availability read each product's listing in the
  channel, a dataloader batch that costs a whole round trip for a handful of
  rows. A product queryset for a channel already joins that listing
  (visibility.CHANNEL_LISTING, unique per product and channel); when the query
  asks for such fields the page query selects the listing too (a
  `select_related` of that join), and the listing loader is primed with
  it. Only the listing: joining
  categories and producers as well was measured slower than their own two
  queries, the planner's time for the wider join outweighing the round trips.
- Product columns. The rich-text description, SEO texts, metadata and
  timestamps are read (and JSON- or date-parsed) only when a selected field
  shows them; every Product field is listed in FIELD_COLUMNS, and a field that
  is not (a new one) makes the page read every column, never one row at a time.
"""

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode

from commerce.product.models import Product, ProductChannelListing

from .dataloaders import ProductChannelListingByProductIdAndChannelSlugLoader
from .visibility import CHANNEL_LISTING

# Product fields whose resolvers read the product's listing in the channel.
LISTING_FIELDS = frozenset(
    {
        "pricing",
        "isAvailable",
        "isAvailableForPurchase",
        "availableForPurchaseAt",
        "variants",
        "defaultVariant",
    }
)
# Columns every page reads: the key, what the default sort pages by, and the
# ids the relations are loaded by.
BASE_COLUMNS = (
    "id", "name", "slug", "product_type_id", "category_id", "producer_id", "craft_village_id", "default_variant_id",
)
# The product columns each Product field reads besides BASE_COLUMNS.
FIELD_COLUMNS = {
    "__typename": (),
    "attribute": (),
    "attributes": (),
    "availableForPurchaseAt": (),
    "category": (),
    "channel": (),
    "channelListings": (),
    "collections": (),
    "craftVillage": (),
    "created": ("created_at",),
    "defaultVariant": (),
    "description": ("description",),
    "externalReference": ("external_reference",),
    "id": (),
    "isAvailable": (),
    "isAvailableForPurchase": (),
    "media": (),
    "mediaById": (),
    "metadata": ("metadata",),
    "metafield": ("metadata",),
    "metafields": ("metadata",),
    "name": (),
    "ocopCertification": (),
    "ocopCertifications": (),
    "pricing": (),
    "privateMetadata": ("private_metadata",),
    "privateMetafield": ("private_metadata",),
    "privateMetafields": ("private_metadata",),
    "producer": (),
    "productType": (),
    "rating": ("rating",),
    "seoDescription": ("seo_description",),
    "seoTitle": ("seo_title",),
    "slug": (),
    "thumbnail": (),
    "translation": (),
    "updatedAt": ("updated_at",),
    "variants": (),
    "weight": ("weight",),
}
PRODUCT_COLUMNS = {field.attname for field in Product._meta.concrete_fields}


def node_fields(info) -> set[str]:
    """The names of the fields the query selects on `edges { node { ... } }` of
    this connection field, through fragments (whatever their type condition, so
    possibly more than will run; never fewer)."""
    names: set[str] = set()

    def walk(selection_set, path):
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if not path:
                    names.add(selection.name.value)
                elif selection.name.value == path[0] and selection.selection_set:
                    walk(selection.selection_set, path[1:])
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set, path)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = info.fragments.get(selection.name.value)
                if fragment is not None:
                    walk(fragment.selection_set, path)

    for field_node in info.field_nodes:
        if field_node.selection_set:
            walk(field_node.selection_set, ("edges", "node"))
    return names


class ProductPage:
    """The columns and listings one page query of products reads, and priming
    the listing loader from its rows."""

    def __init__(self, info, channel):
        self.context = info.context
        self.channel = channel
        selected = node_fields(info)
        self.listings = channel is not None and not LISTING_FIELDS.isdisjoint(selected)
        self.columns = None  # None: every column
        if selected.issubset(FIELD_COLUMNS):
            self.columns = set(BASE_COLUMNS).union(*(FIELD_COLUMNS[name] for name in selected))

    @property
    def key(self):
        """What `select` makes of a queryset besides its sort: the same for
        every page with the same key."""
        return (None if self.columns is None else frozenset(self.columns), self.listings)

    def select(self, queryset, sort_fields):
        """`queryset` (visible products, which join their listing in the channel
        as CHANNEL_LISTING) reading what the page needs, sort columns included."""
        if self.columns is not None and all(isinstance(field, str) for field in sort_fields):
            sorted_by = {field.lstrip("-") for field in sort_fields}
            queryset = queryset.only(*sorted(self.columns | (sorted_by & PRODUCT_COLUMNS)))
        if self.listings:
            # The listing row the page already joins, read as a model instance.
            queryset = queryset.select_related(CHANNEL_LISTING)
        return queryset

    def prime(self, products) -> None:
        if not self.listings:
            return
        loader = ProductChannelListingByProductIdAndChannelSlugLoader(self.context)
        for product in products:
            loader.prime((product.pk, self.channel.slug), self._listing_of(product))

    def _listing_of(self, product) -> ProductChannelListing | None:
        """The listing select_related put on the product (None: not listed in the
        channel; staff see such products without one). It is taken off the
        product: the listing refers to its product, and a product referring
        back would make a cycle that only the cyclic collector frees."""
        return product.__dict__.pop(CHANNEL_LISTING, None)
