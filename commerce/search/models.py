"""The catalogue's vocabulary, for correcting misspelt queries.

Trigram similarity between a short query and a whole product document is both slow
(most documents share trigrams like " ho" or "ong") and vague (a long text always
has some look-alike). Comparing each query word with the distinct words of the
catalogue, a few thousand short strings, is fast through a trigram index and
exact enough to tell "trnag" is "trang". This is the words table the PostgreSQL
pg_trgm documentation recommends for spelling suggestions.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import models


class SearchWord(models.Model):
    """A normalised word (letters only) that occurs in some product's search entry."""

    word = models.CharField(max_length=64, primary_key=True)

    class Meta:
        indexes = [GinIndex(fields=["word"], name="search_word_trgm_idx", opclasses=["gin_trgm_ops"])]

    def __str__(self):
        return self.word
