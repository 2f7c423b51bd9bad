"""Deferred execution: batching per level, and the spec's error and null rules.

A small library schema (books, authors, countries held in dicts) with a
loader per relation; every loader records its batch calls on the context, so
the tests can assert how many batches ran and with which keys.
"""

import graphene
import pytest
from graphql import parse

from commerce.graphql.core.context import RequestContext
from commerce.graphql.core.dataloaders import DataLoader, wait_for
from commerce.graphql.core.execution import DeferredExecutionContext, execute
from commerce.graphql.core.promise import Promise

COUNTRIES = {100: {"id": 100, "name": "Việt Nam"}, 101: {"id": 101, "name": "Lào"}}
AUTHORS = {
    10: {"id": 10, "name": "Tô Hoài", "country": 100},
    11: {"id": 11, "name": "Nam Cao", "country": 100},
    12: {"id": 12, "name": "Somphone", "country": 101},
    13: {"id": 13, "name": "Stateless", "country": 999},
}
BOOKS = {
    1: {"id": 1, "title": "Dế Mèn", "author": 10},
    2: {"id": 2, "title": "Chí Phèo", "author": 11},
    3: {"id": 3, "title": "Lão Hạc", "author": 11},
    4: {"id": 4, "title": "Mekong", "author": 12},
    5: {"id": 5, "title": "Orphan", "author": 99},  # author missing
    6: {"id": 6, "title": "Vợ chồng A Phủ", "author": 10},
    7: {"id": 7, "title": "Nowhere", "author": 13},  # author's country missing
}


class LibraryContext(RequestContext):
    def __init__(self):
        super().__init__(user=object())
        self.log = []


class LoggingLoader(DataLoader):
    table: dict = {}

    def batch_load(self, keys):
        self.context.log.append((self.context_key, list(keys)))
        return [self.table.get(key) for key in keys]


class BookLoader(LoggingLoader):
    context_key = "book"
    table = BOOKS


class AuthorLoader(LoggingLoader):
    context_key = "author"
    table = AUTHORS


class CountryLoader(LoggingLoader):
    context_key = "country"
    table = COUNTRIES


class BooksByAuthorLoader(DataLoader):
    context_key = "books_by_author"

    def batch_load(self, keys):
        self.context.log.append((self.context_key, list(keys)))
        return {key: [b for b in BOOKS.values() if b["author"] == key] for key in keys}


class BrokenLoader(DataLoader):
    context_key = "broken"

    def batch_load(self, keys):
        self.context.log.append((self.context_key, list(keys)))
        raise ConnectionError("database went away")


class PickyLoader(DataLoader):
    """Fails only for odd keys, as a value in the result list."""

    context_key = "picky"

    def batch_load(self, keys):
        return [ValueError(f"odd key {k}") if k % 2 else k * 100 for k in keys]


class Country(graphene.ObjectType):
    id = graphene.Int(required=True)
    name = graphene.String(required=True)


class Author(graphene.ObjectType):
    id = graphene.Int(required=True)
    name = graphene.String(required=True)
    country = graphene.Field(Country)
    country_required = graphene.Field(Country, required=True)
    books = graphene.List(graphene.NonNull(lambda: Book), required=True)

    def resolve_country(root, info):
        return CountryLoader(info.context).load(root["country"])

    resolve_country_required = resolve_country

    def resolve_books(root, info):
        return BooksByAuthorLoader(info.context).load(root["id"])


class Book(graphene.ObjectType):
    id = graphene.Int(required=True)
    title = graphene.String(required=True)
    author = graphene.Field(Author)
    author_required = graphene.Field(Author, required=True)
    author_country_name = graphene.String()
    author_and_country = graphene.List(graphene.String)
    broken = graphene.String()
    broken_required = graphene.String(required=True)
    broken_load = graphene.String()
    broken_load_required = graphene.String(required=True)
    picky = graphene.Int()
    failing_then = graphene.String()

    def resolve_author(root, info):
        return AuthorLoader(info.context).load(root["author"])

    resolve_author_required = resolve_author

    def resolve_author_country_name(root, info):
        # A chain: the second load depends on the first one's result.
        return (
            AuthorLoader(info.context)
            .load(root["author"])
            .then(lambda author: author and CountryLoader(info.context).load(author["country"]))
            .then(lambda country: country and country["name"])
        )

    def resolve_author_and_country(root, info):
        author = AuthorLoader(info.context).load(root["author"])
        country = author.then(lambda a: CountryLoader(info.context).load(a["country"]) if a else None)
        return Promise.all([author, country]).then(
            lambda pair: [pair[0] and pair[0]["name"], pair[1] and pair[1]["name"]]
        )

    def resolve_broken(root, info):
        raise ValueError(f"resolver failed for book {root['id']}")

    resolve_broken_required = resolve_broken

    def resolve_broken_load(root, info):
        return BrokenLoader(info.context).load(root["id"])

    resolve_broken_load_required = resolve_broken_load

    def resolve_picky(root, info):
        return PickyLoader(info.context).load(root["id"])

    def resolve_failing_then(root, info):
        return BookLoader(info.context).load(root["id"]).then(lambda _b: 1 / 0)


