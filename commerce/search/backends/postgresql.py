"""Product search with PostgreSQL full-text search, tolerant of missing diacritics,
half-typed words and one typo per word.

The query goes through the same `search_words` as the documents did, so "gom bat
trang", "Gốm Bát Tràng" and "GỐM BÁT-TRÀNG" are one query. Every tsquery is put
together here from those words alone (letters and digits, each quoted as a lexeme):
nothing the shopper types reaches `to_tsquery` as syntax.

A query word matches a product in one of two ways: whole, anywhere in the product's
entry (`vector`: names, references, attributes, description); or, when the word may
be unfinished, as the beginning of a word of its names, references or attributes
(`prefix_vector`). Descriptions are prose: completing "tre" there finds every
"trên" ("on"), and doubled the matches of "may tre" (22,000 of 100,000 products)
without adding one a shopper was looking for.

Three readings of the words are tried in turn, the first that finds anything wins:

1. as typed: every word whole except the last, which may still be being typed
   ("gom", "bat", and "tra" whole or beginning a name word). Whole words keep "non
   la" from matching every "nông … làng" and keep the match set, which is ranked row
   by row, small. A single last letter is not a prefix (it would match most of the
   catalogue);
2. every word of two or more letters possibly unfinished, for shoppers who
   abbreviate ("gom ba tr");
3. with typos corrected: words the catalogue does not know may also be known words
   one slip away ("trnag" or "trang"), see `spelling`.

Matching is answered by the GIN index over both columns of `ProductSearchEntry`;
the usual reading is one or two scans of it ("may tre": `vector @@ 'may' & 'tre'`,
or `vector @@ 'may'` and `prefix_vector @@ 'tre':*` in a single scan). Matches are
ranked with `ts_rank` on `vector`, using the weights the indexer wrote (name above
references above attributes above description). Products that have the words whole
rank above those that only have words starting with them, so "dong ho" puts Đông Hồ
before "hoa đồng tiền" even though "ho" also begins "hoa".

Pages and counting. A search of what a customer sees in a channel's lists
(the queryset `commerce.search.mark_listed_in` marked) is paged and counted
from the search entries alone, by their `listed_channels`, instead of joining
12,000 matches with their products and listings: the entries are ranked in one
statement that also counts them, and only the page's products are read through
the listings (see `ListedSearch`). Entries that may be behind (their product is
dirty, or they have a channel in `scheduled_channels`) are checked against the
listings. Ranking is most of a large search's cost, so each match is ranked
once (see `Rank`).

Typos are not matched by trigram similarity against the documents (`%>`): on
100,000 products that took 0.6–7 s per query, because short query words share
their trigrams (" ho", "ong") with nearly every document, so the trigram index
narrows nothing; correcting words against the vocabulary keeps typo queries as
fast as any other.
"""

from __future__ import annotations

from functools import cached_property
from typing import NamedTuple

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Count, Exists, F, FloatField, Func, OuterRef, Q, QuerySet, Value, When, Window
from django.db.models.expressions import RowRange

from commerce.product.models import Product
from commerce.search import LISTED_IN, PAGE_CANDIDATES, ListedIn
from commerce.search.models import ProductSearchEntry
from commerce.search.normalize import search_words
from commerce.search.spelling import corrections

# Query words kept: enough for any product name, few enough to bound the query.
MAX_QUERY_WORDS = 16
# Shorter prefixes match too much of the catalogue to narrow anything down.
MIN_PREFIX = 2
# Beyond this many entries that may be behind their listings (products waiting
# for indexing, listings scheduled), a search is counted and paged by joining
# its matches with the listings, as any other product list is.
MAX_UNCERTAIN = 1000

# The entry's columns seen from a product (`matching` also reads them from the entry).
ENTRY = "search_entry__"
VECTOR = f"{ENTRY}vector"


class Term(NamedTuple):
    """One query word as matched: any of `whole` anywhere, or a word beginning
    with `prefix` in the names, references or attributes."""

    whole: tuple[str, ...]
    prefix: str | None = None


