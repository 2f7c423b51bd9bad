"""Filters and sort orders of `producers` and `craftVillages` (OCOP additions),
in the shape of Saleor's filter inputs."""

import graphene
from django.db.models import Q

from commerce.graphql.core.types import NonNullList

from ..product.enums import OrderDirection, enum_value
from ..product.filter_inputs import MetadataFilter, filter_metadata, pks_from_global_ids
from .enums import ProducerLegalTypeEnum, ProducerSortField


class ProducerFilterInput(graphene.InputObjectType):
    legal_type = graphene.InputField(ProducerLegalTypeEnum, description="Producers of this legal form.")
    search = graphene.String(description="Search by name, slug or representative.")
    craft_villages = NonNullList(graphene.ID, description="Producers working in these craft villages.")
    ids = NonNullList(graphene.ID)
    slugs = NonNullList(graphene.String)
    metadata = NonNullList(MetadataFilter)


class ProducerSortingInput(graphene.InputObjectType):
    direction = graphene.InputField(
        OrderDirection, required=True, description="Specifies the direction in which to sort producers."
    )
    field = graphene.InputField(ProducerSortField, required=True, description="Sort producers by the selected field.")


class CraftVillageFilterInput(graphene.InputObjectType):
    search = graphene.String(description="Search by name, craft or place.")
    province_code = graphene.Int(description="Villages in this province.")
    slugs = NonNullList(graphene.String)


def apply_producer_filter(queryset, value):
    if not value:
        return queryset
    if value.get("legal_type"):
        queryset = queryset.filter(legal_type=enum_value(value["legal_type"]))
    if value.get("search"):
        text = value["search"]
        queryset = queryset.filter(
            Q(name__icontains=text) | Q(slug__icontains=text) | Q(representative__icontains=text)
        )
    if value.get("craft_villages"):
        queryset = queryset.filter(craft_village_id__in=pks_from_global_ids(value["craft_villages"], "CraftVillage"))
    if value.get("ids"):
        queryset = queryset.filter(pk__in=pks_from_global_ids(value["ids"], "Producer"))
    if value.get("slugs"):
        queryset = queryset.filter(slug__in=value["slugs"])
    if value.get("metadata"):
        queryset = filter_metadata(queryset, value["metadata"])
    return queryset


def apply_craft_village_filter(queryset, value):
    if not value:
        return queryset
    if value.get("search"):
        text = value["search"]
        queryset = queryset.filter(Q(name__icontains=text) | Q(craft__icontains=text) | Q(place__icontains=text))
    if value.get("province_code") is not None:
        queryset = queryset.filter(province_code=value["province_code"])
    if value.get("slugs"):
        queryset = queryset.filter(slug__in=value["slugs"])
    return queryset


def sort_producers(sort_by):
    if not sort_by:
        return ["name", "slug"]
    prefix = enum_value(sort_by.get("direction")) or ""
    if enum_value(sort_by.get("field")) == ProducerSortField.CREATED_AT.value:
        return [f"{prefix}created_at", f"{prefix}slug"]
    return [f"{prefix}name", f"{prefix}slug"]