class Result(graphene.Union):
    class Meta:
        types = (Book, Author)

    @classmethod
    def resolve_type(cls, instance, info):
        return Book if "title" in instance else Author


class Query(graphene.ObjectType):
    books = graphene.List(Book, ids=graphene.List(graphene.Int, required=True))
    books_loaded = graphene.List(Book, ids=graphene.List(graphene.Int, required=True))
    books_each_loaded = graphene.List(Book, ids=graphene.List(graphene.Int, required=True))
    strict_books = graphene.List(graphene.NonNull(Book), ids=graphene.List(graphene.Int, required=True))
    required_book = graphene.Field(Book, id=graphene.Int(required=True), required=True)
    search = graphene.List(Result, ids=graphene.List(graphene.Int, required=True))
    stalled = graphene.String()

    def resolve_books(root, info, ids):
        return [BOOKS[i] for i in ids]

    def resolve_books_loaded(root, info, ids):
        return BookLoader(info.context).load_many(ids)

    def resolve_books_each_loaded(root, info, ids):
        return [BookLoader(info.context).load(i) for i in ids]

    resolve_strict_books = resolve_books_each_loaded

    def resolve_required_book(root, info, id):
        return BookLoader(info.context).load(id)

    def resolve_search(root, info, ids):
        # Books and authors share ids space here: even ids are books, odd are authors.
        return [
            BookLoader(info.context).load(i) if i < 10 else AuthorLoader(info.context).load(i) for i in ids
        ]

    def resolve_stalled(root, info):
        return Promise()  # nothing will ever settle this


class Record(graphene.ObjectType):
    tag = graphene.String()
    loaded = graphene.String()

    def resolve_loaded(root, info):
        return TagLoader(info.context).load(root["tag"])


class TagLoader(DataLoader):
    context_key = "tag"

    def batch_load(self, keys):
        self.context.log.append(("load", list(keys)))
        return [f"loaded {k}" for k in keys]


class RecordOnce(DataLoader):
    context_key = "record"

    def batch_load(self, keys):
        self.context.log.append(("record", list(keys)))
        return [{"tag": k} for k in keys]


class RecordMutation(graphene.ObjectType):
    record = graphene.Field(Record, tag=graphene.String(required=True))

    def resolve_record(root, info, tag):
        info.context.log.append(("resolve", tag))
        return RecordOnce(info.context).load(tag)


schema = graphene.Schema(query=Query, mutation=RecordMutation)


def run(query, variables=None):
    context = LibraryContext()
    result = execute(schema.graphql_schema, parse(query), context_value=context, variable_values=variables)
    return result.formatted, context.log


# --- batching -------------------------------------------------------------------


def test_one_batch_per_loader_per_level_with_deduplicated_keys():
    data, log = run("{ books(ids: [1, 2, 3, 4, 6]) { title author { name country { name } } } }")
    assert "errors" not in data
    assert [b["author"]["name"] for b in data["data"]["books"]] == [
        "Tô Hoài",
        "Nam Cao",
        "Nam Cao",
        "Somphone",
        "Tô Hoài",
    ]
    assert data["data"]["books"][3]["author"]["country"] == {"name": "Lào"}
    assert log == [("author", [10, 11, 12]), ("country", [100, 101])]


def test_nested_lists_load_one_batch_per_level_and_reuse_the_request_cache():
    data, log = run("{ books(ids: [1, 2]) { author { name books { title author { name } } } } }")
    assert "errors" not in data
    assert [b["title"] for b in data["data"]["books"][1]["author"]["books"]] == ["Chí Phèo", "Lão Hạc"]
    # Authors 10 and 11 were loaded at level 1: the nested `author` costs no batch.
    assert log == [("author", [10, 11]), ("books_by_author", [10, 11])]


