"""`make bench`: the member portal under load (issue 19, item 4).

gunicorn is started as in production (`spsti.wsgi`, sync workers, DEBUG off, a SECRET_KEY, an
SMTP EMAIL_URL, static files collected for the manifest storage) on a free loopback port, on the
benchmark's database and Redis. N portal users (administrators of N members of the dataset,
created once: ``banc-charge-<i>@banc.invalid``) log in through the real login form (GET for the
CSRF token, POST of the e-mail and password; portal users have no second factor). Requests
carry ``X-Forwarded-Proto: https`` as the TLS proxy does (SECURE_SSL_REDIRECT is on).

1. The baseline: the main portal pages requested one at a time by one session (median of
   ROUNDS passes over the pages), the server otherwise idle.
2. The load: N threads, one session each, loop over the same pages for the duration (60 s by
   default). Printed: requests per second, p50/p95/p99 and errors (any status but 200, or no
   answer); the goal is a p95 within 3 times the single-request median, and zero errors.

The client threads run on the same machine as the server: on a small machine they take part of
the CPU the server would have.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CLIENTS = 8
DURATION_S = 60.0
GUNICORN_WORKERS = 3  # the production command (Dockerfile, docker-compose.yml)
ROUNDS = 5
P95_GOAL = 3.0
PASSWORD = "banc-de-charge-2026"  # noqa: S105 - the benchmark's own users, on its own database
PAGES = (
    "/espace-adherent/",
    "/espace-adherent/salaries/",
    "/espace-adherent/convocations/",
    "/espace-adherent/visites-a-prevoir/",
    "/espace-adherent/factures/",
    "/espace-adherent/documents-de-suivi/",
    "/espace-adherent/etablissements/",
)


def portal_users(count: int) -> list[str]:
    """E-mails of ``count`` portal administrators, one per member with workers (created once)."""
    from accounts.enums import AdherentRole
    from accounts.models import User
    from adherents.models import AdherentMembership
    from suivi_sante.models import Worker

    adherent_ids: list[int] = []
    for adherent_id in Worker.objects.order_by("adherent_id").values_list("adherent_id", flat=True)[
        : count * 200
    ]:
        if adherent_id not in adherent_ids:
            adherent_ids.append(adherent_id)
        if len(adherent_ids) == count:
            break
    emails = []
    for i, adherent_id in enumerate(adherent_ids):
        email = f"banc-charge-{i}@banc.invalid"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, PASSWORD, first_name="Banc", last_name=str(i))
        AdherentMembership.objects.filter(user=user).exclude(adherent_id=adherent_id).update(
            is_active=False
        )
        AdherentMembership.objects.get_or_create(
            user=user,
            adherent_id=adherent_id,
            is_active=True,
            defaults={"role": AdherentRole.ADMIN},
        )
        emails.append(email)
    return emails


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


def _percentile(samples: list[float], q: int) -> float:
    if len(samples) < 2:
        return samples[0] if samples else 0.0
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


@dataclass
class LoadResult:
    clients: int
    workers: int
    duration_s: float
    single_ms: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def throughput(self) -> float:
        return self.requests / self.duration_s

    def p(self, q: int) -> float:
        return _percentile(self.latencies_ms, q)

    @property
    def ratio(self) -> float:
        return self.p(95) / self.single_ms


def _single(session: Session, rounds: int) -> float:
    """Median of ``rounds`` sequential passes over the pages (after one warm-up pass)."""
    samples = []
    for round_ in range(rounds + 1):
        for path in PAGES:
            start = time.perf_counter()
            status, _, _ = session.get(path)
            elapsed = (time.perf_counter() - start) * 1000
            if status != 200:
                raise RuntimeError(f"{path} : statut {status} pour une requête seule")
            if round_:
                samples.append(elapsed)
    return statistics.median(samples)


def _client(session: Session, offset: int, deadline: float, result: LoadResult, lock) -> None:
    latencies, errors, i = [], [], offset
    while time.monotonic() < deadline:
        path = PAGES[i % len(PAGES)]
        i += 1
        start = time.perf_counter()
        try:
            status, _, _ = session.get(path)
        except (http.client.HTTPException, OSError) as error:
            errors.append(f"{path} : {error!r}")
            session.connection.close()
            continue
        latencies.append((time.perf_counter() - start) * 1000)
        if status != 200:
            errors.append(f"{path} : statut {status}")
    with lock:
        result.latencies_ms.extend(latencies)
        result.errors.extend(errors)


def measure(
    database_url: str,
    redis_url: str,
    *,
    clients: int = CLIENTS,
    duration_s: float = DURATION_S,
    workers: int = GUNICORN_WORKERS,
    rounds: int = ROUNDS,
) -> LoadResult:
    """Start gunicorn, log ``clients`` portal users in, time the pages alone then under load."""
    emails = portal_users(clients)
    if not emails:
        raise RuntimeError("aucun adhérent avec des salariés dans le jeu de données")
    with gunicorn(database_url, redis_url, workers) as port:
        sessions = []
        for email in emails:
            session = Session(port)
            session.log_in(email, PASSWORD)
            sessions.append(session)
        single = _single(sessions[0], rounds)
        result = LoadResult(len(sessions), workers, duration_s, single)
        lock = threading.Lock()
        started = time.monotonic()
        deadline = started + duration_s
        threads = [
            threading.Thread(target=_client, args=(s, n, deadline, result, lock), daemon=True)
            for n, s in enumerate(sessions)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result.duration_s = time.monotonic() - started
    return result


def report(result: LoadResult) -> None:
    verdict = "tenu" if result.ratio <= P95_GOAL and not result.errors else "NON TENU"
    print(  # noqa: T201
        f"{'charge : requête seule (médiane)':<40} {result.single_ms:7.1f} ms "
        f"({len(PAGES)} pages de l'espace adhérent, une session, {ROUNDS} passages)\n"
        f"{'charge : sessions simultanées':<40} {result.clients} sessions adhérent, "
        f"{result.workers} workers gunicorn, {result.duration_s:.0f} s : "
        f"{result.requests:,} requêtes ({result.throughput:.1f} req/s) | p50 "
        f"{result.p(50):.0f} ms | p95 {result.p(95):.0f} ms | p99 {result.p(99):.0f} ms | "
        f"erreurs {len(result.errors)}\n"
        f"{'charge : p95 / requête seule':<40} ratio {result.ratio:5.2f} (cible {P95_GOAL:.0f}, "
        f"zéro erreur) : {verdict}"
    )
    for error in result.errors[:5]:
        print(f"  erreur : {error}")  # noqa: T201


def run(duration_s: float = DURATION_S, clients: int = CLIENTS) -> LoadResult:
    """Measure and print, on the database and Redis of this process (the benchmark's)."""
    result = measure(
        os.environ["DATABASE_URL"], os.environ["REDIS_URL"], clients=clients, duration_s=duration_s
    )
    report(result)
    return result
