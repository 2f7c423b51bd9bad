"""Changes to stock that do not come from orders: counts set by staff, producers
and importers. Orders allocate and release stock in the checkout and order actions."""

from django.db import transaction

from commerce.core.catalogue_version import catalogue_changed
from commerce.core.db import insert_rows

from .models import Stock


@transaction.atomic
def set_stock_quantities(stocks, *, validated=False) -> list[Stock]:
    """Set the quantity in stock of (variant, warehouse) pairs: new Stock rows are
    created, existing ones get their quantity; allocations are left as they are,
    so a count lower than what orders hold makes the variant unavailable, not
    negative. Availability is part of the catalogue, so its version moves on."""
    from commerce.product.actions import products_changed

    stocks = list(stocks)
    for stock in stocks:
        stock.product_variant = stock.product_variant  # refresh the id of a variant saved meanwhile
        if not validated:
            stock.full_clean(exclude=["warehouse", "product_variant"], validate_unique=False,
                             validate_constraints=False)
    new = [s for s in stocks if s.pk is None]
    old = [s for s in stocks if s.pk is not None]  # before bulk_create gives the new ones a pk
    insert_rows(Stock, new)
    Stock.objects.bulk_update(old, ["quantity"], batch_size=1000)
    if stocks:
        catalogue_changed()
        products_changed({s.product_variant.product_id for s in stocks})
    return stocks
