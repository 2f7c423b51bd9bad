"""Fixtures shared by the whole suite. The database is pytest-django's test database.

Run the suite with `./shop test`: it provides DATABASE_URL and REDIS_URL (embedded
servers under .data/test/ when they are not set) and a Celery queue name of its
own for this run (OCOP_TEST_QUEUE), so tasks sent by tests never reach, or get
taken by, a worker of `./shop run` or of another test run on the same Redis.
"""

import os
import uuid

import pytest

from config.celery import app as celery_app

TEST_QUEUE = os.environ.get("OCOP_TEST_QUEUE") or f"ocop-test-{uuid.uuid4().hex[:10]}"
# Before anything sends a task: every task of this run goes to this queue.
celery_app.conf.task_default_queue = TEST_QUEUE


@pytest.fixture
def celery_worker_real(transactional_db):
    """A real Celery worker (in a thread) on the real broker, consuming this run's queue.

    For tests of asynchronous behaviour: send a task with `.delay()` and wait for
    its effect. The worker has its own database connection, so it only sees
    committed rows: this fixture therefore uses `transactional_db`. Tasks run
    one at a time ("solo" pool) in this process, with the project's settings.
    Without a result backend, wait on the effect (a row, a cache key), not on
    `AsyncResult.get()`.
    """
    from celery.contrib.testing.worker import start_worker

    with start_worker(
        celery_app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,
        queues=[TEST_QUEUE],
        loglevel="WARNING",
        shutdown_timeout=30,
    ) as worker:
        yield worker


@pytest.fixture(autouse=True)
def _no_graphql_response_cache(settings):
    """Most tests run inside a transaction that never commits, so the catalogue
    version that invalidates cached responses never moves: with the cache on, a
    test could be answered from another test's entry. The cache's own tests
    (tests/graphql/core/test_response_cache.py) turn it on and commit."""
    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _private_imports_storage(settings, tmp_path_factory, monkeypatch):
    """Import files go to a temporary private folder, not the developer's .data/.
    File fields resolve their storage once, when the model is defined, so the
    fields are pointed at the overridden storage too."""
    from django.core.files.storage import storages as all_storages

    from catalog_import.models import ImportJob

    storages = {name: dict(value) for name, value in settings.STORAGES.items()}
    storages["imports"] = {**storages["imports"], "OPTIONS": {
        "location": str(tmp_path_factory.mktemp("private-imports")), "base_url": None}}
    settings.STORAGES = storages
    for name in ("source", "images_zip", "report_json", "report_xlsx"):
        monkeypatch.setattr(ImportJob._meta.get_field(name), "storage", all_storages["imports"])
