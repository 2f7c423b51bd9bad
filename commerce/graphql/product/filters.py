"""`products(filter:)` and `products(where:)`, with Saleor's inputs and meaning,
plus OCOP's producer, craft village and star filters.

Channel-dependent conditions (price, publication, availability, stock) read
the channel the query is answered for.
"""

import graphene
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, When
from django.db.models.functions import Cast
from django.utils import timezone
from graphql import GraphQLError

from commerce.graphql.core.types import NonNullList
from commerce.product.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    AttributeValue,
    Category,
    CollectionProduct,
    ProductChannelListing,
    ProductTypeKind,
    ProductVariant,
    ProductVariantChannelListing,
)
from commerce.warehouse.models import Stock

from commerce.product.queries import annotate_current_stars
from .enums import StockAvailability, enum_value
from .filter_inputs import (
    DateRangeInput,
    DateTimeFilterInput,
    DateTimeRangeInput,
    DecimalFilterInput,
    GlobalIDFilterInput,
    IntFilterInput,
    IntRangeInput,
    MetadataFilter,
    PriceRangeInput,
    StringFilterInput,
    filter_metadata,
    filter_range,
    pks_from_global_ids,
    range_lookups,
    where_operator_lookups,
)


class ProductStockFilterInput(graphene.InputObjectType):
    warehouse_ids = NonNullList(graphene.ID)
    quantity = graphene.InputField(IntRangeInput)


class AttributeInput(graphene.InputObjectType):
    slug = graphene.String(description="Internal representation of an attribute name.")
    values = NonNullList(
        graphene.String,
        description="Slugs identifying the attributeValues associated with the Attribute.",
    )
    values_range = graphene.InputField(IntRangeInput, description="The range that the returned values should be in.")
    date_time = graphene.InputField(DateTimeRangeInput, description="The date/time range that the returned values should be in.")
    date = graphene.InputField(DateRangeInput, description="The date range that the returned values should be in.")
    boolean = graphene.Boolean(description="The boolean value of the attribute.")


class ProductFilterInput(graphene.InputObjectType):
    is_published = graphene.Boolean()
    collections = NonNullList(graphene.ID)
    categories = NonNullList(graphene.ID)
    has_category = graphene.Boolean()
    attributes = NonNullList(AttributeInput)
    stock_availability = graphene.InputField(StockAvailability, description="Filter by variants having specific stock status.")
    stocks = graphene.InputField(ProductStockFilterInput)
    search = graphene.String()
    metadata = NonNullList(MetadataFilter)
    published_from = graphene.DateTime(description="Filter by the publication date.")
    is_available = graphene.Boolean(description="Filter by availability for purchase.")
    available_from = graphene.DateTime(description="Filter by the date of availability for purchase.")
    is_visible_in_listing = graphene.Boolean(description="Filter by visibility in product listings.")
    price = graphene.InputField(PriceRangeInput)
    minimal_price = graphene.InputField(PriceRangeInput, description="Filter by the lowest variant price after discounts.")
    updated_at = graphene.InputField(DateTimeRangeInput, description="Filter by when was the most recent update.")
    product_types = NonNullList(graphene.ID)
    gift_card = graphene.Boolean(description="Filter on whether product is a gift card or not.")
    ids = NonNullList(graphene.ID)
    has_preordered_variants = graphene.Boolean(description="Filter by product with preordered variants.")
    slugs = NonNullList(graphene.String)
    channel = graphene.String(description="Specifies the channel by which the data should be filtered.")
    # OCOP additions
    producers = NonNullList(graphene.ID, description="Products of these producers.")
    craft_villages = NonNullList(graphene.ID, description="Products made in these craft villages.")
    stars = graphene.InputField(
        IntRangeInput,
        description="Stars of the product's current OCOP certificate (recognised and not expired).",
    )


class ProductWhereInput(graphene.InputObjectType):
    metadata = NonNullList(MetadataFilter)
    ids = NonNullList(graphene.ID)
    name = graphene.InputField(StringFilterInput, description="Filter by product name.")
    slug = graphene.InputField(StringFilterInput, description="Filter by product slug.")
    product_type = graphene.InputField(GlobalIDFilterInput, description="Filter by product type.")
    category = graphene.InputField(GlobalIDFilterInput, description="Filter by product category.")
    collection = graphene.InputField(GlobalIDFilterInput, description="Filter by collection.")
    is_available = graphene.Boolean(description="Filter by availability for purchase.")
    is_published = graphene.Boolean(description="Filter by public visibility.")
    is_visible_in_listing = graphene.Boolean(description="Filter by visibility on the channel.")
    published_from = graphene.DateTime(description="Filter by the publication date.")
    available_from = graphene.DateTime(description="Filter by the date of availability for purchase.")
    has_category = graphene.Boolean(description="Filter by product with category assigned.")
    price = graphene.InputField(DecimalFilterInput, description="Filter by product variant price.")
    minimal_price = graphene.InputField(DecimalFilterInput, description="Filter by the lowest variant price after discounts.")
    stock_availability = graphene.InputField(StockAvailability, description="Filter by variants having specific stock status.")
    gift_card = graphene.Boolean(description="Filter on whether product is a gift card or not.")
    updated_at = graphene.InputField(DateTimeFilterInput, description="Filter by when was the most recent update.")
    # OCOP additions
    producer = graphene.InputField(GlobalIDFilterInput, description="Filter by producer.")
    stars = graphene.InputField(IntFilterInput, description="Filter by stars of the current OCOP certificate.")
    AND = NonNullList(lambda: ProductWhereInput, description="List of conditions that must be met.")
    OR = NonNullList(lambda: ProductWhereInput, description="A list of conditions of which at least one must be met.")


