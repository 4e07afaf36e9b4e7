"""The HTTP side of the load bench (bench/load.py): a production gunicorn on a free loopback
port, and a browser-like session (kept connection, cookies, the real login form) to load it."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url: str, redis_url: str, port: int) -> dict[str, str]:
    """The environment of a production web process, on the benchmark's services."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="spsti.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{port}",
        EMAIL_URL="smtp://127.0.0.1:25",  # never reached: the pages send no mail
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        LOG_LEVEL="WARNING",
        # Its own collected files: the tests' processes read .data/staticfiles while this one's
        # collectstatic (hashed names, several passes) would be rewriting it.
        STATIC_ROOT=str(ROOT / ".data" / "staticfiles-load"),
    )
    return env


@contextmanager
def gunicorn(database_url: str, redis_url: str, workers: int) -> Iterator[int]:
    """gunicorn as in production on a free loopback port; yields the port once it answers."""
    port = _free_port()
    env = production_env(database_url, redis_url, port)
    bin_dir = Path(sys.executable).parent
    subprocess.run(  # noqa: S603 - the manifest storage needs the collected files
        [str(bin_dir / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [
            str(bin_dir / "gunicorn"),
            "-c",  # production's settings; the options below override its bind and workers
            "deploy/gunicorn.conf.py",
            "spsti.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn s'est arrêté : {process.stderr.read().decode()}")
            try:
                status, _, _ = Session(port).get("/health/web/")
                if status in (200, 503):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn ne répond pas après 120 s")
            time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Session:
    """One browser: a kept connection (reopened when the server closes it) and its cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict | None = None
    ) -> tuple[int, dict, bytes]:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            **(headers or {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # a closed kept connection: once more on a new one
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        content = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        if response.will_close:
            self.connection.close()
        return response.status, dict(response.headers), content

    def get(self, path: str) -> tuple[int, dict, bytes]:
        return self.request("GET", path)

    def log_in(self, email: str, password: str) -> None:
        """The real login form: its CSRF token, then the POST; the session cookie is kept."""
        status, _, page = self.get("/comptes/login/")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not found:
            raise RuntimeError(f"page de connexion : statut {status}")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": found.group(1).decode(), "login": email, "password": password}
        )
        status, headers, _ = self.request(
            "POST",
            "/comptes/login/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": f"{self.origin}/comptes/login/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"connexion de {email} refusée : statut {status}")
