"""Products, their variants and product types, read for one channel.

Roots are ChannelContext objects (see channel/context.py): what a field shows
(price, availability, which variants exist) depends on the channel the client
named. Every relation is read through a dataloader, so a page of 100 products
costs one query per relation, not one per product.
"""

import graphene

from commerce.graphql.core.ids import from_global_id_or_error
from commerce.graphql.core.promise import Promise
from commerce.graphql.core.scalars import DateTime, JSONString
from commerce.graphql.core.types import ModelObjectType, NonNullList
from commerce.product import models

from ...account.inputs import destination_address_argument
from ...account.enums import CountryCodeEnum
from ...account.permissions import (
    STAFF_OR_APP,
    has_all_products_access,
    permission_required,
    saleor_permissions,
    staff_channel_ids,
)
from ...attribute.dataloaders import (
    AttributeProductsByProductTypeIdLoader,
    AttributeValuesByProductIdLoader,
    AttributeValuesByVariantIdLoader,
    AttributeVariantsByProductTypeIdLoader,
)
from ...attribute.enums import VariantAttributeScope
from ...attribute.types import Attribute, SelectedAttribute, selected_attributes
from ...channel.context import ChannelContextType, channel_of, with_channel
from ...meta.types import ObjectWithMetadata
from commerce.product.queries import current_certification
from ...producer.dataloaders import CertificationsByProductIdLoader, CraftVillageByIdLoader, ProducerByIdLoader
from ...producer.types import CraftVillage, OcopCertification, Producer
from ...translations.dataloaders import (
    ProductTranslationByIdAndLanguageCodeLoader,
    ProductVariantTranslationByIdAndLanguageCodeLoader,
)
from ...translations.types import ProductTranslation, ProductVariantTranslation, translation_field
from ...warehouse.availability import quantity_available
from ...warehouse.dataloaders import StaffStocksByVariantIdAndChannelLoader, StocksByVariantIdAndChannelLoader
from ...warehouse.types import Stock
from ..dataloaders import (
    CategoryByIdLoader,
    CollectionChannelListingByCollectionIdAndChannelSlugLoader,
    CollectionsByProductIdLoader,
    MediaByProductIdLoader,
    MediaByProductVariantIdLoader,
    ProductByIdLoader,
    ProductChannelListingByProductIdAndChannelSlugLoader,
    ProductChannelListingByProductIdLoader,
    ProductTypeByIdLoader,
    ProductVariantByIdLoader,
    ProductVariantsByProductIdLoader,
    VariantChannelListingByVariantIdAndChannelSlugLoader,
    VariantChannelListingByVariantIdLoader,
    VariantsChannelListingByProductIdAndChannelSlugLoader,
)
from ..enums import ProductTypeKindEnum, enum_value
from ..pricing import product_pricing, variant_pricing
from ..visibility import visible_variants_of_product
from .channel_listings import ProductChannelListing, ProductVariantChannelListing
from .media import Image, ProductMedia, image_arguments, product_thumbnail
from .money import Weight, weight_in_kg
from .pricing import ProductPricingInfo, VariantPricingInfo

MANAGE_PRODUCTS = saleor_permissions("MANAGE_PRODUCTS")


def _in_staff_channels(info, listings):
    """Channel listings of the channels the requester's staff rights reach (all
    of them but for staff restricted to some channels: commerce.account.access)."""
    ids = staff_channel_ids(info.context)
    if ids is None:
        return listings
    return listings.then(lambda rows: [row for row in rows if row.channel_id in ids])
VARIANT_STOCKS_PERMISSIONS = saleor_permissions("MANAGE_PRODUCTS", "MANAGE_ORDERS")


def _load_product_listing(info, root):
    slug = channel_of(root)
    if slug is None:
        return Promise.resolve(None)
    return ProductChannelListingByProductIdAndChannelSlugLoader(info.context).load((root.node.pk, slug))


def _load_variant_listing(info, root):
    slug = channel_of(root)
    if slug is None:
        return Promise.resolve(None)
    return VariantChannelListingByVariantIdAndChannelSlugLoader(info.context).load((root.node.pk, slug))


def _load_visible_variants(info, product_id, channel_slug):
    """The product's variants the requester may see in the channel, as ChannelContexts."""
    context = info.context
    variants = ProductVariantsByProductIdLoader(context).load(product_id)
    if channel_slug is None:
        listings = Promise.resolve([])
    else:
        listings = VariantsChannelListingByProductIdAndChannelSlugLoader(context).load((product_id, channel_slug))

    def choose(loaded):
        all_variants, variant_listings = loaded
        visible = visible_variants_of_product(context, channel_slug, all_variants, variant_listings)
        return [with_channel(variant, channel_slug) for variant in visible]

    return Promise.all([variants, listings]).then(choose)


