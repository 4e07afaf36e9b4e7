"""Real processes: a Celery worker executes a task; `make run` serves both shells and stops."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil
import psycopg
import pytest

from accounts import tasks
from spsti import devservices
from tests.workers import celery_worker

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.worker
def test_a_task_is_executed_by_a_real_worker_process():
    with celery_worker() as queue:
        result = tasks.ping.apply_async(args=[41], queue=queue)
        assert result.get(timeout=90) == {"value": 42}
        assert result.successful()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fresh_database(name: str) -> str:
    """A database of its own on the same server, so `make run` here never touches the dev data."""
    server = os.environ["DATABASE_URL"]
    with psycopg.connect(devservices.with_database(server, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return devservices.with_database(server, name)


def _get(url: str):
    request = urllib.request.Request(url)  # noqa: S310 - our own server on loopback
    opener = urllib.request.build_opener(NoRedirect)
    return opener.open(request, timeout=10)  # noqa: S310


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.worker
def test_make_run_serves_both_shells_and_ctrl_c_stops_every_process():
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _fresh_database("spsti_runcheck"),
        "PORT": str(port),
        "DEBUG": "true",
        "PYTHONUNBUFFERED": "1",
    }
    # Started with SIGINT ignored, as a non-interactive shell starts a background job (`make
    # run &`, a CI runner): Python then keeps the ignored SIGINT unless spsti.run installs its
    # own handler, and Ctrl-C did nothing (CI runs failed so, 180 s after Ctrl-C).
    supervisor = subprocess.Popen(
        ["sh", "-c", 'trap "" INT; exec "$0" -m spsti.run', sys.executable],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(supervisor.stdout), daemon=True)
    reader.start()
    stopped_cleanly = False
    try:
        # Migrations, then the demo (its history and facts) on a fresh database: minutes when
        # the machine is busy (CI runs this beside the rest of the suite).
        deadline = time.monotonic() + 480
        while not any("Portail SPSTI prêt" in line for line in lines):
            assert supervisor.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "".join(lines)
            time.sleep(0.5)
        output = "".join(lines)
        assert "medecin@demo.spsti.fr" in output
        assert "adherent@demo.spsti.fr" in output
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                home = _get(base + "/")
                break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.5)
        assert home.status == 200
        for shell in ("/espace-adherent/", "/back-office/"):
            with pytest.raises(urllib.error.HTTPError) as redirect:
                _get(base + shell)
            assert redirect.value.code == 302  # to the login page
            assert "/comptes/login/" in redirect.value.headers["Location"]
        children = psutil.Process(supervisor.pid).children(recursive=True)
        names = " ".join(" ".join(c.cmdline()) for c in children)
        assert "runserver" in names
        assert " worker" in names
        assert " beat" in names
        supervisor.send_signal(signal.SIGINT)  # what Ctrl-C sends
        # Its children get 10 s before SIGKILL (spsti/run.py _stop).
        try:
            code = supervisor.wait(90)
        except subprocess.TimeoutExpired:
            pytest.fail("still running 90 s after Ctrl-C:\n" + "".join(lines[-40:]))
        assert code == 0, "".join(lines[-40:])
        stopped_cleanly = True
    finally:
        if not stopped_cleanly:  # an assertion above failed: stop everything, keep its message
            supervisor.send_signal(signal.SIGINT)
            try:
                supervisor.wait(60)
            except subprocess.TimeoutExpired:
                supervisor.kill()
    gone, alive = psutil.wait_procs(children, timeout=15)
    assert not alive, f"still running after Ctrl-C: {alive}"
