"""Query cost: an upper bound on the rows a query may make us produce.

Like Saleor's cost analysis: every field costs its complexity (1 unless
declared otherwise) times the product of the page sizes above it, so
`products(first: 100) { edges { node { name } } }` costs 100 for `products`,
100 for `edges`, 100 for `node` and 100 for `name`: 400. Connection fields
(a `...Connection` type with `first`/`last` arguments) multiply by their page
size without any declaration; other fields that return many rows declare
their multipliers in `COST_MAP`:

    register_cost("Query", "productVariants", complexity=1, multipliers=["first", "last", "ids"])

A multiplier argument holding a list counts its length. Variables are
resolved first, which is why this runs per request and not with the cached
validation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
)
from graphql.execution.values import get_argument_values
from graphql.type import SchemaMetaFieldDef, TypeMetaFieldDef

from .errors import QueryCostError

# {"TypeName": {"fieldName": {"complexity": int, "multipliers": [arg, ...]}}}
COST_MAP: dict[str, dict[str, dict[str, Any]]] = {}

CONNECTION_MULTIPLIERS = ("first", "last")


def register_cost(
    type_name: str,
    field_name: str,
    *,
    complexity: int = 1,
    multipliers: Sequence[str] | None = None,
) -> None:
    """Declare a field's cost; `multipliers=None` keeps the default (page size
    for connections, none otherwise), `[]` turns it off."""
    entry: dict[str, Any] = {"complexity": complexity}
    if multipliers is not None:
        entry["multipliers"] = list(multipliers)
    COST_MAP.setdefault(type_name, {})[field_name] = entry


def query_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any] | None,
    cost_map: dict[str, dict[str, dict[str, Any]]] | None = None,
) -> int:
    root_type = schema.get_root_type(operation.operation)
    if root_type is None:
        return 0
    return _CostWalker(schema, fragments, variables or {}, COST_MAP if cost_map is None else cost_map).of(
        root_type, operation.selection_set
    )


def cost_error(cost: int, maximum: int) -> QueryCostError:
    return QueryCostError(
        f"The query exceeds the maximum cost of {maximum}. Actual cost is {cost}",
        extensions={"cost": {"requestedQueryCost": cost, "maximumAvailable": maximum}},
    )


def validate_cost_map(schema: GraphQLSchema, cost_map: dict | None = None) -> list[str]:
    """Entries naming a type or field the schema does not have (a typo makes a
    declared cost silently not apply, so the schema tests check this)."""
    problems = []
    for type_name, fields in (COST_MAP if cost_map is None else cost_map).items():
        graphql_type = schema.get_type(type_name)
        if graphql_type is None or not hasattr(graphql_type, "fields"):
            problems.append(f"{type_name} is not an object or interface type of the schema.")
            continue
        problems.extend(
            f"{type_name}.{field_name} is not a field of the schema."
            for field_name in fields
            if field_name not in graphql_type.fields
        )
    return problems


class _CostWalker:
    """Costs of selection sets at multiplier 1; a fragment costs the same
    wherever it is spread (times the multiplier there), so each is walked once."""

    def __init__(self, schema, fragments, variables, cost_map) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.cost_map = cost_map
        self.memo: dict[str, int] = {}

    def of(self, parent_type: GraphQLNamedType | None, selection_set: SelectionSetNode | None) -> int:
        if parent_type is None or selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.of_field(parent_type, selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                fragment_type = self.schema.get_type(condition.name.value) if condition else parent_type
                total += self.of(fragment_type, selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.of_fragment(selection.name.value)
        return total

    def of_fragment(self, name: str) -> int:
        if name in self.memo:
            return self.memo[name]
        fragment = self.fragments.get(name)
        if fragment is None:
            return 0
        self.memo[name] = 0  # cycles are rejected by validation; do not loop here
        fragment_type = self.schema.get_type(fragment.type_condition.name.value)
        self.memo[name] = cost = self.of(fragment_type, fragment.selection_set)
        return cost

    def of_field(self, parent_type: GraphQLNamedType, node: FieldNode) -> int:
        name = node.name.value
        if name == "__typename":
            return 0
        field = self._field_def(parent_type, name)
        if field is None:
            return 0
        try:
            args = get_argument_values(field, node, self.variables)
        except GraphQLError:
            args = {}  # bad arguments fail execution with their own error
        spec = self.cost_map.get(parent_type.name, {}).get(name, {})
        complexity = spec.get("complexity", 1)
        multipliers = spec.get("multipliers")
        if multipliers is None:
            multipliers = CONNECTION_MULTIPLIERS if _is_connection(field) else ()
        multiplier = _multiplier(args, multipliers)
        children = self.of(get_named_type(field.type), node.selection_set)
        return multiplier * (complexity + children)

    def _field_def(self, parent_type: GraphQLNamedType, name: str) -> GraphQLField | None:
        if name == "__schema":
            return SchemaMetaFieldDef
        if name == "__type":
            return TypeMetaFieldDef
        fields = getattr(parent_type, "fields", None)
        return fields.get(name) if fields else None


def _is_connection(field: GraphQLField) -> bool:
    return get_named_type(field.type).name.endswith("Connection") and any(
        arg in field.args for arg in CONNECTION_MULTIPLIERS
    )


def _multiplier(args: dict[str, Any], names: Iterable[str]) -> int:
    total = 0
    for name in names:
        value = args.get(name)
        if isinstance(value, (list, tuple)):
            value = len(value)
        if isinstance(value, int) and value > 0:
            total += value
    return max(total, 1)