def _variant_quantity(info, variant_root):
    """Quantity available of a variant (a ChannelContext) in its channel."""
    variant = variant_root.node
    slug = channel_of(variant_root)
    stocks = StocksByVariantIdAndChannelLoader(info.context).load((variant.pk, slug))
    listing = _load_variant_listing(info, variant_root)
    return Promise.all([stocks, listing]).then(lambda loaded: quantity_available(variant, *loaded))


class ProductVariant(ChannelContextType):
    name = graphene.String(required=True, description="The name of the product variant.")
    sku = graphene.String(description="The SKU (stock keeping unit) of the product variant.")
    product = graphene.Field(lambda: Product, required=True, description="The product to which the variant belongs.")
    track_inventory = graphene.Boolean(
        required=True,
        description="Determines if the inventory of this variant should be tracked.",
    )
    quantity_limit_per_customer = graphene.Int(description="The maximum quantity of this variant that a customer can purchase.")
    weight = graphene.Field(Weight, description="The weight of the product variant.")
    channel = graphene.String(description="Channel given to retrieve this product variant.")
    channel_listings = NonNullList(
        ProductVariantChannelListing,
        description=(
            "List of price information in channels for the product.\n\nRequires one of the following "
            "permissions: AUTHENTICATED_APP, AUTHENTICATED_STAFF_USER."
        ),
    )
    pricing = graphene.Field(
        VariantPricingInfo,
        address=destination_address_argument(),
        description="Lists the storefront variant's pricing, the current price and discounts, only meant for displaying.",
    )
    attributes = NonNullList(
        SelectedAttribute,
        required=True,
        variant_selection=graphene.Argument(VariantAttributeScope, description="Define scope of returned attributes."),
        description="List of attributes assigned to this variant.",
    )
    media = NonNullList(ProductMedia, description="List of media for the product variant.")
    translation = translation_field(
        ProductVariantTranslation, ProductVariantTranslationByIdAndLanguageCodeLoader, "product variant"
    )
    stocks = NonNullList(
        Stock,
        address=destination_address_argument(),
        country_code=graphene.Argument(CountryCodeEnum, description="Two-letter ISO 3166-1 country code."),
        description="Stocks for the product variant.\n\nRequires one of the following permissions: MANAGE_PRODUCTS, MANAGE_ORDERS.",
    )
    quantity_available = graphene.Int(
        address=destination_address_argument(),
        country_code=graphene.Argument(CountryCodeEnum, description="Two-letter ISO 3166-1 country code."),
        description=(
            "Quantity of a product available for sale in one checkout. Field value will be `null` when "
            "no `limitQuantityPerCheckout` in global settings has been set, and `productVariant` stocks "
            "are not tracked."
        ),
    )
    created = DateTime(required=True, description="The date and time when the product variant was created.")
    updated_at = DateTime(required=True, description="The date and time when the product variant was last updated.")
    external_reference = graphene.String(description="External ID of this product.")
    # OCOP addition
    gtin = graphene.String(description="GTIN-13 barcode (GS1 Vietnam prefix 893).")

    class Meta:
        model = models.ProductVariant
        interfaces = [ObjectWithMetadata]
        description = "Represents a version of a product such as different size or color."

    @staticmethod
    def resolve_name(root, _info):
        return root.node.name

    @staticmethod
    def resolve_channel(root, _info):
        return channel_of(root)

    @staticmethod
    def resolve_product(root, info):
        return ProductByIdLoader(info.context).load(root.node.product_id).then(
            lambda product: with_channel(product, channel_of(root))
        )

    @staticmethod
    def resolve_weight(root, _info):
        return weight_in_kg(root.node.weight)

    @staticmethod
    def resolve_created(root, _info):
        return root.node.created_at

    @staticmethod
    @permission_required(*STAFF_OR_APP)
    def resolve_channel_listings(root, info):
        return _in_staff_channels(info, VariantChannelListingByVariantIdLoader(info.context).load(root.node.pk))

    @staticmethod
    def resolve_pricing(root, info, address=None):
        slug = channel_of(root)
        if slug is None:
            return None
        product_listing = ProductChannelListingByProductIdAndChannelSlugLoader(info.context).load(
            (root.node.product_id, slug)
        )
        return Promise.all([_load_variant_listing(info, root), product_listing]).then(
            lambda loaded: variant_pricing(*loaded)
        )

    @staticmethod
    def resolve_attributes(root, info, variant_selection=None):
        variant = root.node
        scope = enum_value(variant_selection) or VariantAttributeScope.ALL.value
        staff = has_all_products_access(info.context)
        product = ProductByIdLoader(info.context).load(variant.product_id)

        def with_product(product):
            links = AttributeVariantsByProductTypeIdLoader(info.context).load(product.product_type_id)
            values = AttributeValuesByVariantIdLoader(info.context).load(variant.pk)
            return Promise.all([links, values]).then(lambda loaded: _scoped(loaded[0], loaded[1]))

        def _scoped(links, values):
            if scope == VariantAttributeScope.VARIANT_SELECTION.value:
                links = [link for link in links if link.variant_selection]
            elif scope == VariantAttributeScope.NOT_VARIANT_SELECTION.value:
                links = [link for link in links if not link.variant_selection]
            return selected_attributes(links, values, staff=staff)

        return product.then(with_product)

    @staticmethod
    def resolve_media(root, info):
        return MediaByProductVariantIdLoader(info.context).load(root.node.pk)

    @staticmethod
    @permission_required(*VARIANT_STOCKS_PERMISSIONS)
    def resolve_stocks(root, info, address=None, country_code=None):
        return StaffStocksByVariantIdAndChannelLoader(info.context).load((root.node.pk, channel_of(root)))

    @staticmethod
    def resolve_quantity_available(root, info, address=None, country_code=None):
        # The destination is accepted as Saleor's clients send it, but warehouses
        # are not tied to shipping zones yet: every channel warehouse counts.
        return _variant_quantity(info, root)


