"""Unfinished query words are looked up as words of their own.

A half-typed word ("la") used to be completed by the GIN index's partial match
on `prefix_vector` ('la':*), which unites the posting lists of every word
beginning with it (làng, lá, lãi, …: 78,000 of 100,000 products) before
anything is intersected, and cost 7 ms per search on its own. The index now
holds every beginning of those words, up to six letters, as a word
(`search_word_beginnings`), so "la" is one posting list that the other words
of the query skip through. The table keeps `prefix_vector` as it was: only
the index is larger (69 → 95 MB for 100,000 products).

`commerce.search.models.INDEXED_BEGINNING` must say the same
length as this function.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import migrations
from django.db.models import F, Func

# Every word whole, and its beginnings of two to six letters. A loop in PL/pgSQL
# (40 µs for a product's words; the same in one SQL statement took 125 µs), and
# said to cost that much (COST, in cpu_operator_cost units): priced as cheap, it
# had the planner check "is there a match?" by calling it on rows in turn
# (120 ms) instead of asking the index that holds its results (1 ms).
CREATE_FUNCTION = """
CREATE FUNCTION search_word_beginnings(words tsvector) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
DECLARE
    word text;
    found text[] := '{}';
BEGIN
    FOREACH word IN ARRAY tsvector_to_array(words) LOOP
        found := found || word;
        FOR n IN 2 .. least(length(word), 6) LOOP
            found := found || left(word, n);
        END LOOP;
    END LOOP;
    RETURN array_to_tsvector(found);  -- sorted, each lexeme once
END
$$
"""


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0003_listed_channels'),
    ]

    operations = [
        migrations.RunSQL(CREATE_FUNCTION, reverse_sql="DROP FUNCTION search_word_beginnings(tsvector)"),
        migrations.RemoveIndex(model_name='productsearchentry', name='search_entry_vector_idx'),
        migrations.AddIndex(
            model_name='productsearchentry',
            index=GinIndex(
                F('vector'),
                Func(F('prefix_vector'), function='search_word_beginnings', output_field=SearchVectorField()),
                fastupdate=False,
                name='search_entry_words_idx',
            ),
        ),
    ]
