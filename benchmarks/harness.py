"""What every benchmark needs: the servers, a database of its own, a real HTTP
server, timed requests and the machine they ran on.

Benchmarks use the same servers as `./shop` (DATABASE_URL / REDIS_URL when set,
embedded otherwise) but their own database, `ocop_bench` by default, so a
synthetic catalogue of 100k products never mixes with the demo data.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from config import runtime  # noqa: E402


def with_database_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@contextmanager
def services(database: str = "ocop_bench"):
    """Start (or reuse) the servers and yield the environment for child processes."""
    global _loop_ms_at_start
    _loop_ms_at_start = python_loop_ms()
    with ExitStack() as stack:
        env = runtime.start_services("bench", stack)
        env["DATABASE_URL"] = with_database_name(env["DATABASE_URL"], os.environ.get("OCOP_BENCH_DATABASE", database))
        runtime.ensure_database(env["DATABASE_URL"])
        env.setdefault("SECRET_KEY", "benchmark-only-secret")
        env["CACHE_KEY_PREFIX"] = "ocop-bench"
        env["LOG_LEVEL"] = "ERROR"
        yield env


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT, env=env, check=True, text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


@contextmanager
def gunicorn(env: dict, workers: int = 1, threads: int = 1):
    """A real gunicorn serving the shop on a free port; yields (base_url, worker pids)."""
    port = runtime.free_port()
    argv = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--worker-class", "gthread" if threads > 1 else "sync", "--timeout", "120",
        "--log-level", "warning", *runtime.gunicorn_options(),
    ]
    process = subprocess.Popen(argv, cwd=REPO_ROOT, env=env, start_new_session=True)
    try:
        if not runtime.wait_for_port("127.0.0.1", port, 60, alive=lambda: process.poll() is None):
            raise SystemExit("gunicorn did not start")
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


def child_pids(pid: int) -> list[int]:
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return []
    return [int(p) for p in out.split()]


def peak_rss_mib(pid: int) -> float:
    """The process's high-water mark of resident memory (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def post_graphql(url: str, query: str, variables: dict) -> tuple[float, dict]:
    elapsed, payload, _ = post_graphql_with_cache_status(url, query, variables)
    return elapsed, payload


def post_graphql_with_cache_status(url: str, query: str, variables: dict) -> tuple[float, dict, str | None]:
    """Milliseconds, the JSON answer and the X-Cache header ("hit", "miss" or None
    when the response cache does not apply)."""
    body = json.dumps({"query": query, "variables": variables}).encode()
    request = urllib.request.Request(url + "/graphql/", data=body, headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        payload = json.loads(response.read())
        cache_status = response.headers.get("X-Cache")
    return (time.perf_counter() - started) * 1000, payload, cache_status


def without_response_cache(env: dict) -> dict:
    """The environment for a server that answers every request from SQL."""
    return {**env, "GRAPHQL_RESPONSE_CACHE_SECONDS": "0"}


def summary(times_ms: list[float]) -> dict:
    ordered = sorted(times_ms)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "min_ms": round(ordered[0], 2),
        "max_ms": round(ordered[-1], 2),
    }


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_gib, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        # At the start and at the end: the machine's speed has been seen to
        # change by half within one benchmark's few minutes.
        "python_loop_ms_at_start": _loop_ms_at_start,
        "python_loop_ms": python_loop_ms(),
    }


_loop_ms_at_start: float | None = None


def python_loop_ms() -> float:
    """Milliseconds this machine takes for a fixed piece of pure Python (the
    best of five): the same kind of virtual machine has been seen twice as
    slow from one day to the next, so figures from different runs are only
    comparable beside this one."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i
        best = min(best, (time.perf_counter() - started) * 1000)
    return round(best, 1)


def count_queries(env: dict, query: str, variables: dict) -> int:
    """SQL statements one request runs, counted in a Django process of its own."""
    script = (
        "import json, sys\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client()\n"
        f"body = json.dumps({{'query': {query!r}, 'variables': {variables!r}}})\n"
        "client.post('/graphql/', body, content_type='application/json')\n"
        "with CaptureQueriesContext(connection) as ctx:\n"
        "    response = client.post('/graphql/', body, content_type='application/json')\n"
        "assert response.status_code == 200 and 'errors' not in response.json(), response.content[:500]\n"
        "print(len(ctx.captured_queries))\n"
    )
    out = manage(without_response_cache(env), "shell", "-c", script, capture=True)
    return int(out.strip().splitlines()[-1])


def report(name: str, figures: dict) -> None:
    figures = {"benchmark": name, **figures, "machine": machine()}
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    results = REPO_ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / f"{name}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
