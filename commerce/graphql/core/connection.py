"""Relay connections with keyset (cursor) pagination, as Saleor pages them.

A cursor holds the values of the row's sort columns (and its pk), so the
next page is "rows after these values" in the same order: an indexed range
scan whatever the page number, and stable when rows are added or removed
between requests (an OFFSET would skip or repeat rows). NULLs have a place in
the order (PostgreSQL's: last when ascending, first when descending, unless an
`F(...).asc(nulls_first=True)`-style expression says otherwise), and the
cursor filter puts them where the ORDER BY does.

Usage in a resolver:

    def resolve_products(root, info, **kwargs):
        qs = Product.objects.visible(...).annotate(price=...)
        return create_connection_slice(qs, info, kwargs, ProductCountableConnection,
                                       sort_fields=["price", "name"])

or declare the field as `ConnectionField(ProductCountableConnection)` and
return an ordered queryset (or a list, or a promise of either) from the
resolver; the field slices it.

A page that is asked for over and over (a storefront's catalogue) may be
given as a `PreparedSource` instead of a queryset: the same paging, with the
page's and the count's SQL compiled once per process (core/prepared.py)
rather than built and compiled on every request.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import decimal
import json
import uuid
import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import graphene
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import Col, OrderBy
from django.db.models.lookups import IsNull
from django.db.models.sql.where import AND, WhereNode
from graphql import GraphQLError

from .prepared import count_prepared, run_prepared
from .promise import Promise

DEFAULT_PAGINATION_LIMIT = 100


class CountableConnection(graphene.relay.Connection):
    """Base of Saleor's `XCountableConnection` types.

        class ProductCountableConnection(CountableConnection):
            class Meta:
                node = Product

    gives `ProductCountableConnection { pageInfo: PageInfo!, edges:
    [ProductCountableEdge!]!, totalCount: Int }` with `node: Product!`.
    `totalCount` runs its COUNT query only when a client asks for it.
    """

    total_count = graphene.Int(description="A total count of items in the collection.")

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, strict_types: bool = True, **options: Any) -> None:
        super().__init_subclass_with_meta__(strict_types=strict_types, **options)

    @staticmethod
    def resolve_total_count(root: Any, info: Any) -> int | None:
        source = getattr(root, "count_source", None)
        if source is None or isinstance(source, int):
            return source
        return source.count()


def connection_arguments() -> dict[str, graphene.Argument]:
    limit = pagination_limit()
    note = f"Note that the system only allows fetching a maximum of {limit} objects in a single query."
    return {
        "before": graphene.String(
            description="Return the elements in the list that come before the specified cursor."
        ),
        "after": graphene.String(
            description="Return the elements in the list that come after the specified cursor."
        ),
        "first": graphene.Int(description=f"Retrieve the first n elements from the list. {note}"),
        "last": graphene.Int(description=f"Retrieve the last n elements from the list. {note}"),
    }


class ConnectionField(graphene.Field):
    """A field of a `CountableConnection` type with `before/after/first/last`.

    The resolver may return a connection (from `create_connection_slice`), an
    ordered queryset, a list, or a promise of one of these; querysets and
    lists are sliced here with the request's pagination arguments.
    """

    def __init__(self, type_: Any, *args: Any, **kwargs: Any) -> None:
        for name, argument in connection_arguments().items():
            kwargs.setdefault(name, argument)
        super().__init__(type_, *args, **kwargs)

    @property
    def connection_type(self) -> type[CountableConnection]:
        connection_type = self.type
        while hasattr(connection_type, "of_type"):
            connection_type = connection_type.of_type
        return connection_type

    def wrap_resolve(self, parent_resolver: Any) -> Any:
        resolver = super().wrap_resolve(parent_resolver)

        def resolve_connection(root: Any, info: Any, **args: Any) -> Any:
            return _as_connection(resolver(root, info, **args), info, args, self.connection_type)

        return resolve_connection


def _as_connection(result: Any, info: Any, args: dict, connection_type: type) -> Any:
    if isinstance(result, Promise):
        return result.then(lambda value: _as_connection(value, info, args, connection_type))
    if result is None or isinstance(result, connection_type):
        return result
    return create_connection_slice(result, info, args, connection_type)


# --- slicing ------------------------------------------------------------------


def create_connection_slice(
    iterable: QuerySet | PreparedSource | Sequence[Any],
    info: Any,
    args: dict[str, Any],
    connection_type: type[CountableConnection],
    sort_fields: Sequence[str | OrderBy] | None = None,
    count_queryset: QuerySet | None = None,
    page_candidates: PageCandidates | None = None,
) -> CountableConnection:
    """One page of `iterable` as an instance of `connection_type`.

    Querysets are paged by keyset on `sort_fields` (Django `order_by` style:
    "name", "-rating", or `F("rating").desc(nulls_last=True)`; the pk is
    added as the tiebreak). Without `sort_fields` the queryset's own ordering
    (or its model's Meta.ordering) is used. Lists are paged by position, in
    the order given. Raises GraphQLError for bad pagination arguments, with
    Saleor's messages.

    `totalCount` counts the queryset, or `count_queryset` when given: a
    queryset with the same number of rows that is cheaper to count.

    `page_candidates`, when given, may narrow the queryset before the page is
    cut from it (see `PageCandidates`): a search ranks thousands of matches to
    show 24, and can find those 24 faster than the general query can.
    """
    field_name = getattr(info, "field_name", None) or getattr(
        getattr(connection_type, "_meta", None), "name", connection_type.__name__
    )
    page = _PageRequest.from_args(args, field_name)
    if isinstance(iterable, QuerySet):
        return _slice_queryset(iterable, page, connection_type, sort_fields, count_queryset, page_candidates)
    if isinstance(iterable, PreparedSource):
        return _slice_prepared(iterable, page, connection_type)
    return _slice_list(list(iterable), page, connection_type)


@dataclass(frozen=True)
class PreparedSource:
    """A queryset that is a function of a few plain values, to be paged with
    its SQL compiled once per process (see core/prepared.py).

    `build(**arguments)` returns the queryset ordered by its sort fields (its
    `order_by` is the sort, as `sort_fields` would give it); `build_count(**arguments)`
    a queryset with as many rows, cheaper to count (default: `build`'s). Both
    may depend on nothing but their arguments (int, str or aware datetime
    values: a clock reading is an argument) and on what `key` names: the
    statements compiled for one key serve every later call with that key.
    The source is its page's totalCount source: `count()` runs only when a
    client asks for it.
    """

    key: Hashable
    arguments: dict[str, Any] = field(hash=False)
    build: Callable[..., QuerySet] = field(hash=False)
    build_count: Callable[..., QuerySet] | None = field(default=None, hash=False)

    def count(self) -> int:
        return count_prepared(self.key, self.build_count or self.build, **self.arguments)


class PageCandidates(Protocol):
    """Narrows a queryset to candidates for one page, or says it cannot.

    Called with the page's order as (column name, descending) pairs, the values
    of the row the page starts after (None: from the start) and how many rows
    the page reads; returns a condition keeping every row of that page (more
    rows are harmless: the page is still cut from the narrowed queryset by the
    same keyset and order), or None to leave the queryset as it is.
    """

    def __call__(self, order: list[tuple[str, bool]], after: list[Any] | None, limit: int) -> Q | None: ...


@dataclass(frozen=True)
class _PageRequest:
    size: int
    forward: bool  # first/after (True) or last/before (False)
    cursor: str | None

    @classmethod
    def from_args(cls, args: dict[str, Any], field_name: str) -> _PageRequest:
        first, last = args.get("first"), args.get("last")
        after, before = args.get("after"), args.get("before")
        if first is None and last is None:
            raise GraphQLError(
                "You must provide a `first` or `last` value to properly paginate "
                f"the `{field_name}` connection."
            )
        if first is not None and last is not None:
            raise GraphQLError("Argument `last` cannot be combined with `first`.")
        if first is not None and before:
            raise GraphQLError("Argument `first` cannot be combined with `before`.")
        if last is not None and after:
            raise GraphQLError("Argument `last` cannot be combined with `after`.")
        name, size = ("first", first) if first is not None else ("last", last)
        if size < 0:
            raise GraphQLError(f"Argument `{name}` must be a non-negative integer.")
        limit = pagination_limit()
        if size > limit:
            raise GraphQLError(
                f"Requesting {size} records on the `{field_name}` connection "
                f"exceeds the `{name}` limit of {limit} records."
            )
        return cls(size=size, forward=first is not None, cursor=after if first is not None else before)


def pagination_limit() -> int:
    # Schema modules may be imported before settings are (e.g. by tooling).
    if not settings.configured:
        return DEFAULT_PAGINATION_LIMIT
    return getattr(settings, "GRAPHQL_PAGINATION_LIMIT", DEFAULT_PAGINATION_LIMIT)


def _build_connection(
    connection_type: type[CountableConnection],
    rows: list[Any],
    cursors: list[str],
    has_next: bool,
    has_previous: bool,
    count_source: Any,
) -> CountableConnection:
    edge_type = connection_type.Edge
    edges = [edge_type(node=row, cursor=cursor) for row, cursor in zip(rows, cursors)]
    page_info = graphene.relay.PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )
    connection = connection_type(edges=edges, page_info=page_info)
    connection.count_source = count_source
    return connection


# --- cursors --------------------------------------------------------------------


def _encode_value(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()  # full precision: a truncated value breaks the keyset
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def encode_cursor(values: Sequence[Any]) -> str:
    payload = json.dumps([_encode_value(v) for v in values], separators=(",", ":"))
    return base64.b64encode(payload.encode()).decode("ascii")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        values = json.loads(base64.b64decode(cursor, validate=True).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise GraphQLError("Received cursor is invalid.") from None
    if not isinstance(values, list):
        raise GraphQLError("Received cursor is invalid.")
    return values


# --- lists ----------------------------------------------------------------------


def _slice_list(items: list[Any], page: _PageRequest, connection_type: type) -> CountableConnection:
    total = len(items)
    position = None
    if page.cursor:
        values = decode_cursor(page.cursor)
        if len(values) != 1 or not isinstance(values[0], int) or isinstance(values[0], bool):
            raise GraphQLError("Received cursor is invalid.")
        position = values[0]
    if page.forward:
        start = 0 if position is None else max(position + 1, 0)
        end = min(start + page.size, total)
    else:
        end = total if position is None else min(max(position, 0), total)
        start = max(end - page.size, 0)
    return _build_connection(
        connection_type,
        items[start:end],
        [encode_cursor([index]) for index in range(start, end)],
        has_next=end < total,
        has_previous=start > 0,
        count_source=total,
    )


# --- querysets ------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    name: str  # what to filter and order by (a field path, annotation or alias)
    attribute: str  # where the value is on a fetched row
    descending: bool
    nulls_last: bool  # in this column's order
    nullable: bool
    field: Any  # the Django field that parses cursor values, if known

    def reversed(self) -> _Column:
        return _Column(
            self.name, self.attribute, not self.descending, not self.nulls_last, self.nullable, self.field
        )

    def order_by(self) -> OrderBy:
        nulls = {"nulls_last": True} if self.nulls_last else {"nulls_first": True}
        expression = F(self.name)
        return expression.desc(**nulls) if self.descending else expression.asc(**nulls)

    def parse(self, raw: Any) -> Any:
        if raw is None or self.field is None:
            return raw
        try:
            return self.field.to_python(raw)
        except (ValidationError, TypeError, ValueError):
            raise GraphQLError("Received cursor is invalid.") from None

    def equal(self, value: Any) -> Q:
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})

    def after(self, value: Any) -> Q | None:
        """Rows strictly after `value` in this column's order (None: no row is)."""
        if value is None:
            return None if self.nulls_last else Q(**{f"{self.name}__isnull": False})
        condition = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        if self.nulls_last and self.nullable:
            condition |= Q(**{f"{self.name}__isnull": True})
        return condition


def _slice_queryset(
    queryset: QuerySet,
    page: _PageRequest,
    connection_type: type,
    sort_fields: Sequence[str | OrderBy] | None,
    count_queryset: QuerySet | None = None,
    page_candidates: PageCandidates | None = None,
) -> CountableConnection:
    count_source = queryset if count_queryset is None else count_queryset
    queryset, columns = _sort_columns(queryset, sort_fields)
    order = columns if page.forward else [column.reversed() for column in columns]
    parsed = _parse_cursor(page, order)
    if parsed is not None:
        queryset = queryset.filter(_keyset_after(order, parsed))
    if page_candidates is not None:
        candidates = page_candidates([(column.name, column.descending) for column in order], parsed, page.size + 1)
        if candidates is not None:
            queryset = queryset.filter(candidates)
    rows = list(queryset.order_by(*(column.order_by() for column in order))[: page.size + 1])
    return _page_of(rows, page, connection_type, columns, count_source)


def _parse_cursor(page: _PageRequest, order: list[_Column]) -> list[Any] | None:
    """The values of the row the page starts after (None: from the start)."""
    if not page.cursor:
        return None
    values = decode_cursor(page.cursor)
    if len(values) != len(order):
        raise GraphQLError("Received cursor is invalid.")
    return [column.parse(raw) for column, raw in zip(order, values)]


def _page_of(
    rows: list[Any], page: _PageRequest, connection_type: type, columns: list[_Column], count_source: Any
) -> CountableConnection:
    """The connection for the rows read for `page` (one more than it shows when
    there are more)."""
    has_more = len(rows) > page.size
    rows = rows[: page.size]
    if not page.forward:
        rows.reverse()
    cursors = [encode_cursor([getattr(row, column.attribute) for column in columns]) for row in rows]
    if not page.cursor and not has_more:
        count_source = len(rows)  # the whole set fits on this page: no COUNT needed
    return _build_connection(
        connection_type,
        rows,
        cursors,
        has_next=has_more if page.forward else bool(page.cursor),
        has_previous=bool(page.cursor) if page.forward else has_more,
        count_source=count_source,
    )


# The sort columns of each prepared source's key: the same for every queryset
# the key's `build` returns, so worked out from the first.
_prepared_columns: dict[Hashable, list[_Column]] = {}
_prepared_columns_lock = threading.Lock()
MAX_PREPARED_SOURCES = 256


def _slice_prepared(source: PreparedSource, page: _PageRequest, connection_type: type) -> CountableConnection:
    """`_slice_queryset` of `source.build(**source.arguments)`, by its sort
    fields, with the statements compiled once per key and page shape."""
    columns = _prepared_columns.get(source.key)
    if columns is None:
        _, columns = _sort_columns(source.build(**source.arguments), None)
        with _prepared_columns_lock:
            if len(_prepared_columns) < MAX_PREPARED_SOURCES:
                _prepared_columns[source.key] = columns
    order = columns if page.forward else [column.reversed() for column in columns]
    after = _parse_cursor(page, order)
    names = list(source.arguments)

    def page_queryset(**values: Any) -> QuerySet:
        queryset, _ = _sort_columns(source.build(**{name: values[name] for name in names}), None)
        if after is not None:
            queryset = queryset.filter(_keyset_after(order, [values[f"after_{i}"] for i in range(len(order))]))
        return queryset.order_by(*(column.order_by() for column in order))[: page.size + 1]

    values = dict(source.arguments)
    values.update({f"after_{i}": value for i, value in enumerate(after or ())})
    # A cursor value no statement can stand for (a NULL, a number) makes run_prepared use the ORM.
    rows = run_prepared(("page", source.key, page.forward, after is not None, page.size + 1), page_queryset, **values)
    return _page_of(rows, page, connection_type, columns, source)


def _keyset_after(columns: list[_Column], values: list[Any]) -> Q:
    """Rows after `values` in the lexicographic order of `columns`:
    (c1 after v1) or (c1 = v1 and c2 after v2) or ...

    PostgreSQL cannot start an index scan from that OR, so the first column's
    bound (c1 >= v1, or <= descending) is added where it holds for every such
    row: the scan then starts at the cursor instead of filtering every row of
    the earlier pages.
    """
    condition: Q | None = None
    prefix = Q()
    for column, value in zip(columns, values):
        after = column.after(value)
        if after is not None:
            term = prefix & after
            condition = term if condition is None else condition | term
        prefix &= column.equal(value)
    if condition is None:
        return Q(pk__in=[])
    first, value = columns[0], values[0]
    # With NULLs after the values, rows after v1 include NULLs, which no bound admits.
    if value is not None and not (first.nullable and first.nulls_last):
        condition = Q(**{f"{first.name}__{'lte' if first.descending else 'gte'}": value}) & condition
    return condition


def _sort_columns(
    queryset: QuerySet, sort_fields: Sequence[str | OrderBy] | None
) -> tuple[QuerySet, list[_Column]]:
    model = queryset.model
    if sort_fields is None:
        sort_fields = list(queryset.query.order_by) or list(model._meta.ordering)
    columns: list[_Column] = []
    pk_names = {"pk", model._meta.pk.name, model._meta.pk.attname}
    has_pk = False
    for index, spec in enumerate(sort_fields):
        name, descending, nulls_last = _parse_sort_spec(spec)
        has_pk = has_pk or name in pk_names
        field = _resolve_field(queryset, name)
        # A path through a relation may be NULL (outer join) whatever the
        # target column says; so may an annotation.
        nullable = field is None or "__" in name or name in queryset.query.annotations
        nullable = nullable or bool(getattr(field, "null", True))
        nullable = nullable and not _filtered_not_null(queryset, name)
        attribute = name
        if "__" in name:
            attribute = f"_cursor_{index}"
            queryset = queryset.annotate(**{attribute: F(name)})
            name = attribute
        elif field is not None and getattr(field, "is_relation", False):
            name = attribute = field.attname  # the FK value, not the related row
            field = field.target_field
        if name == "pk":
            field = model._meta.pk
        columns.append(
            _Column(
                name=name,
                attribute=attribute,
                descending=descending,
                nulls_last=nulls_last,
                nullable=nullable and name != "pk",
                field=field,
            )
        )
    if not has_pk:
        descending = columns[0].descending if columns else False
        columns.append(_Column("pk", "pk", descending, not descending, False, model._meta.pk))
    return queryset, columns


def _filtered_not_null(queryset: QuerySet, name: str) -> bool:
    """Whether the queryset's filters leave no NULL in annotation `name`: an
    `IS NOT NULL` on the same column among the conditions every row meets.

    Such a column pages like a NOT NULL one (the keyset's leading bound applies
    whatever the order of NULLs), e.g. customers' prices, which visibility
    requires.
    """
    expression = queryset.query.annotations.get(name)
    return expression is not None and _requires_not_null(queryset.query.where, expression)


def _requires_not_null(node: WhereNode, expression: Any) -> bool:
    if node.negated or node.connector != AND:
        return False
    for child in node.children:
        if isinstance(child, WhereNode):
            if _requires_not_null(child, expression):
                return True
        elif isinstance(child, IsNull) and child.rhs is False and _same_column(child.lhs, expression):
            return True
    return False


def _same_column(a: Any, b: Any) -> bool:
    # Cols compare unequal when only one names its output field.
    return isinstance(a, Col) and isinstance(b, Col) and a.alias == b.alias and a.target == b.target


def _parse_sort_spec(spec: str | OrderBy) -> tuple[str, bool, bool]:
    """(name, descending, nulls_last) from "name", "-name" or F("name").desc(...)."""
    if isinstance(spec, str):
        if spec == "?" or not spec.lstrip("-"):
            raise ValueError(f"Cannot paginate by {spec!r}.")
        descending = spec.startswith("-")
        # PostgreSQL's default: NULL sorts as the largest value.
        return spec.lstrip("-"), descending, not descending
    if isinstance(spec, OrderBy) and isinstance(spec.expression, F):
        if spec.nulls_last:
            nulls_last = True
        elif spec.nulls_first:
            nulls_last = False
        else:
            nulls_last = not spec.descending
        return spec.expression.name, spec.descending, nulls_last
    raise ValueError(
        f"Cannot paginate by {spec!r}: use field names or F(name).asc()/desc() "
        "(annotate expressions first, then sort by the annotation's name)."
    )


def _resolve_field(queryset: QuerySet, name: str) -> Any:
    """The Django field behind a sort name, to parse cursor values; None if unknown."""
    annotation = queryset.query.annotations.get(name)
    if annotation is not None:
        try:
            return annotation.output_field
        except Exception:  # noqa: BLE001 - an unresolvable output type: keep raw values
            return None
    model = queryset.model
    if name == "pk":
        return model._meta.pk
    field = None
    for part in name.split("__"):
        if model is None:
            return None
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model if field.is_relation else None
    if field is not None and field.is_relation and "__" in name:
        return field.target_field
    return field