def search_products(queryset: QuerySet, query: str) -> QuerySet:
    """`queryset` narrowed to products matching `query`, annotated with
    `search_rank` and ordered best first (then by pk, so pages are stable).
    An empty query (or one with no letters or digits) leaves `queryset` as it is."""
    words = search_words(query)[:MAX_QUERY_WORDS]
    if not words:
        return queryset
    listed_in = getattr(queryset, LISTED_IN, None)
    whole = whole_words_tsquery(words)
    readings = {as_typed_tsquery(words): as_typed_terms(words), prefix_tsquery(words): prefix_terms(words)}
    for ranked_by, terms in readings.items():
        rank = Rank(ranked_by, boost=whole)
        matches = full_text_matches(queryset, terms, rank)
        if matches.exists():
            return _answered_from_entries(matches, terms, rank, listed_in)
    alternatives = corrections(words)
    if not alternatives:
        return matches  # nothing to correct: the last reading stands, empty
    terms = corrected_terms(words, alternatives)
    rank = Rank(corrected_tsquery(words, alternatives))
    return _answered_from_entries(full_text_matches(queryset, terms, rank), terms, rank, listed_in)


def _answered_from_entries(matches: QuerySet, terms: list[Term], rank: Rank, listed_in: ListedIn | None) -> QuerySet:
    """`matches`, which when the searched queryset was a channel's list counts
    (`count()`, this object's only: what `totalCount` calls) and finds its pages
    (`commerce.search.page_candidates`) from the search entries."""
    if listed_in is not None:
        search = ListedSearch(terms, rank, listed_in, joined_count=matches.count)
        matches.count = search.count
        setattr(matches, PAGE_CANDIDATES, search.page_candidates)
    return matches


class ListedSearch:
    """A search of what a customer sees in a channel's lists, answered from the
    search entries without joining products and listings for every match.

    An entry whose product is not dirty has `listed_channels` as current as the
    listings (the indexer writes both in the statement that clears the flag).
    Entries that may be behind are few: those whose product is dirty (changed,
    not indexed yet) and those with the channel in `scheduled_channels`. So:

    - a page is found by ranking the matching entries listed in the channel
      (plus the uncertain ones), never more columns than the rank needs, and
      taking the page's size plus the number of uncertain entries: however
      many of those the listings turn out to hide, the page's rows are among
      them. The page itself is then read through the listings as always;
    - the first page's query counts the same entries as it ranks them, which is
      `totalCount` exactly when no entry is uncertain; otherwise (and after the
      first page) `count_listed_matches` counts, checking the uncertain
      entries against the listings (`listed_in.listings`, the authority).

    With more than MAX_UNCERTAIN uncertain entries (a bulk import not indexed
    yet) both fall back to the join, which then costs less than checking them.
    """

    def __init__(self, terms: list[Term], rank: Rank, listed_in: ListedIn, joined_count):
        self.terms, self.rank, self.listed_in = terms, rank, listed_in
        self.joined_count = joined_count
        self.total: int | None = None  # learnt by the first page's query

    def count(self) -> int:
        if self.total is not None:
            return self.total
        if self.uncertain is None:
            return self.joined_count()
        return count_listed_matches(self.terms, self.listed_in)

    @cached_property
    def uncertain(self) -> int | None:
        """How many entries may be listed otherwise than `listed_channels` says
        (None: more than MAX_UNCERTAIN); asked once per search."""
        return count_uncertain(self.listed_in.channel_id)

    def page_candidates(self, order: list[tuple[str, bool]], after: list | None, limit: int) -> Q | None:
        """The products that can be on the page of `limit` rows after `after` in
        `order` (see `commerce.graphql.core.connection.PageCandidates`): only
        for the order by rank, then pk."""
        if [name for name, _ in order] != ["search_rank", "pk"] or (after is not None and None in after):
            return None
        uncertain = self.uncertain
        if uncertain is None:
            return None
        channel = [self.listed_in.channel_id]
        listed = Q(listed_channels__contains=channel)
        if uncertain:
            dirty = Product.objects.filter(search_index_dirty=True).order_by().values("pk")
            listed |= Q(scheduled_channels__contains=channel) | Q(product_id__in=dirty)
        entries = ProductSearchEntry.objects.filter(matching(self.terms, entry=""), listed)
        ranked = entries.annotate(search_rank=self.rank.of("vector"))
        (_, rank_descending), (_, pk_descending) = order
        by = [F("search_rank").desc() if rank_descending else F("search_rank").asc()]
        by.append(F("product_id").desc() if pk_descending else F("product_id").asc())
        if after is not None:
            rank, pk = after
            rank_after, pk_after = ("lt" if rank_descending else "gt"), ("lt" if pk_descending else "gt")
            ranked = ranked.filter(
                Q(**{f"search_rank__{rank_after}": rank}) | Q(search_rank=rank, **{f"product_id__{pk_after}": pk})
            )
            columns = ["product_id"]
        else:
            # Counted over the whole frame, in the page's order: the rank is then
            # computed before the count and carried alone, where a plain
            # COUNT(*) OVER () would carry every entry's vector to rank later.
            everything = RowRange(start=None, end=None)
            ranked = ranked.annotate(matched=Window(Count("*"), order_by=by, frame=everything))
            columns = ["product_id", "matched"]
        rows = list(ranked.order_by(*by).values_list(*columns)[: limit + uncertain])
        if after is None and not uncertain:
            self.total = rows[0][1] if rows else 0
        return Q(pk__in=[row[0] for row in rows])


