"""Every change to products goes through here, whoever makes it: the GraphQL API,
the dashboard, the importer, the demo loader or an integration.

A change marks the products' search entries stale and, once the transaction has
committed, asks Celery to rebuild them, so search never sees uncommitted rows and
a rolled-back change queues nothing.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from commerce.core.catalogue_version import catalogue_changed
from commerce.core.db import insert_rows
from commerce.core.richtext import editorjs_plaintext
from commerce.webhook import actions as webhook_events

from .models import OcopCertification, Product, ProductChannelListing, ProductVariant, ProductVariantChannelListing


def products_changed(product_ids: Iterable[int]) -> None:
    """Record that these products' searchable text or offers may have changed."""
    ids = {int(pk) for pk in product_ids}
    if not ids:
        return
    catalogue_changed()
    Product.objects.filter(pk__in=ids, search_index_dirty=False).update(search_index_dirty=True)
    # Ids gather on the connection while this transaction's refresh is pending,
    # so a transaction that saves a product, its variants and their prices queues
    # one refresh, not one per call. Django drops the callback on rollback; a set
    # whose callback is gone is stale and starts afresh.
    connection = transaction.get_connection()
    pending = getattr(connection, "ocop_pending_search_ids", None)
    registered = any(func is _enqueue_search_refresh for _, func, _ in connection.run_on_commit)
    if pending is None or not registered:
        pending = connection.ocop_pending_search_ids = set()
    pending.update(ids)
    if not registered:
        transaction.on_commit(_enqueue_search_refresh)


def _enqueue_search_refresh() -> None:
    from commerce.search.tasks import update_products_search_vector_task

    connection = transaction.get_connection()
    ids = sorted(getattr(connection, "ocop_pending_search_ids", ()))
    connection.ocop_pending_search_ids = set()
    for start in range(0, len(ids), 500):
        update_products_search_vector_task.delay(ids[start : start + 500])


def _validated_save(instance, exclude=None):
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


@transaction.atomic
def save_product(product: Product) -> Product:
    """Create or update a product after checking it; raises ValidationError."""
    if product.description:  # the rich text is the source; without it keep the plain text given
        product.description_plaintext = editorjs_plaintext(product.description)
    created = product.pk is None
    _validated_save(product)
    products_changed([product.pk])
    webhook_events.product_events([product.pk] if created else [], [] if created else [product.pk])
    return product


@transaction.atomic
def save_variant(variant: ProductVariant) -> ProductVariant:
    created = variant.pk is None
    _validated_save(variant)
    webhook_events.variant_events([variant.pk] if created else [], [] if created else [variant.pk])
    if variant.product.default_variant_id is None:
        Product.objects.filter(pk=variant.product_id, default_variant__isnull=True).update(default_variant=variant)
    products_changed([variant.product_id])
    return variant


@transaction.atomic
def save_product_channel_listing(listing: ProductChannelListing) -> ProductChannelListing:
    """List a product in a channel. Its cheapest price there is computed from the
    variants' prices, never taken from the caller: customers see the product only
    when it is set (a listing made after its variants were priced gets it now)."""
    _validated_save(listing)
    update_product_discounted_prices([listing.product_id], channel_id=listing.channel_id)
    listing.refresh_from_db(fields=["discounted_price_amount"])
    products_changed([listing.product_id])
    webhook_events.product_events(updated_ids=[listing.product_id])
    return listing


@transaction.atomic
def save_variant_channel_listing(listing: ProductVariantChannelListing) -> ProductVariantChannelListing:
    """Set a variant's price in a channel and keep the product's cheapest price current."""
    _validated_save(listing)
    update_product_discounted_prices([listing.variant.product_id], channel_id=listing.channel_id)
    products_changed([listing.variant.product_id])
    webhook_events.variant_events(updated_ids=[listing.variant_id])
    webhook_events.product_events(updated_ids=[listing.variant.product_id])  # its cheapest price
    return listing


@transaction.atomic
def save_certification(certification: OcopCertification) -> OcopCertification:
    _validated_save(certification, exclude=["expires_at"])
    products_changed([certification.product_id])
    webhook_events.product_events(updated_ids=[certification.product_id])
    return certification


def update_product_discounted_prices(product_ids: Iterable[int], channel_id: int | None = None) -> None:
    """Store each product's cheapest variant price per channel on its channel listing,
    which the catalogue sorts and filters by, and NULL where no variant has a price:
    customers' visibility reads it (graphql/product/visibility.py), so every change
    to variant prices or listings must end here. `channel_id` limits it to one channel."""
    from django.db.models import Min, OuterRef, Subquery

    cheapest = (
        ProductVariantChannelListing.objects.filter(
            variant__product_id=OuterRef("product_id"),
            channel_id=OuterRef("channel_id"),
            price_amount__isnull=False,
        )
        .values("variant__product_id")
        .annotate(m=Min("price_amount"))
        .values("m")
    )
    listings = ProductChannelListing.objects.filter(product_id__in=list(product_ids))
    if channel_id is not None:
        listings = listings.filter(channel_id=channel_id)
    listings.update(discounted_price_amount=Subquery(cheapest))
    catalogue_changed()  # a bulk update sends no signal


