"""Execution with batched dataloaders and no event loop.

graphql-core 3.2 batches only through asyncio: a resolver returns an
awaitable and the executor gathers them. We cannot use that (a task per field
is slow and Django's ORM refuses to run inside an event loop), so this
execution context accepts our synchronous `Promise` instead. A field whose
value is pending keeps its place in the result; the walk goes on with the
rest of the tree; when the walk is done, the loaders with queued keys are
dispatched (one batch each), the settled values are completed (which may
queue more keys), and so on until the result holds no promise.

Only the methods of `graphql.execution.ExecutionContext` that combine or
inspect results are overridden; the spec's rules are kept as graphql-core
implements them:

- a resolver or a batch that raises nulls its field and adds one error at
  that field's path;
- a null (or an error) in a non-null position propagates to the nearest
  nullable parent, and errors under an already nulled parent are dropped;
- the top-level fields of a mutation run one after the other: the next one
  starts only when the previous one, with all its sub-fields, is complete.

What a field needs besides its source (definition, resolver, arguments, how
its scalar serializes) is worked out once per field of the operation, not once
per list item: a page of products repeats the same two dozen fields for every
product. Scalars and graphene's default resolver then take a short path.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from functools import partial
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionContext,
    ExecutionResult,
    FieldNode,
    GraphQLError,
    GraphQLList,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    located_error,
)
from graphql.execution.execute import get_field_def
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined, is_iterable
from graphql.type import is_leaf_type, is_non_null_type
from graphene.types.resolver import dict_or_attr_resolver

from .dataloaders import dispatch_queued
from .promise import Promise


def _never_awaitable(_value: Any) -> bool:
    return False


class DeferredExecutionContext(ExecutionContext):
    """An ExecutionContext whose resolvers may return a pending `Promise`."""

    # Nothing here is ever awaited; saying so skips graphql-core's checks.
    is_awaitable = staticmethod(_never_awaitable)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (parent type, id of the field's nodes) -> _FieldPlan; the nodes lists
        # live as long as the execution (graphql-core caches them per type).
        self._field_plans: dict[tuple, _FieldPlan] = {}

    def execute_operation(self, operation, root_value):
        result = super().execute_operation(operation, root_value)
        if isinstance(result, Promise):
            while result.is_pending:
                if not dispatch_queued(self.context_value):
                    raise RuntimeError(
                        "GraphQL execution stalled: a resolver returned a Promise "
                        "that no dataloader will settle."
                    )
            # A rejection here is an error that propagated up to the root:
            # graphql-core's caller turns it into `data: null`.
            return result.get()
        return result

    # --- selection sets -------------------------------------------------------

    def execute_fields(self, parent_type, source_value, path, fields):
        results: dict[str, Any] = {}
        pending: list[str] = []
        for response_name, field_nodes in fields.items():
            field_path = Path(path, response_name, parent_type.name)
            result = self.execute_field(parent_type, source_value, field_nodes, field_path)
            if result is Undefined:
                continue
            results[response_name] = result
            if isinstance(result, Promise):
                pending.append(response_name)
        if not pending:
            return results
        return Promise.fill(results, pending)

    def execute_fields_serially(self, parent_type, source_value, path, fields):
        results: dict[str, Any] = {}
        remaining = iter(fields.items())

        def run_next() -> dict[str, Any] | Promise:
            for response_name, field_nodes in remaining:
                field_path = Path(path, response_name, parent_type.name)
                result = self.execute_field(parent_type, source_value, field_nodes, field_path)
                if result is Undefined:
                    continue
                if isinstance(result, Promise):
                    # The next field starts only once this one is complete.
                    return result.then(lambda value, name=response_name: store(name, value))
                results[response_name] = result
            return results

        def store(name: str, value: Any) -> dict[str, Any] | Promise:
            results[name] = value
            return run_next()

        return run_next()

    # --- fields ---------------------------------------------------------------

    def execute_field(self, parent_type, source, field_nodes, path):
        plan = self._field_plans.get((parent_type, id(field_nodes)))
        if plan is None or plan.field_nodes is not field_nodes:
            plan = self._plan_field(parent_type, field_nodes)
            if plan is None:
                return Undefined
        return_type = plan.return_type
        info = None
        try:
            if plan.attname is not None:
                # Graphene's default resolver, without the call layers.
                if isinstance(source, dict):
                    result = source.get(plan.attname, plan.default_value)
                else:
                    result = getattr(source, plan.attname, plan.default_value)
            else:
                info = self.build_resolve_info(plan.field_def, field_nodes, parent_type, path)
                args = plan.args
                if args is None:
                    args = get_argument_values(plan.field_def, field_nodes[0], self.variable_values)
                result = plan.resolve_fn(source, info, **args)
            serialize = plan.serialize
            if serialize is not None and not isinstance(result, (Promise, Exception)):
                # A scalar or enum: most fields of a response. A null, or a value
                # that does not serialize, takes the full path for its error.
                if result is None and not plan.non_null:
                    return None
                if result is not None and result is not Undefined:
                    serialized = serialize(result)
                    if serialized is not None and serialized is not Undefined:
                        return serialized
            if info is None:
                info = self.build_resolve_info(plan.field_def, field_nodes, parent_type, path)
            if isinstance(result, Promise) and result.is_pending:
                return self._complete_later(return_type, field_nodes, info, path, result)
            completed = self.complete_value(return_type, field_nodes, info, path, result)
        except Exception as raw_error:  # noqa: BLE001 - becomes a field error
            return self._field_error(raw_error, field_nodes, path, return_type)
        if isinstance(completed, Promise):
            return completed.then(
                None,
                lambda raw_error: self._field_error(raw_error, field_nodes, path, return_type),
            )
        return completed

    def _complete_later(self, return_type, field_nodes, info, path, result: Promise) -> Promise:
        """Complete a field once its resolver's promise settles; a rejection or a
        failing completion becomes the field's error, as in execute_field."""

        def on_error(raw_error: Exception) -> None:
            return self._field_error(raw_error, field_nodes, path, return_type)

        def on_value(value: Any) -> Any:
            try:
                completed = self.complete_value(return_type, field_nodes, info, path, value)
            except Exception as raw_error:  # noqa: BLE001 - becomes a field error
                return on_error(raw_error)
            if isinstance(completed, Promise):
                return completed.then(None, on_error)
            return completed

        return result.then(on_value, on_error)

    def _plan_field(self, parent_type, field_nodes) -> _FieldPlan | None:
        """What executing this field of this type needs, worked out once per
        execution: list items repeat the same fields with the same arguments
        (variables are fixed for the operation), so only the source differs."""
        field_def = get_field_def(self.schema, parent_type, field_nodes[0])
        if not field_def:
            return None
        resolve_fn = field_def.resolve or self.field_resolver
        if self.middleware_manager:
            resolve_fn = self.middleware_manager.get_field_resolver(resolve_fn)
        plan = _FieldPlan(field_nodes, field_def, resolve_fn)
        if not field_def.args:
            plan.args = {}
            if (
                not self.middleware_manager
                and isinstance(resolve_fn, partial)
                and resolve_fn.func is dict_or_attr_resolver
                and len(resolve_fn.args) == 2
                and not resolve_fn.keywords
            ):
                plan.attname, plan.default_value = resolve_fn.args
        else:
            try:
                args = get_argument_values(field_def, field_nodes[0], self.variable_values)
            except Exception:  # noqa: BLE001 - raised again, as a field error, per item
                args = None
            # Shared by every item only when no resolver can change them.
            if args is not None and all(isinstance(value, _IMMUTABLE_ARGUMENTS) for value in args.values()):
                plan.args = args
        self._field_plans[(parent_type, id(field_nodes))] = plan
        return plan

    def _field_error(
        self,
        raw_error: Exception,
        field_nodes: list[FieldNode],
        path: Path,
        return_type: GraphQLOutputType,
    ) -> None:
        """Null the field and record the error, or re-raise it for a non-null field."""
        error = located_error(raw_error, field_nodes, path.as_list())
        self.handle_field_error(error, return_type, path)
        return None

    # --- values ---------------------------------------------------------------

    def complete_value(self, return_type, field_nodes, info, path, result):
        if isinstance(result, Promise):
            if result.is_pending:
                return result.then(
                    lambda value: self.complete_value(return_type, field_nodes, info, path, value)
                )
            result = result.get()  # raises a rejection, like a raising resolver
        if isinstance(result, Exception):
            raise result
        if is_non_null_type(return_type):
            completed = self.complete_value(return_type.of_type, field_nodes, info, path, result)
            if isinstance(completed, Promise):
                if not is_leaf_type(return_type.of_type):
                    # An object or a list completes to a dict or a list, never to
                    # null (a null result was checked above, before completion).
                    return completed
                return completed.then(lambda value: _ensure_not_null(value, info))
            return _ensure_not_null(completed, info)
        # Null, leaf, abstract and object values complete as in graphql-core,
        # which calls back into the overridden methods here for nesting.
        return super().complete_value(return_type, field_nodes, info, path, result)

    def complete_list_value(
        self,
        return_type: GraphQLList,
        field_nodes: list[FieldNode],
        info: GraphQLResolveInfo,
        path: Path,
        result: Iterable[Any],
    ):
        if not is_iterable(result):
            raise GraphQLError(
                "Expected Iterable, but did not find one for field"
                f" '{info.parent_type.name}.{info.field_name}'."
            )
        item_type = return_type.of_type
        completed_items: list[Any] = []
        pending: list[int] = []
        for index, item in enumerate(result):
            item_path = path.add_key(index, None)
            try:
                completed = self.complete_value(item_type, field_nodes, info, item_path, item)
            except Exception as raw_error:  # noqa: BLE001 - nulls the item
                completed = self._field_error(raw_error, field_nodes, item_path, item_type)
            if isinstance(completed, Promise):
                pending.append(index)
            completed_items.append(completed)
        if pending:
            # A rejected item is nulled (or, non-null, rejects the list) at its own path.
            return Promise.fill(
                completed_items,
                pending,
                lambda index, raw_error: self._field_error(
                    raw_error, field_nodes, path.add_key(index, None), item_type
                ),
            )
        return completed_items


