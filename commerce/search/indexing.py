"""Keeping products' search entries current.

A product's entry (`ProductSearchEntry`, a narrow table of its own) is built from
text that went through `normalize_search_text` (lowercase, no diacritics, đ→d), so
queries normalised the same way match it without any function call on the column
side:

- `vector`: a weighted tsvector with the `simple` configuration (Vietnamese has no
  stemmer, and the words are already folded): names A, references B, attributes C,
  description D;
- `prefix_vector`: the A–C words alone, stripped of positions, which unfinished
  query words are completed against.

Every word of every entry also goes into the `SearchWord` vocabulary, which typo
correction compares query words against.

Each entry also records the channels whose lists show its product
(`listed_channels`, or `scheduled_channels` when the listing publishes later), read
from the listings in the same statement that writes the entry and clears the
product's dirty flag: an entry whose product is not dirty has channels as current
as its text, which is what lets a search count entries without joining listings
(see `ProductSearchEntry`). The minute's sweep also marks dirty the products whose
scheduled listings have come due, so they move to `listed_channels`.

Products are indexed in batches of 500 with a constant number of queries per batch.
Each batch locks its product rows while it reads them and writes their entries, so
a change made meanwhile waits for our commit and then marks the product dirty
again: no change is lost. Rows someone else has locked are skipped, not waited for:
whoever holds them is either changing them (and queues a rebuild when they commit)
or indexing them already, and waiting could only lead to deadlocks with
multi-product writes. Anything left dirty that way is picked up by the sweep that
runs every minute.
"""

from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Prefetch

from commerce.core.catalogue_version import catalogue_changed
from commerce.core.richtext import editorjs_plaintext
from commerce.product.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    Product,
    ProductChannelListing,
    ProductVariant,
)

from .models import ProductSearchEntry, SearchWord
from .normalize import normalize_search_text
from .spelling import is_vocabulary_word

BATCH_SIZE = 500
# A listing `l` that shows its product in the channel's lists, but for its
# publication date: graphql.product.visibility.published_listings(for_listing=True).
CHANNELS_SQL = "l.is_published AND l.visible_in_listings AND l.discounted_price_amount IS NOT NULL"
# tsvector values are limited to 1 MB; no honest description comes near this.
MAX_DESCRIPTION_CHARS = 100_000


class ProductSearchDocument(NamedTuple):
    """A product's searchable text by weight, already normalised."""

    names: str  # A: the product's name in every language
    references: str  # B: SKUs, GTINs, OCOP code, producer, craft village, category
    attributes: str  # C: attribute values and variant names
    description: str  # D: description in every language


def prepare_product_search_document(product: Product) -> ProductSearchDocument:
    """Gather a product's searchable text. Reads only relations that
    `products_for_indexing` prefetches, so a batch costs no extra queries."""
    return ProductSearchDocument(
        names=_join([product.name], (t.name for t in product.translations.all())),
        references=_join(_codes(product), _maker_and_place(product), _category_names(product.category)),
        attributes=_join(_attribute_texts(product)),
        description=_join(_descriptions(product))[:MAX_DESCRIPTION_CHARS],
    )


def products_for_indexing():
    """Products with every relation their search text comes from, fetched in a
    fixed number of queries however many products there are."""
    def with_values(assignments):
        return assignments.select_related("value").prefetch_related("value__translations")

    variant_values = with_values(AssignedVariantAttributeValue.objects)
    product_values = with_values(AssignedProductAttributeValue.objects)
    variants = ProductVariant.objects.prefetch_related("translations", Prefetch("attributevalues", variant_values))
    related = Product.objects.select_related("category__parent", "producer__craft_village", "craft_village")
    return related.prefetch_related(
        "translations",
        "category__translations",
        "craft_village__translations",
        "producer__craft_village__translations",
        Prefetch("attributevalues", product_values),
        Prefetch("variants", variants),
    )


