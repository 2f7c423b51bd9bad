"""A synthetic catalogue of any size for benchmarks: `generate_catalogue`.

Names are built from the demo's real Vietnamese word lists (items, styles, places,
descriptors), so searches behave as they would on a real catalogue: "gom bat
trang" finds the ceramics and not the silk. Rows are inserted with COPY in batches,
each batch in its own transaction; the categories, producers and channels
are the shop's own (seeded if missing) and shared by every product.

Every synthetic product has `external_reference = "synthetic:<seed>:<n>"`, so a
second run with the same seed adds only what is missing and `--replace` removes
all synthetic products first.
"""

import datetime
import hashlib
import multiprocessing
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.db import connections, transaction
from django.utils import timezone

from commerce.core.catalogue_version import catalogue_changed
from commerce.core.db import analyze_tables
from commerce.core.validators import gtin_check_digit, tax_code_check_digit
from commerce.producer.models import LegalType, Producer
from commerce.product import actions
from commerce.product.models import (
    CERTIFICATE_VALIDITY_MONTHS,
    OcopCertification,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
    add_months,
)
from commerce.warehouse.models import Stock

from . import catalogue
from .attributes import seed_attributes
from .bulk import assign_ids, copy_objects
from .catalogue_data import CATEGORY_COLOURS, FAMILIES
from .categories import seed_ocop_categories
from .channels import centre_for_category, seed_channels
from .images import product_picture
from .text import ascii_slug, editorjs, plaintext
from .villages import seed_villages

PREFIX = "synthetic:"
BATCH_SIZE = 2000
MIN_PRODUCERS = 40
SHARED_IMAGES = 12

# Where farm goods come from; crafts keep their own village's name.
RURAL_PLACES = (
    "Ba Vì", "Sóc Sơn", "Mỹ Đức", "Đông Anh", "Gia Lâm", "Thạch Thất", "Phúc Thọ", "Ứng Hòa", "Thường Tín",
    "Phú Xuyên", "Chương Mỹ", "Hoài Đức", "Đan Phượng", "Mê Linh", "Quốc Oai",
)
DESCRIPTORS = (
    "", "", "", "loại đặc biệt", "cao cấp", "hộp quà", "truyền thống", "thủ công", "mẫu mới", "phiên bản Tết",
    "làm quà biếu", "gia truyền", "hữu cơ", "xuất khẩu", "cổ điển", "mini", "cỡ lớn", "set quà",
)
DESCRIPTORS_EN = {
    "loại đặc biệt": "premium grade", "cao cấp": "deluxe", "hộp quà": "gift box", "truyền thống": "traditional",
    "thủ công": "handmade", "mẫu mới": "new design", "phiên bản Tết": "Tết edition", "làm quà biếu": "gift",
    "gia truyền": "family recipe", "hữu cơ": "organic", "xuất khẩu": "export quality", "cổ điển": "classic",
    "mini": "mini", "cỡ lớn": "large", "set quà": "gift set",
}


@dataclass
class GenerateResult:
    created: int = 0
    skipped: int = 0
    deleted: int = 0
    indexed: int = 0
    seconds: float = 0.0
    insert_seconds: float = 0.0  # summed over workers
    index_seconds: float = 0.0


def generate_catalogue(products: int, channel: str = "web-shop", seed: int = 1, replace: bool = False,
                       images: bool = False, index: bool = True, batch_size: int = BATCH_SIZE,
                       workers: int = 1, log=lambda message: None) -> GenerateResult:
    started = time.monotonic()
    result = GenerateResult()
    if replace:
        result.deleted = delete_synthetic_products(log=log)
    context = _Context.build(channel, seed, images)
    wanted = set(range(products))
    prefix = f"{PREFIX}{seed}:"
    references = Product.objects.filter(external_reference__startswith=prefix).values_list("external_reference", flat=True)
    done = {int(ref.rsplit(":", 1)[1]) for ref in references}
    missing = sorted(wanted - done)
    result.skipped = len(wanted & done)
    batches = [missing[start : start + batch_size] for start in range(0, len(missing), batch_size)]
    for created, indexed, insert_seconds, index_seconds in _run_batches(context, batches, index, workers):
        result.created += created
        result.indexed += indexed
        result.insert_seconds += insert_seconds
        result.index_seconds += index_seconds
        log(f"  {result.created}/{len(missing)} products inserted, {result.indexed} indexed "
            f"({time.monotonic() - started:.0f}s)")
    if result.created or result.deleted:
        analyze_tables()
        catalogue_changed()  # rows came by COPY, which sends no signal
    result.seconds = time.monotonic() - started
    return result


