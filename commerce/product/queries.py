"""Reads of the catalogue used by more than one caller (API, storefront, importer).

Which of a product's OCOP certificates the shop shows, and filtering by stars.

A product may hold several certificates over the years (re-assessed every 36
months, sometimes at a higher rating). The one that counts is the highest
rating among recognised certificates (3-5 stars) that have not expired; if
none is current, the latest certificate is shown, so the shopper sees that it
expired (or was not recognised) rather than nothing.
"""

from django.db.models import IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from commerce.product.models import RECOGNISED_STARS, OcopCertification


def current_certification(certifications, today=None):
    if not certifications:
        return None
    today = today or timezone.localdate()
    valid = [c for c in certifications if c.stars in RECOGNISED_STARS and c.expires_at >= today]
    if valid:
        return max(valid, key=lambda c: (c.stars, c.decision_date, c.pk))
    return max(certifications, key=lambda c: (c.decision_date, c.pk))


def annotate_current_stars(queryset, name="ocop_stars", today=None):
    """Annotate products with the stars of their current recognised certificate
    (0 when none is current), for filtering."""
    today = today or timezone.localdate()
    best = (
        OcopCertification.objects.filter(
            product_id=OuterRef("pk"), stars__in=RECOGNISED_STARS, expires_at__gte=today
        )
        .values("product_id")
        .annotate(best=Max("stars"))
        .values("best")
    )
    return queryset.annotate(**{name: Coalesce(Subquery(best, output_field=IntegerField()), 0)})
