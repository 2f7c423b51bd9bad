"""Writing search entries: weights, the words unfinished queries complete, the
dirty flag, batches in constant queries, and sweepers that never fight over the
same rows."""

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from commerce.product import actions
from commerce.product.models import Product
from commerce.search.indexing import (
    prepare_product_search_document,
    products_for_indexing,
    update_dirty_products,
    update_products_search_vector,
)
from commerce.search.models import ProductSearchEntry

from tests.factories import gtin

pytestmark = pytest.mark.django_db


def lexemes(product, column="vector"):
    """{lexeme: its weights} of the product's entry."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme, array_to_string(weights, '') "
            f"FROM unnest((SELECT {column} FROM search_productsearchentry WHERE product_id = %s))",
            [product.pk],
        )
        return dict(cursor.fetchall())


def entry(product):
    return ProductSearchEntry.objects.values_list("vector", "prefix_vector").get(product=product)


@pytest.fixture
def vase(make_product, attribute_value, potter, bat_trang, ceramics):
    return make_product(
        "Bình gốm",
        description="Vẽ rồng bằng tay.",
        sku="BT-001",
        gtin_code=gtin(1),
        producer=potter,
        village=bat_trang,
        category=ceramics,
        attributes=[attribute_value("chat-lieu", "Men lam", english="Blue glaze")],
        variant_attributes=[attribute_value("kich-thuoc", "Cao 40 cm", english="40 cm tall")],
        english="Vase",
    )


def test_document_parts_by_weight(vase):
    document = prepare_product_search_document(products_for_indexing().get(pk=vase.pk))
    assert document.names == "binh gom vase"
    assert "bt 001 bt001" in document.references
    assert gtin(1) in document.references
    assert "hop tac xa gom su quang vinh" in document.references
    assert "lang gom bat trang" in document.references and "bat trang pottery village" in document.references
    assert "do gom su" in document.references and "thu cong my nghe" in document.references
    assert "men lam" in document.attributes and "blue glaze" in document.attributes
    assert "cao 40 cm" in document.attributes and "40 cm tall" in document.attributes
    assert document.description == "ve rong bang tay"


def test_vector_carries_weights_and_dirty_flag_is_cleared(vase):
    assert Product.objects.get(pk=vase.pk).search_index_dirty
    assert update_products_search_vector([vase.pk]) == 1

    vase.refresh_from_db()
    assert not vase.search_index_dirty
    weights = lexemes(vase)
    assert weights["binh"] == "A" and weights["vase"] == "A"
    assert weights["bt001"] == "B" and weights["quang"] == "B"
    assert weights["glaze"] == "C"
    assert weights["rong"] == "D"


def test_unfinished_words_complete_names_references_and_attributes_only(vase):
    update_products_search_vector([vase.pk])
    completable = lexemes(vase, "prefix_vector")
    assert {"binh", "vase", "bt001", "quang", "glaze"} <= completable.keys()
    assert "rong" not in completable  # description words are matched whole only
    assert set(completable.values()) == {None}  # no weights or positions: only looked up


def test_change_through_actions_marks_dirty_again(vase):
    update_products_search_vector([vase.pk])
    vase.name = "Bình gốm men rạn"
    actions.save_product(vase)
    assert Product.objects.get(pk=vase.pk).search_index_dirty
    update_products_search_vector([vase.pk])
    vase.refresh_from_db()
    assert lexemes(vase)["ran"] == "A" and not vase.search_index_dirty
    assert ProductSearchEntry.objects.count() == 1  # rewritten, not added


def test_reindexing_is_idempotent_and_skips_deleted_products(vase):
    update_products_search_vector([vase.pk])
    first = entry(vase)
    assert update_products_search_vector([vase.pk, vase.pk, 999_999]) == 1
    assert entry(vase) == first


def test_deleting_a_product_deletes_its_entry(vase):
    update_products_search_vector([vase.pk])
    actions.delete_products([vase.pk])
    assert not ProductSearchEntry.objects.exists()


def _products(make_product, attribute_value, potter, bat_trang, ceramics, count, offset):
    return [
        make_product(
            f"Sản phẩm {offset + i}",
            sku=f"Q-{offset + i}",
            producer=potter,
            village=bat_trang,
            category=ceramics,
            attributes=[attribute_value("mau", f"Màu {offset + i}", english=f"Colour {offset + i}")],
            variant_attributes=[attribute_value("co", f"Cỡ {offset + i}", english=f"Size {offset + i}")],
            english=f"Product {offset + i}",
        ).pk
        for i in range(count)
    ]


def test_query_count_does_not_grow_with_the_batch(make_product, attribute_value, potter, bat_trang, ceramics):
    few = _products(make_product, attribute_value, potter, bat_trang, ceramics, 5, 0)
    many = _products(make_product, attribute_value, potter, bat_trang, ceramics, 50, 100)

    with CaptureQueriesContext(connection) as five:
        assert update_products_search_vector(few) == 5
    with CaptureQueriesContext(connection) as fifty:
        assert update_products_search_vector(many) == 50

    # savepoint, lock, products, 10 prefetched relations, entries and flags, vocabulary, release
    assert len(five) == len(fifty) == 16, [q["sql"][:100] for q in fifty.captured_queries]


def test_dirty_sweep_indexes_every_dirty_product_in_batches(make_product):
    for i in range(7):
        make_product(f"Nón lá {i}")
    assert update_dirty_products(batch_size=3) == 7
    assert not Product.objects.filter(search_index_dirty=True).exists()
    assert update_dirty_products(batch_size=3) == 0


@pytest.mark.django_db(transaction=True)
def test_rows_another_transaction_holds_are_skipped_not_waited_for(make_product):
    held, free = make_product("Bình gốm"), make_product("Khăn lụa")
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                list(Product.objects.select_for_update().filter(pk=held.pk))
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(10)
        assert update_dirty_products() == 1  # returns at once: no waiting on the held row
        assert update_products_search_vector([held.pk]) == 0  # nor does the task
    finally:
        release.set()
        thread.join()

    assert Product.objects.get(pk=held.pk).search_index_dirty
    assert not Product.objects.get(pk=free.pk).search_index_dirty
