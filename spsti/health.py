"""The health endpoints, for the load balancer, the compose healthchecks and monitoring
(issue 19, item 7).

- `/health/`: PostgreSQL (SELECT 1; the read replica too, if any), Redis (PING) and the two
  heartbeats of the scheduled pipeline: beat publishes `spsti.tasks.heartbeat` every minute (it
  notes the time it sent it) and a worker runs it (it notes the time it ran it). 200 when every
  check is ok, 503 otherwise.
- `/health/web/`: PostgreSQL and Redis only, what a web process needs to serve pages: the load
  balancer's check. A stopped worker must not take every web process out of rotation (pages
  still work; their tasks wait in Redis), while `/health/` and the monitoring say so.

Both are answered by `HealthCheckMiddleware`, first in MIDDLEWARE, before anything else runs:
no Host check (a load balancer asks by IP), no HTTPS redirect (it asks over plain HTTP inside
the network), no session, no CSRF, no login, MFA nor idle timeout. The body names each check
and its state ("ok", "error", "stale", "absent"), never an address, a password nor an error
message. Cheap and bounded: one SELECT 1, one PING and one MGET, each Redis call with a 1 s
timeout, and one result kept per process for SPSTI_HEALTH_MEMO_SECONDS whatever the rate of
requests.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from functools import lru_cache

import redis
from django.conf import settings
from django.db import connections
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers

from spsti import db_router

logger = logging.getLogger(__name__)

HEALTH_PATH = "/health/"
WEB_HEALTH_PATH = "/health/web/"
REDIS_TIMEOUT = 1.0  # seconds, connecting and answering: an unreachable Redis fails fast
WORKER, BEAT = "worker", "beat"

_memo: dict[str, tuple[float, int, dict]] = {}
_memo_lock = threading.Lock()


def heartbeat_key(which: str) -> str:
    """The Redis key of a heartbeat: the cache's prefix, so that instances sharing one Redis
    (CACHE_KEY_PREFIX) each watch their own."""
    return f"{settings.SPSTI_HEARTBEAT_PREFIX}:heartbeat:{which}"


@lru_cache(maxsize=4)
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
    )


def redis_client() -> redis.Redis:
    """A client of the configured Redis with short timeouts (one pool per process)."""
    return _client(settings.REDIS_URL)


def beat(which: str) -> None:
    """Note that `which` (WORKER or BEAT) is alive now; the note lasts a day."""
    redis_client().set(heartbeat_key(which), repr(time.time()), ex=86400)


def _select_one(alias: str) -> dict:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok"}


def _database() -> dict:
    return _select_one("default")


def _replica() -> dict:
    return _select_one(db_router.REPLICA)


def _redis() -> dict:
    redis_client().ping()
    return {"status": "ok"}


def age_seconds(value: bytes | None) -> int | None:
    """Seconds since a heartbeat's note (None: never noted)."""
    if value is None:
        return None
    return max(0, round(time.time() - float(value)))


def _heartbeats() -> dict:
    """The age of each heartbeat: stale beyond SPSTI_HEARTBEAT_STALE_MINUTES, absent if never."""
    values = redis_client().mget([heartbeat_key(WORKER), heartbeat_key(BEAT)])
    limit = settings.SPSTI_HEARTBEAT_STALE_MINUTES * 60
    result = {}
    for which, value in zip((WORKER, BEAT), values, strict=True):
        age = age_seconds(value)
        if age is None:
            result[which] = {"status": "absent"}
        else:
            result[which] = {"status": "ok" if age <= limit else "stale", "age_seconds": age}
    return result


def run_checks(*, heartbeats: bool) -> tuple[int, dict]:
    """(HTTP status, body) of the checks; a failing check is logged by its exception's class
    only (a message may carry an address)."""
    checks: dict[str, dict] = {}
    steps = [("database", _database), ("redis", _redis)]
    if heartbeats and db_router.REPLICA in settings.DATABASES:  # not the web's: dashboards only
        steps.insert(1, ("replica", _replica))
    for name, check in steps:
        try:
            checks[name] = check()
        except Exception as error:  # any failure is a failed check
            logger.warning("health check %s failed: %s", name, type(error).__name__)
            checks[name] = {"status": "error"}
    if heartbeats:
        if checks["redis"]["status"] == "ok":
            try:
                checks.update(_heartbeats())
            except Exception as error:
                logger.warning("health check heartbeats failed: %s", type(error).__name__)
                checks.update({WORKER: {"status": "error"}, BEAT: {"status": "error"}})
        else:  # unreadable: the heartbeats live in Redis
            checks.update({WORKER: {"status": "error"}, BEAT: {"status": "error"}})
    healthy = all(check["status"] == "ok" for check in checks.values())
    status = 200 if healthy else 503
    return status, {"status": "ok" if healthy else "error", "checks": checks}


def _memoized(path: str) -> tuple[int, dict]:
    """One run of the checks per process every SPSTI_HEALTH_MEMO_SECONDS at most."""
    ttl = settings.SPSTI_HEALTH_MEMO_SECONDS
    now = time.monotonic()
    with _memo_lock:
        kept = _memo.get(path)
        if kept is not None and now - kept[0] < ttl:
            return kept[1], kept[2]
    status, body = run_checks(heartbeats=path == HEALTH_PATH)
    with _memo_lock:
        _memo[path] = (time.monotonic(), status, body)
    return status, body


def forget() -> None:
    """Drop the kept results (tests)."""
    with _memo_lock:
        _memo.clear()


def response(path: str) -> HttpResponse:
    status, body = _memoized(path)
    answer = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    add_never_cache_headers(answer)
    answer["X-Content-Type-Options"] = "nosniff"
    return answer


class HealthCheckMiddleware:
    """Answers the health paths before any other middleware (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/") + "/"  # "/health" too: no redirect to follow
        if path not in (HEALTH_PATH, WEB_HEALTH_PATH):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return response(path)
