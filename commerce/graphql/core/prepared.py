"""Dataloader queries compiled to SQL once per process, run with new values.

A dataloader runs the same queryset on every request with different keys:
"the categories with these ids", "the media of these products". Building the
queryset and compiling it (Django's SQLCompiler) costs more Python than
reading the rows: most of a millisecond for a plain `pk__in` on a model with
twenty columns, several times per catalogue page. Here the queryset is built
and compiled once for each shape of arguments (how many keys), with marker
values in place of the real ones; a request only swaps its values into the
parameters and reads the rows the way `list(queryset)` would (same SQL, same
converters, same model instances, `select_related` and annotations included).

    rows = run_prepared(
        ("categories", Category),
        lambda ids: Category.objects.filter(pk__in=ids),
        ids=[3, 5, 8],
    )

Rules for `build`: it must depend on nothing but its arguments (no request,
no clock, no settings that change): its SQL is reused for the life of the
process. Arguments are `int`, `str` or timezone-aware `datetime` values
(a clock reading is an argument, never read inside `build`), or lists of
them without duplicates or None. `count_prepared` does the same for
`build(...).count()`, so a page's total is not compiled per request either.
Whenever a value or the queryset does not fit what a
compiled statement can stand for (None, an empty list, a prefetch, a value
Django would rewrite, a compile that fails), the call simply runs the
queryset through the ORM, so the answer never depends on this cache.
"""

from __future__ import annotations

import copy
import datetime
import threading
from collections.abc import Callable, Hashable
from typing import Any

from django.db import connections
from django.db.models.query import ModelIterable, QuerySet

# Markers are distinctive values of the right type that no real key or
# constant of our queries takes. Integers stay within PostgreSQL's `integer`
# (Django turns an out-of-range lookup into an empty result), and positive
# (a PositiveIntegerField would do the same with a negative one).
_INT_MARKER = 1_987_000_000
_INT_LIMIT = 2**31 - 1
_STR_MARKER = "\x00prepared-marker:"
# A day no publication date or clock reading of ours falls on, plus the
# marker's number in microseconds.
_DATETIME_MARKER = datetime.datetime(1901, 2, 3, tzinfo=datetime.timezone.utc)
_DATETIME_MARKERS_END = _DATETIME_MARKER + datetime.timedelta(days=1)
MAX_SHAPES = 512

_cache: dict[tuple, _Statement | None] = {}
_lock = threading.Lock()


class _Statement:
    __slots__ = ("queryset", "compiler", "sql", "params", "slots", "db")

    def __init__(self, queryset, compiler, sql, params, slots, db):
        self.queryset = queryset
        self.compiler = compiler
        self.sql = sql
        self.params = params
        self.slots = slots  # [(position in params, argument name, index in its list or None)]
        self.db = db

    def bind(self, arguments: dict[str, Any]) -> list:
        """The statement's parameters with the arguments' values in the markers' places."""
        params = list(self.params)
        for position, name, index in self.slots:
            value = arguments[name]
            params[position] = value if index is None else value[index]
        return params


def run_prepared(key: Hashable, build: Callable[..., QuerySet], **arguments: Any) -> list:
    """`list(build(**arguments))`, compiling the SQL once per `key` and shape."""
    statement = _statement(key, build, arguments)
    if statement is None:
        return list(build(**arguments))
    return list(ModelIterable(_PreparedQuerySet(statement, statement.bind(arguments))))


def count_prepared(key: Hashable, build: Callable[..., QuerySet], **arguments: Any) -> int:
    """`build(**arguments).count()`, compiling the SQL once per `key` and shape.

    The rows are counted as a subquery of the compiled statement, which
    PostgreSQL flattens into the same plan as Django's own COUNT (the
    statement is compiled without ordering, which would keep it apart).
    """

    def unordered(**values: Any) -> QuerySet:
        return build(**values).order_by()

    statement = _statement((_COUNT, key), unordered, arguments)
    if statement is None:
        return build(**arguments).count()
    with _server_bound_cursor(connections[statement.db]) as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({statement.sql}) AS counted", statement.bind(arguments))
        return cursor.fetchone()[0]


def _statement(key: Hashable, build: Callable[..., QuerySet], arguments: dict[str, Any]) -> _Statement | None:
    """The statement compiled for `key` and the arguments' shape (compiling it
    the first time); None when the ORM must answer."""
    shape = _shape(arguments)
    if shape is None:
        return None
    cache_key = (key, shape)
    statement = _cache.get(cache_key, _MISSING)
    if statement is _MISSING:
        statement = _compile(build, arguments)
        with _lock:
            if len(_cache) < MAX_SHAPES:
                _cache[cache_key] = statement
    return statement


def clear_prepared() -> None:
    with _lock:
        _cache.clear()


_MISSING = object()
_COUNT = "count of"  # keys of counts: (_COUNT, the caller's key)