def update_products_search_vector(product_ids: Iterable[int]) -> int:
    """Rebuild the search entries of these products, whether dirty or not (so it is
    safe to run twice). Returns how many products were indexed: deleted products,
    and products locked by another transaction (see the module's note), are skipped."""
    ids = sorted({int(pk) for pk in product_ids})
    indexed = 0
    for start in range(0, len(ids), BATCH_SIZE):
        with transaction.atomic():
            locked = (
                Product.objects.select_for_update(skip_locked=True)
                .filter(pk__in=ids[start : start + BATCH_SIZE])
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            indexed += _index_locked_products(list(locked))
    return indexed


def update_dirty_products(batch_size: int = BATCH_SIZE, max_batches: int = 100) -> int:
    """Index products marked dirty, a batch at a time. Rows another worker holds are
    skipped, so any number of sweepers can run side by side without waiting on or
    repeating each other's work. Stops after `max_batches` so one run stays short.
    Products whose scheduled listings are now published are marked dirty first."""
    mark_due_scheduled_products()
    indexed = 0
    for _ in range(max_batches):
        with transaction.atomic():
            dirty = (
                Product.objects.select_for_update(skip_locked=True)
                .filter(search_index_dirty=True)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            batch = list(dirty)
            if not batch:
                break
            indexed += _index_locked_products(batch)
    return indexed


def mark_due_scheduled_products() -> int:
    """Mark dirty the products whose entries hold a channel in `scheduled_channels`
    where the listing is published by now, so the next batch moves the channel to
    `listed_channels`. Searches count them correctly meanwhile (they check
    scheduled channels against the listings); this only keeps that check rare.
    Returns how many products were marked."""
    entries = connection.ops.quote_name(ProductSearchEntry._meta.db_table)
    products = connection.ops.quote_name(Product._meta.db_table)
    listings = connection.ops.quote_name(ProductChannelListing._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {products} AS p SET search_index_dirty = true FROM {entries} AS e "
            f"WHERE e.scheduled_channels <> '{{}}' AND p.id = e.product_id AND NOT p.search_index_dirty "
            f"AND EXISTS (SELECT 1 FROM {listings} AS l WHERE l.product_id = e.product_id "
            f"AND l.channel_id = ANY(e.scheduled_channels) AND l.published_at <= statement_timestamp())"
        )
        return cursor.rowcount


def _index_locked_products(product_ids: list[int]) -> int:
    if not product_ids:
        return 0
    rows, vocabulary = [], set()
    for product in products_for_indexing().filter(pk__in=product_ids):
        document = prepare_product_search_document(product)
        rows.append((product.pk, *document))
        vocabulary.update(word for part in document for word in part.split() if is_vocabulary_word(word))
    _write_search_entries(rows)
    _add_to_vocabulary(vocabulary)
    return len(rows)


def _write_search_entries(rows: list[tuple]) -> None:
    """One statement for the whole batch: upsert the entries, then clear the
    products' dirty flags. tsvectors are built by PostgreSQL so their tokens are
    exactly what `to_tsquery('simple', ...)` compares."""
    if not rows:
        return
    entries = connection.ops.quote_name(ProductSearchEntry._meta.db_table)
    products = connection.ops.quote_name(Product._meta.db_table)
    values = ", ".join(["(%s::bigint, %s::text, %s::text, %s::text, %s::text)"] * len(rows))
    weighted = " || ".join(
        f"setweight(to_tsvector('simple'::regconfig, v.{column}), '{weight}')"
        for column, weight in (("a", "A"), ("b", "B"), ("c", "C"), ("d", "D"))
    )
    completable = "strip(to_tsvector('simple'::regconfig, concat_ws(' ', v.a, v.b, v.c)))"
    listings = connection.ops.quote_name(ProductChannelListing._meta.db_table)
    listed, scheduled = (
        f"ARRAY(SELECT l.channel_id FROM {listings} AS l WHERE l.product_id = v.id AND {CHANNELS_SQL} "
        f"AND {when} ORDER BY l.channel_id)"
        for when in (
            "(l.published_at IS NULL OR l.published_at <= statement_timestamp())",
            "l.published_at > statement_timestamp()",
        )
    )
    sql = (
        f"WITH written AS ("
        f"INSERT INTO {entries} AS e (product_id, vector, prefix_vector, listed_channels, scheduled_channels) "
        f"SELECT v.id, {weighted}, {completable}, {listed}, {scheduled} FROM (VALUES {values}) AS v(id, a, b, c, d) "
        f"ON CONFLICT (product_id) DO UPDATE SET vector = EXCLUDED.vector, prefix_vector = EXCLUDED.prefix_vector, "
        f"listed_channels = EXCLUDED.listed_channels, scheduled_channels = EXCLUDED.scheduled_channels "
        f"RETURNING e.product_id) "
        f"UPDATE {products} AS p SET search_index_dirty = false FROM written WHERE p.id = written.product_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
    catalogue_changed()  # raw SQL sends no signal; search results change


def _add_to_vocabulary(words: set[str]) -> None:
    """Insert new words in sorted order, so concurrent batches adding the same words
    wait on each other instead of deadlocking."""
    if not words:
        return
    table = connection.ops.quote_name(SearchWord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (word) SELECT w FROM unnest(%s::text[]) AS w ORDER BY w ON CONFLICT DO NOTHING",
            [sorted(words)],
        )


def prune_vocabulary() -> int:
    """Forget words no product uses any more (renamed or deleted products), so typo
    correction does not steer queries towards them. Reads every search vector: run
    it daily, not per change. Returns how many words went."""
    vocabulary = connection.ops.quote_name(SearchWord._meta.db_table)
    entries = connection.ops.quote_name(ProductSearchEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {vocabulary} WHERE word NOT IN (SELECT word FROM ts_stat('SELECT vector FROM {entries}'))"
        )
        return cursor.rowcount


# --- Where each weight's text comes from --------------------------------------------


def _join(*sources: Iterable[str | None]) -> str:
    """Normalised words of all texts, each distinct text once, in order."""
    seen, words = set(), []
    for source in sources:
        for text in source:
            normalised = normalize_search_text(text)
            if normalised and normalised not in seen:
                seen.add(normalised)
                words.append(normalised)
    return " ".join(words)


def _codes(product: Product) -> list[str]:
    codes = [product.ocop_product_code]
    for variant in product.variants.all():
        codes.append(variant.gtin)
        if variant.sku:
            # "BT-001" is indexed as "bt 001" and also whole as "bt001", so the
            # SKU is found typed with or without its separators.
            codes.extend([variant.sku, "".join(normalize_search_text(variant.sku).split())])
    return codes


def _maker_and_place(product: Product) -> list[str]:
    texts = []
    if product.producer:
        texts.append(product.producer.name)
    villages = {v.pk: v for v in (product.craft_village, product.producer and product.producer.craft_village) if v}
    for village in villages.values():
        texts.extend([village.name, village.craft, village.place])
        for translation in village.translations.all():
            texts.extend([translation.name, translation.craft])
    return texts


def _category_names(category) -> list[str]:
    """The product's category and its parent group: someone searching the group's
    name ("gốm sứ") should find products filed in one of its sets."""
    if category is None:
        return []
    names = [category.name, *(t.name for t in category.translations.all())]
    if category.parent:
        names.append(category.parent.name)
    return names


def _attribute_texts(product: Product) -> list[str]:
    assignments = list(product.attributevalues.all())
    texts = []
    for variant in product.variants.all():
        texts.append(variant.name)
        texts.extend(t.name for t in variant.translations.all())
        assignments.extend(variant.attributevalues.all())
    for assignment in assignments:
        value = assignment.value
        texts.extend([value.name, value.plain_text])
        texts.extend(t.name for t in value.translations.all())
    return texts


def _descriptions(product: Product) -> list[str]:
    texts = [product.description_plaintext or editorjs_plaintext(product.description)]
    texts.extend(editorjs_plaintext(t.description) for t in product.translations.all())
    return texts
