"""Producers, craft villages and OCOP certifications by id or by product."""

from commerce.producer.models import CraftVillage, Producer
from commerce.product.models import OcopCertification

from ..product.dataloaders.base import ModelByIdLoader, RowsByFieldLoader


class ProducerByIdLoader(ModelByIdLoader):
    context_key = "producer_by_id"
    model = Producer


class CraftVillageByIdLoader(ModelByIdLoader):
    context_key = "craft_village_by_id"
    model = CraftVillage


class CertificationsByProductIdLoader(RowsByFieldLoader):
    """A product's certifications, newest decision first."""

    context_key = "certifications_by_product_id"
    field = "product_id"

    def get_queryset(self):
        return OcopCertification.objects.order_by("-decision_date", "-pk")
