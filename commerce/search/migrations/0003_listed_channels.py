"""Search entries carry the channels whose lists show their product, so a
search's totalCount counts entries without joining products and listings.

Existing entries get them here (one statement); from now on the indexer writes
them with every entry (see commerce.search.indexing).
"""

import django.contrib.postgres.fields
from django.db import migrations, models

# As indexing.CHANNELS_SQL: published, visible in listings and priced; listed
# when already published, scheduled when published later.
BACKFILL = """
UPDATE search_productsearchentry AS e
SET listed_channels = ARRAY(
        SELECT l.channel_id FROM product_productchannellisting l
        WHERE l.product_id = e.product_id AND l.is_published AND l.visible_in_listings
          AND l.discounted_price_amount IS NOT NULL AND (l.published_at IS NULL OR l.published_at <= now())
        ORDER BY l.channel_id),
    scheduled_channels = ARRAY(
        SELECT l.channel_id FROM product_productchannellisting l
        WHERE l.product_id = e.product_id AND l.is_published AND l.visible_in_listings
          AND l.discounted_price_amount IS NOT NULL AND l.published_at > now()
        ORDER BY l.channel_id)
"""


class Migration(migrations.Migration):

    dependencies = [
        ('product', '0004_drop_old_search_columns'),
        ('search', '0002_productsearchentry'),
    ]

    operations = [
        migrations.AddField(
            model_name='productsearchentry',
            name='listed_channels',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.IntegerField(), blank=True, default=list, size=None),
        ),
        migrations.AddField(
            model_name='productsearchentry',
            name='scheduled_channels',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.IntegerField(), blank=True, default=list, size=None),
        ),
        migrations.AddIndex(
            model_name='productsearchentry',
            index=models.Index(condition=models.Q(('scheduled_channels', []), _negated=True), fields=['product'], name='search_entry_scheduled_idx'),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
