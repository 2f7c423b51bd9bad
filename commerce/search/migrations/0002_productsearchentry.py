"""Search entries move out of the product row into `search_productsearchentry`.

Existing products keep being found: their entries are copied from
`product_product.search_vector` (the prefix column is derived from its A–C
weights). The index is built after the copy, which is much faster than inserting
100,000 rows into it one by one. `Product.search_vector` and `search_document`
are no longer written and can be dropped by a product migration that depends on
this one.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

# Entries up to a page in size stay in the row uncompressed: a search reads them
# as they are, without decompressing or fetching them from the TOAST table.
KEEP_ROWS_INLINE = "ALTER TABLE search_productsearchentry SET (toast_tuple_target = 8160)"
DEFAULT_TOASTING = "ALTER TABLE search_productsearchentry RESET (toast_tuple_target)"

COPY_FROM_PRODUCTS = """
INSERT INTO search_productsearchentry (product_id, vector, prefix_vector)
SELECT id, search_vector, strip(ts_filter(search_vector, '{a,b,c}'))
FROM product_product
WHERE search_vector IS NOT NULL
"""


class Migration(migrations.Migration):
    dependencies = [
        ("product", "0001_initial"),
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProductSearchEntry",
            fields=[
                (
                    "product",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="product.product",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
                ("prefix_vector", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        migrations.RunSQL(KEEP_ROWS_INLINE, reverse_sql=DEFAULT_TOASTING),
        migrations.RunSQL(COPY_FROM_PRODUCTS, reverse_sql=migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="productsearchentry",
            index=django.contrib.postgres.indexes.GinIndex(
                fastupdate=False, fields=["vector", "prefix_vector"], name="search_entry_vector_idx"
            ),
        ),
    ]