# --- channel-dependent conditions ------------------------------------------------


def _listings(channel):
    return ProductChannelListing.objects.filter(channel_id=channel.pk if channel else None)


def _with_listing(queryset, listings):
    return queryset.filter(Exists(listings.filter(product_id=OuterRef("pk"))))


def _variant_price_in(queryset, channel, lookups: dict, *, include_unpriced: bool):
    listings = ProductVariantChannelListing.objects.filter(channel_id=channel.pk if channel else None)
    condition = Q(**lookups)
    if include_unpriced:
        condition |= Q(price_amount__isnull=True)
    listings = listings.filter(condition)
    variants = ProductVariant.objects.filter(Exists(listings.filter(variant_id=OuterRef("pk"))))
    return queryset.filter(Exists(variants.filter(product_id=OuterRef("pk"))))


def filter_is_published(queryset, value, channel):
    listings = _listings(channel).filter(is_published=value)
    priced = ProductVariant.objects.filter(
        Exists(
            ProductVariantChannelListing.objects.filter(
                variant_id=OuterRef("pk"), channel_id=channel.pk if channel else None, price_amount__isnull=False
            )
        )
    )
    return _with_listing(queryset, listings).filter(Exists(priced.filter(product_id=OuterRef("pk"))))


def filter_is_available(queryset, value, channel):
    now = timezone.now()
    condition = Q(available_for_purchase_at__lte=now)
    if not value:
        condition = Q(available_for_purchase_at__gt=now) | Q(available_for_purchase_at__isnull=True)
    return _with_listing(queryset, _listings(channel).filter(condition))


def filter_listing_from(queryset, value, channel, field):
    return _with_listing(queryset, _listings(channel).filter(**{f"{field}__lte": value}))


def filter_visible_in_listing(queryset, value, channel):
    return _with_listing(queryset, _listings(channel).filter(visible_in_listings=value))


def filter_minimal_price(queryset, lookups, channel):
    if channel is None:
        return queryset
    listings = _listings(channel)
    listings = listings.filter(**{key.replace("price", "discounted_price_amount", 1): v for key, v in lookups.items()})
    return _with_listing(queryset, listings)


def filter_stock_availability(queryset, value, channel):
    """IN_STOCK: some variant has unallocated stock in the channel's warehouses."""
    stocks = Stock.objects.filter(quantity__gt=F("quantity_allocated"))
    if channel is not None:
        stocks = stocks.filter(warehouse__channel_warehouses__channel_id=channel.pk)
    variants = ProductVariant.objects.filter(Exists(stocks.filter(product_variant_id=OuterRef("pk"))))
    in_stock = Exists(variants.filter(product_id=OuterRef("pk")))
    if enum_value(value) == StockAvailability.IN_STOCK.value:
        return queryset.filter(in_stock)
    return queryset.filter(~in_stock)


# --- catalogue conditions --------------------------------------------------------


def filter_categories(queryset, category_pks):
    """Products in these categories or any category below them (Saleor's rule)."""
    categories = Category.objects.filter(pk__in=category_pks)
    tree = Category._tree_manager.get_queryset_descendants(categories, include_self=True).values("pk")
    return queryset.filter(Exists(tree.filter(pk=OuterRef("category_id"))))


def filter_collections(queryset, collection_pks):
    links = CollectionProduct.objects.filter(collection_id__in=collection_pks)
    return queryset.filter(Exists(links.filter(product_id=OuterRef("pk"))))


def filter_gift_card(queryset, value):
    condition = Q(product_type__kind=ProductTypeKind.GIFT_CARD)
    return queryset.filter(condition) if value else queryset.exclude(condition)


def filter_has_preordered_variants(queryset, value):
    preorder = Exists(ProductVariant.objects.filter(product_id=OuterRef("pk"), is_preorder=True))
    return queryset.filter(preorder if value else ~preorder)


