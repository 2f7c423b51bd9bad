"""`load_demo_data`: the whole demo shop in one transaction, safe to run again.

Rows are keyed by slug, SKU, tax code or their natural pair, compared before they
are written and written through `commerce.product.actions` where an action owns
the model, so validation and search refresh happen the one way. A second run
writes nothing: its summary says "0 rows written".
"""

import datetime
import hashlib
import io
import time
from collections import Counter
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from PIL import Image

from commerce.channel.models import Channel, ChannelKind
from commerce.core.validators import gtin_check_digit
from commerce.product import actions
from commerce.product.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    AttributeValue,
    AttributeValueTranslation,
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    CollectionTranslation,
    OcopCertification,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
    ProductVariantTranslation,
)
from commerce.product.thumbnails import media_created
from commerce.warehouse.models import Stock

from . import catalogue
from .attributes import ATTRIBUTES, PRODUCT_TYPES, numeric_value, seed_attributes
from .catalogue_data import CATEGORY_COLOURS
from .categories import seed_ocop_categories_counted
from .channels import CENTRES, seed_channels
from .images import product_picture
from .producers import seed_producers
from .text import editorjs, initials, plaintext
from .upsert import Upsert
from .villages import VILLAGES, seed_villages

GLAZE_COLOURS = {
    slug: tuple(int(swatch[i : i + 2], 16) for i in (1, 3, 5)) for slug, _, _, swatch in ATTRIBUTES["mau-men"][4]
}
LAUNCHED = datetime.datetime(2025, 7, 1, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
DEMO_MEDIA_KEY = "demo_image"


@dataclass
class Summary:
    counts: dict = field(default_factory=dict)
    written: int = 0
    seconds: float = 0.0

    def lines(self):
        yield "Demo data: " + ", ".join(f"{n} {label}" for label, n in self.counts.items())
        yield f"{self.written} rows written in {self.seconds:.1f}s"


def load_demo_data(images: bool = True, index_search: bool = True) -> Summary:
    started = time.monotonic()
    with transaction.atomic():
        written, product_ids = _load(images)
        if product_ids:
            actions.update_product_discounted_prices(product_ids)
            actions.products_changed(product_ids)
            if index_search:
                # So search works the moment the command returns, with or without a
                # worker; the tasks products_changed queued will find nothing new.
                from commerce.search.indexing import update_products_search_vector

                update_products_search_vector(product_ids)
    summary = Summary(counts=demo_counts(), written=written)
    summary.seconds = time.monotonic() - started
    return summary


def demo_counts() -> dict:
    from commerce.producer.models import CraftVillage, Producer
    from commerce.product.models import Category

    slugs = [spec.slug for spec in catalogue.product_specs()]
    products = Product.objects.filter(slug__in=slugs)
    return {
        "channels": Channel.objects.count(),
        "villages": CraftVillage.objects.filter(slug__in=[v.slug for v in VILLAGES]).count(),
        "producers": Producer.objects.count(),
        "categories": Category.objects.count(),
        "products": products.count(),
        "variants": ProductVariant.objects.filter(product__in=products).count(),
        "certifications": OcopCertification.objects.filter(product__in=products).count(),
        "images": ProductMedia.objects.filter(product__in=products).count(),
        "collections": Collection.objects.count(),
    }


def _load(images: bool) -> tuple[int, list[int]]:
    categories, written = seed_ocop_categories_counted()
    villages, n = seed_villages()
    written += n
    channels, stockrooms, n = seed_channels()
    written += n
    written += seed_shipping(channels.values())
    attributes, product_types, n = seed_attributes()
    written += n
    specs = catalogue.product_specs()
    weights = Counter(_cluster(spec) for spec in specs)
    producers, n = seed_producers(villages, dict(weights))
    written += n
    catalogue_writer = CatalogueWriter(specs, categories, villages, channels, stockrooms, attributes,
                                       product_types, producers)
    changed_ids = catalogue_writer.write()
    if images:
        catalogue_writer.attach_pictures()
    return written + catalogue_writer.written, sorted(changed_ids)


def seed_shipping(channels) -> int:
    """Every channel that ships (all but the supermarket chains, which collect
    by the truckload) gets the default delivery methods; idempotent."""
    from commerce.shipping.demo import ensure_default_shipping
    from commerce.shipping.models import ShippingMethodChannelListing

    before = ShippingMethodChannelListing.objects.count()
    for channel in channels:
        if channel.kind != ChannelKind.SUPERMARKET:
            ensure_default_shipping(channel)
    return ShippingMethodChannelListing.objects.count() - before


def _cluster(spec) -> str:
    """Village experiences are sold by the villages' own producers."""
    if spec.family.product_type == "trai-nghiem" and spec.village:
        return spec.village
    return spec.family.cluster


def gtin_for(producer_number: int, product_number: int, position: int) -> str:
    """GS1 Vietnam prefix 893, a 4-digit company number per producer, a 5-digit item."""
    body = f"893{1000 + producer_number:04d}{product_number * 10 + position:05d}"
    return body + str(gtin_check_digit(body))


class CatalogueWriter:
    """Writes products and everything hanging off them, counting what changed."""

    def __init__(self, specs, categories, villages, channels, stockrooms, attributes, product_types, producers):
        self.specs = specs
        self.categories, self.villages, self.channels = categories, villages, channels
        self.stockrooms, self.attributes, self.product_types = stockrooms, attributes, product_types
        self.producers = producers
        self.producer_numbers = {}
        for number, producer in enumerate(p for key in sorted(producers) for p in producers[key]):
            self.producer_numbers[producer.pk] = number
        self.centres = [c.slug for c in CENTRES]
        self.type_attributes = {t.slug: set(t.product_attributes) for t in PRODUCT_TYPES}
        self.today = timezone.localdate()
        self.written = 0
        self.changed_products: set[int] = set()
        self.products_by_number: dict[int, Product] = {}
        slugs = [s.slug for s in specs]
        skus = [v.sku for s in specs for v in s.variants]
        mine = Product.objects.filter(slug__in=slugs)
        self.t_products = Upsert(Product, ["slug"], actions.save_product, mine)
        self.t_product_names = Upsert(ProductTranslation, ["product", "language_code"],
                                      queryset=ProductTranslation.objects.filter(product__in=mine), bulk=True)
        variants = ProductVariant.objects.filter(sku__in=skus)
        self.t_variants = Upsert(ProductVariant, ["sku"], actions.save_variant, variants)
        self.t_variant_names = Upsert(ProductVariantTranslation, ["product_variant", "language_code"],
                                      queryset=ProductVariantTranslation.objects.filter(product_variant__in=variants),
                                      bulk=True)
        self.t_values = Upsert(AttributeValue, ["attribute", "slug"])
        self.t_value_names = Upsert(AttributeValueTranslation, ["attribute_value", "language_code"])
        self.t_product_values = Upsert(AssignedProductAttributeValue, ["product", "value"],
                                       queryset=AssignedProductAttributeValue.objects.filter(product__in=mine), bulk=True)
        self.t_variant_values = Upsert(AssignedVariantAttributeValue, ["variant", "value"],
                                       queryset=AssignedVariantAttributeValue.objects.filter(variant__in=variants),
                                       bulk=True)
        # Listings and prices are many small rows: they are checked by the models'
        # own clean() and written in bulk; load_demo_data then runs the two steps
        # the per-row actions would (cheapest prices, search refresh) once for all.
        self.t_listings = Upsert(ProductChannelListing, ["product", "channel"],
                                 queryset=ProductChannelListing.objects.filter(product__in=mine), bulk=True)
        self.t_prices = Upsert(ProductVariantChannelListing, ["variant", "channel"],
                               queryset=ProductVariantChannelListing.objects.filter(variant__in=variants), bulk=True)
        self.t_stock = Upsert(Stock, ["warehouse", "product_variant"],
                              queryset=Stock.objects.filter(product_variant__in=variants), bulk=True)
        self.t_certs = Upsert(OcopCertification, ["product", "decision_number"], actions.save_certification,
                              OcopCertification.objects.filter(product__in=mine))
        self.t_collections = Upsert(Collection, ["slug"])
        self.t_collection_names = Upsert(CollectionTranslation, ["collection", "language_code"])
        self.t_collection_products = Upsert(CollectionProduct, ["collection", "product"], bulk=True)
        self.t_collection_listings = Upsert(CollectionChannelListing, ["collection", "channel"])

    def write(self) -> set[int]:
        cursor = {key: 0 for key in self.producers}
        members: dict[str, list[Product]] = {}
        for spec in self.specs:
            cluster = _cluster(spec)
            producer = self.producers[cluster][cursor[cluster] % len(self.producers[cluster])]
            cursor[cluster] += 1
            cert = catalogue.certification(spec, self.today)
            product = self._product(spec, producer, cert)
            self._attributes(spec, product)
            variants = self._variants(spec, product, producer)
            self._offers(spec, product, variants)
            if cert:
                self._certify(product, cert)
            for slug in catalogue.collections_for(spec, cert):
                members.setdefault(slug, []).append(product)
        self._collections(members)
        for table in self._tables():
            table.flush()
        self.written += sum(t.changes for t in self._tables())
        return self.changed_products

    def _tables(self):
        return [value for value in vars(self).values() if isinstance(value, Upsert)]

    def _changed(self, product: Product, *tables_before):
        for table, before in tables_before:
            if table.changes != before:
                self.changed_products.add(product.pk)

    def _product(self, spec, producer, cert) -> Product:
        village = self.villages.get(spec.village) if spec.village else None
        maker = f"{producer.name}" + (f", {village.name}" if village else "")
        handmade = spec.family.handmade
        vi = editorjs(
            f"{spec.name} là sản phẩm {'thủ công ' if handmade else ''}của {maker}.",
            spec.family.about[0],
            village.story_plaintext if village else "",
        )
        village_en = next((v.name_en for v in VILLAGES if village and v.slug == village.slug), "")
        where = f", {village_en}." if village_en else "."
        en = editorjs(f"{spec.name_en}: {'handmade ' if handmade else ''}by {producer.name}{where}", spec.family.about[1])
        before = self.t_products.changes
        product = self.t_products(
            spec.slug, name=spec.name, product_type=self.product_types[spec.family.product_type],
            description=vi, description_plaintext=plaintext(vi), category=self.categories[spec.category],
            producer=producer, craft_village=village, weight=spec.weight, rating=catalogue.rating(spec),
            ocop_product_code=f"OCOP-HN-{spec.number:04d}" if cert else None,
            seo_title=spec.name[:70], seo_description=spec.family.about[0][:300], metadata={"source": "demo"},
        )
        names_before = self.t_product_names.changes
        self.t_product_names((product, "en"), name=spec.name_en, description=en, seo_title=spec.name_en[:70],
                             seo_description=spec.family.about[1][:300])
        self._changed(product, (self.t_products, before), (self.t_product_names, names_before))
        self.products_by_number[spec.number] = product
        return product

    def _attributes(self, spec, product):
        wanted = self.type_attributes[spec.family.product_type]
        values = []
        if "chat-lieu" in wanted and spec.material:
            values.append(self._value("chat-lieu", spec.material))
        if "mau-men" in wanted and spec.style and spec.style.glaze:
            values.append(self._value("mau-men", spec.style.glaze))
        if "hoa-van" in wanted and spec.style:
            values.extend(self._value("hoa-van", motif) for motif in spec.style.motifs)
        if "thu-cong" in wanted:
            values.append(self._value("thu-cong", f"thu-cong_{str(spec.family.handmade).lower()}"))
        if "huong-dan-bao-quan" in wanted:
            care_vi, care_en = spec.family.care
            attribute = self.attributes["huong-dan-bao-quan"]
            value = self.t_values((attribute, spec.slug), name=care_vi[:250], rich_text=editorjs(care_vi))
            self.t_value_names((value, "en"), name=care_en[:250], rich_text=editorjs(care_en))
            values.append(value)
        before = self.t_product_values.changes
        for position, value in enumerate(values):
            self.t_product_values((product, value), sort_order=position)
        self._changed(product, (self.t_product_values, before))

    def _value(self, attribute_slug, value_slug) -> AttributeValue:
        row = self.t_values.rows.get((self.attributes[attribute_slug].pk, value_slug))
        if row is None:
            raise LookupError(f"Attribute {attribute_slug} has no value {value_slug}; add it to attributes.py.")
        return row

    def _variants(self, spec, product, producer) -> list:
        is_service = spec.family.product_type == "trai-nghiem"
        number = self.producer_numbers[producer.pk]
        rows = []
        for v in spec.variants:
            before = (self.t_variants.changes, self.t_variant_names.changes, self.t_variant_values.changes)
            variant = self.t_variants(
                v.sku, product=product, name=v.name, gtin=gtin_for(number, spec.number, v.position),
                weight=v.weight, track_inventory=not is_service, sort_order=v.position,
                quantity_limit_per_customer=5 if spec.number % 11 == 0 else None,
            )
            if v.name_en:
                self.t_variant_names((variant, "en"), name=v.name_en)
            if v.attribute:
                attribute = self.attributes[v.attribute]
                if isinstance(v.value, int):
                    value = numeric_value(attribute, v.value, self.t_values)
                else:
                    value = self._value(v.attribute, v.value)
                self.t_variant_values((variant, value), sort_order=0)
            after = (self.t_variants.changes, self.t_variant_names.changes, self.t_variant_values.changes)
            if after != before:
                self.changed_products.add(product.pk)
            rows.append((v, variant))
        return rows

    def _offers(self, spec, product, variants):
        seen = catalogue.visibility(spec, self.today, LAUNCHED)
        before = (self.t_listings.changes, self.t_prices.changes)
        for channel_slug in catalogue.listing_channels(spec, self.centres):
            channel = self.channels[channel_slug]
            home = channel.kind in (ChannelKind.CENTRE, ChannelKind.WEB_SHOP)
            self.t_listings(
                (product, channel), currency=channel.currency_code,
                is_published=seen.is_published, visible_in_listings=seen.visible_in_listings if home else True,
                published_at=seen.published_at, available_for_purchase_at=seen.available_for_purchase_at,
            )
            for v, variant in variants:
                price, prior = catalogue.channel_price(v.price, channel_slug)
                self.t_prices((variant, channel), currency=channel.currency_code, price_amount=price,
                              cost_price_amount=catalogue.round_price(price * 0.6), prior_price_amount=prior)
                if variant.track_inventory:
                    warehouse = self.stockrooms[channel_slug]
                    self.t_stock((warehouse, variant),
                                 quantity=catalogue.stock_quantity(spec, v, warehouse.slug))
        if (self.t_listings.changes, self.t_prices.changes) != before:
            self.changed_products.add(product.pk)

    def _certify(self, product, cert):
        before = self.t_certs.changes
        self.t_certs((product, cert.decision_number), stars=cert.stars, score=cert.score,
                     decision_date=cert.decision_date, issuer_level=cert.issuer_level)
        self._changed(product, (self.t_certs, before))

    def _collections(self, members: dict):
        listed_in = [c for c in self.channels.values() if c.kind in (ChannelKind.WEB_SHOP, ChannelKind.CENTRE,
                                                                     ChannelKind.LIVESTREAM)]
        for slug, name, name_en, blurb, blurb_en in catalogue.COLLECTIONS:
            collection = self.t_collections(slug, name=name, description=editorjs(blurb), seo_title=name[:70],
                                            seo_description=blurb[:300])
            self.t_collection_names((collection, "en"), name=name_en, description=editorjs(blurb_en),
                                    seo_title=name_en[:70])
            for position, product in enumerate(members.get(slug, [])):
                self.t_collection_products((collection, product), sort_order=position)
            for channel in listed_in:
                self.t_collection_listings((collection, channel), is_published=True, published_at=LAUNCHED)

    def attach_pictures(self):
        """One generated picture per product that has none yet from the demo; its
        thumbnails are queued once the transaction commits."""
        have = set(
            ProductMedia.objects.filter(product__in=self.products_by_number.values(),
                                        metadata__has_key=DEMO_MEDIA_KEY).values_list("product_id", flat=True)
        )
        for spec in self.specs:
            product = self.products_by_number[spec.number]
            if product.pk in have:
                continue
            industry = self.categories[spec.category].parent
            colours = CATEGORY_COLOURS.get(spec.category) or CATEGORY_COLOURS.get(industry.slug if industry else "")
            if colours is None:
                colours = CATEGORY_COLOURS["thuc-pham"]
            if spec.style and spec.style.glaze:  # a brown-glazed vase should look brown
                colours = (colours[0], GLAZE_COLOURS[spec.style.glaze])
            data = product_picture(spec.slug, spec.shape, *colours, initials(spec.name))
            media = store_product_image(product, data, alt=spec.name, metadata={DEMO_MEDIA_KEY: True})
            media_created(media)
            self.written += 1


def store_product_image(product: Product, data: bytes, alt: str, metadata: dict | None = None) -> ProductMedia:
    """Save picture bytes under a name that carries their hash, and the media row.

    A file already stored under that name has the same bytes, so it is reused
    rather than saved again under a new random suffix.
    """
    digest = hashlib.sha256(data).hexdigest()
    name = f"products/{product.slug[:80]}-{digest[:12]}.jpg"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    width, height = Image.open(io.BytesIO(data)).size
    return ProductMedia.objects.create(
        product=product, image=name, alt=alt[:250], content_hash=digest, width=width, height=height,
        metadata=metadata or {}, sort_order=0,
    )
