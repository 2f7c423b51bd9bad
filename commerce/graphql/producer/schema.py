"""`producers`, `producer`, `craftVillages`, `craftVillage` (OCOP additions).

Customers see active producers only; staff see all.
"""

import graphene

from commerce.graphql.core.connection import ConnectionField, create_connection_slice
from commerce.graphql.core.ids import from_global_id_or_error
from commerce.producer import models

from ..account.permissions import STAFF_OR_APP, has_one_of_permissions
from ..product.schema.arguments import one_of
from .filters import (
    CraftVillageFilterInput,
    ProducerFilterInput,
    ProducerSortingInput,
    apply_craft_village_filter,
    apply_producer_filter,
    sort_producers,
)
from .types import CraftVillage, CraftVillageCountableConnection, Producer, ProducerCountableConnection


def visible_producers(context):
    producers = models.Producer.objects.all()
    if has_one_of_permissions(context, STAFF_OR_APP):
        return producers
    return producers.filter(is_active=True)


class ProducerQueries(graphene.ObjectType):
    producers = ConnectionField(
        ProducerCountableConnection,
        filter=ProducerFilterInput(description="Filtering options for producers."),
        sort_by=ProducerSortingInput(description="Sort producers."),
        description="List of the shop's producers (OCOP subjects).",
    )
    producer = graphene.Field(
        Producer,
        id=graphene.Argument(graphene.ID, description="ID of the producer."),
        slug=graphene.Argument(graphene.String, description="Slug of the producer."),
        description="Look up a producer by ID or slug.",
    )
    craft_villages = ConnectionField(
        CraftVillageCountableConnection,
        filter=CraftVillageFilterInput(description="Filtering options for craft villages."),
        description="List of craft villages.",
    )
    craft_village = graphene.Field(
        CraftVillage,
        id=graphene.Argument(graphene.ID, description="ID of the craft village."),
        slug=graphene.Argument(graphene.String, description="Slug of the craft village."),
        description="Look up a craft village by ID or slug.",
    )

    @staticmethod
    def resolve_producers(_root, info, **kwargs):
        queryset = apply_producer_filter(visible_producers(info.context), kwargs.get("filter"))
        sort_fields = sort_producers(kwargs.get("sort_by"))
        return create_connection_slice(queryset, info, kwargs, ProducerCountableConnection, sort_fields)

    @staticmethod
    def resolve_producer(_root, info, *, id=None, slug=None):
        one_of(id=id, slug=slug)
        producers = visible_producers(info.context)
        if id:
            _type, pk = from_global_id_or_error(id, "Producer")
            return producers.filter(pk=pk).first()
        return producers.filter(slug=slug).first()

    @staticmethod
    def resolve_craft_villages(_root, info, **kwargs):
        queryset = apply_craft_village_filter(models.CraftVillage.objects.all(), kwargs.get("filter"))
        return create_connection_slice(queryset, info, kwargs, CraftVillageCountableConnection, ["name", "slug"])

    @staticmethod
    def resolve_craft_village(_root, info, *, id=None, slug=None):
        one_of(id=id, slug=slug)
        if id:
            _type, pk = from_global_id_or_error(id, "CraftVillage")
            return models.CraftVillage.objects.filter(pk=pk).first()
        return models.CraftVillage.objects.filter(slug=slug).first()