def _run_batches(context, batches, index: bool, workers: int):
    """Yield (created, indexed, insert seconds, index seconds) per batch. With several workers each batch runs in a
    forked process with its own database connection: inserting and indexing are
    half Python, half PostgreSQL, and this spreads both over the machine's cores."""
    global _WORKER_CONTEXT
    if workers <= 1 or len(batches) <= 1:
        for numbers in batches:
            yield _run_batch(context, numbers, index)
        return
    _WORKER_CONTEXT = context
    connections.close_all()  # a forked child must not share the parent's socket
    pool = multiprocessing.get_context("fork").Pool(processes=workers)
    try:
        yield from pool.imap_unordered(_run_batch_in_worker, [(numbers, index) for numbers in batches])
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        _WORKER_CONTEXT = None


_WORKER_CONTEXT = None


def _run_batch_in_worker(args):
    numbers, index = args
    try:
        return _run_batch(_WORKER_CONTEXT, numbers, index)
    finally:
        connections.close_all()


def _run_batch(context, numbers, index: bool) -> tuple[int, int, float, float]:
    """One batch in one transaction, then its search entries (unless told not to)."""
    started = time.monotonic()
    with transaction.atomic():
        ids = _write_batch(context, numbers)
    inserted = time.monotonic()
    indexed = 0
    if index and ids:
        from commerce.search.indexing import update_products_search_vector

        indexed = update_products_search_vector(ids)
    return len(ids), indexed, inserted - started, time.monotonic() - inserted


def delete_synthetic_products(log=lambda message: None, chunk: int = 5000) -> int:
    """Delete every synthetic product (all seeds) with its variants, listings and stock.

    Deleted in chunks through the ORM, so rows other apps hang on variants (cart
    lines, order lines) are handled by their own on_delete rules.
    """
    deleted = 0
    while True:
        ids = list(Product.objects.filter(external_reference__startswith=PREFIX).values_list("pk", flat=True)[:chunk])
        if not ids:
            break
        with transaction.atomic():
            actions.delete_products(ids)
        deleted += len(ids)
        log(f"  {deleted} synthetic products deleted")
    return deleted


@dataclass
class _Context:
    seed: int
    channel: object
    second_channels: dict
    stockrooms: dict
    categories: dict
    product_types: dict
    villages: dict
    producers: list
    images: list
    today: datetime.date
    launched: datetime.datetime

    @classmethod
    def build(cls, channel_slug: str, seed: int, images: bool) -> "_Context":
        categories = seed_ocop_categories()
        villages, _ = seed_villages()
        channels, stockrooms, _ = seed_channels()
        _, product_types, _ = seed_attributes()
        if channel_slug not in channels:
            from commerce.channel.models import Channel

            found = Channel.objects.filter(slug=channel_slug).first()
            if found is None:
                raise ValueError(f"No channel {channel_slug!r}; use one of {', '.join(sorted(channels))}.")
            channels[channel_slug] = found
        producers = ensure_producers()
        return cls(
            seed=seed, channel=channels[channel_slug], second_channels=channels, stockrooms=stockrooms,
            categories=categories, product_types=product_types, villages=villages, producers=producers,
            images=shared_images() if images else [], today=timezone.localdate(),
            launched=datetime.datetime(2025, 7, 1, 8, tzinfo=datetime.timezone(datetime.timedelta(hours=7))),
        )

    def stockroom(self, channel):
        room = self.stockrooms.get(channel.slug)
        if room is None:
            link = channel.channel_warehouses.select_related("warehouse").first()
            room = self.stockrooms[channel.slug] = link.warehouse if link else None
        return room


