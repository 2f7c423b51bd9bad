"""After a change commits, a real Celery worker rebuilds the product's search entry."""

import time

import pytest

from commerce.product import actions
from commerce.product.models import Product, ProductType
from commerce.search import search_products
from commerce.search.tasks import update_dirty_search_vectors, update_products_search_vector_task


def wait_until(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def is_indexed(pk):
    return not Product.objects.get(pk=pk).search_index_dirty


def test_products_changed_queues_a_rebuild_that_a_worker_runs(celery_worker_real):
    product_type = ProductType.objects.create(name="Gốm", slug="gom")
    vase = actions.save_product(Product(name="Bình gốm Bát Tràng", slug="binh-gom", product_type=product_type))
    assert wait_until(lambda: is_indexed(vase.pk))
    assert [p.pk for p in search_products(Product.objects.all(), "binh gom bat trang")] == [vase.pk]

    vase.name = "Lọ hoa Đông Hồ"
    actions.save_product(vase)
    assert wait_until(lambda: is_indexed(vase.pk))
    assert [p.pk for p in search_products(Product.objects.all(), "lo hoa dong ho")] == [vase.pk]
    assert list(search_products(Product.objects.all(), "binh gom")) == []


@pytest.mark.django_db
def test_tasks_run_in_process_too(make_product):
    """Tasks are plain functions underneath: callable directly by management code."""
    vase = make_product("Bình gốm")
    assert update_products_search_vector_task([vase.pk]) == 1
    make_product("Khăn lụa")
    assert update_dirty_search_vectors() == 1


def test_tasks_are_acknowledged_late():
    assert update_products_search_vector_task.acks_late
    assert update_dirty_search_vectors.acks_late