class Product(ChannelContextType):
    seo_title = graphene.String(description="SEO title of the product.")
    seo_description = graphene.String(description="SEO description of the product.")
    name = graphene.String(required=True, description="Name of the product.")
    description = JSONString(description="Description of the product.\n\nRich text format. For reference see https://editorjs.io/")
    product_type = graphene.Field(lambda: ProductType, required=True, description="Type of the product.")
    slug = graphene.String(required=True, description="Slug of the product.")
    category = graphene.Field("commerce.graphql.product.types.categories.Category")
    created = DateTime(required=True, description="The date and time when the product was created.")
    updated_at = DateTime(required=True, description="The date and time when the product was last updated.")
    weight = graphene.Field(Weight, description="Weight of the product.")
    default_variant = graphene.Field(ProductVariant, description="Default variant of the product.")
    rating = graphene.Float(description="Rating of the product.")
    channel = graphene.String(
        description=(
            "Channel given to retrieve this product. Also used by federation gateway to resolve "
            "this object in a federated query."
        )
    )
    thumbnail = graphene.Field(Image, description="Thumbnail of the product.", **image_arguments())
    pricing = graphene.Field(
        ProductPricingInfo,
        address=destination_address_argument(),
        description="Lists the storefront product's pricing, the current price and discounts, only meant for displaying.",
    )
    is_available = graphene.Boolean(
        address=destination_address_argument(),
        description="Whether the product is in stock, set as available for purchase in the given channel, and published.",
    )
    attribute = graphene.Field(
        SelectedAttribute,
        slug=graphene.Argument(graphene.String, required=True, description="Slug of the attribute"),
        description="Get a single attribute attached to product by attribute slug.",
        deprecation_reason="Use the `assignedAttribute` field instead.",
    )
    attributes = NonNullList(
        SelectedAttribute,
        required=True,
        description="List of attributes assigned to this product.",
        deprecation_reason="Use the `assignedAttributes` field instead.",
    )
    channel_listings = NonNullList(
        ProductChannelListing,
        description=(
            "List of availability in channels for the product.\n\nRequires one of the following "
            "permissions: MANAGE_PRODUCTS."
        ),
    )
    media_by_id = graphene.Field(
        ProductMedia,
        id=graphene.Argument(graphene.ID, required=True, description="ID of a product media."),
        description="Get a single product media by ID.",
    )
    variants = NonNullList(
        ProductVariant,
        description=(
            "List of variants for the product. Requires the following permissions to include the "
            "unpublished items: MANAGE_ORDERS, MANAGE_DISCOUNTS, MANAGE_PRODUCTS."
        ),
        deprecation_reason="Use `productVariants` field instead.",
    )
    media = NonNullList(ProductMedia, description="List of media for the product.")
    collections = NonNullList(
        "commerce.graphql.product.types.collections.Collection",
        description=(
            "List of collections for the product. Requires the following permissions to include the "
            "unpublished items: MANAGE_ORDERS, MANAGE_DISCOUNTS, MANAGE_PRODUCTS."
        ),
    )
    translation = translation_field(ProductTranslation, ProductTranslationByIdAndLanguageCodeLoader, "product")
    available_for_purchase_at = DateTime(description="Date when product is available for purchase.")
    is_available_for_purchase = graphene.Boolean(
        description=(
            "Refers to a state that can be set by admins to control whether a product is available "
            "for purchase in storefronts. This does not guarantee the availability of stock. When set "
            "to `False`, this product is still visible to customers, but it cannot be purchased."
        )
    )
    external_reference = graphene.String(description="External ID of this product.")
    # OCOP additions
    producer = graphene.Field(Producer, description="The OCOP subject that makes the product.")
    craft_village = graphene.Field(
        CraftVillage, description="The craft village the product comes from (else its producer's village)."
    )
    ocop_certification = graphene.Field(
        OcopCertification,
        description=(
            "The product's current OCOP certificate: the highest rating among recognised certificates "
            "that have not expired, else the latest one."
        ),
    )
    ocop_certifications = NonNullList(
        OcopCertification, required=True, description="All OCOP certificates of the product, newest decision first."
    )

    class Meta:
        model = models.Product
        interfaces = [ObjectWithMetadata]
        description = "Represents an individual item for sale in the storefront."

    @staticmethod
    def resolve_channel(root, _info):
        return channel_of(root)

    @staticmethod
    def resolve_created(root, _info):
        return root.node.created_at

    @staticmethod
    def resolve_product_type(root, info):
        return ProductTypeByIdLoader(info.context).load(root.node.product_type_id)

    @staticmethod
    def resolve_category(root, info):
        if root.node.category_id is None:
            return None
        return CategoryByIdLoader(info.context).load(root.node.category_id)

    @staticmethod
    def resolve_weight(root, _info):
        return weight_in_kg(root.node.weight)

    @staticmethod
    def resolve_default_variant(root, info):
        if root.node.default_variant_id is None:
            return None
        return ProductVariantByIdLoader(info.context).load(root.node.default_variant_id).then(
            lambda variant: with_channel(variant, channel_of(root))
        )

    @staticmethod
    def resolve_thumbnail(root, info, *, size=None, format=None):
        return product_thumbnail(info.context, root.node.pk, size, format)

    @staticmethod
    def resolve_pricing(root, info, address=None):
        slug = channel_of(root)
        if slug is None:
            return None
        variant_listings = VariantsChannelListingByProductIdAndChannelSlugLoader(info.context).load((root.node.pk, slug))
        return Promise.all([_load_product_listing(info, root), variant_listings]).then(
            lambda loaded: product_pricing(*loaded)
        )

    @staticmethod
    def resolve_is_available(root, info, address=None):
        slug = channel_of(root)
        if slug is None:
            return None

        def with_listing(listing):
            if listing is None or not listing.is_visible() or not listing.is_available_for_purchase():
                return False
            return _load_visible_variants(info, root.node.pk, slug).then(with_variants)

        def with_variants(variants):
            quantities = [_variant_quantity(info, variant) for variant in variants]
            return Promise.all(quantities).then(
                lambda values: any(value is None or value > 0 for value in values)
            )

        return _load_product_listing(info, root).then(with_listing)

    @staticmethod
    def resolve_attributes(root, info):
        return _product_attributes(info, root.node)

    @staticmethod
    def resolve_attribute(root, info, *, slug):
        return _product_attributes(info, root.node).then(
            lambda selected: next((item for item in selected if item.attribute.slug == slug), None)
        )

    @staticmethod
    @permission_required(*MANAGE_PRODUCTS)
    def resolve_channel_listings(root, info):
        return _in_staff_channels(info, ProductChannelListingByProductIdLoader(info.context).load(root.node.pk))

    @staticmethod
    def resolve_media_by_id(root, info, *, id):
        _type, pk = from_global_id_or_error(id, "ProductMedia")
        return MediaByProductIdLoader(info.context).load(root.node.pk).then(
            lambda media: next((item for item in media if str(item.pk) == str(pk)), None)
        )

    @staticmethod
    def resolve_variants(root, info):
        return _load_visible_variants(info, root.node.pk, channel_of(root))

    @staticmethod
    def resolve_media(root, info):
        return MediaByProductIdLoader(info.context).load(root.node.pk)

    @staticmethod
    def resolve_collections(root, info):
        slug = channel_of(root)
        collections = CollectionsByProductIdLoader(info.context).load(root.node.pk)
        if has_all_products_access(info.context):
            return collections.then(lambda items: [with_channel(item, slug) for item in items])
        if slug is None:
            return []

        def published(items):
            keys = [(item.pk, slug) for item in items]
            loader = CollectionChannelListingByCollectionIdAndChannelSlugLoader(info.context)
            return loader.load_many(keys).then(
                lambda listings: [
                    with_channel(item, slug)
                    for item, listing in zip(items, listings)
                    if listing is not None and listing.is_published and _collection_published(listing)
                ]
            )

        return collections.then(published)

    @staticmethod
    def resolve_available_for_purchase_at(root, info):
        return _load_product_listing(info, root).then(
            lambda listing: listing.available_for_purchase_at if listing else None
        )

    @staticmethod
    def resolve_is_available_for_purchase(root, info):
        return _load_product_listing(info, root).then(
            lambda listing: listing.is_available_for_purchase() if listing else None
        )

    @staticmethod
    def resolve_producer(root, info):
        if root.node.producer_id is None:
            return None
        return ProducerByIdLoader(info.context).load(root.node.producer_id)

    @staticmethod
    def resolve_craft_village(root, info):
        product = root.node
        if product.craft_village_id is not None:
            return CraftVillageByIdLoader(info.context).load(product.craft_village_id)
        if product.producer_id is None:
            return None

        def village_of(producer):
            if producer is None or producer.craft_village_id is None:
                return None
            return CraftVillageByIdLoader(info.context).load(producer.craft_village_id)

        return ProducerByIdLoader(info.context).load(product.producer_id).then(village_of)

    @staticmethod
    def resolve_ocop_certification(root, info):
        return CertificationsByProductIdLoader(info.context).load(root.node.pk).then(current_certification)

    @staticmethod
    def resolve_ocop_certifications(root, info):
        return CertificationsByProductIdLoader(info.context).load(root.node.pk)


