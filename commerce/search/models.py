"""What search reads: each product's search entry, and the catalogue's vocabulary.

A product's searchable text lives in a narrow table of its own rather than in
`product_product`: a search ranks every product that matches (12,000 of 100,000
for "may tre"), and reading 1.2 KB entries, stored uncompressed in the row, costs
far less than reading 1.8 KB product rows whose longest vectors PostgreSQL had
compressed or moved out of line (TOAST) and had to unpack for every `ts_rank`.
See `ProductSearchEntry`.

Trigram similarity between a short query and a whole product document is both slow
(most documents share trigrams like " ho" or "ong") and vague (a long text always
has some look-alike). Comparing each query word with the distinct words of the
catalogue, a few thousand short strings, is fast through a trigram index and
exact enough to tell "trnag" is "trang". This is the words table the PostgreSQL
pg_trgm documentation recommends for spelling suggestions.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func

# Beginnings of words up to this many letters are indexed as words of their own
# (the function `search_word_beginnings`, migration 0004, says the same): a
# longer unfinished word is completed by the index over the whole words, which
# few words share a beginning that long with.
INDEXED_BEGINNING = 6


def word_beginnings(column: str) -> Func:
    """Every word of the tsvector `column`, whole, and its beginnings of two to
    INDEXED_BEGINNING letters: "trang" gives 'tr', 'tra', 'tran', 'trang'. What
    the search index holds for `prefix_vector`, and how a search must name it
    for the index to answer."""
    return Func(F(column), function="search_word_beginnings", output_field=SearchVectorField())


class ProductSearchEntry(models.Model):
    """A product's search entry, written by `indexing` (never by hand).

    - `vector`: every word of the product, weighted A (names), B (codes, maker,
      place, category), C (attributes, variant names), D (description), with
      positions: what whole query words are matched against and what `ts_rank`
      ranks by;
    - `prefix_vector`: the A–C words again, without weights or positions: what an
      unfinished query word is completed against. Completing "tre" to "trên" ("on")
      in descriptions would match half the catalogue and help nobody; completing it
      in names, codes and attributes is what a shopper typing a name wants. The
      index holds these words' beginnings as words of their own (`word_beginnings`),
      so completing one is looking up one word.

    - `listed_channels`: the channels whose lists show the product to customers
      (its listing there is published, visible in listings and priced, and was
      already published when the entry was written); `scheduled_channels`: the
      same, but published later than that. `totalCount` of a search counts the
      matching entries listed in the channel without joining products or
      listings; only entries whose product is dirty (a change not indexed yet)
      or scheduled there are checked against the listings themselves, so the
      count stays exact. Page rows are always filtered by the listings.

    One GIN index covers `vector` and the beginnings of `prefix_vector`'s words, so
    "whole words here and this beginning there" is a single index scan that
    intersects the posting lists itself. It is built
    without `fastupdate`: indexing is done in the background by Celery and may be
    slower, but a search never has to read through a list of pending entries.
    """

    product = models.OneToOneField(
        "product.Product", primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    vector = SearchVectorField()
    prefix_vector = SearchVectorField()
    listed_channels = ArrayField(models.IntegerField(), default=list, blank=True)
    scheduled_channels = ArrayField(models.IntegerField(), default=list, blank=True)

    class Meta:
        indexes = [
            GinIndex(F("vector"), word_beginnings("prefix_vector"), name="search_entry_words_idx", fastupdate=False),
            # The few entries whose listings publish later, for the sweep that
            # moves them to `listed_channels` once they are due.
            models.Index(
                fields=["product"],
                condition=~models.Q(scheduled_channels=[]),
                name="search_entry_scheduled_idx",
            ),
        ]

    def __str__(self):
        return f"search entry of product {self.product_id}"


class SearchWord(models.Model):
    """A normalised word (letters only) that occurs in some product's search entry."""

    word = models.CharField(max_length=64, primary_key=True)

    class Meta:
        indexes = [GinIndex(fields=["word"], name="search_word_trgm_idx", opclasses=["gin_trgm_ops"])]

    def __str__(self):
        return self.word
