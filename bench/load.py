"""`make bench`: the member portal under load (issue 19, item 4).

gunicorn is started as in production (`spsti.wsgi`, sync workers, DEBUG off, a SECRET_KEY, an
SMTP EMAIL_URL, static files collected for the manifest storage) on a free loopback port, on the
benchmark's database and Redis. Portal users (administrators of as many members of the dataset,
created once: ``banc-charge-<i>@banc.invalid``) log in through the real login form (GET for the
CSRF token, POST of the e-mail and password; portal users have no second factor). Requests
carry ``X-Forwarded-Proto: https`` as the TLS proxy does (SECURE_SSL_REDIRECT is on).

For each level N of the sweep (1, 2, 4 and 8 sessions by default), in turn:

1. The baseline, just before the load: the main portal pages requested one at a time by one
   session (ROUNDS passes over the pages after a warm-up pass), the server otherwise idle.
2. The load: N threads, one session each, loop over the same pages for the duration (60 s by
   default, ``--duree`` to try shorter). Printed: requests per second, p50/p95/p99 and errors
   (any status but 200, or no answer), and the ratio of the p95 under load to the p95 of the
   same pages requested alone (the same mix of pages on both sides); the goal is a ratio of at
   most 3 and zero errors. The ratio to the median of the pages alone (the former figure) is
   printed too: a light page and a heavy one make it above 1 even for one session.

The last line names the largest N that still meets the goal: the capacity of this machine. The
client threads run on the same machine as the server and PostgreSQL: they take part of the CPU
the server would have (and the machine may be shared). gunicorn gets 2 × cores + 1 sync workers
(gunicorn's own advice, ``--workers`` to change): a worker waiting on PostgreSQL or Redis leaves
its core to another; measured in turn on 2 cores, 5 workers answered more requests per second
than 2 at 8 sessions (docs/mesures.md).

    DEBUG=true .venv/bin/python -m bench.load [--duree 60] [--sessions 1,2,4,8] [--workers 5]
        [--base spsti_bench]   # `spsti` for the demo data of `make seed`
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import threading
import time
from dataclasses import dataclass, field

from bench.load_http import Session, gunicorn

LEVELS = (1, 2, 4, 8)  # concurrent sessions, one level after the other
DURATION_S = 60.0  # per level (issue 19)
ROUNDS = 10  # passes over the pages for the baseline of each level (70 requests)
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


def _percentile(samples: list[float], q: int) -> float:
    if len(samples) < 2:
        return samples[0] if samples else 0.0
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def default_workers() -> int:
    """gunicorn's advice for sync workers: 2 × cores + 1."""
    return 2 * cores() + 1


def cores() -> int:
    """The cores this process may run on (a container's limit, not the host's)."""
    return len(os.sched_getaffinity(0))


@dataclass
class LoadResult:
    """One level: the pages alone just before, then ``clients`` sessions for ``duration_s``."""

    clients: int
    workers: int
    duration_s: float
    single_ms: list[float]  # the pages requested one at a time, before the load
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    load_average: float = 0.0  # the machine's 1-minute load average at the end of the level

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def throughput(self) -> float:
        return self.requests / self.duration_s

    def p(self, q: int) -> float:
        return _percentile(self.latencies_ms, q)

    def single(self, q: int) -> float:
        return _percentile(self.single_ms, q)

    @property
    def ratio(self) -> float:
        """p95 under load over the p95 of the same pages alone: the goal's figure."""
        return self.p(95) / self.single(95)

    @property
    def ratio_to_median(self) -> float:
        return self.p(95) / statistics.median(self.single_ms)

    @property
    def met(self) -> bool:
        return self.ratio <= P95_GOAL and not self.errors


def _single(session: Session, rounds: int) -> list[float]:
    """``rounds`` sequential passes over the pages (after one warm-up pass), in ms."""
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
    return samples


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


def _level(sessions: list[Session], workers: int, duration_s: float, rounds: int) -> LoadResult:
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
    result.load_average = os.getloadavg()[0]
    return result