def count_uncertain(channel_id: int) -> int | None:
    """How many products are dirty plus how many entries are scheduled in the
    channel (None: more than MAX_UNCERTAIN). Run on every search page, so
    written once as SQL: building it with the ORM cost more than running it."""
    with connection.cursor() as cursor:
        cursor.execute(_UNCERTAIN_SQL, {"channel": [channel_id], "cap": MAX_UNCERTAIN + 1})
        (found,) = cursor.fetchone()
    return None if found > MAX_UNCERTAIN else found


_UNCERTAIN_SQL = f"""
SELECT (SELECT count(*) FROM (SELECT 1 FROM {Product._meta.db_table}
                              WHERE search_index_dirty LIMIT %(cap)s) AS dirty)
     + (SELECT count(*) FROM (SELECT 1 FROM {ProductSearchEntry._meta.db_table}
                              WHERE scheduled_channels <> '{{}}' AND scheduled_channels @> %(channel)s::integer[]
                              LIMIT %(cap)s) AS scheduled)
"""


def count_listed_matches(terms: list[Term], listed_in: ListedIn) -> int:
    """How many products matching `terms` a customer sees in the channel's lists.

    An entry whose product is not dirty has `listed_channels` as current as the
    listings (see `ListedSearch`), so it is counted by them; dirty and scheduled
    entries are checked against the listings (`listed_in.listings`, the
    authority, with its own "now"). Worth it while they are few (the caller
    checks: `ListedSearch.uncertain`)."""
    dirty_products = Product.objects.filter(search_index_dirty=True).order_by()
    channel = [listed_in.channel_id]
    entries = ProductSearchEntry.objects.filter(matching(terms, entry="")).values("pk")
    dirty = Q(product_id__in=dirty_products.values("pk"))  # few rows: a hashed subplan
    shown = Exists(listed_in.listings.filter(product_id=OuterRef("product_id")))
    # Three disjoint parts, counted in one statement (one snapshot): the usual
    # case without touching listings, and the two small sets that need them,
    # each found through its own index (so the planner never weighs checking
    # listings for every match).
    listed = entries.filter(Q(listed_channels__contains=channel) & ~dirty)
    behind = entries.filter(product__search_index_dirty=True).filter(shown)
    scheduled = entries.exclude(scheduled_channels=[]).filter(Q(scheduled_channels__contains=channel) & ~dirty, shown)
    return listed.union(behind, scheduled, all=True).count()


# --- The readings: which words may be unfinished ---------------------------------


def _may_be_unfinished(word: str) -> str | None:
    return word if len(word) >= MIN_PREFIX else None


def as_typed_terms(words: list[str]) -> list[Term]:
    """Whole words, the last one possibly unfinished."""
    *head, last = words
    return [Term((w,)) for w in head] + [Term((last,), _may_be_unfinished(last))]


def prefix_terms(words: list[str]) -> list[Term]:
    """Every word of two letters or more possibly unfinished. A single letter would
    match almost everything as a prefix: one in the middle stays whole, one at the
    end (the next word just begun) is left out until it has a second letter."""
    if len(words) > 1 and len(words[-1]) < MIN_PREFIX:
        words = words[:-1]
    return [Term((w,), _may_be_unfinished(w)) for w in words]


def corrected_terms(words: list[str], alternatives: dict[str, list[str]]) -> list[Term]:
    """Each word as in `prefix_terms`, or one of its corrections, whole."""
    return [Term((w, *alternatives.get(w, [])), _may_be_unfinished(w)) for w in words]