def test_promise_of_a_list_whose_objects_load_more():
    data, log = run("{ booksLoaded(ids: [4, 1]) { title author { name } } }")
    assert data["data"]["booksLoaded"] == [
        {"title": "Mekong", "author": {"name": "Somphone"}},
        {"title": "Dế Mèn", "author": {"name": "Tô Hoài"}},
    ]
    assert log == [("book", [4, 1]), ("author", [12, 10])]


def test_list_of_promises():
    data, log = run("{ booksEachLoaded(ids: [2, 3, 2]) { title author { name } } }")
    assert [b["title"] for b in data["data"]["booksEachLoaded"]] == ["Chí Phèo", "Lão Hạc", "Chí Phèo"]
    assert log == [("book", [2, 3]), ("author", [11])]


def test_then_chains_and_promise_all():
    data, log = run("{ books(ids: [1, 4, 5]) { authorCountryName authorAndCountry } }")
    assert "errors" not in data
    assert data["data"]["books"] == [
        {"authorCountryName": "Việt Nam", "authorAndCountry": ["Tô Hoài", "Việt Nam"]},
        {"authorCountryName": "Lào", "authorAndCountry": ["Somphone", "Lào"]},
        {"authorCountryName": None, "authorAndCountry": [None, None]},
    ]
    # Both fields share the loaders: still one batch per loader per level.
    assert log == [("author", [10, 12, 99]), ("country", [100, 101])]


def test_union_resolved_after_the_promise_settles():
    data, _log = run("{ search(ids: [1, 11]) { __typename ... on Book { title } ... on Author { name } } }")
    assert data["data"]["search"] == [
        {"__typename": "Book", "title": "Dế Mèn"},
        {"__typename": "Author", "name": "Nam Cao"},
    ]


def test_graphene_execute_accepts_the_execution_context_class():
    context = LibraryContext()
    result = schema.execute(
        "{ books(ids: [1, 2]) { author { name } } }",
        context_value=context,
        execution_context_class=DeferredExecutionContext,
    )
    assert result.errors is None
    assert context.log == [("author", [10, 11])]


def test_wait_for_settles_a_load_outside_the_executor():
    context = LibraryContext()
    assert wait_for(AuthorLoader(context).load(10), context)["name"] == "Tô Hoài"
    assert wait_for("plain value", context) == "plain value"


def test_loader_instances_are_per_context_and_keys_must_be_unique():
    context = LibraryContext()
    assert AuthorLoader(context) is AuthorLoader(context)
    assert AuthorLoader(LibraryContext()) is not AuthorLoader(context)

    class Impostor(DataLoader):
        context_key = "author"

    with pytest.raises(TypeError, match="share context_key"):
        Impostor(context)


def test_batch_load_returning_the_wrong_number_of_values_rejects_the_batch():
    class Short(DataLoader):
        context_key = "short"

        def batch_load(self, keys):
            return keys[:-1]

    context = LibraryContext()
    promise = Short(context).load_many([1, 2])
    with pytest.raises(TypeError, match="returned 1 values for 2 keys"):
        wait_for(promise, context)


def test_batch_load_returning_no_list_rejects_the_batch():
    class Nothing(DataLoader):
        context_key = "nothing"

        def batch_load(self, keys):
            return None

    context = LibraryContext()
    with pytest.raises(TypeError, match="must return a list or a mapping, not NoneType"):
        wait_for(Nothing(context).load(1), context)


def test_batch_load_may_return_a_promise_built_on_another_loader():
    class CountryOfAuthor(DataLoader):
        context_key = "country_of_author"

        def batch_load(self, keys):
            return (
                AuthorLoader(self.context)
                .load_many(keys)
                .then(lambda authors: CountryLoader(self.context).load_many([a["country"] for a in authors]))
            )

    context = LibraryContext()
    promise = CountryOfAuthor(context).load_many([10, 12])
    assert [c["name"] for c in wait_for(promise, context)] == ["Việt Nam", "Lào"]
    assert context.log == [("author", [10, 12]), ("country", [100, 101])]


# --- errors and nulls --------------------------------------------------------------