def filter_stocks(queryset, value):
    stocks = Stock.objects.all()
    if value.get("warehouse_ids"):
        stocks = stocks.filter(warehouse_id__in=pks_from_global_ids(value["warehouse_ids"], "Warehouse"))
    if value.get("quantity"):
        stocks = stocks.filter(**range_lookups("quantity", value["quantity"]))
    variants = ProductVariant.objects.filter(Exists(stocks.filter(product_variant_id=OuterRef("pk"))))
    return queryset.filter(Exists(variants.filter(product_id=OuterRef("pk"))))


def filter_stars(queryset, lookups: dict):
    """Products whose current OCOP certificate has this many stars (products
    without a current certificate count as 0)."""
    return annotate_current_stars(queryset, "current_ocop_stars").filter(
        **{key.replace("stars", "current_ocop_stars", 1): v for key, v in lookups.items()}
    )


def _numeric_name():
    """An attribute value's name as a number, NULL when it is not one."""
    return Case(
        When(name__regex=r"^-?[0-9]+(\.[0-9]+)?$", then=Cast("name", FloatField())),
        default=None,
        output_field=FloatField(),
    )


def _attribute_values(spec) -> "QuerySet":
    slug = spec.get("slug")
    if not slug:
        raise GraphQLError("Attribute filter requires the attribute's `slug`.")
    values = AttributeValue.objects.filter(attribute__slug=slug)
    if spec.get("values"):
        values = values.filter(slug__in=spec["values"])
    elif spec.get("values_range"):
        values = values.annotate(number=_numeric_name()).filter(**range_lookups("number", spec["values_range"]))
    elif spec.get("date_time"):
        values = values.filter(**range_lookups("date_time", spec["date_time"]))
    elif spec.get("date"):
        values = values.filter(**range_lookups("date_time__date", spec["date"]))
    elif spec.get("boolean") is not None:
        values = values.filter(boolean=spec["boolean"])
    else:
        raise GraphQLError(f"Attribute filter '{slug}' needs one of values, valuesRange, dateTime, date or boolean.")
    return values


def filter_attributes(queryset, specs):
    """Products carrying a matching value of every attribute given, on the
    product itself or on one of its variants."""
    for spec in specs:
        values = _attribute_values(spec).values("pk")
        on_product = AssignedProductAttributeValue.objects.filter(product_id=OuterRef("pk"), value_id__in=values)
        on_variant = AssignedVariantAttributeValue.objects.filter(
            variant__product_id=OuterRef("pk"), value_id__in=values
        )
        queryset = queryset.filter(Exists(on_product) | Exists(on_variant))
    return queryset


# --- filter: -----------------------------------------------------------------


def apply_product_filter(queryset, value, channel):
    """Apply a ProductFilterInput; `search` is applied by the caller (it ranks)."""
    if not value:
        return queryset
    if value.get("ids"):
        queryset = queryset.filter(pk__in=pks_from_global_ids(value["ids"], "Product"))
    if value.get("slugs"):
        queryset = queryset.filter(slug__in=value["slugs"])
    if value.get("is_published") is not None:
        queryset = filter_is_published(queryset, value["is_published"], channel)
    if value.get("collections"):
        queryset = filter_collections(queryset, pks_from_global_ids(value["collections"], "Collection"))
    if value.get("categories"):
        queryset = filter_categories(queryset, pks_from_global_ids(value["categories"], "Category"))
    if value.get("has_category") is not None:
        queryset = queryset.filter(category__isnull=not value["has_category"])
    if value.get("attributes"):
        queryset = filter_attributes(queryset, value["attributes"])
    if value.get("stock_availability"):
        queryset = filter_stock_availability(queryset, value["stock_availability"], channel)
    if value.get("stocks"):
        queryset = filter_stocks(queryset, value["stocks"])
    if value.get("metadata"):
        queryset = filter_metadata(queryset, value["metadata"])
    if value.get("published_from"):
        queryset = filter_listing_from(queryset, value["published_from"], channel, "published_at")
    if value.get("is_available") is not None:
        queryset = filter_is_available(queryset, value["is_available"], channel)
    if value.get("available_from"):
        queryset = filter_listing_from(queryset, value["available_from"], channel, "available_for_purchase_at")
    if value.get("is_visible_in_listing") is not None:
        queryset = filter_visible_in_listing(queryset, value["is_visible_in_listing"], channel)
    if value.get("price"):
        lookups = range_lookups("price_amount", value["price"])
        if lookups:
            queryset = _variant_price_in(queryset, channel, lookups, include_unpriced=True)
    if value.get("minimal_price"):
        lookups = range_lookups("price", value["minimal_price"])
        if lookups:
            queryset = filter_minimal_price(queryset, lookups, channel)
    if value.get("updated_at"):
        queryset = filter_range(queryset, "updated_at", value["updated_at"])
    if value.get("product_types"):
        queryset = queryset.filter(product_type_id__in=pks_from_global_ids(value["product_types"], "ProductType"))
    if value.get("gift_card") is not None:
        queryset = filter_gift_card(queryset, value["gift_card"])
    if value.get("has_preordered_variants") is not None:
        queryset = filter_has_preordered_variants(queryset, value["has_preordered_variants"])
    if value.get("producers"):
        queryset = queryset.filter(producer_id__in=pks_from_global_ids(value["producers"], "Producer"))
    if value.get("craft_villages"):
        queryset = queryset.filter(craft_village_id__in=pks_from_global_ids(value["craft_villages"], "CraftVillage"))
    if value.get("stars"):
        lookups = range_lookups("stars", value["stars"])
        if lookups:
            queryset = filter_stars(queryset, lookups)
    return queryset


