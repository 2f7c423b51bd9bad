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

Matching is answered by the GIN index over `vector` and the beginnings of
`prefix_vector`'s words (`ProductSearchEntry`); the usual reading is one or two
scans of it ("may tre": `vector @@ 'may' & 'tre'`, or `vector @@ 'may'` and the
beginning 'tre' in a single scan). An unfinished word is looked up as one word
among the beginnings, not completed by the index's partial match, which unites
the posting lists of every word it begins ("la": làng, lá, lãi, … in 78,000 of
100,000 products) before intersecting anything. Matches are
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
listings. When the caller says the first page by rank comes next
(`commerce.search.expect_ranked_first_page`), the statement that asks whether a
reading finds anything ranks and counts that page too
(`ChannelLists.rank_first_page`): a usual search is then one round trip to the
entries and one to read its page. Ranking is most of a large search's cost, so
each match is ranked once (see `Rank`). Conditions and ranks are written as
SQL once (`matching_sql`, `Rank.sql`): the statements a channel's search runs
on every page use them as they are, and ORM querysets (`matching`, `Rank.of`)
place the same SQL on their own alias for the entry. Building them from
Django's search expressions cost more Python than PostgreSQL spent running
them.

Typos are not matched by trigram similarity against the documents (`%>`): on
100,000 products that took 0.6–7 s per query, because short query words share
their trigrams (" ho", "ong") with nearly every document, so the trigram index
narrows nothing; correcting words against the vocabulary keeps typo queries as
fast as any other.
"""

from __future__ import annotations

from functools import cached_property
from typing import NamedTuple

from django.db import connection
from django.db.models import BooleanField, Exists, Expression, F, FloatField, OuterRef, Q, QuerySet

from commerce.product.models import Product
from commerce.search import LISTED_IN, PAGE_CANDIDATES, RANKED_FIRST_PAGE, ListedIn, RankedFirstPage
from commerce.search.models import INDEXED_BEGINNING, ProductSearchEntry
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
ENTRY_TABLE = ProductSearchEntry._meta.db_table


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
    lists = ChannelLists(listed_in) if listed_in is not None else None
    first_page = getattr(queryset, RANKED_FIRST_PAGE, None)
    whole = whole_words_tsquery(words)
    readings = {as_typed_tsquery(words): as_typed_terms(words), prefix_tsquery(words): prefix_terms(words)}
    for ranked_by, terms in readings.items():
        rank = Rank(ranked_by, boost=whole)
        # In a channel's lists with nothing behind its listings, the entries say
        # alone whether a reading finds anything: one index probe, where the
        # join with products and listings cost more to plan than to run. When
        # the first page by rank is to be read, ranking it is that probe.
        ranked = None
        if lists is not None and first_page is not None:
            ranked = lists.rank_first_page(terms, rank, first_page)
            found = None if ranked is None else ranked.total > 0
        else:
            found = lists.any_listed_match(terms) if lists is not None else None
        if found is False:
            continue
        matches = full_text_matches(queryset, terms, rank)
        if found or matches.exists():
            return _answered_from_entries(matches, terms, rank, lists, ranked)
    alternatives = corrections(words)
    if not alternatives:
        return full_text_matches(queryset, terms, rank)  # nothing to correct: the last reading stands, empty
    terms = corrected_terms(words, alternatives)
    rank = Rank(corrected_tsquery(words, alternatives))
    return _answered_from_entries(full_text_matches(queryset, terms, rank), terms, rank, lists)


def _answered_from_entries(
    matches: QuerySet, terms: list[Term], rank: Rank, lists: ChannelLists | None, first_page: RankedPage | None = None
) -> QuerySet:
    """`matches`, which when the searched queryset was a channel's list counts
    (`count()`, this object's only: what `totalCount` calls) and finds its pages
    (`commerce.search.page_candidates`) from the search entries."""
    if lists is not None:
        search = ListedSearch(terms, rank, lists, joined_count=matches.count, first_page=first_page)
        matches.count = search.count
        setattr(matches, PAGE_CANDIDATES, search.page_candidates)
    return matches


class ChannelLists:
    """What a customer sees in one channel's lists (`ListedIn`), as far as one
    search needs it: how many search entries may be behind their listings,
    asked once however many readings and statements the search takes."""

    def __init__(self, listed_in: ListedIn):
        self.channel_id, self.listings = listed_in.channel_id, listed_in.listings

    @cached_property
    def uncertain(self) -> int | None:
        """How many entries may be listed otherwise than `listed_channels` says
        (None: more than MAX_UNCERTAIN)."""
        return count_uncertain(self.channel_id)

    def any_listed_match(self, terms: list[Term]) -> bool | None:
        """Whether an entry listed here matches `terms`, which is whether a
        customer sees a match when no entry is uncertain (None: some are, and
        only the listings can tell). Asked first, it learns `uncertain` in the
        same statement: a search's first round trip answers both."""
        known = "uncertain" in self.__dict__
        if known and self.uncertain != 0:
            return None
        where, params = matching_sql(terms)
        params.append([self.channel_id])
        listed_match = f"EXISTS (SELECT 1 FROM {ENTRY_TABLE} WHERE ({where}) AND listed_channels @> %s::integer[])"
        with connection.cursor() as cursor:
            if known:
                cursor.execute(f"SELECT 0, {listed_match}", params)
            else:
                cursor.execute(f"SELECT {_UNCERTAIN_SQL}, {listed_match}", [*_uncertain_params(self.channel_id), *params])
            uncertain, found = cursor.fetchone()
        if not known:
            self.__dict__["uncertain"] = _capped(uncertain)
        return found if uncertain == 0 else None

    def rank_first_page(self, terms: list[Term], rank: Rank, page: RankedFirstPage) -> RankedPage | None:
        """The first `page.limit` entries listed here that match `terms`, best
        first by `rank` (then pk), and how many there are: what a customer
        sees when no entry is uncertain (None: some are, and only the
        listings can tell). Like `any_listed_match`, it learns `uncertain` in
        the same statement, and ranks nothing when that is not 0."""
        known = "uncertain" in self.__dict__
        if known and self.uncertain != 0:
            return None
        uncertain_sql, params = ("0", []) if known else (_UNCERTAIN_SQL, _uncertain_params(self.channel_id))
        rank_sql, rank_params = rank.sql("vector")
        matched, match_params = matching_sql(terms)
        direction = "DESC" if page.descending else "ASC"
        sql = (
            f"WITH u AS MATERIALIZED (SELECT {uncertain_sql} AS n), "
            f"ranked AS MATERIALIZED (SELECT product_id, {rank_sql} AS rank FROM {ENTRY_TABLE}"
            f" WHERE (SELECT n FROM u) = 0 AND ({matched}) AND listed_channels @> %s::integer[]) "
            f"SELECT (SELECT n FROM u), (SELECT count(*) FROM ranked),"
            f" ARRAY(SELECT product_id FROM ranked ORDER BY rank {direction}, product_id {direction} LIMIT %s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *rank_params, *match_params, [self.channel_id], page.limit])
            uncertain, total, ids = cursor.fetchone()
        if not known:
            self.__dict__["uncertain"] = _capped(uncertain)
        return RankedPage(page.descending, page.limit, ids, total) if uncertain == 0 else None


class RankedPage(NamedTuple):
    """The first `limit` matches by rank, then pk (`descending` or not), as
    product ids, and how many matches there are in all."""

    descending: bool
    limit: int
    ids: list[int]
    total: int


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
      entries against the listings (`ChannelLists.listings`, the authority).

    With more than MAX_UNCERTAIN uncertain entries (a bulk import not indexed
    yet) both fall back to the join, which then costs less than checking them.
    """

    def __init__(self, terms: list[Term], rank: Rank, lists: ChannelLists, joined_count, first_page: RankedPage | None = None):
        self.terms, self.rank, self.lists = terms, rank, lists
        self.joined_count = joined_count
        self.first_page = first_page
        # Learnt by the first page's query (or with the ranked first page).
        self.total: int | None = first_page.total if first_page is not None else None

    def count(self) -> int:
        if self.total is not None:
            return self.total
        if self.lists.uncertain is None:
            return self.joined_count()
        return count_listed_matches(self.terms, self.lists)

    def page_candidates(self, order: list[tuple[str, bool]], after: list | None, limit: int) -> Q | None:
        """The products that can be on the page of `limit` rows after `after` in
        `order` (see `commerce.graphql.core.connection.PageCandidates`): only
        for the order by rank, then pk.

        Written as SQL (it runs on every search page, and building it with the
        ORM cost more than running it): the same conditions as `matching` and
        the same rank as `Rank.of`, which compare with cursors as they do."""
        if [name for name, _ in order] != ["search_rank", "pk"] or (after is not None and None in after):
            return None
        ranked = self.first_page
        if ranked is not None and after is None and limit <= ranked.limit and {d for _, d in order} == {ranked.descending}:
            return Q(pk__in=ranked.ids[:limit])
        uncertain = self.lists.uncertain
        if uncertain is None:
            return None
        matched, params = matching_sql(self.terms)
        listed = "listed_channels @> %s::integer[]"
        params.append([self.lists.channel_id])
        if uncertain:
            listed += (
                " OR scheduled_channels @> %s::integer[]"
                f" OR product_id IN (SELECT id FROM {Product._meta.db_table} WHERE search_index_dirty)"
            )
            params.append([self.lists.channel_id])
        rank, rank_params = self.rank.sql("vector")
        (_, rank_descending), (_, pk_descending) = order
        by = f"rank {'DESC' if rank_descending else 'ASC'}, product_id {'DESC' if pk_descending else 'ASC'}"
        ranked = f"SELECT product_id, {rank} AS rank FROM {ENTRY_TABLE} WHERE ({matched}) AND ({listed})"
        if after is None:
            # Ranked once into a small table (id, rank) that is counted and then
            # searched for the best rows (a top-N heap, not a sort of them all).
            sql = (
                f"WITH ranked AS MATERIALIZED ({ranked}) "
                f"SELECT product_id, (SELECT count(*) FROM ranked) FROM ranked ORDER BY {by} LIMIT %s"
            )
            params_after = []
        else:
            sql = (
                f"SELECT product_id FROM ({ranked}) AS ranked"
                f" WHERE rank {'<' if rank_descending else '>'} %s"
                f" OR (rank = %s AND product_id {'<' if pk_descending else '>'} %s)"
                f" ORDER BY {by} LIMIT %s"
            )
            params_after = [after[0], after[0], after[1]]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*rank_params, *params, *params_after, limit + uncertain])
            rows = cursor.fetchall()
        if after is None and not uncertain:
            self.total = rows[0][1] if rows else 0
        return Q(pk__in=[row[0] for row in rows])


def count_uncertain(channel_id: int) -> int | None:
    """How many products are dirty plus how many entries are scheduled in the
    channel (None: more than MAX_UNCERTAIN). Run on every search page, so
    written once as SQL: building it with the ORM cost more than running it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_UNCERTAIN_SQL}", _uncertain_params(channel_id))
        (found,) = cursor.fetchone()
    return _capped(found)


def _capped(uncertain: int) -> int | None:
    return None if uncertain > MAX_UNCERTAIN else uncertain


def _uncertain_params(channel_id: int) -> list:
    return [MAX_UNCERTAIN + 1, [channel_id], MAX_UNCERTAIN + 1]


# Counted up to MAX_UNCERTAIN + 1 each: past that, the number does not matter.
_UNCERTAIN_SQL = f"""
(SELECT count(*) FROM (SELECT 1 FROM {Product._meta.db_table} WHERE search_index_dirty LIMIT %s) AS dirty)
+ (SELECT count(*) FROM (SELECT 1 FROM {ProductSearchEntry._meta.db_table}
                         WHERE scheduled_channels <> '{{}}' AND scheduled_channels @> %s::integer[]
                         LIMIT %s) AS scheduled)
"""


def count_listed_matches(terms: list[Term], lists: ChannelLists) -> int:
    """How many products matching `terms` a customer sees in the channel's lists.

    An entry whose product is not dirty has `listed_channels` as current as the
    listings (see `ListedSearch`), so it is counted by them; dirty and scheduled
    entries are checked against the listings (`lists.listings`, the
    authority, with its own "now"). Worth it while they are few (the caller
    checks: `ChannelLists.uncertain`)."""
    dirty_products = Product.objects.filter(search_index_dirty=True).order_by()
    channel = [lists.channel_id]
    entries = ProductSearchEntry.objects.filter(matching(terms, entry="")).values("pk")
    dirty = Q(product_id__in=dirty_products.values("pk"))  # few rows: a hashed subplan
    shown = Exists(lists.listings.filter(product_id=OuterRef("product_id")))
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
    """Products having every term, as conditions the entries' GIN index answers
    (`entry`: the path to the entry's columns; "" on entries): `matching_sql`,
    on the query's own alias for the entry."""
    return Q(_Matching(_match_tree(terms), entry))


def matching_sql(terms: list[Term]) -> tuple[str, list]:
    """`matching` on the entries table, as SQL and its parameters."""
    params: list = []
    return _as_sql(_match_tree(terms), params), params


# A condition on the entry: (column, tsquery) it must match, or ("&" | "|", [conditions]).
# The column is "vector" or BEGINNINGS, the beginnings of `prefix_vector`'s words.
Condition = tuple
BEGINNINGS = "beginnings"


def _match_tree(terms: list[Term]) -> Condition:
    """Every term, as conditions the entries' GIN index answers.

    With at most one unfinished word (the usual case) the condition is written as
    "all words whole" or "the other words whole and this one begun", so each
    branch is one index scan with every word in it: PostgreSQL intersects the
    posting lists inside the index instead of combining a bitmap per word."""
    unfinished = [t for t in terms if t.prefix is not None]
    if len(unfinished) > 1:
        return ("&", [
            ("|", [("vector", _alternatives(t)), (BEGINNINGS, _beginning(t.prefix))])
            if t.prefix is not None else ("vector", _alternatives(t))
            for t in terms
        ])
    everything_whole = ("vector", " & ".join(_alternatives(t) for t in terms))
    if not unfinished:
        return everything_whole
    (begun,) = unfinished
    others = [t for t in terms if t is not begun]
    begun_condition = (BEGINNINGS, _beginning(begun.prefix))
    if others:
        begun_condition = ("&", [begun_condition, ("vector", " & ".join(_alternatives(t) for t in others))])
    return ("|", [everything_whole, begun_condition])


def _as_sql(condition: Condition, params: list, vector: str = "vector", prefix_vector: str = "prefix_vector") -> str:
    operator, operand = condition
    if operator in ("&", "|"):
        joiner = " AND " if operator == "&" else " OR "
        return "(" + joiner.join(_as_sql(c, params, vector, prefix_vector) for c in operand) + ")"
    params.append(operand)
    # As the index names it (`word_beginnings`), or the index cannot answer.
    column = f"search_word_beginnings({prefix_vector})" if operator == BEGINNINGS else vector
    return f"{column} @@ {_TSQUERY}"


class _EntryColumns(Expression):
    """SQL written here over a search entry's columns, placed in an ORM query:
    the columns are reached through `entry` (the path from the query's model;
    "" on entries) and named by the query's own alias for them. One flat node
    where Django's search expressions took a tree of them: building and
    compiling those trees cost a search more Python than its page's SQL."""

    def __init__(self, entry: str, output_field):
        super().__init__(output_field=output_field)
        self.entry = entry
        self.columns = [F(f"{entry}vector"), F(f"{entry}prefix_vector")]

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = list(exprs)

    def compiled_columns(self, compiler) -> tuple[str, str]:
        vector, prefix_vector = (compiler.compile(column)[0] for column in self.columns)
        return vector, prefix_vector


class _Matching(_EntryColumns):
    """`matching_sql` for the entry of each row."""

    def __init__(self, condition: Condition, entry: str):
        super().__init__(entry, BooleanField())
        self.condition = condition

    def as_sql(self, compiler, connection):
        params: list = []
        vector, prefix_vector = self.compiled_columns(compiler)
        return f"({_as_sql(self.condition, params, vector, prefix_vector)})", params


class _Ranked(_EntryColumns):
    """`Rank.sql` for the entry of each row."""

    def __init__(self, rank: Rank, entry: str):
        super().__init__(entry, FloatField())
        self.rank = rank

    def as_sql(self, compiler, connection):
        vector, _ = self.compiled_columns(compiler)
        sql, params = self.rank.sql(vector)
        return f"({sql})", params


def _beginning(prefix: str) -> str:
    """The lexeme an unfinished word is looked up as among the beginnings of
    words: itself, when beginnings that long are indexed as words; otherwise
    every (whole) word starting with it."""
    return _lexeme(prefix, prefix=len(prefix) > INDEXED_BEGINNING)


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

    def of(self, entry: str = ENTRY) -> Expression:
        """The rank of each row's entry (`entry`: the path to it; "" on
        entries) in an ORM query: `sql`, on the query's alias for the entry."""
        return _Ranked(self, entry)

    def sql(self, vector: str) -> tuple[str, list]:
        """The rank of `vector` (a column's SQL), with its parameters: what
        `of` writes too, so cursors read through `of` compare with it."""
        rank = f"ts_rank({vector}, {_TSQUERY})"
        if not self.boost or self.boost == self.ranked_by:
            return rank, [self.ranked_by]
        return (
            f"CASE WHEN {vector} @@ {_TSQUERY} THEN (ts_rank({vector}, {_TSQUERY}) + %s) ELSE {rank} END",
            [self.boost, self.boost, 1.0, self.ranked_by],
        )


def full_text_matches(queryset: QuerySet, terms: list[Term], rank: Rank) -> QuerySet:
    """Products matching `terms`, annotated with their `rank` as search_rank."""
    return queryset.filter(matching(terms)).annotate(search_rank=rank.of()).order_by("-search_rank", "pk")


# A tsquery built here (words quoted as lexemes), in the simple configuration.
_TSQUERY = "to_tsquery('simple'::regconfig, %s)"
