"""Writing search entries: weights, the dirty flag, batches in constant queries,
and sweepers that never fight over the same rows."""

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

from tests.factories import gtin

pytestmark = pytest.mark.django_db


def lexemes(product):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme, array_to_string(weights, '') "
            "FROM unnest((SELECT search_vector FROM product_product WHERE id = %s))",
            [product.pk],
        )
        return dict(cursor.fetchall())


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
    assert "ve rong" not in document.flat_text


def test_vector_carries_weights_and_dirty_flag_is_cleared(vase):
    assert Product.objects.get(pk=vase.pk).search_index_dirty
    assert update_products_search_vector([vase.pk]) == 1

    vase.refresh_from_db()
    assert not vase.search_index_dirty
    assert vase.search_document.startswith("binh gom vase")
    weights = lexemes(vase)
    assert weights["binh"] == "A" and weights["vase"] == "A"
    assert weights["bt001"] == "B" and weights["quang"] == "B"
    assert weights["glaze"] == "C"
    assert weights["rong"] == "D"


def test_change_through_actions_marks_dirty_again(vase):
    update_products_search_vector([vase.pk])
    vase.name = "Bình gốm men rạn"
    actions.save_product(vase)
    assert Product.objects.get(pk=vase.pk).search_index_dirty
    update_products_search_vector([vase.pk])
    vase.refresh_from_db()
    assert "men ran" in vase.search_document and not vase.search_index_dirty


def test_reindexing_is_idempotent_and_skips_deleted_products(vase):
    update_products_search_vector([vase.pk])
    first = Product.objects.values_list("search_vector", "search_document").get(pk=vase.pk)
    assert update_products_search_vector([vase.pk, vase.pk, 999_999]) == 1
    assert Product.objects.values_list("search_vector", "search_document").get(pk=vase.pk) == first


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

    # savepoint, lock, products, 10 prefetched relations, update, vocabulary, release
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