def delete_products(product_ids: Iterable[int]) -> int:
    deleted, _ = Product.objects.filter(pk__in=list(product_ids)).delete()
    return deleted


__all__ = [
    "ValidationError",
    "delete_products",
    "products_changed",
    "save_certification",
    "save_product",
    "save_product_channel_listing",
    "save_variant",
    "save_variant_channel_listing",
    "update_product_discounted_prices",
]


# --- Bulk versions, for importers that write thousands of rows at once ---------------
#
# Each takes instances that were checked with `validate_for_bulk` (the same model
# rules as `_validated_save`: field validators and the model's clean(); foreign
# keys, uniqueness and check constraints are left to PostgreSQL, which enforces
# them anyway and rolls the caller's transaction back) and writes them with
# bulk_create / bulk_update, then runs the side effects of the per-row action
# once for the whole batch: cheapest prices, search refresh, catalogue version.
# Pass validated=False to have them check every instance first.


def validate_for_bulk(instance, exclude=None, fields=None):
    """full_clean without the checks that cost a query per row (foreign keys exist,
    uniqueness): bulk callers check those once for the batch, and PostgreSQL
    enforces them anyway. `fields` limits the field checks to the fields the
    caller set (the others hold values already checked, or defaults); the
    model's clean() always runs. Checking every field of every row was a third
    of a 20k-row import."""
    skip = set(exclude or ())
    if fields is not None:
        keep = set(fields)
        skip.update(f.name for f in instance._meta.concrete_fields if f.name not in keep)
    skip.update(f.name for f in instance._meta.concrete_fields if f.is_relation)
    instance.full_clean(exclude=skip, validate_unique=False, validate_constraints=False)
    return instance


def _bulk_write(model, instances, fields, *, validated, exclude=None, batch_size=1000):
    from django.utils import timezone

    instances = list(instances)
    if not validated:
        for instance in instances:
            validate_for_bulk(instance, exclude)
    new = [i for i in instances if i.pk is None]
    old = [i for i in instances if i.pk is not None]
    if new:
        insert_rows(model, new, batch_size=batch_size)
    if old and fields:
        fields = list(fields)
        auto_now = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        now = timezone.now()
        for instance in old:
            for name in auto_now:
                setattr(instance, name, now)
        model.objects.bulk_update(old, sorted(set(fields) | set(auto_now)), batch_size=batch_size)
    if instances:
        catalogue_changed()  # bulk writes send no signal
    return instances


@transaction.atomic
def save_products(products, fields=(), *, validated=False):
    """save_product for many: new products are inserted, existing ones get `fields` updated."""
    products = list(products)
    for product in products:
        if product.description:
            product.description_plaintext = editorjs_plaintext(product.description)
    if fields and "description" in fields:
        fields = tuple(fields) + ("description_plaintext",)
    existing = {p.pk for p in products if p.pk is not None}
    _bulk_write(Product, products, fields, validated=validated)
    products_changed(p.pk for p in products)
    webhook_events.product_events({p.pk for p in products} - existing, existing if fields else ())
    return products


@transaction.atomic
def save_variants(variants, fields=(), *, validated=False):
    """save_variant for many, including each product's default variant when it has none."""
    variants = list(variants)
    existing = {v.pk for v in variants if v.pk is not None}
    _bulk_write(ProductVariant, variants, fields, validated=validated)
    webhook_events.variant_events({v.pk for v in variants} - existing, existing if fields else ())
    product_ids = {variant.product_id for variant in variants}
    if product_ids:
        from django.db.models import OuterRef, Subquery

        first = ProductVariant.objects.filter(product_id=OuterRef("pk")).order_by("sort_order", "pk").values("pk")[:1]
        Product.objects.filter(pk__in=list(product_ids), default_variant__isnull=True).update(default_variant=Subquery(first))
    products_changed(v.product_id for v in variants)
    return variants


@transaction.atomic
def save_product_channel_listings(listings, fields=(), *, validated=False):
    """save_product_channel_listing for many; cheapest prices are computed, never taken."""
    listings = list(listings)
    _bulk_write(ProductChannelListing, listings, fields, validated=validated)
    update_product_discounted_prices({listing.product_id for listing in listings})
    products_changed(listing.product_id for listing in listings)
    webhook_events.product_events(updated_ids={listing.product_id for listing in listings})
    return listings


@transaction.atomic
def save_variant_channel_listings(listings, fields=(), *, product_ids=None, validated=False):
    """save_variant_channel_listing for many. `product_ids` are the variants'
    products (looked up when not given)."""
    listings = list(listings)
    _bulk_write(ProductVariantChannelListing, listings, fields, validated=validated)
    if product_ids is None:
        product_ids = set(
            ProductVariant.objects.filter(pk__in=[l.variant_id for l in listings]).values_list("product_id", flat=True)
        )
    update_product_discounted_prices(product_ids)
    products_changed(product_ids)
    webhook_events.variant_events(updated_ids={listing.variant_id for listing in listings})
    webhook_events.product_events(updated_ids=product_ids)  # their cheapest prices
    return listings


