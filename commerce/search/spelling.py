"""Correcting one slip of the keyboard per word: a wrong, missing, extra or
swapped letter ("trnag" → "trang", "hoo" → "ho", "phuk" → "phuc").

Candidates come from the catalogue's own words (`SearchWord`): every spelling one
slip away from the query word is looked up by primary key (a few hundred look-ups,
as in Peter Norvig's spelling corrector), and long words, which may carry two slips,
are also matched by trigram similarity, which is reliable for them. The edit
distance then keeps only real near-misses, so a word that shares a few letters
with the catalogue is not "corrected" into something unrelated.
"""

import string

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Q
from django.db.models.functions import Greatest

from .models import SearchWord

# Shorter words have too many one-letter neighbours to guess from.
MIN_CORRECTABLE_LENGTH = 3
# From this length a word may carry two slips and still be unmistakable.
LONG_WORD_LENGTH = 8
MAX_ALTERNATIVES = 3
_CANDIDATES_PER_QUERY = 1000
_DIGITS = set("0123456789")


def is_vocabulary_word(word: str) -> bool:
    """Words kept in the vocabulary: letters only (codes and numbers are matched
    exactly, never corrected), short enough to be a word."""
    return 2 <= len(word) <= 64 and not _DIGITS.intersection(word)


def corrections(words: list[str]) -> dict[str, list[str]]:
    """For each query word the catalogue does not know, the known words one slip
    away (two for long words), fewest slips first, then most alike. Known words and
    words too short to correct are left out. One query for all words."""
    unknown = [w for w in dict.fromkeys(words) if len(w) >= MIN_CORRECTABLE_LENGTH and is_vocabulary_word(w)]
    if not unknown:
        return {}
    candidates = list(_candidates(unknown).values_list("word", flat=True)[:_CANDIDATES_PER_QUERY])
    known = set(candidates).intersection(unknown)
    found = {}
    for word in unknown:
        if word in known:
            continue
        allowed = _allowed_slips(word)
        near = sorted((d, i, c) for i, c in enumerate(candidates) if (d := edit_distance(word, c, allowed)) <= allowed)
        if near:
            fewest = near[0][0]
            found[word] = [c for d, _, c in near if d == fewest][:MAX_ALTERNATIVES]
    return found


def _candidates(words: list[str]):
    """The words themselves (to learn which are known) and their one-slip spellings,
    looked up by primary key; for long words also anything trigram-similar, through
    the trigram index. Two branches of a UNION, so each uses its own index. Most
    alike first."""
    closeness = _closeness(words)
    spellings = set(words).union(*(one_slip_spellings(w) for w in words))
    found = SearchWord.objects.filter(word__in=sorted(spellings)).annotate(closeness=closeness)
    long_words = [w for w in words if _allowed_slips(w) > 1]
    if long_words:
        similar = Q()
        for word in long_words:
            similar |= Q(word__trigram_similar=word)
        found = found.union(SearchWord.objects.filter(similar).annotate(closeness=closeness))
    return found.order_by("-closeness", "word")


def one_slip_spellings(word: str) -> set[str]:
    """Every string one deletion, swap of neighbours, replacement or insertion of
    a letter away from `word` (latin letters: the words are already unaccented)."""
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletions = {head + tail[1:] for head, tail in splits if tail}
    swaps = {head + tail[1] + tail[0] + tail[2:] for head, tail in splits if len(tail) > 1}
    replacements = {head + c + tail[1:] for head, tail in splits if tail for c in letters}
    insertions = {head + c + tail for head, tail in splits for c in letters}
    return (deletions | swaps | replacements | insertions) - {word}


def _closeness(words: list[str]):
    similarities = [TrigramSimilarity("word", word) for word in words]
    return Greatest(*similarities) if len(similarities) > 1 else similarities[0]


def _allowed_slips(word: str) -> int:
    return 2 if len(word) >= LONG_WORD_LENGTH else 1


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions and
    swaps of neighbours each cost 1. Returns `limit + 1` as soon as it is exceeded."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)
