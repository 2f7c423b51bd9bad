"""Product search with PostgreSQL full-text search, tolerant of missing diacritics,
half-typed words and one typo per word.

The query goes through the same `search_words` as the documents did, so "gom bat
trang", "Gốm Bát Tràng" and "GỐM BÁT-TRÀNG" are one query. The tsquery is put
together here from those words alone (letters and digits, each quoted as a lexeme):
nothing the shopper types reaches `to_tsquery` as syntax.

Three readings of the words are tried in turn, the first that finds anything wins:

1. as typed: every word whole except the last, which may still be being typed
   (`'gom' & 'bat' & 'tra':*`). Whole words keep "non la" from matching every
   "nông … làng" and keep the match set, which is ranked row by row, small. A
   single last letter is not a prefix (it would match most of the catalogue);
2. every word of two or more letters a prefix (`'gom':* & 'ba':* & 'tr':*`), for
   shoppers who abbreviate;
3. with typos corrected: words the catalogue does not know are widened to known
   words one slip away (`'gom':* & 'bat':* & ('trnag':* | 'trang')`), see `spelling`.

All three are `search_vector @@ tsquery`, answered by the GIN index on
`search_vector`, and ranked with `ts_rank` using the weights the indexer wrote (name
above references above attributes above description). Products that have the words
whole rank above those that only have words starting with them, so "dong ho" puts
Đông Hồ before "hoa đồng tiền" even though "ho" also begins "hoa".

Typos are not matched by trigram similarity against `search_document` (`%>`): on
100,000 products that took 0.6–7 s per query, because short query words share
their trigrams (" ho", "ong") with nearly every document, so the trigram index
narrows nothing; correcting words against the vocabulary keeps typo queries as
fast as any other.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, QuerySet

from commerce.search.normalize import search_words
from commerce.search.spelling import corrections

# Query words kept: enough for any product name, few enough to bound the query.
MAX_QUERY_WORDS = 16
# Shorter prefixes match too much of the catalogue to narrow anything down.
MIN_PREFIX = 2


def search_products(queryset: QuerySet, query: str) -> QuerySet:
    """`queryset` narrowed to products matching `query`, annotated with
    `search_rank` and ordered best first (then by pk, so pages are stable).
    An empty query (or one with no letters or digits) leaves `queryset` as it is."""
    words = search_words(query)[:MAX_QUERY_WORDS]
    if not words:
        return queryset
    whole = whole_words_tsquery(words)
    for tsquery in dict.fromkeys([as_typed_tsquery(words), prefix_tsquery(words)]):
        matches = full_text_matches(queryset, tsquery, boost=whole)
        if matches.exists():
            return matches
    alternatives = corrections(words)
    if not alternatives:
        return matches  # nothing to correct: the last reading stands, empty
    return full_text_matches(queryset, corrected_tsquery(words, alternatives))


def _lexeme(word: str, prefix: bool = False) -> str:
    # Words hold only letters and digits, so quoting them is all the escaping needed.
    return f"'{word}'{':*' if prefix else ''}"


def whole_words_tsquery(words: list[str]) -> str:
    """`'gom' & 'bat'`"""
    return " & ".join(_lexeme(w) for w in words)


def as_typed_tsquery(words: list[str]) -> str:
    """`'gom' & 'bat':*`: whole words, the last one possibly unfinished."""
    last = len(words) - 1
    return " & ".join(_lexeme(w, prefix=i == last and len(w) >= MIN_PREFIX) for i, w in enumerate(words))


def prefix_tsquery(words: list[str]) -> str:
    """`'gom':* & 'ba':*`. A single letter would match almost everything as a prefix:
    one in the middle stays whole, one at the end (the next word just begun) is left
    out until it has a second letter."""
    if len(words) > 1 and len(words[-1]) < MIN_PREFIX:
        words = words[:-1]
    return " & ".join(_lexeme(w, prefix=len(w) >= MIN_PREFIX) for w in words)


def corrected_tsquery(words: list[str], alternatives: dict[str, list[str]]) -> str:
    """`'gom':* & ('trnag':* | 'trang')`: each misspelt word or its corrections."""
    terms = []
    for word in words:
        options = [_lexeme(word, prefix=len(word) >= MIN_PREFIX)] + [_lexeme(c) for c in alternatives.get(word, [])]
        terms.append(options[0] if len(options) == 1 else f"({' | '.join(options)})")
    return " & ".join(terms)


def full_text_matches(queryset: QuerySet, tsquery: str, boost: str | None = None) -> QuerySet:
    """Products matching `tsquery`, ranked by it, plus by `boost` (a stricter
    reading of the same words) when given and different."""
    query = _raw(tsquery)
    rank = SearchRank(F("search_vector"), query)
    if boost and boost != tsquery:
        rank = rank + SearchRank(F("search_vector"), _raw(boost))
    return queryset.filter(search_vector=query).annotate(search_rank=rank).order_by("-search_rank", "pk")


def _raw(tsquery: str) -> SearchQuery:
    return SearchQuery(tsquery, search_type="raw", config="simple")