def ensure_producers() -> list[Producer]:
    """The shop's producers, topped up with synthetic ones on an empty database."""
    producers = list(Producer.objects.filter(is_active=True).order_by("pk"))
    if len(producers) >= MIN_PRODUCERS:
        return producers
    rng = random.Random("synthetic-producers")
    rows = []
    types = list(LegalType)
    for n in range(MIN_PRODUCERS):
        while True:
            body = "01" + "".join(str(rng.randrange(10)) for _ in range(7))
            check = tax_code_check_digit(body)
            if check is not None:
                break
        legal_type = types[n % len(types)]
        rows.append(Producer(
            name=f"{legal_type.label} tổng hợp số {n + 1}", slug=f"synthetic-producer-{n + 1}",
            legal_type=legal_type, tax_code=body + str(check), external_reference=f"{PREFIX}producer:{n + 1}",
        ))
    Producer.objects.bulk_create(rows, ignore_conflicts=True)
    return list(Producer.objects.filter(is_active=True).order_by("pk"))


def shared_images() -> list[ProductMedia]:
    """A few pictures stored once and pointed at by every synthetic product's media
    row (their thumbnails are made on first request by the proxy view)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    names = []
    for n, (key, (background, colour)) in enumerate(list(CATEGORY_COLOURS.items())[:SHARED_IMAGES]):
        data = product_picture(f"synthetic-{key}", ("vase", "scarf", "box", "basket", "packet", "bottle")[n % 6],
                               background, colour, "OC")
        name = f"products/synthetic-{key}.jpg"
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(data))
        names.append((name, hashlib.sha256(data).hexdigest()))
    return names


def _name(rng: random.Random):
    family = FAMILIES[rng.randrange(len(FAMILIES))]
    item = family.items[rng.randrange(len(family.items))]
    style = family.styles[rng.randrange(len(family.styles))] if family.styles and rng.random() < 0.8 else None
    if family.place[0]:
        place = family.place[0] if rng.random() < 0.85 else ""
    else:
        place = rng.choice(RURAL_PLACES) if rng.random() < 0.4 else ""
    descriptor = rng.choice(DESCRIPTORS)
    vi = " ".join(p for p in (item.vi, style.vi if style else "", place, descriptor) if p)
    en = item.en + (f", {style.en}" if style else "") + (f" – {place}" if place else "") + (
        f" ({DESCRIPTORS_EN[descriptor]})" if descriptor else "")
    return family, item, style, vi, en


def _write_batch(ctx: _Context, numbers: list[int]) -> list[int]:
    """Insert one batch of products with everything they need; returns their ids."""
    plans = []
    for n in numbers:
        rng = random.Random(f"{ctx.seed}:{n}")
        family, item, style, vi, en = _name(rng)
        plans.append((n, rng, family, item, style, vi, en))

    products = []
    for n, rng, family, item, style, vi, en in plans:
        category = ctx.categories[item.category or family.category]
        village_slug = item.village or family.village
        description = editorjs(f"{vi}.", family.about[0])
        products.append(Product(
            product_type=ctx.product_types[family.product_type], name=vi[:250],
            slug=f"{ascii_slug(vi)[:200]}-s{ctx.seed}-{n}", description=description,
            description_plaintext=plaintext(description), category=category,
            producer=ctx.producers[rng.randrange(len(ctx.producers))],
            craft_village=ctx.villages.get(village_slug) if village_slug else None,
            weight=Decimal(str(item.weight)) if item.weight else None,
            rating=round(3.5 + rng.random() * 1.5, 1) if rng.random() < 0.8 else None,
            external_reference=f"{PREFIX}{ctx.seed}:{n}", metadata={"source": "synthetic"},
            search_index_dirty=True,
        ))
    assign_ids(products)

    translations, variants, variant_plans = [], [], []
    for product, (n, rng, family, item, style, vi, en) in zip(products, plans):
        translations.append(ProductTranslation(product=product, language_code="en", name=en[:250]))
        style_factor = 1 + 0.1 * rng.randrange(3)
        specs = catalogue.variant_specs(family, item, style_factor, n, f"SYN{ctx.seed}-{n:07d}")
        for spec in specs[: rng.randint(1, 3)]:
            body = f"8939{ctx.seed % 10}{(n * 3 + spec.position) % 10_000_000:07d}"
            variants.append(ProductVariant(
                product=product, name=spec.name, sku=spec.sku, gtin=body + str(gtin_check_digit(body)),
                weight=spec.weight, sort_order=spec.position, track_inventory=family.product_type != "trai-nghiem",
            ))
            variant_plans.append((product, spec, rng))
    assign_ids(translations)
    assign_ids(variants)
    # The first variant is the default, as actions.save_variant would make it; the
    # foreign key is checked at commit, so the product may be written first.
    for variant in reversed(variants):
        variant.product.default_variant_id = variant.pk
    copy_objects(products)
    copy_objects(translations)
    copy_objects(variants)

    _offers(ctx, products, plans, variants, variant_plans)
    _certifications(ctx, products, plans)
    if ctx.images:
        media = [
            ProductMedia(product=product, image=name, content_hash=digest, width=1200, height=1200,
                         alt=product.name[:250], sort_order=0)
            for product, (name, digest) in ((p, ctx.images[p.pk % len(ctx.images)]) for p in products)
        ]
        assign_ids(media)
        copy_objects(media)
    return [product.pk for product in products]


def _second_channel(ctx: _Context, family, item, rng):
    """About a third of products are offered in a second channel: the centre of
    their craft when they have one, otherwise the livestream account."""
    if rng.random() > 0.35:
        return None
    village = item.village or family.village
    slug = catalogue.VILLAGE_CENTRE.get(village or "") or centre_for_category(item.category or family.category)
    slug = slug or "livestream-lang-nghe"
    channel = ctx.second_channels.get(slug)
    return channel if channel is not None and channel.pk != ctx.channel.pk else None


def _offers(ctx, products, plans, variants, variant_plans):
    """Listings, prices and stock. Each listing's cheapest price is filled in here
    (the value actions.update_product_discounted_prices computes) because that
    correlated UPDATE would cost more than the rest of the batch together."""
    prices, stocks, stocked = [], [], set()
    cheapest = {}
    channels_of = {}
    for product, (n, rng, family, item, style, vi, en) in zip(products, plans):
        channels_of[product.pk] = [ctx.channel] + [c for c in [_second_channel(ctx, family, item, rng)] if c]
    for variant, (product, spec, rng) in zip(variants, variant_plans):
        for channel in channels_of[product.pk]:
            price, prior = catalogue.channel_price(spec.price, channel.slug)
            key = (product.pk, channel.pk)
            cheapest[key] = min(price, cheapest.get(key, price))
            prices.append(ProductVariantChannelListing(
                variant=variant, channel=channel, currency=channel.currency_code, price_amount=price,
                cost_price_amount=catalogue.round_price(price * 0.6), prior_price_amount=prior,
            ))
            room = ctx.stockroom(channel)
            if variant.track_inventory and room is not None and (room.pk, variant.pk) not in stocked:
                stocked.add((room.pk, variant.pk))  # two channels may share a stockroom
                stocks.append(Stock(warehouse=room, product_variant=variant,
                                    quantity=0 if rng.random() < 0.1 else rng.randint(1, 200)))
    soon = ctx.launched.replace(year=ctx.today.year + 1)
    listings = []
    for product, (n, rng, *_) in zip(products, plans):
        roll = rng.random()
        for channel in channels_of[product.pk]:
            listings.append(ProductChannelListing(
                product=product, channel=channel, currency=channel.currency_code,
                is_published=roll >= 0.03, visible_in_listings=roll >= 0.03, published_at=ctx.launched,
                available_for_purchase_at=soon if 0.03 <= roll < 0.05 else ctx.launched,
                discounted_price_amount=cheapest.get((product.pk, channel.pk)),
            ))
    for rows in (listings, prices, stocks):
        assign_ids(rows)
        copy_objects(rows)


def _certifications(ctx, products, plans):
    rows = []
    for product, (n, rng, family, item, style, vi, en) in zip(products, plans):
        if rng.random() >= 0.4:
            continue
        stars = 5 if rng.random() < 0.03 else 4 if rng.random() < 0.35 else 3
        low, high = {3: (50, 69.9), 4: (70, 89.9), 5: (90, 98)}[stars]
        decided = ctx.today - datetime.timedelta(days=rng.randrange(10, 1300))
        rows.append(OcopCertification(
            product=product, stars=stars, score=Decimal(str(round(rng.uniform(low, high), 2))),
            decision_number=f"{1000 + rng.randrange(8000)}/{'QĐ-BNNMT' if stars == 5 else 'QĐ-UBND'}",
            decision_date=decided, issuer_level="national" if stars == 5 else "city",
            # bulk_create skips save(), which is where expiry is normally set
            expires_at=add_months(decided, CERTIFICATE_VALIDITY_MONTHS),
        ))
    assign_ids(rows)
    copy_objects(rows)