def _collection_published(listing):
    from django.utils import timezone

    return listing.published_at is None or listing.published_at <= timezone.now()


def _product_attributes(info, product):
    staff = has_all_products_access(info.context)
    links = AttributeProductsByProductTypeIdLoader(info.context).load(product.product_type_id)
    values = AttributeValuesByProductIdLoader(info.context).load(product.pk)
    return Promise.all([links, values]).then(lambda loaded: selected_attributes(*loaded, staff=staff))


class ProductType(ModelObjectType):
    name = graphene.String(required=True, description="Name of the product type.")
    slug = graphene.String(required=True, description="Slug of the product type.")
    has_variants = graphene.Boolean(
        required=True,
        description="Whether the product type has variants.",
        deprecation_reason="`hasVariants` is always true.",
    )
    is_shipping_required = graphene.Boolean(required=True, description="Whether shipping is required for this product type.")
    weight = graphene.Field(Weight, description="Weight of the product type.")
    kind = graphene.Field(ProductTypeKindEnum, required=True, description="The product type kind.")
    product_attributes = NonNullList(Attribute, description="Product attributes of that product type.")
    variant_attributes = NonNullList(
        Attribute,
        variant_selection=graphene.Argument(VariantAttributeScope, description="Define scope of returned attributes."),
        description="Variant attributes of that product type.",
        deprecation_reason="Use `assignedVariantAttributes` instead.",
    )

    class Meta:
        model = models.ProductType
        interfaces = [ObjectWithMetadata]
        description = (
            "Represents a type of product. It defines what attributes are available to products of this type."
        )

    @staticmethod
    def resolve_weight(root, _info):
        return weight_in_kg(root.weight)

    @staticmethod
    def resolve_product_attributes(root, info):
        staff = has_all_products_access(info.context)
        return AttributeProductsByProductTypeIdLoader(info.context).load(root.pk).then(
            lambda links: [link.attribute for link in links if staff or link.attribute.visible_in_storefront]
        )

    @staticmethod
    def resolve_variant_attributes(root, info, variant_selection=None):
        scope = enum_value(variant_selection) or VariantAttributeScope.ALL.value
        staff = has_all_products_access(info.context)

        def choose(links):
            if scope == VariantAttributeScope.VARIANT_SELECTION.value:
                links = [link for link in links if link.variant_selection]
            elif scope == VariantAttributeScope.NOT_VARIANT_SELECTION.value:
                links = [link for link in links if not link.variant_selection]
            return [link.attribute for link in links if staff or link.attribute.visible_in_storefront]

        return AttributeVariantsByProductTypeIdLoader(info.context).load(root.pk).then(choose)