def measure(
    database_url: str,
    redis_url: str,
    *,
    levels: tuple[int, ...] = LEVELS,
    duration_s: float = DURATION_S,
    workers: int | None = None,
    rounds: int = ROUNDS,
    each=None,
) -> list[LoadResult]:
    """Start gunicorn, log the portal users in, then for each level time the pages alone and
    under that many sessions (``each`` is called with every level's result as it ends)."""
    workers = workers or default_workers()
    emails = portal_users(max(levels))
    if not emails:
        raise RuntimeError("aucun adhérent avec des salariés dans le jeu de données")
    results = []
    with gunicorn(database_url, redis_url, workers) as port:
        sessions = []
        for email in emails:
            session = Session(port)
            session.log_in(email, PASSWORD)
            sessions.append(session)
        for level in levels:
            result = _level(sessions[:level], workers, duration_s, rounds)
            if each is not None:
                each(result)
            results.append(result)
    return results


def report_level(result: LoadResult) -> None:
    verdict = "tenu" if result.met else "NON TENU"
    print(  # noqa: T201
        f"charge : {result.clients} session(s), {result.workers} workers, "
        f"{result.duration_s:.0f} s | requête seule p50 {result.single(50):.1f} ms, "
        f"p95 {result.single(95):.1f} ms | sous charge {result.requests:,} requêtes "
        f"({result.throughput:.1f} req/s), p50 {result.p(50):.0f} ms, p95 {result.p(95):.0f} ms, "
        f"p99 {result.p(99):.0f} ms, erreurs {len(result.errors)} | p95 / p95 seul "
        f"{result.ratio:4.2f} (p95 / médiane seule {result.ratio_to_median:4.2f}) : {verdict} "
        f"| charge moyenne {result.load_average:.1f}",
        flush=True,
    )
    for error in result.errors[:5]:
        print(f"  erreur : {error}")  # noqa: T201


def report_capacity(results: list[LoadResult]) -> None:
    met = [r.clients for r in results if r.met]
    largest = max(met) if met else None
    workers = results[0].workers if results else 0
    print(  # noqa: T201
        f"charge : cible p95 ≤ {P95_GOAL:.0f} fois la requête seule, zéro erreur : "
        + (
            f"tenue jusqu'à {largest} session(s) simultanée(s) ({workers} workers, "
            f"{cores()} cœurs, clients compris)"
            if largest
            else "tenue à aucun niveau"
        )
        + (
            ""
            if largest is None or all(r.met for r in results if r.clients <= largest)
            else " (pas à tous les niveaux en dessous)"
        )
    )


def run(
    duration_s: float = DURATION_S, levels: tuple[int, ...] = LEVELS, workers: int | None = None
) -> list[LoadResult]:
    """Measure and print, on the database and Redis of this process (the benchmark's)."""
    workers = workers or default_workers()
    print(  # noqa: T201
        f"charge : {len(PAGES)} pages de l'espace adhérent, gunicorn {workers} workers "
        f"synchrones sur {cores()} cœurs partagés avec PostgreSQL et les fils clients, "
        f"{duration_s:.0f} s par niveau, charge moyenne au départ {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    results = measure(
        os.environ["DATABASE_URL"],
        os.environ["REDIS_URL"],
        levels=levels,
        duration_s=duration_s,
        workers=workers,
        each=report_level,
    )
    report_capacity(results)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="L'espace adhérent sous charge (gunicorn).")
    parser.add_argument("--duree", type=float, default=DURATION_S, help="secondes par niveau")
    parser.add_argument(
        "--sessions", default=",".join(map(str, LEVELS)), help="niveaux, ex. 1,2,4,8"
    )
    parser.add_argument("--workers", type=int, default=None, help="défaut : 2 × cœurs + 1")
    parser.add_argument("--base", default="spsti_bench", help="spsti : les données de démo")
    args = parser.parse_args(argv)
    levels = tuple(int(n) for n in args.sessions.split(","))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spsti.settings")
    os.environ.setdefault("DEBUG", "true")
    from spsti import devservices

    devservices.ensure_services()
    os.environ["DATABASE_URL"] = devservices.with_database(os.environ["DATABASE_URL"], args.base)
    import django

    django.setup()
    run(args.duree, levels, args.workers)


if __name__ == "__main__":
    main()