def _shape(arguments: dict[str, Any]) -> tuple | None:
    """(name, kind, length) per argument, or None when a value cannot be a
    parameter of a reusable statement."""
    shape = []
    for name, value in arguments.items():
        if isinstance(value, (list, tuple)):
            if not value:
                return None
            kind = _kind(value[0])
            if kind is None or any(_kind(item) != kind for item in value) or len(set(value)) != len(value):
                return None
            shape.append((name, kind, len(value)))
        else:
            kind = _kind(value)
            if kind is None:
                return None
            shape.append((name, kind, None))
    return tuple(shape)


def _kind(value: Any) -> str | None:
    if type(value) is int:  # not bool
        return "int" if 0 <= value < _INT_MARKER else None
    if type(value) is str:
        return "str" if "\x00" not in value else None
    if type(value) is datetime.datetime:
        aware = value.utcoffset() is not None
        return "datetime" if aware and not _DATETIME_MARKER <= value < _DATETIME_MARKERS_END else None
    return None


def _is_marker_like(param: Any) -> bool:
    """Whether a parameter that is no marker looks like one Django changed."""
    if isinstance(param, bool):
        return False
    if isinstance(param, int):
        return _INT_MARKER < param <= _INT_LIMIT
    if isinstance(param, str):
        return param.startswith(_STR_MARKER)
    if isinstance(param, datetime.datetime) and param.utcoffset() is not None:
        return _DATETIME_MARKER <= param < _DATETIME_MARKERS_END
    return False


def _compile(build: Callable[..., QuerySet], arguments: dict[str, Any]) -> _Statement | None:
    """Build the queryset with markers and compile it; None when it does not
    compile to a statement whose parameters are exactly the markers' places."""
    counter = 0
    markers: dict[Any, tuple[str, int | None]] = {}

    def marker(kind: str, name: str, index: int | None) -> Any:
        nonlocal counter
        counter += 1
        if kind == "int":
            value = _INT_MARKER + counter
        elif kind == "datetime":
            value = _DATETIME_MARKER + datetime.timedelta(microseconds=counter)
        else:
            value = f"{_STR_MARKER}{counter}"
        markers[value] = (name, index)
        return value

    marked = {}
    for name, value in arguments.items():
        if isinstance(value, (list, tuple)):
            kind = _kind(value[0])
            marked[name] = [marker(kind, name, index) for index in range(len(value))]
        else:
            marked[name] = marker(_kind(value), name, None)
    try:
        queryset = build(**marked)
        if (
            not isinstance(queryset, QuerySet)
            or queryset._iterable_class is not ModelIterable
            or queryset._prefetch_related_lookups
            or queryset._known_related_objects
            or queryset._result_cache is not None
        ):
            return None
        db = queryset.db
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
    except Exception:  # noqa: BLE001 - an empty result, a rewrite...: the ORM decides
        return None
    if not sql:
        return None
    slots = []
    found = set()
    for position, param in enumerate(params):
        if type(param) in (int, str, datetime.datetime) and param in markers:
            name, index = markers[param]
            slots.append((position, name, index))
            found.add(param)
        elif _is_marker_like(param):
            return None  # a marker Django changed: not ours to swap
    if found != set(markers):
        return None  # a value Django rewrote or dropped
    compiler.connection = None  # bound per call to the thread's connection
    return _Statement(queryset, compiler, sql, tuple(params), tuple(slots), db)


class _PreparedQuerySet:
    """What ModelIterable reads from a queryset, answering with the statement."""

    __slots__ = ("query", "db", "model", "_known_related_objects")

    def __init__(self, statement: _Statement, params: list) -> None:
        compiler = copy.copy(statement.compiler)
        compiler.connection = _ServerBinding(connections[statement.db])
        sql = statement.sql
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        self.query = _PreparedQuery(compiler)
        self.db = statement.db
        self.model = statement.queryset.model
        self._known_related_objects = {}


def _server_bound_cursor(connection):
    """A cursor of `connection` (Django's, so queries are logged and errors
    translated as usual) whose parameters PostgreSQL binds itself: psycopg
    then prepares a statement the connection runs again and again (after
    `prepare_threshold` runs, an OPTIONS entry of the database settings) and
    PostgreSQL stops planning it each time, a third of a catalogue page's
    statement time. Our other statements keep Django's client-side binding."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(ServerBindingCursor(connection.connection))


class _ServerBinding:
    """A connection whose cursors are `_server_bound_cursor`s, for the compiler
    that runs a prepared statement; everything else is the connection's."""

    __slots__ = ("_connection",)

    def __init__(self, connection) -> None:
        self._connection = connection

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def cursor(self):
        if self._connection.vendor != "postgresql":
            return self._connection.cursor()
        return _server_bound_cursor(self._connection)


class _PreparedQuery:
    __slots__ = ("compiler",)

    def __init__(self, compiler) -> None:
        self.compiler = compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self.compiler
