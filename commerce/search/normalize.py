"""The one place where text becomes searchable words.

Product documents and shoppers' queries both pass through `normalize_search_text`,
so the index and the query can never disagree about what a word is. PostgreSQL's
`unaccent` would also fold đ→d, but doing it here keeps the rule in Python, testable,
and identical on every PostgreSQL build and for every future backend.
"""

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark, so
# stripping marks alone would leave them as they are. Vietnamese needs đ; the
# others turn up in foreign brand and place names.
_UNDECOMPOSABLE = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"})

# A word is a run of letters or digits; everything else (punctuation, hyphens in
# SKUs, tsquery operators like & | ! : * \ ') only separates words.
_WORD = re.compile(r"[^\W_]+")


def search_words(text: str | None) -> list[str]:
    """Lowercase, unaccented words of `text`: "Gốm Bát-Tràng" → ["gom", "bat", "trang"]."""
    if not text:
        return []
    folded = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in folded if not unicodedata.combining(ch)).translate(_UNDECOMPOSABLE)
    return _WORD.findall(bare)


def normalize_search_text(text: str | None) -> str:
    """`search_words` joined by single spaces: the form stored in the index and
    matched against, for documents and queries alike."""
    return " ".join(search_words(text))
