"""Validation rules that bound how much work one query may ask for.

Depth is checked with the other validation rules (it depends only on the
query text, so the result is cached with the parsed document). Cost depends
on variables (`first: $n`), so it lives in `cost.py` and runs per request.
"""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)

from .errors import DepthLimitError


def depth_limit_rule(max_depth: int) -> type[ValidationRule]:
    """A rule rejecting operations whose fields nest deeper than `max_depth`.

    Root fields are depth 1. Fragments count where they are spread.
    Introspection (`__schema`, `__type`) is not counted: GraphiQL's own
    introspection query is deeper than any limit we would set for data, and
    it costs nothing but CPU on a cached schema.
    """

    class DepthLimitRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args) -> None:
            fragments = {
                definition.name.value: definition
                for definition in self.context.document.definitions
                if isinstance(definition, FragmentDefinitionNode)
            }
            depth = _SelectionDepth(fragments).of(node.selection_set)
            if depth > max_depth:
                name = node.name.value if node.name else "anonymous"
                self.report_error(
                    DepthLimitError(
                        f"'{name}' exceeds maximum operation depth of {max_depth}.",
                        node,
                    )
                )

    return DepthLimitRule


class _SelectionDepth:
    """Depth of selection sets; each fragment is measured once (memoised), so a
    query that spreads fragments in a fan-out cannot make this exponential."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.memo: dict[str, int] = {}

    def of(self, selection_set: SelectionSetNode | None) -> int:
        if selection_set is None:
            return 0
        deepest = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value.startswith("__"):
                    continue
                depth = 1 + self.of(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                depth = self.of(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                depth = self.of_fragment(selection.name.value)
            else:  # pragma: no cover - no other selection kinds exist
                continue
            deepest = max(deepest, depth)
        return deepest

    def of_fragment(self, name: str) -> int:
        if name in self.memo:
            return self.memo[name]
        fragment = self.fragments.get(name)
        if fragment is None:
            return 0  # reported by KnownFragmentNamesRule
        self.memo[name] = 0  # a cycle counts as nothing; NoFragmentCyclesRule reports it
        self.memo[name] = depth = self.of(fragment.selection_set)
        return depth
