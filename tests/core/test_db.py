"""insert_rows: COPY for big batches must leave rows exactly as bulk_create would."""

import pytest

from commerce.core import db as core_db
from commerce.product.models import Product, ProductVariant
from tests.factories import make_product


@pytest.mark.parametrize("count", [3, core_db.COPY_THRESHOLD + 5])
def test_rows_are_written_with_ids_defaults_json_and_relations(db, count):
    product = make_product(variants=0)
    variants = [
        ProductVariant(product=product, sku=f"SKU-{n:04d}", name=f"Cỡ {n}", gtin=None,
                       metadata={"nguồn": "nhập", "n": n})
        for n in range(count)
    ]
    written = core_db.insert_rows(ProductVariant, variants)
    assert [v.pk for v in written] == sorted(v.pk for v in written) and all(v.pk for v in written)
    assert all(not v._state.adding for v in written)
    stored = {v.sku: v for v in ProductVariant.objects.filter(product=product)}
    assert len(stored) == count
    sample = stored["SKU-0002"]
    assert sample.pk == written[2].pk and sample.name == "Cỡ 2"
    assert sample.metadata == {"nguồn": "nhập", "n": 2}
    assert sample.created_at is not None and sample.updated_at is not None  # auto_now(_add) filled
    assert sample.track_inventory is True  # the field's default
    # The table's sequence moved past the ids taken, so ordinary saves do not collide.
    later = ProductVariant.objects.create(product=product, sku="LATER")
    assert later.pk > max(v.pk for v in written)


def test_a_constraint_violation_rolls_back_the_whole_batch(db):
    from django.db import IntegrityError, transaction

    product = make_product(variants=0)
    variants = [ProductVariant(product=product, sku=f"DUP-{n % 250}") for n in range(core_db.COPY_THRESHOLD + 100)]
    with pytest.raises(IntegrityError), transaction.atomic():
        core_db.insert_rows(ProductVariant, variants)
    assert not ProductVariant.objects.filter(product=product).exists()
    assert Product.objects.filter(pk=product.pk).exists()