_IMMUTABLE_ARGUMENTS = (str, int, float, bool, type(None), Enum)


class _FieldPlan:
    __slots__ = (
        "field_nodes",
        "field_def",
        "resolve_fn",
        "return_type",
        "non_null",
        "serialize",
        "args",
        "attname",
        "default_value",
    )

    def __init__(self, field_nodes, field_def, resolve_fn) -> None:
        self.field_nodes = field_nodes
        self.field_def = field_def
        self.resolve_fn = resolve_fn
        self.return_type = field_def.type
        self.non_null = is_non_null_type(field_def.type)
        named = field_def.type.of_type if self.non_null else field_def.type
        self.serialize = named.serialize if is_leaf_type(named) else None
        self.args = None  # None: computed per call
        self.attname = None  # set: graphene's default resolver reads this attribute
        self.default_value = None


def _ensure_not_null(completed: Any, info: GraphQLResolveInfo) -> Any:
    if completed is None:
        raise GraphQLError(
            f"Cannot return null for non-nullable field {info.parent_type.name}.{info.field_name}."
        )
    return completed


def execute(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    context_value: Any = None,
    root_value: Any = None,
    variable_values: dict[str, Any] | None = None,
    operation_name: str | None = None,
    middleware: Any = None,
) -> ExecutionResult:
    """Execute a parsed and validated document with dataloader batching.

    The same contract as `graphql.execute`, always synchronous.
    """
    exe_context = build_execution(
        schema,
        document,
        context_value=context_value,
        root_value=root_value,
        variable_values=variable_values,
        operation_name=operation_name,
        middleware=middleware,
    )
    if isinstance(exe_context, list):
        return ExecutionResult(data=None, errors=exe_context)
    return run_execution(exe_context)


def build_execution(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    context_value: Any = None,
    root_value: Any = None,
    variable_values: dict[str, Any] | None = None,
    operation_name: str | None = None,
    middleware: Any = None,
) -> DeferredExecutionContext | list[GraphQLError]:
    """Pick the operation and coerce the variables; a list of errors if that fails.

    Split from `run_execution` so the view can check the query cost with the
    coerced variables before anything is resolved.
    """
    return DeferredExecutionContext.build(
        schema,
        document,
        root_value,
        context_value,
        variable_values,
        operation_name,
        middleware=middleware,
    )


def run_execution(exe_context: DeferredExecutionContext) -> ExecutionResult:
    errors = exe_context.collected_errors
    try:
        data = exe_context.execute_operation(exe_context.operation, exe_context.root_value)
    except GraphQLError as error:
        errors.add(error, None)
        return exe_context.build_response(None, errors.errors)
    return exe_context.build_response(data, errors.errors)


__all__ = [
    "DeferredExecutionContext",
    "build_execution",
    "execute",
    "run_execution",
]
