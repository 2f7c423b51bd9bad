"""Every change to producers goes through here: the API, the dashboard and the importer.

A producer's name is part of its products' searchable text, so saving producers
marks their products for a search refresh, as the product actions do.
"""

from django.db import transaction

from commerce.core.catalogue_version import catalogue_changed
from commerce.product.actions import products_changed
from commerce.product.models import Product

from .models import Producer


@transaction.atomic
def save_producers(producers, *, addresses=()) -> list[Producer]:
    """Create or update producers, already checked with full_clean.

    `addresses` are (producer, Address) pairs giving the address a producer should
    have: an unsaved Address is saved first (a producer's address is its own row,
    never shared), a saved one is updated in place.
    """
    producers = list(producers)
    for producer, address in addresses:
        address.full_clean()
        address.save()
        producer.address = address
    for producer in producers:
        producer.save()
    catalogue_changed()
    existing = [p.pk for p in producers]
    products_changed(Product.objects.filter(producer_id__in=existing).values_list("pk", flat=True))
    return producers
