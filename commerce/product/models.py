"""The catalogue: categories, product types and attributes, products and their
variants, media, collections, per-channel listings and OCOP certifications.

Names follow Saleor 3 wherever Saleor has the concept; OCOP's own ideas (producer,
craft village, certification, GTIN) are added in the same style.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from mptt.models import MPTTModel, TreeForeignKey

from commerce.core.models import (
    ModelWithExternalReference,
    ModelWithMetadata,
    SortableModel,
    Translation,
)
from commerce.core.prices import has_valid_precision
from commerce.core.validators import validate_gtin13


class SeoModel(models.Model):
    seo_title = models.CharField(max_length=70, blank=True, null=True)
    seo_description = models.CharField(max_length=300, blank=True, null=True)

    class Meta:
        abstract = True


class SeoTranslation(Translation):
    seo_title = models.CharField(max_length=70, blank=True, null=True)
    seo_description = models.CharField(max_length=300, blank=True, null=True)

    class Meta:
        abstract = True


# --- Categories: the OCOP classification (industry -> group -> set) --------------


class Category(ModelWithMetadata, MPTTModel, SeoModel):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    description = models.JSONField(blank=True, null=True)
    description_plaintext = models.TextField(blank=True)
    parent = TreeForeignKey("self", null=True, blank=True, related_name="children", on_delete=models.CASCADE)
    background_image = models.ImageField(upload_to="category-backgrounds", blank=True, null=True)
    background_image_alt = models.CharField(max_length=128, blank=True)
    ocop_code = models.CharField(max_length=16, blank=True, help_text="Code in the OCOP product classification, e.g. '1.2'.")
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class MPTTMeta:
        order_insertion_by = ["ocop_code", "name"]

    class Meta:
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class CategoryTranslation(SeoTranslation):
    category = models.ForeignKey(Category, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=128, blank=True, null=True)
    description = models.JSONField(blank=True, null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["category", "language_code"], name="category_translation_unique")]


# --- Attributes ------------------------------------------------------------------


class AttributeInputType(models.TextChoices):
    DROPDOWN = "dropdown"
    MULTISELECT = "multiselect"
    NUMERIC = "numeric"
    BOOLEAN = "boolean"
    RICH_TEXT = "rich-text"
    PLAIN_TEXT = "plain-text"
    SWATCH = "swatch"
    DATE = "date"


class AttributeType(models.TextChoices):
    PRODUCT_TYPE = "product-type"
    PAGE_TYPE = "page-type"


class Attribute(ModelWithMetadata, ModelWithExternalReference):
    slug = models.SlugField(max_length=250, unique=True, allow_unicode=True)
    name = models.CharField(max_length=255)
    type = models.CharField(max_length=50, choices=AttributeType.choices, default=AttributeType.PRODUCT_TYPE)
    input_type = models.CharField(max_length=50, choices=AttributeInputType.choices, default=AttributeInputType.DROPDOWN)
    unit = models.CharField(max_length=100, blank=True, null=True)
    value_required = models.BooleanField(default=False)
    is_variant_only = models.BooleanField(default=False)
    visible_in_storefront = models.BooleanField(default=True)
    filterable_in_storefront = models.BooleanField(default=True)
    filterable_in_dashboard = models.BooleanField(default=True)
    storefront_search_position = models.IntegerField(default=0)
    available_in_grid = models.BooleanField(default=True)

    class Meta:
        ordering = ("storefront_search_position", "slug")
        permissions = (("manage_product_types_and_attributes", "Manage product types and attributes."),)

    def __str__(self):
        return self.name


class AttributeTranslation(Translation):
    attribute = models.ForeignKey(Attribute, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=255)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attribute", "language_code"], name="attribute_translation_unique")]


class AttributeValue(SortableModel, ModelWithExternalReference):
    attribute = models.ForeignKey(Attribute, related_name="values", on_delete=models.CASCADE)
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, allow_unicode=True)
    value = models.CharField(max_length=255, blank=True, default="", help_text="Swatch colour, or a numeric value.")
    rich_text = models.JSONField(blank=True, null=True)
    plain_text = models.TextField(blank=True, null=True)
    boolean = models.BooleanField(blank=True, null=True)
    date_time = models.DateTimeField(blank=True, null=True)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [models.UniqueConstraint(fields=["attribute", "slug"], name="attribute_value_slug_unique")]

    def __str__(self):
        return self.name


class AttributeValueTranslation(Translation):
    attribute_value = models.ForeignKey(AttributeValue, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=250)
    rich_text = models.JSONField(blank=True, null=True)
    plain_text = models.TextField(blank=True, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attribute_value", "language_code"], name="attribute_value_translation_unique")
        ]


# --- Product types ---------------------------------------------------------------


class ProductTypeKind(models.TextChoices):
    NORMAL = "normal"
    GIFT_CARD = "gift_card"


class ProductType(ModelWithMetadata):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    kind = models.CharField(max_length=32, choices=ProductTypeKind.choices, default=ProductTypeKind.NORMAL)
    has_variants = models.BooleanField(default=True)
    is_shipping_required = models.BooleanField(default=True)
    weight = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True, help_text="Kilograms.")
    product_attributes = models.ManyToManyField(
        Attribute, through="AttributeProduct", related_name="product_types", blank=True
    )
    variant_attributes = models.ManyToManyField(
        Attribute, through="AttributeVariant", related_name="product_variant_types", blank=True
    )

    class Meta:
        ordering = ("slug",)

    def __str__(self):
        return self.name


class AttributeProduct(SortableModel):
    attribute = models.ForeignKey(Attribute, related_name="attributeproduct", on_delete=models.CASCADE)
    product_type = models.ForeignKey(ProductType, related_name="attributeproduct", on_delete=models.CASCADE)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [models.UniqueConstraint(fields=["attribute", "product_type"], name="attribute_product_unique")]


class AttributeVariant(SortableModel):
    attribute = models.ForeignKey(Attribute, related_name="attributevariant", on_delete=models.CASCADE)
    product_type = models.ForeignKey(ProductType, related_name="attributevariant", on_delete=models.CASCADE)
    variant_selection = models.BooleanField(default=False)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [models.UniqueConstraint(fields=["attribute", "product_type"], name="attribute_variant_unique")]


# --- Products ------------------------------------------------------------------------


class Product(SeoModel, ModelWithMetadata, ModelWithExternalReference):
    product_type = models.ForeignKey(ProductType, related_name="products", on_delete=models.CASCADE)
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    description = models.JSONField(blank=True, null=True, help_text="Rich text as Editor.js blocks, like Saleor.")
    description_plaintext = models.TextField(blank=True)
    category = models.ForeignKey(Category, related_name="products", null=True, blank=True, on_delete=models.SET_NULL)
    producer = models.ForeignKey(
        "producer.Producer", related_name="products", null=True, blank=True, on_delete=models.PROTECT
    )
    craft_village = models.ForeignKey(
        "producer.CraftVillage", related_name="products", null=True, blank=True, on_delete=models.SET_NULL
    )
    ocop_product_code = models.CharField(
        max_length=64, unique=True, null=True, blank=True, help_text="The product's code in the OCOP programme's records."
    )
    default_variant = models.OneToOneField(
        "ProductVariant", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    weight = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True, help_text="Kilograms.")
    rating = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(5)])
    # Indexed by the sort indexes below, which lead with them.
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # True until commerce.search has rebuilt this product's search entry.
    search_index_dirty = models.BooleanField(default=True, db_index=True)

    class Meta:
        ordering = ("slug",)
        permissions = (
            ("manage_products", "Manage products."),
            ("manage_translations", "Manage translations."),
        )
        indexes = [
            # The catalogue's default sort: a keyset page walks this index and stops
            # after one page instead of sorting every visible product (83 ms -> 3 ms
            # on 10k products).
            models.Index(fields=["name", "slug", "id"], name="product_name_sort_idx"),
            # The other sorts on product columns, each in full (ties fall back to
            # name and slug, as sorters.py orders them), for the same reason.
            models.Index(fields=["created_at", "name", "slug", "id"], name="product_created_sort_idx"),
            models.Index(fields=["updated_at", "name", "slug", "id"], name="product_updated_sort_idx"),
            models.Index(fields=["rating", "name", "slug", "id"], name="product_rating_sort_idx"),
        ]

    def __str__(self):
        return self.name


class ProductTranslation(SeoTranslation):
    product = models.ForeignKey(Product, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=250, blank=True, null=True)
    description = models.JSONField(blank=True, null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "language_code"], name="product_translation_unique")]


class ProductVariant(SortableModel, ModelWithMetadata, ModelWithExternalReference):
    product = models.ForeignKey(Product, related_name="variants", on_delete=models.CASCADE)
    name = models.CharField(max_length=255, blank=True)
    sku = models.CharField(max_length=255, unique=True, null=True, blank=True)
    gtin = models.CharField(max_length=13, blank=True, null=True, db_index=True, help_text="GTIN-13 barcode.")
    weight = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True, help_text="Kilograms.")
    track_inventory = models.BooleanField(default=True)
    quantity_limit_per_customer = models.PositiveIntegerField(null=True, blank=True)
    is_preorder = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ("sort_order", "sku", "pk")

    def __str__(self):
        return self.name or self.sku or f"ID:{self.pk}"

    def clean(self):
        if self.gtin:
            try:
                validate_gtin13(self.gtin)
            except ValidationError as error:
                raise ValidationError({"gtin": error.messages})


class ProductVariantTranslation(Translation):
    product_variant = models.ForeignKey(ProductVariant, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product_variant", "language_code"], name="variant_translation_unique")
        ]


class AssignedProductAttributeValue(SortableModel):
    product = models.ForeignKey(Product, related_name="attributevalues", on_delete=models.CASCADE)
    value = models.ForeignKey(AttributeValue, related_name="productvalueassignment", on_delete=models.CASCADE)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [models.UniqueConstraint(fields=["product", "value"], name="assigned_product_value_unique")]


class AssignedVariantAttributeValue(SortableModel):
    variant = models.ForeignKey(ProductVariant, related_name="attributevalues", on_delete=models.CASCADE)
    value = models.ForeignKey(AttributeValue, related_name="variantvalueassignment", on_delete=models.CASCADE)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [models.UniqueConstraint(fields=["variant", "value"], name="assigned_variant_value_unique")]


# --- Media and thumbnails -------------------------------------------------------------


class ProductMediaTypes(models.TextChoices):
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"


class ProductMedia(SortableModel, ModelWithMetadata):
    product = models.ForeignKey(Product, related_name="media", on_delete=models.CASCADE)
    image = models.ImageField(upload_to="products", blank=True, null=True)
    alt = models.CharField(max_length=250, blank=True)
    type = models.CharField(max_length=32, choices=ProductMediaTypes.choices, default=ProductMediaTypes.IMAGE)
    external_url = models.CharField(max_length=256, blank=True, null=True)
    oembed_data = models.JSONField(blank=True, default=dict)
    # sha256 of the original file, so importing the same photo twice stores it once.
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("sort_order", "pk")


class VariantMedia(models.Model):
    variant = models.ForeignKey(ProductVariant, related_name="variant_media", on_delete=models.CASCADE)
    media = models.ForeignKey(ProductMedia, related_name="variant_media", on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["variant", "media"], name="variant_media_unique")]


class ThumbnailFormat(models.TextChoices):
    WEBP = "webp"
    ORIGINAL = "original"


class Thumbnail(models.Model):
    """A resized copy of an image, made once by a Celery task and served forever."""

    image = models.ImageField(upload_to="thumbnails")
    size = models.PositiveIntegerField()
    format = models.CharField(max_length=32, choices=ThumbnailFormat.choices, default=ThumbnailFormat.WEBP)
    product_media = models.ForeignKey(ProductMedia, null=True, blank=True, related_name="thumbnails", on_delete=models.CASCADE)
    category = models.ForeignKey(Category, null=True, blank=True, related_name="thumbnails", on_delete=models.CASCADE)
    collection = models.ForeignKey("Collection", null=True, blank=True, related_name="thumbnails", on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product_media", "size", "format"], name="thumbnail_media_unique"),
            models.UniqueConstraint(fields=["category", "size", "format"], name="thumbnail_category_unique"),
            models.UniqueConstraint(fields=["collection", "size", "format"], name="thumbnail_collection_unique"),
        ]


# --- Collections ------------------------------------------------------------------------


class Collection(SeoModel, ModelWithMetadata):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    description = models.JSONField(blank=True, null=True)
    background_image = models.ImageField(upload_to="collection-backgrounds", blank=True, null=True)
    background_image_alt = models.CharField(max_length=128, blank=True)
    products = models.ManyToManyField(Product, through="CollectionProduct", related_name="collections", blank=True)

    class Meta:
        ordering = ("slug",)

    def __str__(self):
        return self.name


class CollectionProduct(SortableModel):
    collection = models.ForeignKey(Collection, related_name="collectionproduct", on_delete=models.CASCADE)
    product = models.ForeignKey(Product, related_name="collectionproduct", on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collection", "product"], name="collection_product_unique")]


class CollectionTranslation(SeoTranslation):
    collection = models.ForeignKey(Collection, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=128, blank=True, null=True)
    description = models.JSONField(blank=True, null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collection", "language_code"], name="collection_translation_unique")]


class CollectionChannelListing(models.Model):
    collection = models.ForeignKey(Collection, related_name="channel_listings", on_delete=models.CASCADE)
    channel = models.ForeignKey("channel.Channel", related_name="collection_listings", on_delete=models.CASCADE)
    published_at = models.DateTimeField(null=True, blank=True)
    is_published = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collection", "channel"], name="collection_listing_unique")]


# --- Per-channel offers ---------------------------------------------------------------------


def _check_listing_currency(listing, amount_fields):
    """A listing's prices are in its channel's currency and that currency's precision."""
    channel_currency = listing.channel.currency_code
    if listing.currency != channel_currency:
        raise ValidationError(
            {"currency": f"Channel {listing.channel.slug} sells in {channel_currency}, not {listing.currency}."}
        )
    errors = {}
    for field in amount_fields:
        amount = getattr(listing, field)
        if amount is None:
            continue
        if amount < 0:
            errors[field] = "The price cannot be negative."
        elif not has_valid_precision(amount, listing.currency):
            errors[field] = f"{amount} is not a valid amount in {listing.currency}; it has no minor unit." if listing.currency == "VND" else f"{amount} has more decimal places than {listing.currency} allows."
    if errors:
        raise ValidationError(errors)