def test_resolver_error_nulls_the_field_with_its_path():
    data, _log = run("{ books(ids: [1, 2]) { title broken } }")
    assert data["data"]["books"] == [
        {"title": "Dế Mèn", "broken": None},
        {"title": "Chí Phèo", "broken": None},
    ]
    assert [(e["message"], e["path"]) for e in data["errors"]] == [
        ("resolver failed for book 1", ["books", 0, "broken"]),
        ("resolver failed for book 2", ["books", 1, "broken"]),
    ]
    assert data["errors"][0]["locations"] == [{"line": 1, "column": 30}]


def test_raising_batch_function_nulls_every_field_waiting_on_it():
    data, log = run("{ books(ids: [1, 2]) { title brokenLoad author { name } } }")
    assert data["data"]["books"] == [
        {"title": "Dế Mèn", "brokenLoad": None, "author": {"name": "Tô Hoài"}},
        {"title": "Chí Phèo", "brokenLoad": None, "author": {"name": "Nam Cao"}},
    ]
    assert [(e["message"], e["path"]) for e in data["errors"]] == [
        ("database went away", ["books", 0, "brokenLoad"]),
        ("database went away", ["books", 1, "brokenLoad"]),
    ]
    assert ("broken", [1, 2]) in log


def test_exception_value_in_a_batch_fails_only_its_key():
    data, _log = run("{ books(ids: [1, 2, 3]) { picky } }")
    assert data["data"]["books"] == [{"picky": None}, {"picky": 200}, {"picky": None}]
    assert [e["path"] for e in data["errors"]] == [["books", 0, "picky"], ["books", 2, "picky"]]


def test_error_raised_in_a_then_callback_is_a_field_error():
    data, _log = run("{ books(ids: [1]) { title failingThen } }")
    assert data["data"]["books"] == [{"title": "Dế Mèn", "failingThen": None}]
    assert data["errors"][0]["path"] == ["books", 0, "failingThen"]
    assert "division by zero" in data["errors"][0]["message"]


def test_null_in_non_null_field_propagates_to_the_nullable_list_item():
    data, _log = run("{ books(ids: [1, 5]) { title authorRequired { name } } }")
    assert data["data"]["books"] == [{"title": "Dế Mèn", "authorRequired": {"name": "Tô Hoài"}}, None]
    assert data["errors"] == [
        {
            "message": "Cannot return null for non-nullable field Book.authorRequired.",
            "locations": [{"line": 1, "column": 30}],
            "path": ["books", 1, "authorRequired"],
        }
    ]


def test_null_propagates_through_two_non_null_levels():
    # Author.countryRequired is null for author 13; Author is nullable on Book.
    data, _log = run("{ books(ids: [7, 1]) { title author { name countryRequired { name } } } }")
    assert data["data"]["books"] == [
        {"title": "Nowhere", "author": None},
        {"title": "Dế Mèn", "author": {"name": "Tô Hoài", "countryRequired": {"name": "Việt Nam"}}},
    ]
    assert [e["path"] for e in data["errors"]] == [["books", 0, "author", "countryRequired"]]


def test_failed_non_null_item_nulls_the_whole_list():
    data, _log = run("{ strictBooks(ids: [1, 42, 2]) { title } other: books(ids: [3]) { title } }")
    assert data["data"] == {"strictBooks": None, "other": [{"title": "Lão Hạc"}]}
    assert [e["path"] for e in data["errors"]] == [["strictBooks", 1]]


def test_non_null_root_field_failure_nulls_data():
    data, _log = run("{ requiredBook(id: 42) { title } books(ids: [1]) { title } }")
    assert data["data"] is None
    assert [e["path"] for e in data["errors"]] == [["requiredBook"]]


def test_failing_non_null_siblings_report_one_error_for_the_nulled_parent():
    data, _log = run("{ books(ids: [1]) { brokenLoadRequired brokenRequired author { name } } }")
    assert data["data"] == {"books": [None]}
    assert len(data["errors"]) == 1


def test_sync_error_in_non_null_field_with_pending_siblings():
    data, log = run("{ books(ids: [1, 2]) { author { name } brokenRequired } }")
    assert data["data"] == {"books": [None, None]}
    assert [e["path"] for e in data["errors"]] == [
        ["books", 0, "brokenRequired"],
        ["books", 1, "brokenRequired"],
    ]


def test_stalled_promise_is_an_error_not_a_hang():
    with pytest.raises(RuntimeError, match="stalled"):
        run("{ stalled }")


# --- mutations --------------------------------------------------------------------


