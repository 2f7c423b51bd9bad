import django.contrib.postgres.indexes
from django.db import migrations, models

# Products indexed before this table existed still contribute their words.
FILL_FROM_PRODUCTS = """
INSERT INTO search_searchword (word)
SELECT word FROM ts_stat('SELECT search_vector FROM product_product WHERE search_vector IS NOT NULL')
WHERE word !~ '[0-9]' AND length(word) BETWEEN 2 AND 64
ON CONFLICT DO NOTHING
"""


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0001_extensions"),  # pg_trgm, for the trigram index
        ("product", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.CharField(max_length=64, primary_key=True, serialize=False)),
            ],
            options={
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["word"], name="search_word_trgm_idx", opclasses=["gin_trgm_ops"]
                    )
                ],
            },
        ),
        migrations.RunSQL(FILL_FROM_PRODUCTS, reverse_sql=migrations.RunSQL.noop),
    ]
