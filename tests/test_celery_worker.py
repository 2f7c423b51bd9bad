"""The celery_worker_real fixture runs tasks sent by a test on the real broker."""

import time
import uuid

from django.core.cache import cache

from config.celery import app


@app.task(name="tests.set_cache_key")
def set_cache_key(key, value):
    cache.set(key, value, timeout=60)


def test_a_real_worker_runs_a_task_sent_with_delay(celery_worker_real):
    key = f"test-worker:{uuid.uuid4().hex}"
    set_cache_key.delay(key, "done")

    deadline = time.monotonic() + 20
    while cache.get(key) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert cache.get(key) == "done"
