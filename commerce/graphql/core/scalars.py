"""Scalars with Saleor's names and behaviour.

Saleor's `Decimal` is a JSON number on the way out (graphene's own `Decimal`
is a string, and has the same name, so never put graphene.Decimal in the
schema: use this module's). `Date`, `DateTime`, `UUID`, `JSONString` and
`GenericScalar` are graphene's, re-exported so domain code imports every
scalar from here.
"""

from __future__ import annotations

import decimal
from typing import Any

import graphene
from graphene.types.generic import GenericScalar
from graphql import GraphQLError
from graphql.language import (
    FloatValueNode,
    IntValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    print_ast,
)
from graphql.utilities import value_from_ast_untyped

Date = graphene.Date
DateTime = graphene.DateTime
UUID = graphene.UUID
JSONString = graphene.JSONString

__all__ = [
    "JSON",
    "UUID",
    "Date",
    "DateTime",
    "Day",
    "Decimal",
    "GenericScalar",
    "Hour",
    "JSONString",
    "Metadata",
    "Minute",
    "PositiveDecimal",
    "PositiveInt",
    "WeightScalar",
]


def _to_decimal(value: Any, type_name: str) -> decimal.Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, decimal.Decimal)):
        raise GraphQLError(f"{type_name} cannot represent value: {value!r}")
    try:
        result = decimal.Decimal(str(value))
    except decimal.InvalidOperation:
        raise GraphQLError(f"{type_name} cannot represent value: {value!r}") from None
    if not result.is_finite():
        raise GraphQLError(f"{type_name} cannot represent value: {value!r}")
    return result


class Decimal(graphene.Scalar):
    """Custom Decimal implementation.

    Returns Decimal as a float in the API,
    parses float to the Decimal on the way back.
    """

    @staticmethod
    def serialize(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float, str, decimal.Decimal)):
            raise GraphQLError(f"Decimal cannot represent value: {value!r}")
        return float(value)

    @classmethod
    def parse_value(cls, value: Any) -> decimal.Decimal:
        return _to_decimal(value, cls.__name__)

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables: Any = None) -> decimal.Decimal:
        if isinstance(node, (FloatValueNode, IntValueNode, StringValueNode)):
            return cls.parse_value(node.value)
        raise GraphQLError(f"{cls.__name__} cannot represent value: {print_ast(node)}")


class PositiveDecimal(Decimal):
    """Nonnegative Decimal scalar implementation.

    Should be used in places where value must be nonnegative (0 or greater).
    """

    @classmethod
    def parse_value(cls, value: Any) -> decimal.Decimal:
        result = _to_decimal(value, cls.__name__)
        if result < 0:
            raise GraphQLError(f"{cls.__name__} cannot be lower than 0: {value!r}")
        return result


class PositiveInt(graphene.Scalar):
    """Positive Integer scalar implementation.

    Should be used in places where value must be positive (greater than 0).
    """

    @staticmethod
    def serialize(value: Any) -> int:
        return graphene.Int.serialize(value)

    @classmethod
    def parse_value(cls, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise GraphQLError(f"PositiveInt cannot represent non-integer value: {value!r}")
        if value < 1:
            raise GraphQLError(f"PositiveInt must be greater than 0: {value!r}")
        return value

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables: Any = None) -> int:
        if not isinstance(node, IntValueNode):
            raise GraphQLError(f"PositiveInt cannot represent value: {print_ast(node)}")
        return cls.parse_value(int(node.value))


class _Count(graphene.Scalar):
    """An integer count of some unit (Saleor's Minute/Hour/Day)."""

    class Meta:
        abstract = True

    serialize = staticmethod(graphene.Int.serialize)
    parse_value = staticmethod(graphene.Int.parse_value)
    parse_literal = staticmethod(graphene.Int.parse_literal)


class Minute(_Count):
    """The `Minute` scalar type represents number of minutes by integer value."""


class Hour(_Count):
    """The `Hour` scalar type represents number of hours by integer value."""


class Day(_Count):
    """The `Day` scalar type represents number of days by integer value."""


class JSON(graphene.Scalar):
    """Any JSON value, passed through as it is (Saleor's `JSON`)."""

    @staticmethod
    def serialize(value: Any) -> Any:
        return value

    @staticmethod
    def parse_value(value: Any) -> Any:
        return value

    @staticmethod
    def parse_literal(node: ValueNode, variables: Any = None) -> Any:
        return value_from_ast_untyped(node, variables)


class Metadata(graphene.Scalar):
    """Metadata is a map of key-value pairs, both keys and values are `String`.

    Example:
    ```
    {
        "key1": "value1",
        "key2": "value2"
    }
    ```
    """

    @staticmethod
    def serialize(value: Any) -> dict[str, str]:
        if not isinstance(value, dict):
            raise GraphQLError(f"Metadata cannot represent value: {value!r}")
        return {str(k): str(v) for k, v in value.items()}

    @staticmethod
    def parse_value(value: Any) -> dict[str, str]:
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise GraphQLError("Metadata must be an object whose keys and values are strings.")
        return value

    @classmethod
    def parse_literal(cls, node: ValueNode, variables: Any = None) -> dict[str, str]:
        if not isinstance(node, ObjectValueNode):
            raise GraphQLError(f"Metadata cannot represent value: {print_ast(node)}")
        return cls.parse_value(value_from_ast_untyped(node, variables))


# Kilograms per unit, for weights given with a unit.
WEIGHT_UNITS = {
    "g": decimal.Decimal("0.001"),
    "kg": decimal.Decimal("1"),
    "lb": decimal.Decimal("0.45359237"),
    "oz": decimal.Decimal("0.028349523125"),
    "tonne": decimal.Decimal("1000"),
}


class WeightScalar(graphene.Scalar):
    """A weight: a number out (kilograms); a number (kilograms) or
    `{value, unit}` with unit g, kg, lb, oz or tonne in."""

    @staticmethod
    def serialize(value: Any) -> float:
        value = getattr(value, "kg", value)  # a measurement-style Weight object
        return Decimal.serialize(value)

    @staticmethod
    def parse_value(value: Any) -> decimal.Decimal:
        if isinstance(value, dict):
            unit = str(value.get("unit", "kg")).lower()
            if unit not in WEIGHT_UNITS:
                raise GraphQLError(f"Unknown weight unit {unit!r}; use one of {', '.join(WEIGHT_UNITS)}.")
            amount = _to_decimal(value.get("value"), "WeightScalar")
            result = amount * WEIGHT_UNITS[unit]
        else:
            result = _to_decimal(value, "WeightScalar")
        if result < 0:
            raise GraphQLError("Weight cannot be negative.")
        return result

    @classmethod
    def parse_literal(cls, node: ValueNode, variables: Any = None) -> decimal.Decimal:
        if isinstance(node, (FloatValueNode, IntValueNode, StringValueNode)):
            return cls.parse_value(node.value)
        if isinstance(node, ObjectValueNode):
            return cls.parse_value(value_from_ast_untyped(node, variables))
        raise GraphQLError(f"WeightScalar cannot represent value: {print_ast(node)}")