@transaction.atomic
def save_certifications(certifications, fields=(), *, validated=False):
    """save_certification for many (expiry follows the decision date, as save() makes it)."""
    certifications = list(certifications)
    for certification in certifications:
        if certification.decision_date:
            from .models import CERTIFICATE_VALIDITY_MONTHS, add_months

            certification.expires_at = add_months(certification.decision_date, CERTIFICATE_VALIDITY_MONTHS)
    if fields:
        fields = tuple(fields) + ("expires_at",)
    _bulk_write(OcopCertification, certifications, fields, validated=validated, exclude=["expires_at"])
    products_changed(c.product_id for c in certifications)
    webhook_events.product_events(updated_ids={c.product_id for c in certifications})
    return certifications


__all__ += [
    "save_certifications",
    "save_product_channel_listings",
    "save_products",
    "save_variant_channel_listings",
    "save_variants",
    "validate_for_bulk",
]


# --- Translations, attribute values and pictures, for importers and the dashboard -------------


@transaction.atomic
def save_product_translations(translations) -> list:
    """Create or update ProductTranslation rows (one per product and language);
    English names and descriptions are searched, so their products are refreshed."""
    from .models import ProductTranslation

    translations = list(translations)
    _bulk_write(ProductTranslation, translations, ("name", "description"), validated=False)
    products_changed(t.product_id for t in translations)
    webhook_events.product_events(updated_ids={t.product_id for t in translations})
    return translations


@transaction.atomic
def set_product_attribute_values(assignments: dict) -> None:
    """`assignments` maps a product to {attribute: [values]}: each named attribute's
    values on the product become exactly those given, in that order; attributes not
    named keep theirs. New AttributeValue rows (pk None) are created first."""
    from .models import AssignedProductAttributeValue

    if not assignments:
        return
    _replace_attribute_values(AssignedProductAttributeValue, "product_id", assignments)
    products_changed(product.pk for product in assignments)
    webhook_events.product_events(updated_ids={product.pk for product in assignments})


def store_product_image(product: Product, data: bytes, *, alt: str = "", metadata: dict | None = None,
                        sort_order: int | None = None):
    """Add a picture to a product: the file is stored under a name carrying its
    sha256, so the same bytes are stored once however many products or imports
    use them; its thumbnails are queued once the transaction commits. A product
    that already has a picture with these bytes gets no second row."""
    import hashlib
    import io

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image

    from .models import ProductMedia
    from .thumbnails import media_created

    digest = hashlib.sha256(data).hexdigest()
    existing = ProductMedia.objects.filter(product=product, content_hash=digest).first()
    if existing is not None:
        return existing
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}.get(image.format, "img")
    name = f"products/{digest[:2]}/{digest}.{extension}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    if sort_order is None:
        last = ProductMedia.objects.filter(product=product).order_by("-sort_order").values_list("sort_order", flat=True).first()
        sort_order = 0 if last is None else last + 1
    media = ProductMedia.objects.create(product=product, image=name, alt=alt[:250], content_hash=digest,
                                        width=width, height=height, metadata=metadata or {}, sort_order=sort_order)
    media_created(media)
    products_changed([product.pk])
    webhook_events.product_events(updated_ids=[product.pk])
    return media


__all__ += ["save_product_translations", "set_product_attribute_values", "store_product_image"]


@transaction.atomic
def set_variant_attribute_values(assignments: dict) -> None:
    """set_product_attribute_values for variants (size, colour, volume…)."""
    from .models import AssignedVariantAttributeValue

    if not assignments:
        return
    _replace_attribute_values(AssignedVariantAttributeValue, "variant_id", assignments)
    products_changed(variant.product_id for variant in assignments)
    webhook_events.variant_events(updated_ids={variant.pk for variant in assignments})


def _replace_attribute_values(assignment_model, owner_field: str, assignments: dict) -> None:
    """The shared half of the two above: create the new values, then replace each
    named attribute's assignments of each owner (product or variant)."""
    from .models import AttributeValue

    new_values = {id(v): v for attributes in assignments.values() for values in attributes.values()
                  for v in values if v.pk is None}
    for value in new_values.values():
        value.attribute = value.attribute  # refresh attribute_id
        value.full_clean(exclude=["attribute"], validate_unique=False, validate_constraints=False)
    AttributeValue.objects.bulk_create(list(new_values.values()), batch_size=1000)
    owners_by_attribute: dict = {}
    rows = []
    for owner, attributes in assignments.items():
        for attribute, values in attributes.items():
            owners_by_attribute.setdefault(attribute.pk, []).append(owner.pk)
            rows.extend(assignment_model(**{owner_field: owner.pk}, value=value, sort_order=position)
                        for position, value in enumerate(values))
    for attribute_id, owner_ids in owners_by_attribute.items():
        assignment_model.objects.filter(**{f"{owner_field}__in": owner_ids}, value__attribute_id=attribute_id).delete()
    assignment_model.objects.bulk_create(rows, batch_size=1000)


__all__ += ["set_variant_attribute_values"]
