"""Saleor's generic filter inputs (ranges and `where` operators) used by the
catalogue's filters."""

import graphene

from commerce.graphql.core.ids import from_global_id_or_error
from commerce.graphql.core.scalars import Date, DateTime, Decimal
from commerce.graphql.core.types import NonNullList


class IntRangeInput(graphene.InputObjectType):
    gte = graphene.Int(description="Value greater than or equal to.")
    lte = graphene.Int(description="Value less than or equal to.")


class PriceRangeInput(graphene.InputObjectType):
    gte = graphene.Float(description="Price greater than or equal to.")
    lte = graphene.Float(description="Price less than or equal to.")


class DateTimeRangeInput(graphene.InputObjectType):
    gte = DateTime(description="Start date.")
    lte = DateTime(description="End date.")


class DateRangeInput(graphene.InputObjectType):
    gte = Date(description="Start date.")
    lte = Date(description="End date.")


class DecimalRangeInput(graphene.InputObjectType):
    gte = Decimal(description="Decimal value greater than or equal to.")
    lte = Decimal(description="Decimal value less than or equal to.")


class StringFilterInput(graphene.InputObjectType):
    eq = graphene.String(description="The value equal to.")
    one_of = NonNullList(graphene.String, description="The value included in.")

    class Meta:
        description = "Define the filtering options for string fields."


class GlobalIDFilterInput(graphene.InputObjectType):
    eq = graphene.ID(description="The value equal to.")
    one_of = NonNullList(graphene.ID, description="The value included in.")

    class Meta:
        description = "Define the filtering options for foreign key fields."


class DecimalFilterInput(graphene.InputObjectType):
    eq = Decimal(description="The value equal to.")
    one_of = NonNullList(Decimal, description="The value included in.")
    range = graphene.InputField(DecimalRangeInput, description="The value in range.")

    class Meta:
        description = "Define the filtering options for decimal fields."


class IntFilterInput(graphene.InputObjectType):
    eq = graphene.Int(description="The value equal to.")
    one_of = NonNullList(graphene.Int, description="The value included in.")
    range = graphene.InputField(IntRangeInput, description="The value in range.")

    class Meta:
        description = "Define the filtering options for integer fields."


class DateTimeFilterInput(graphene.InputObjectType):
    eq = DateTime(description="The value equal to.")
    one_of = NonNullList(DateTime, description="The value included in.")
    range = graphene.InputField(DateTimeRangeInput, description="The value in range.")

    class Meta:
        description = "Define the filtering options for date time fields."


class MetadataFilter(graphene.InputObjectType):
    key = graphene.String(required=True, description="Key of a metadata item.")
    value = graphene.String(description="Value of a metadata item.")


# --- applying them ---------------------------------------------------------------


def pks_from_global_ids(global_ids, type_name: str) -> list[str]:
    """Primary keys of global IDs that must all be of `type_name` (else a GraphQLError)."""
    return [from_global_id_or_error(global_id, type_name)[1] for global_id in global_ids or ()]


def range_lookups(field: str, value) -> dict:
    lookups = {}
    if value.get("gte") is not None:
        lookups[f"{field}__gte"] = value["gte"]
    if value.get("lte") is not None:
        lookups[f"{field}__lte"] = value["lte"]
    return lookups


def filter_range(queryset, field: str, value):
    return queryset.filter(**range_lookups(field, value)) if value else queryset


def where_operator_lookups(field: str, value) -> dict | None:
    """Lookups of a `where` operator input ({eq}, {oneOf} or {range}); None when
    the input holds no condition, which matches nothing (Saleor's `where` rule)."""
    if not value:
        return None
    if value.get("eq") is not None:
        return {field: value["eq"]}
    if value.get("one_of") is not None:
        return {f"{field}__in": value["one_of"]}
    if value.get("range"):
        lookups = range_lookups(field, value["range"])
        return lookups or None
    return None


def filter_metadata(queryset, items, field: str = "metadata"):
    for item in items or ():
        if item.get("value") is None:
            queryset = queryset.filter(**{f"{field}__has_key": item["key"]})
        else:
            queryset = queryset.filter(**{f"{field}__contains": {item["key"]: item["value"]}})
    return queryset
