"""config/runtime.py: the decisions `./shop` makes, checked without starting servers."""

import os
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from config import runtime


def test_secret_key_is_made_once_private_and_reused(tmp_path):
    data_dir = tmp_path / "data"  # does not exist yet: made on first use
    key = runtime.local_secret_key(data_dir)

    assert len(key) >= 50
    assert runtime.local_secret_key(data_dir) == key
    assert stat.S_IMODE((data_dir / "secret_key").stat().st_mode) == 0o600
    assert [p.name for p in data_dir.iterdir()] == ["secret_key"]  # no scratch files left


def test_secret_key_is_the_same_for_processes_starting_together(tmp_path):
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: runtime.local_secret_key(tmp_path), range(32)))
    assert len(keys) == 1


def test_each_data_folder_has_its_own_key(tmp_path):
    assert runtime.local_secret_key(tmp_path / "a") != runtime.local_secret_key(tmp_path / "b")


@pytest.mark.parametrize(
    "environ, database, redis",
    [
        ({}, True, True),
        ({"DATABASE_URL": "postgres://db/ocop", "REDIS_URL": "redis://cache:6379/0"}, False, False),
        ({"DATABASE_URL": "postgres://db/ocop"}, False, True),
        ({"REDIS_URL": "redis://cache:6379/0"}, True, False),
        ({"DATABASE_URL": "", "REDIS_URL": ""}, True, True),
    ],
)
def test_a_server_is_embedded_exactly_when_its_url_is_missing(environ, database, redis):
    plan = runtime.plan_services(environ)
    assert (plan.embedded_database, plan.embedded_redis) == (database, redis)


def test_tests_get_a_data_folder_apart_from_development(tmp_path):
    environ = {"OCOP_DATA_DIR": str(tmp_path / "dev")}
    assert runtime.data_dir_for("run", environ) == tmp_path / "dev"
    assert runtime.data_dir_for("manage", environ) == tmp_path / "dev"
    assert runtime.data_dir_for("test", environ) == tmp_path / "dev" / "test"
    assert runtime.data_dir_for("test", {}) == runtime.REPO_ROOT / ".data" / "test"
    environ["OCOP_TEST_DATA_DIR"] = str(tmp_path / "t")
    assert runtime.data_dir_for("test", environ) == tmp_path / "t"


def test_a_nested_test_run_keeps_the_outer_runs_folder(tmp_path):
    outer = runtime.test_environment({}, tmp_path / "test")
    assert runtime.data_dir_for("test", outer) == tmp_path / "test"


def test_test_runs_keep_apart_on_shared_servers():
    first = runtime.test_environment({}, Path("/x"))
    second = runtime.test_environment({}, Path("/x"))
    assert first["CACHE_KEY_PREFIX"] == "ocop-test"
    assert first["OCOP_TEST_QUEUE"] != second["OCOP_TEST_QUEUE"]
    assert runtime.test_environment({"CACHE_KEY_PREFIX": "mine"}, Path("/x"))["CACHE_KEY_PREFIX"] == "mine"


def test_no_tests_collected_is_a_failure():
    assert runtime.pytest_exit_status(5) == 1
    assert runtime.pytest_exit_status(0) == 0
    assert runtime.pytest_exit_status(1) == 1
    assert runtime.pytest_exit_status(2) == 2


def test_web_concurrency_fits_the_machine(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("OCOP_WEB_THREADS", raising=False)
    assert runtime.web_concurrency(cpus=2) == (3, 4)
    monkeypatch.setenv("WEB_CONCURRENCY", "8")
    assert runtime.web_concurrency(cpus=2) == (8, 4)


def test_this_run_uses_its_own_celery_queue():
    from config.celery import app

    assert app.conf.task_default_queue.startswith("ocop-test-")
    assert app.conf.task_default_queue in app.amqp.queues


@pytest.mark.slow
def test_shop_test_fails_when_pytest_collects_nothing():
    """The real script, end to end, on the servers this run already uses (no embedding)."""
    if Path(sys.prefix).resolve() != (runtime.REPO_ROOT / ".venv").resolve():
        pytest.skip("needs the suite to run from ./shop's .venv")
    result = subprocess.run(
        [str(runtime.REPO_ROOT / "shop"), "test", "-q", "-k", "no_test_has_this_name",
         # plugins that take seconds to import and are not needed to collect nothing
         "-p", "no:faker", "-p", "no:hypothesispytest", "tests/test_runtime.py"],
        cwd=runtime.REPO_ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "collected no tests" in result.stderr


def test_shop_without_a_command_prints_usage():
    result = subprocess.run(
        [str(runtime.REPO_ROOT / "shop")], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0
    assert "./shop COMMAND" in result.stdout and "test" in result.stdout


@pytest.mark.parametrize(
    "memory_mb, buffers", [(256, "128MB"), (2048, "512MB"), (3000, "750MB"), (24 * 1024, "1GB")]
)
def test_embedded_postgres_buffers_follow_the_memory(monkeypatch, memory_mb, buffers):
    pages = {"SC_PAGE_SIZE": 4096, "SC_PHYS_PAGES": memory_mb * 2**20 // 4096}
    monkeypatch.setattr(runtime.os, "sysconf", pages.__getitem__)
    settings = runtime.embedded_postgres_settings()
    assert settings["shared_buffers"] == buffers  # as SHOW prints it, so a second start changes nothing
    assert settings["max_connections"] == "300" and settings["jit"] == "off"
