"""Keyset pagination on PostgreSQL: every page, both directions, every sort.

The rows are of two throwaway models (a maker and its items) whose tables are
created inside the test's transaction, so nothing outlives the test. Items
have duplicate names, NULL prices and ratings and microsecond timestamps:
the cases where a keyset filter goes wrong. The expected order is computed
in Python from the same rule the slicer promises (NULL is the largest value
unless the expression says otherwise), and paging forwards and backwards with
several page sizes must reproduce it exactly.
"""

import datetime
import decimal
import functools
import random

import graphene
import pytest
from django.db import connection, models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.test.utils import isolate_apps
from graphql import GraphQLError, parse

from commerce.graphql.core import connection as connection_module
from commerce.graphql.core import prepared
from commerce.graphql.core.connection import (
    ConnectionField,
    CountableConnection,
    PreparedSource,
    create_connection_slice,
    decode_cursor,
    encode_cursor,
)
from commerce.graphql.core.context import RequestContext
from commerce.graphql.core.execution import execute
from commerce.graphql.core.promise import Promise

NAMES = ["bamboo", "lacquer", "silk", "ceramic", "rattan"]
BASE_TIME = datetime.datetime(2025, 7, 1, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def shop(db):
    """The two models, their tables, 40 items, and a schema paging them."""
    with isolate_apps("commerce.graphql"):

        class Maker(models.Model):
            name = models.CharField(max_length=40)

            class Meta:
                app_label = "commerce_graphql"

        class Item(models.Model):
            name = models.CharField(max_length=40)
            price = models.DecimalField(max_digits=12, decimal_places=2, null=True)
            rating = models.FloatField(null=True)
            created = models.DateTimeField()
            maker = models.ForeignKey(Maker, null=True, on_delete=models.SET_NULL)

            class Meta:
                app_label = "commerce_graphql"
                ordering = ["name"]

    with connection.schema_editor() as editor:
        editor.create_model(Maker)
        editor.create_model(Item)

    rng = random.Random(20250701)
    makers = [Maker.objects.create(name=n) for n in ("phu nghia", "bat trang", "van phuc")]
    for index in range(40):
        Item.objects.create(
            name=rng.choice(NAMES),
            price=None if index % 5 == 0 else decimal.Decimal(rng.choice([15000, 25000, 99000, 125000])),
            rating=None if index % 3 == 0 else rng.choice([3.5, 4.0, 4.5, 5.0]),
            created=BASE_TIME + datetime.timedelta(microseconds=rng.randrange(0, 10**9)),
            maker=None if index % 7 == 0 else rng.choice(makers),
        )

    class ItemType(graphene.ObjectType):
        pk = graphene.Int()
        name = graphene.String()

        class Meta:
            name = "Item"

    class ItemCountableConnection(CountableConnection):
        class Meta:
            node = ItemType

    state = {"queryset": None, "sort_fields": None, "prepared": False}

    class Query(graphene.ObjectType):
        items = ConnectionField(ItemCountableConnection)
        sliced_items = graphene.Field(
            ItemCountableConnection,
            first=graphene.Int(),
            last=graphene.Int(),
            after=graphene.String(),
            before=graphene.String(),
        )
        promised_items = ConnectionField(ItemCountableConnection)

        def resolve_items(root, info, **kwargs):
            return state["queryset"]

        def resolve_sliced_items(root, info, **kwargs):
            if state["prepared"]:
                return create_connection_slice(prepared_source(state), info, kwargs, ItemCountableConnection)
            return create_connection_slice(
                state["queryset"], info, kwargs, ItemCountableConnection, state["sort_fields"]
            )

        def resolve_promised_items(root, info, **kwargs):
            return Promise.resolve(None).then(lambda _none: list(Item.objects.order_by("pk")))

    return {
        "Item": Item,
        "Maker": Maker,
        "schema": graphene.Schema(query=Query).graphql_schema,
        "state": state,
    }


def prepared_source(state):
    """The state's queryset and sort as a PreparedSource: a function of one
    value (rows above a pk), ordered by the sort fields."""
    queryset, sort_fields = state["queryset"], state["sort_fields"]
    ordered = queryset.order_by(*sort_fields) if sort_fields else queryset
    return PreparedSource(
        key=("items", repr(sort_fields)),
        arguments={"above": 0},
        build=lambda above: ordered.filter(pk__gt=above),
    )


@pytest.fixture(autouse=True)
def _fresh_statements():
    """Statements and sort columns are kept per process: these tests' models are new in each test."""
    prepared.clear_prepared()
    connection_module._prepared_columns.clear()
    yield
    prepared.clear_prepared()
    connection_module._prepared_columns.clear()


PAGE = """
query($first: Int, $last: Int, $after: String, $before: String) {
  %s(first: $first, last: $last, after: $after, before: $before) {
    edges { cursor node { pk } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    %s
  }
}
"""


def fetch(shop, field="slicedItems", total=False, **variables):
    result = execute(
        shop["schema"],
        parse(PAGE % (field, "totalCount" if total else "")),
        context_value=RequestContext(user=object()),
        variable_values=variables,
    )
    if result.errors:
        raise result.errors[0]
    return result.data[field]


def python_order(rows, specs):
    """Rows sorted as the slicer promises: (attribute, descending, nulls_last) per
    column, then pk in the first column's direction."""

    def compare(a, b):
        for attribute, descending, nulls_last in specs:
            x, y = attribute(a), attribute(b)
            if x == y:
                continue
            if x is None or y is None:
                x_after = (x is None) == nulls_last
                return 1 if x_after else -1
            result = (x > y) - (x < y)
            return -result if descending else result
        result = (a.pk > b.pk) - (a.pk < b.pk)
        return -result if specs and specs[0][1] else result

    return [row.pk for row in sorted(rows, key=functools.cmp_to_key(compare))]


def walk_forward(shop, size, **extra):
    seen, after, pages = [], None, 0
    while True:
        page = fetch(shop, first=size, after=after, **extra)
        seen += [edge["node"]["pk"] for edge in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            return seen, pages
        after = page["pageInfo"]["endCursor"]


def walk_backward(shop, size):
    seen, before = [], None
    while True:
        page = fetch(shop, last=size, before=before)
        seen = [edge["node"]["pk"] for edge in page["edges"]] + seen
        assert page["pageInfo"]["hasNextPage"] == (before is not None)
        if not page["pageInfo"]["hasPreviousPage"]:
            return seen
        before = page["pageInfo"]["startCursor"]


def attr(name):
    return lambda row: getattr(row, name)


def maker_name(row):
    return row.maker.name if row.maker_id else None


SORTS = [
    (["name"], [(attr("name"), False, True)]),
    (["-name"], [(attr("name"), True, False)]),
    (["price"], [(attr("price"), False, True)]),
    (["-price"], [(attr("price"), True, False)]),
    (["price", "-rating"], [(attr("price"), False, True), (attr("rating"), True, False)]),
    (
        [F("rating").desc(nulls_last=True), "name"],
        [(attr("rating"), True, True), (attr("name"), False, True)],
    ),
    ([F("price").asc(nulls_first=True)], [(attr("price"), False, False)]),
    (["maker__name", "-created"], [(maker_name, False, True), (attr("created"), True, False)]),
    (["created"], [(attr("created"), False, True)]),
    (["maker", "name"], [(attr("maker_id"), False, True), (attr("name"), False, True)]),
]


@pytest.mark.parametrize("prepared_source", [False, True], ids=["queryset", "prepared"])
@pytest.mark.parametrize("sort_fields,specs", SORTS, ids=[str(s[0]) for s in SORTS])
def test_pages_cover_the_sorted_rows_exactly_in_both_directions(shop, sort_fields, specs, prepared_source):
    Item = shop["Item"]
    shop["state"].update(
        queryset=Item.objects.select_related("maker"), sort_fields=sort_fields, prepared=prepared_source
    )
    expected = python_order(Item.objects.select_related("maker"), specs)
    for size in (1, 3, 7, 100):
        forward, pages = walk_forward(shop, size)
        assert forward == expected, (sort_fields, size)
        assert pages == max(1, -(-len(expected) // size))
        assert walk_backward(shop, size) == expected, (sort_fields, size)


def test_annotated_sort_and_queryset_ordering_are_used(shop):
    Item = shop["Item"]
    queryset = Item.objects.annotate(score=Coalesce("rating", Value(0.0)) * 2).order_by("-score", "name")
    shop["state"].update(queryset=queryset, sort_fields=None)
    expected = python_order(
        Item.objects.all(),
        [(lambda r: (r.rating or 0.0) * 2, True, False), (attr("name"), False, True)],
    )
    assert walk_forward(shop, 6)[0] == expected
    assert walk_backward(shop, 6) == expected


def test_model_meta_ordering_is_the_default(shop):
    Item = shop["Item"]
    shop["state"].update(queryset=Item.objects.all(), sort_fields=None)
    assert walk_forward(shop, 9)[0] == python_order(Item.objects.all(), [(attr("name"), False, True)])


def test_filtered_queryset_and_middle_page(shop):
    Item = shop["Item"]
    queryset = Item.objects.filter(price__isnull=False)
    shop["state"].update(queryset=queryset, sort_fields=["-price", "name"])
    expected = python_order(queryset, [(attr("price"), True, False), (attr("name"), False, True)])
    page = fetch(shop, first=4)
    middle = fetch(shop, first=3, after=page["edges"][1]["cursor"])
    assert [e["node"]["pk"] for e in middle["edges"]] == expected[2:5]
    before = fetch(shop, last=2, before=page["edges"][3]["cursor"])
    assert [e["node"]["pk"] for e in before["edges"]] == expected[1:3]
    assert before["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": True,
        "startCursor": page["edges"][1]["cursor"],
        "endCursor": page["edges"][2]["cursor"],
    }


def test_total_count_is_one_count_query_only_when_asked(shop, django_assert_num_queries):
    Item = shop["Item"]
    shop["state"].update(queryset=Item.objects.all(), sort_fields=["name"])
    with django_assert_num_queries(1):
        fetch(shop, first=5)
    with django_assert_num_queries(2):
        assert fetch(shop, first=5, total=True)["totalCount"] == 40
    with django_assert_num_queries(1):  # everything fits on the page: counted from it
        assert fetch(shop, first=100, total=True)["totalCount"] == 40


def test_a_prepared_source_compiles_its_page_and_count_once(shop, monkeypatch):
    """Walking the pages again builds no queryset SQL: every page (by its
    shape: first page, or after a cursor) and the count reuse what the first
    walk compiled, with the new values swapped in."""
    from django.db.models.sql.compiler import SQLCompiler

    Item = shop["Item"]
    shop["state"].update(queryset=Item.objects.all(), sort_fields=["name"], prepared=True)
    expected = python_order(Item.objects.all(), [(attr("name"), False, True)])
    assert walk_forward(shop, 7) == (expected, 6)
    first = fetch(shop, first=3, total=True)
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(self) or original(self, *a, **k))
    assert walk_forward(shop, 7) == (expected, 6)
    again = fetch(shop, first=3, total=True)
    assert again == first and again["totalCount"] == 40
    assert compiled == []


def test_a_prepared_source_counts_only_when_asked(shop, django_assert_num_queries):
    Item = shop["Item"]
    shop["state"].update(queryset=Item.objects.filter(price__isnull=False), sort_fields=["-price"], prepared=True)
    priced = Item.objects.filter(price__isnull=False).count()
    with django_assert_num_queries(1):
        fetch(shop, first=5)
    with django_assert_num_queries(2):
        assert fetch(shop, first=5, total=True)["totalCount"] == priced


def test_connection_field_slices_a_returned_queryset(shop):
    Item = shop["Item"]
    shop["state"].update(queryset=Item.objects.order_by("-created"))
    expected = python_order(Item.objects.all(), [(attr("created"), True, False)])
    seen, after = [], None
    while True:
        page = fetch(shop, field="items", first=15, after=after, total=True)
        assert page["totalCount"] == 40
        seen += [e["node"]["pk"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == expected


def test_lists_and_promises_of_lists_page_by_position(shop):
    pks = list(shop["Item"].objects.order_by("pk").values_list("pk", flat=True))
    first = fetch(shop, field="promisedItems", first=10, total=True)
    assert [e["node"]["pk"] for e in first["edges"]] == pks[:10]
    assert first["totalCount"] == 40
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    second = fetch(shop, field="promisedItems", first=10, after=first["pageInfo"]["endCursor"])
    assert [e["node"]["pk"] for e in second["edges"]] == pks[10:20]
    assert second["pageInfo"]["hasPreviousPage"]
    last = fetch(shop, field="promisedItems", last=5, before=second["pageInfo"]["startCursor"])
    assert [e["node"]["pk"] for e in last["edges"]] == pks[5:10]
    assert last["pageInfo"]["hasNextPage"] and last["pageInfo"]["hasPreviousPage"]


def test_empty_result(shop):
    shop["state"].update(queryset=shop["Item"].objects.none(), sort_fields=["name"])
    page = fetch(shop, first=10, total=True)
    assert page == {
        "edges": [],
        "pageInfo": {"hasNextPage": False, "hasPreviousPage": False, "startCursor": None, "endCursor": None},
        "totalCount": 0,
    }


@pytest.mark.parametrize(
    "variables,message",
    [
        ({}, "You must provide a `first` or `last` value to properly paginate the `slicedItems` connection."),
        (
            {"first": 101},
            "Requesting 101 records on the `slicedItems` connection exceeds the `first` limit of 100 records.",
        ),
        (
            {"last": 250},
            "Requesting 250 records on the `slicedItems` connection exceeds the `last` limit of 100 records.",
        ),
        ({"first": -1}, "Argument `first` must be a non-negative integer."),
        ({"first": 1, "last": 1}, "Argument `last` cannot be combined with `first`."),
        ({"first": 1, "before": "x"}, "Argument `first` cannot be combined with `before`."),
        ({"last": 1, "after": "x"}, "Argument `last` cannot be combined with `after`."),
        ({"first": 1, "after": "not a cursor"}, "Received cursor is invalid."),
        ({"first": 1, "after": encode_cursor(["a", "b", "c"])}, "Received cursor is invalid."),
    ],
)
def test_pagination_argument_errors(shop, variables, message):
    shop["state"].update(queryset=shop["Item"].objects.all(), sort_fields=["name"])
    with pytest.raises(GraphQLError) as error:
        fetch(shop, **variables)
    assert error.value.message == message


def test_page_limit_follows_settings(shop, settings):
    settings.GRAPHQL_PAGINATION_LIMIT = 10
    shop["state"].update(queryset=shop["Item"].objects.all(), sort_fields=["name"])
    with pytest.raises(GraphQLError, match="exceeds the `first` limit of 10 records"):
        fetch(shop, first=11)


def test_cursor_values_keep_full_precision():
    moment = datetime.datetime(2025, 7, 1, 8, 0, 0, 123456, tzinfo=datetime.UTC)
    assert decode_cursor(encode_cursor([moment, decimal.Decimal("1.10"), None, 3])) == [
        "2025-07-01T08:00:00.123456+00:00",
        "1.10",
        None,
        3,
    ]


def test_unsupported_sort_expression_is_a_clear_error(shop):
    with pytest.raises(ValueError, match="Cannot paginate by"):
        create_connection_slice(
            shop["Item"].objects.all(), None, {"first": 1}, CountableConnection, [Coalesce("rating", 0.0)]
        )