# --- where: ------------------------------------------------------------------


def _global_id_lookups(field: str, value, type_name: str) -> dict | None:
    if not value:
        return None
    if value.get("eq") is not None:
        return {f"{field}__in": pks_from_global_ids([value["eq"]], type_name)}
    if value.get("one_of") is not None:
        return {f"{field}__in": pks_from_global_ids(value["one_of"], type_name)}
    return None


def _where_condition(queryset, value, channel):
    """Products matching one ProductWhereInput (all its fields, AND, OR).

    Nested AND/OR parts are matched as `pk IN (subquery)`, so each part may
    annotate what it needs without clashing with the others.
    """
    for name, given in value.items():
        if name in ("AND", "OR"):
            continue
        queryset = _where_field(queryset, name, given, channel)
    for part in value.get("AND") or ():
        queryset = queryset.filter(pk__in=_where_condition(_all_products(), part, channel).values("pk"))
    if value.get("OR"):
        alternatives = Q(pk__in=[])
        for part in value["OR"]:
            alternatives |= Q(pk__in=_where_condition(_all_products(), part, channel).values("pk"))
        queryset = queryset.filter(alternatives)
    return queryset


def _all_products():
    from commerce.product.models import Product

    return Product.objects.all()


def _where_field(queryset, name, value, channel):
    """One field of ProductWhereInput. An explicit null matches nothing (Saleor)."""
    none = queryset.none()
    if name == "metadata":
        return filter_metadata(queryset, value)
    if name == "ids":
        return queryset.filter(pk__in=pks_from_global_ids(value or [], "Product"))
    if value is None:
        return none
    if name in ("name", "slug"):
        lookups = where_operator_lookups(name, value)
        return queryset.filter(**lookups) if lookups else none
    if name == "product_type":
        lookups = _global_id_lookups("product_type_id", value, "ProductType")
        return queryset.filter(**lookups) if lookups else none
    if name == "category":
        lookups = _global_id_lookups("pk", value, "Category")
        return filter_categories(queryset, lookups["pk__in"]) if lookups else none
    if name == "collection":
        lookups = _global_id_lookups("pk", value, "Collection")
        return filter_collections(queryset, lookups["pk__in"]) if lookups else none
    if name == "producer":
        lookups = _global_id_lookups("producer_id", value, "Producer")
        return queryset.filter(**lookups) if lookups else none
    if name == "is_available":
        return filter_is_available(queryset, value, channel)
    if name == "is_published":
        return filter_is_published(queryset, value, channel)
    if name == "is_visible_in_listing":
        return filter_visible_in_listing(queryset, value, channel)
    if name == "published_from":
        return filter_listing_from(queryset, value, channel, "published_at")
    if name == "available_from":
        return filter_listing_from(queryset, value, channel, "available_for_purchase_at")
    if name == "has_category":
        return queryset.filter(category__isnull=not value)
    if name == "price":
        lookups = where_operator_lookups("price_amount", value)
        return _variant_price_in(queryset, channel, lookups, include_unpriced=False) if lookups else none
    if name == "minimal_price":
        lookups = where_operator_lookups("price", value)
        return filter_minimal_price(queryset, lookups, channel) if lookups else none
    if name == "stock_availability":
        return filter_stock_availability(queryset, value, channel)
    if name == "gift_card":
        return filter_gift_card(queryset, value)
    if name == "updated_at":
        lookups = where_operator_lookups("updated_at", value)
        return queryset.filter(**lookups) if lookups else none
    if name == "stars":
        lookups = where_operator_lookups("stars", value)
        return filter_stars(queryset, lookups) if lookups else none
    raise GraphQLError(f"Unsupported product filter: {name}.")


def apply_product_where(queryset, value, channel):
    if not value:
        return queryset
    return _where_condition(queryset, value, channel)