def test_mutation_fields_run_serially_including_their_loads():
    data, log = run('mutation { a: record(tag: "a") { loaded } b: record(tag: "b") { loaded } }')
    assert data == {"data": {"a": {"loaded": "loaded a"}, "b": {"loaded": "loaded b"}}}
    assert log == [
        ("resolve", "a"),
        ("record", ["a"]),
        ("load", ["a"]),
        ("resolve", "b"),
        ("record", ["b"]),
        ("load", ["b"]),
    ]


def test_query_fields_share_batches():
    class Q(graphene.ObjectType):
        record = graphene.Field(Record, tag=graphene.String(required=True))
        resolve_record = RecordMutation.resolve_record

    query_schema = graphene.Schema(query=Q)
    context = LibraryContext()
    result = execute(
        query_schema.graphql_schema,
        parse('{ a: record(tag: "a") { loaded } b: record(tag: "b") { loaded } }'),
        context_value=context,
    )
    assert result.errors is None
    assert context.log == [("resolve", "a"), ("resolve", "b"), ("record", ["a", "b"]), ("load", ["a", "b"])]


# --- fields worked out once per execution -------------------------------------------


class Label(graphene.ObjectType):
    """Fields read by graphene's default resolver, from dicts and from objects."""

    text = graphene.String(required=True)
    note = graphene.String()
    count = graphene.Int()
    greeting = graphene.String(name=graphene.String(required=True))
    filtered = graphene.String(options=graphene.Argument(graphene.JSONString))

    def resolve_greeting(root, info, name):
        return f"{name}, {root['text'] if isinstance(root, dict) else root.text}"

    def resolve_filtered(root, info, options):
        # A resolver that changes its argument must not change the next item's.
        seen = options.setdefault("seen", [])
        seen.append(1)
        return str(len(seen))


class LabelObject:
    def __init__(self, text, count=None):
        self.text = text
        self.count = count


class LabelQuery(graphene.ObjectType):
    labels = graphene.List(Label)

    def resolve_labels(root, info):
        return [{"text": "a", "count": 1}, LabelObject("b", 2), {"text": "c", "note": "ghi chú"}]


label_schema = graphene.Schema(query=LabelQuery)


def run_labels(query, variables=None):
    result = execute(label_schema.graphql_schema, parse(query), context_value=LibraryContext(), variable_values=variables)
    return result.formatted


def test_default_resolver_reads_dicts_and_objects_and_missing_values_are_null():
    data = run_labels("{ labels { text note count } }")
    assert data == {
        "data": {
            "labels": [
                {"text": "a", "note": None, "count": 1},
                {"text": "b", "note": None, "count": 2},
                {"text": "c", "note": "ghi chú", "count": None},
            ]
        }
    }


def test_leaf_that_does_not_serialize_is_a_field_error_and_null_in_non_null_propagates():
    class Bad(graphene.ObjectType):
        items = graphene.List(Label)

        def resolve_items(root, info):
            return [{"text": "ok", "count": "nhiều"}, {"text": None}]

    result = execute(graphene.Schema(query=Bad).graphql_schema, parse("{ items { text count } }"), context_value=LibraryContext())
    data = result.formatted
    assert data["data"] == {"items": [{"text": "ok", "count": None}, None]}
    errors = {tuple(e["path"]): e["message"] for e in data["errors"]}
    assert set(errors) == {("items", 0, "count"), ("items", 1, "text")}
    assert "Int cannot represent non-integer value" in errors[("items", 0, "count")]
    assert errors[("items", 1, "text")] == "Cannot return null for non-nullable field Label.text."


def test_arguments_reach_every_item_and_mutable_literals_are_not_shared():
    data = run_labels(
        'query($who: String!) { labels { greeting(name: $who) filtered(options: "{}") } }', {"who": "Chào"}
    )
    assert data["data"]["labels"] == [
        {"greeting": "Chào, a", "filtered": "1"},
        {"greeting": "Chào, b", "filtered": "1"},
        {"greeting": "Chào, c", "filtered": "1"},
    ]


def test_bad_argument_is_an_error_for_each_item():
    data = run_labels('{ labels { text filtered(options: "{not json") } }')
    assert data["data"]["labels"] == [{"text": t, "filtered": None} for t in "abc"]
    assert [e["path"] for e in data["errors"]] == [["labels", i, "filtered"] for i in range(3)]
