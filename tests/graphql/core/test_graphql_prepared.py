"""Dataloader queries compiled once (core/prepared.py): the same rows as the
ORM, one statement per shape, and the ORM whenever a value does not fit."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from commerce.graphql.core import prepared
from commerce.graphql.core.prepared import count_prepared, run_prepared
from commerce.product.models import Category, ProductChannelListing, ProductVariantChannelListing
from tests import factories


@pytest.fixture(autouse=True)
def _fresh_cache():
    prepared.clear_prepared()
    yield
    prepared.clear_prepared()


def categories(ids):
    return Category.objects.filter(pk__in=ids).order_by("pk")


def test_rows_are_the_orm_rows_and_values_are_swapped_per_call(db):
    made = [factories.make_category(f"Danh mục {n}", slug=f"danh-muc-{n}") for n in range(4)]
    first = run_prepared("categories", categories, ids=[made[0].pk, made[1].pk])
    second = run_prepared("categories", categories, ids=[made[2].pk, made[3].pk])
    assert first == list(categories([made[0].pk, made[1].pk]))
    assert second == [made[2], made[3]]
    assert [row.name for row in second] == ["Danh mục 2", "Danh mục 3"]
    # One statement for both calls (two keys each), then another for three keys.
    assert sum(1 for key in prepared._cache if key[0] == "categories") == 1
    assert run_prepared("categories", categories, ids=[made[3].pk, made[0].pk, made[1].pk]) == [
        made[0],
        made[1],
        made[3],
    ]
    assert sum(1 for key in prepared._cache if key[0] == "categories") == 2


def test_one_query_per_call_with_the_orm_sql(db):
    category = factories.make_category()
    run_prepared("categories", categories, ids=[category.pk])
    with CaptureQueriesContext(connection) as orm:
        list(categories([category.pk]))
    with CaptureQueriesContext(connection) as ours:
        rows = run_prepared("categories", categories, ids=[category.pk])
    assert rows == [category]
    # The same statement; ours binds its values on the server ($1), the ORM's in the text.
    assert [placeholders(q["sql"]) for q in ours.captured_queries] == [
        placeholders(q["sql"]) for q in orm.captured_queries
    ]
    assert "$1" in ours.captured_queries[0]["sql"]


def placeholders(sql):
    return re.sub(r"\$\d+|'[^']*'|\b\d+\b", "?", sql)


def test_a_statement_run_again_is_prepared_on_the_server(db, settings):
    """PostgreSQL plans a compiled statement once per connection, not once per run."""
    factories.make_category()
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    assert threshold is not None and threshold == settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"]
    for _ in range(threshold + 1):
        run_prepared("categories", categories, ids=[Category.objects.get().pk])
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared_here = [row[0] for row in cursor.fetchall()]
    assert any('FROM "product_category" WHERE "product_category"."id" IN ($1)' in sql for sql in prepared_here)


def test_annotations_select_related_and_string_arguments(db, channel):
    product = factories.make_product(channels=[channel])
    other = factories.make_channel("other-shop")

    def listings(ids, slug):
        return (
            ProductVariantChannelListing.objects.filter(variant__product_id__in=ids, channel__slug=slug)
            .select_related("variant")
            .annotate(variant_product_id=F("variant__product_id"))
            .order_by("pk")
        )

    for _ in range(2):  # compiled on the first call, reused on the second
        rows = run_prepared("listings", listings, ids=[product.pk], slug=channel.slug)
        expected = list(listings([product.pk], channel.slug))
        assert rows == expected and rows
        assert [row.variant_product_id for row in rows] == [product.pk] * len(rows)
        with CaptureQueriesContext(connection) as queries:
            assert rows[0].variant.product_id == product.pk  # loaded with the row
        assert not queries.captured_queries
    assert run_prepared("listings", listings, ids=[product.pk], slug=other.slug) == []


@pytest.mark.parametrize(
    "ids",
    [
        [],  # the ORM answers without a query
        [None],
        [1, 1],  # duplicates: Django would send fewer parameters
        [True],
        ["1"],  # a string for an integer column: compiles to nothing usable
        [2**40],
    ],
)
def test_values_a_statement_cannot_stand_for_go_through_the_orm(db, ids):
    factories.make_category()
    assert run_prepared("odd", categories, ids=ids) == list(categories(ids))
    assert all(statement is None for statement in prepared._cache.values())


def test_a_queryset_that_does_not_compile_is_left_to_the_orm(db):
    category = factories.make_category()

    def with_prefetch(ids):
        return categories(ids).prefetch_related("children")

    assert run_prepared("prefetch", with_prefetch, ids=[category.pk]) == [category]
    assert prepared._cache == {("prefetch", (("ids", "int", 1),)): None}
    assert run_prepared("prefetch", with_prefetch, ids=[category.pk]) == [category]


def published_by(now, channel_id):
    return ProductChannelListing.objects.filter(published_at__lte=now, channel_id=channel_id).order_by("pk")


def test_a_clock_reading_is_an_argument_like_any_other(db, channel):
    """An aware datetime stands in the statement like a key: one statement for
    every reading, each call with its own."""
    early, late = (datetime.datetime(2025, 1, day, tzinfo=datetime.UTC) for day in (1, 20))
    for days in (2, 10):
        product = factories.make_product(channels=[channel])
        ProductChannelListing.objects.filter(product=product).update(published_at=early + datetime.timedelta(days))
    for now in (early, early + datetime.timedelta(5), late):
        assert run_prepared("published", published_by, now=now, channel_id=channel.pk) == list(
            published_by(now, channel.pk)
        )
    assert [len(run_prepared("published", published_by, now=now, channel_id=channel.pk)) for now in (early, late)] == [
        0,
        2,
    ]
    assert sum(1 for key in prepared._cache if key[0] == "published") == 1


def test_a_naive_datetime_goes_through_the_orm(db, channel, settings):
    settings.USE_TZ = False
    naive = datetime.datetime(2025, 1, 1)
    assert run_prepared("published", published_by, now=naive, channel_id=channel.pk) == []
    assert prepared._cache == {}


def test_a_count_is_one_statement_compiled_once_and_counts_as_the_orm(db, channel):
    when = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    for _ in range(3):
        factories.make_product(channels=[channel])
    ProductChannelListing.objects.update(published_at=when - datetime.timedelta(days=1))
    assert count_prepared("published", published_by, now=when, channel_id=channel.pk) == 3
    with CaptureQueriesContext(connection) as queries:
        assert count_prepared("published", published_by, now=when, channel_id=channel.pk + 1000) == 0
        assert count_prepared("published", published_by, now=when, channel_id=channel.pk) == (
            published_by(when, channel.pk).count()
        )
    assert len(queries.captured_queries) == 3  # two counts and the ORM's
    counted = queries.captured_queries[0]["sql"]
    assert counted.startswith("SELECT COUNT(*) FROM (SELECT") and "ORDER BY" not in counted
    assert sum(1 for key in prepared._cache if key[0] == (prepared._COUNT, "published")) == 1


def test_a_count_that_cannot_be_compiled_is_the_orms(db, channel):
    factories.make_product(channels=[channel])

    def sliced(channel_id):
        return ProductChannelListing.objects.filter(channel_id=channel_id).order_by("pk")[:5]

    assert count_prepared("sliced", sliced, channel_id=channel.pk) == 1
    assert prepared._cache == {((prepared._COUNT, "sliced"), (("channel_id", "int", None),)): None}