# --- What the matches are ranked by (ts_rank does not read weights in a query) ---


def _lexeme(word: str, prefix: bool = False) -> str:
    # Words hold only letters and digits, so quoting them is all the escaping needed.
    return f"'{word}'{':*' if prefix else ''}"


def whole_words_tsquery(words: list[str]) -> str:
    """`'gom' & 'bat'`"""
    return " & ".join(_lexeme(w) for w in words)


def as_typed_tsquery(words: list[str]) -> str:
    """`'gom' & 'bat':*`: whole words, the last one possibly unfinished."""
    return _ranking_tsquery(as_typed_terms(words))


def prefix_tsquery(words: list[str]) -> str:
    """`'gom':* & 'ba':*`."""
    return _ranking_tsquery(prefix_terms(words))


def corrected_tsquery(words: list[str], alternatives: dict[str, list[str]]) -> str:
    """`'gom':* & ('trnag':* | 'trang')`: each misspelt word or its corrections."""
    return _ranking_tsquery(corrected_terms(words, alternatives))


def _ranking_tsquery(terms: list[Term]) -> str:
    parts = []
    for term in terms:
        options = [_lexeme(term.whole[0], prefix=term.prefix is not None)] + [_lexeme(w) for w in term.whole[1:]]
        parts.append(options[0] if len(options) == 1 else f"({' | '.join(options)})")
    return " & ".join(parts)


# --- Matching: which products -----------------------------------------------------


def matching(terms: list[Term], entry: str = ENTRY) -> Q:
    """Products having every term, as conditions the entries' GIN index answers.

    With at most one unfinished word (the usual case) the condition is written as
    "all words whole" or "the other words whole and this one begun", so each
    branch is one index scan with every word in it: PostgreSQL intersects the
    posting lists inside the index instead of combining a bitmap per word."""
    vector, prefix_vector = f"{entry}vector", f"{entry}prefix_vector"
    unfinished = [t for t in terms if t.prefix is not None]
    if len(unfinished) > 1:
        condition = Q()
        for term in terms:
            whole = Q(**{vector: _raw(_alternatives(term))})
            if term.prefix is not None:
                whole |= Q(**{prefix_vector: _raw(_lexeme(term.prefix, prefix=True))})
            condition &= whole
        return condition
    everything_whole = Q(**{vector: _raw(" & ".join(_alternatives(t) for t in terms))})
    if not unfinished:
        return everything_whole
    (begun,) = unfinished
    others = [t for t in terms if t is not begun]
    begun_condition = Q(**{prefix_vector: _raw(_lexeme(begun.prefix, prefix=True))})
    if others:
        begun_condition &= Q(**{vector: _raw(" & ".join(_alternatives(t) for t in others))})
    return everything_whole | begun_condition


def _alternatives(term: Term) -> str:
    options = [_lexeme(w) for w in term.whole]
    return options[0] if len(options) == 1 else f"({' | '.join(options)})"


class Rank(NamedTuple):
    """How matches are ranked: by `ts_rank` for the tsquery `ranked_by`; when
    `boost` (a stricter reading of the same words) is given and different,
    products matching it come first, ranked by it, plus 1. `ts_rank` never
    exceeds 1, so every product with the stricter reading comes before every
    one without it, and each product is ranked once: `ts_rank` is most of
    what ranking 12,000 matches costs."""

    ranked_by: str
    boost: str | None = None

    def of(self, vector: str) -> Func:
        rank = SearchRank(F(vector), _raw(self.ranked_by))
        if not self.boost or self.boost == self.ranked_by:
            return rank
        stricter = SearchRank(F(vector), _raw(self.boost)) + Value(1.0)
        return Case(When(Q(**{vector: _raw(self.boost)}), then=stricter), default=rank, output_field=FloatField())


def full_text_matches(queryset: QuerySet, terms: list[Term], rank: Rank) -> QuerySet:
    """Products matching `terms`, annotated with their `rank` as search_rank."""
    return queryset.filter(matching(terms)).annotate(search_rank=rank.of(VECTOR)).order_by("-search_rank", "pk")


def _raw(tsquery: str) -> SearchQuery:
    return SearchQuery(tsquery, search_type="raw", config="simple")