class ProductChannelListing(models.Model):
    product = models.ForeignKey(Product, related_name="channel_listings", on_delete=models.CASCADE)
    channel = models.ForeignKey("channel.Channel", related_name="product_listings", on_delete=models.CASCADE)
    visible_in_listings = models.BooleanField(default=False)
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    available_for_purchase_at = models.DateTimeField(null=True, blank=True)
    currency = models.CharField(max_length=3)
    # The cheapest variant price in the channel, kept by
    # actions.update_product_discounted_prices for sorting and filtering. NULL
    # exactly when no variant has a price in the channel, which is what hides the
    # product from customers there (see graphql/product/visibility.py).
    discounted_price_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)

    class Meta:
        ordering = ("pk",)
        constraints = [models.UniqueConstraint(fields=["product", "channel"], name="product_listing_unique")]
        indexes = [
            models.Index(fields=["channel", "is_published", "visible_in_listings"], name="product_listing_visible_idx"),
            # The products a customer may see in a channel's lists (but for
            # published_at, carried so the index alone answers): one listing per
            # product, so counting them counts the catalogue without reading
            # the products, and in price order, so a page sorted by price walks
            # it and stops after one page.
            models.Index(
                fields=["channel", "discounted_price_amount", "product"],
                include=["published_at"],
                condition=models.Q(is_published=True, visible_in_listings=True, discounted_price_amount__isnull=False),
                name="product_listing_listed_idx",
            ),
        ]

    def clean(self):
        _check_listing_currency(self, ["discounted_price_amount"])

    def is_available_for_purchase(self, now=None) -> bool:
        now = now or timezone.now()
        return self.available_for_purchase_at is not None and self.available_for_purchase_at <= now

    def is_visible(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and (self.published_at is None or self.published_at <= now)


class ProductVariantChannelListing(models.Model):
    variant = models.ForeignKey(ProductVariant, related_name="channel_listings", on_delete=models.CASCADE)
    channel = models.ForeignKey("channel.Channel", related_name="variant_listings", on_delete=models.CASCADE)
    currency = models.CharField(max_length=3)
    price_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    cost_price_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    prior_price_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    discounted_price_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    preorder_quantity_threshold = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("pk",)
        constraints = [models.UniqueConstraint(fields=["variant", "channel"], name="variant_listing_unique")]

    def clean(self):
        _check_listing_currency(self, ["price_amount", "cost_price_amount", "prior_price_amount"])


# --- OCOP certification ------------------------------------------------------------------------


class IssuerLevel(models.TextChoices):
    """Who recognised the rating: the city's People's Committee (3 and 4 stars) or
    the national council (5 stars)."""

    CITY = "city", "Cấp thành phố"
    NATIONAL = "national", "Cấp quốc gia"


class CertificationStatus(models.TextChoices):
    ACTIVE = "active"
    EXPIRING_SOON = "expiring_soon"
    EXPIRED = "expired"
    NOT_RECOGNISED = "not_recognised"


# The score band of each star rating in the OCOP evaluation (100-point scale):
# from the lower bound up to, but not including, the next band's ("70 to under 90").
STAR_SCORE_BANDS = {1: (0, 30), 2: (30, 50), 3: (50, 70), 4: (70, 90), 5: (90, 100)}


def score_fits_stars(score, stars: int) -> bool:
    low, high = STAR_SCORE_BANDS[stars]
    return low <= score <= 100 if stars == 5 else low <= score < high
RECOGNISED_STARS = (3, 4, 5)
CERTIFICATE_VALIDITY_MONTHS = 36
EXPIRING_SOON_DAYS = 90


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    # The 29th–31st of a month that the target month lacks falls to its last day.
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


class OcopCertification(models.Model):
    product = models.ForeignKey(Product, related_name="ocop_certifications", on_delete=models.CASCADE)
    stars = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    score = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    decision_number = models.CharField(max_length=100, help_text="e.g. 4127/QĐ-UBND")
    decision_date = models.DateField()
    issuer_level = models.CharField(max_length=16, choices=IssuerLevel.choices)
    expires_at = models.DateField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-decision_date", "-pk")
        constraints = [
            models.UniqueConstraint(fields=["product", "decision_number"], name="certification_decision_unique"),
            models.CheckConstraint(condition=models.Q(stars__gte=1, stars__lte=5), name="certification_stars_range"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=100), name="certification_score_range"),
        ]
        indexes = [models.Index(fields=["stars", "expires_at"], name="certification_stars_idx")]

    def __str__(self):
        return f"{self.stars}★ {self.decision_number}"

    def save(self, *args, **kwargs):
        self.expires_at = add_months(self.decision_date, CERTIFICATE_VALIDITY_MONTHS)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.stars is not None and self.score is not None and self.stars in STAR_SCORE_BANDS:
            if not score_fits_stars(self.score, self.stars):
                low, high = STAR_SCORE_BANDS[self.stars]
                band = f"{low}–100" if self.stars == 5 else f"{low} to under {high}"
                errors["score"] = (
                    f"A score of {self.score} does not fit {self.stars} stars; "
                    f"{self.stars} stars needs {band} points."
                )
        if self.stars == 5 and self.issuer_level == IssuerLevel.CITY:
            errors["issuer_level"] = "Five stars are recognised only at national level."
        if self.stars in (3, 4) and self.issuer_level == IssuerLevel.NATIONAL:
            errors["issuer_level"] = "Three and four stars are recognised by the city, not at national level."
        if self.decision_date and self.decision_date > timezone.localdate():
            errors["decision_date"] = "The decision date cannot be in the future."
        if errors:
            raise ValidationError(errors)

    @property
    def is_recognised(self) -> bool:
        return self.stars in RECOGNISED_STARS

    def status(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if not self.is_recognised:
            return CertificationStatus.NOT_RECOGNISED
        if self.expires_at < today:
            return CertificationStatus.EXPIRED
        if (self.expires_at - today).days <= EXPIRING_SOON_DAYS:
            return CertificationStatus.EXPIRING_SOON
        return CertificationStatus.ACTIVE
