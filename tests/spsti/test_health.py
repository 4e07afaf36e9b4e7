"""The health endpoints (spsti/health.py) on the real PostgreSQL, Redis and a real Celery worker:
all ok, Redis unreachable, a stale or absent heartbeat; answered before the Host check, the
HTTPS redirect, the session and CSRF; nothing secret in the body; one run per memo period."""

import json
import os
import socket
import time
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client

from spsti import health, tasks
from spsti.celery import HEARTBEAT_TASK, app
from tests.workers import celery_worker


@pytest.fixture(autouse=True)
def _own_heartbeats(settings):
    """This test's own heartbeat keys (other test processes share the Redis), no kept result."""
    settings.SPSTI_HEARTBEAT_PREFIX = f"test-{uuid.uuid4().hex}"
    settings.SPSTI_HEALTH_MEMO_SECONDS = 0
    health.forget()
    yield
    health.forget()


def _note(which: str, seconds_ago: float = 0) -> None:
    health.redis_client().set(health.heartbeat_key(which), repr(time.time() - seconds_ago))


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed when the block ends: nothing listens there


def _get(path: str = health.HEALTH_PATH, client: Client | None = None, **extra):
    response = (client or Client()).get(path, **extra)
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    return response, json.loads(response.content)


@pytest.mark.worker
def test_all_ok_once_a_real_worker_ran_the_heartbeat_beat_sent(db, settings):
    with celery_worker(
        env={**os.environ, "CACHE_KEY_PREFIX": settings.SPSTI_HEARTBEAT_PREFIX}
    ) as q:
        response, body = _get()
        assert response.status_code == 503
        assert body["checks"]["worker"] == {"status": "absent"}

        tasks.heartbeat.apply_async(queue=q)  # what beat does every minute
        deadline = time.monotonic() + 90
        while body["checks"]["worker"]["status"] != "ok":
            assert time.monotonic() < deadline, body
            time.sleep(0.5)
            response, body = _get()

    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "redis", "worker", "beat"}
    assert all(check["status"] == "ok" for check in body["checks"].values())
    assert body["checks"]["worker"]["age_seconds"] < 90
    assert body["checks"]["beat"]["age_seconds"] < 90  # noted when the task was published


def test_redis_unreachable_answers_503_without_saying_where(db, settings):
    _note(health.WORKER)
    _note(health.BEAT)
    port = _closed_port()
    settings.REDIS_URL = f"redis://:hunter2-secret@127.0.0.1:{port}/0"
    for path in (health.HEALTH_PATH, health.WEB_HEALTH_PATH):
        health.forget()
        response, body = _get(path)
        assert response.status_code == 503
        assert body["status"] == "error"
        assert body["checks"]["database"] == {"status": "ok"}
        assert body["checks"]["redis"] == {"status": "error"}
        text = response.content.decode()
        assert str(port) not in text
        assert "127.0.0.1" not in text
        assert "hunter2" not in text
    assert body == {  # /health/web/: no heartbeats
        "status": "error",
        "checks": {"database": {"status": "ok"}, "redis": {"status": "error"}},
    }
    health.forget()
    _, body = _get()
    assert body["checks"]["worker"] == body["checks"]["beat"] == {"status": "error"}


def test_a_stale_worker_heartbeat_answers_503_but_the_web_check_stays_200(db, settings):
    settings.SPSTI_HEARTBEAT_STALE_MINUTES = 5
    _note(health.WORKER, seconds_ago=6 * 60)  # beat sends, no worker runs
    _note(health.BEAT, seconds_ago=20)
    response, body = _get()
    assert response.status_code == 503
    assert body["checks"]["worker"]["status"] == "stale"
    assert body["checks"]["worker"]["age_seconds"] >= 360
    assert body["checks"]["beat"]["status"] == "ok"
    assert body["checks"]["database"] == body["checks"]["redis"] == {"status": "ok"}

    # What the load balancer asks: the web process serves, the workers are the monitoring's.
    response, body = _get(health.WEB_HEALTH_PATH)
    assert response.status_code == 200
    assert body == {
        "status": "ok",
        "checks": {"database": {"status": "ok"}, "redis": {"status": "ok"}},
    }


def test_absent_heartbeats_answer_503(db):
    response, body = _get()
    assert response.status_code == 503
    assert body["checks"]["worker"] == body["checks"]["beat"] == {"status": "absent"}


def test_answered_before_host_check_https_redirect_session_and_csrf(db, settings):
    _note(health.WORKER)
    _note(health.BEAT)
    settings.ALLOWED_HOSTS = ["portail.example.fr"]
    settings.SECURE_SSL_REDIRECT = True  # production: the load balancer asks over plain HTTP
    sessions = Session.objects.count()
    client = Client(enforce_csrf_checks=True)
    response, body = _get(client=client, HTTP_HOST="10.0.0.7:8000")  # asked by its address
    assert response.status_code == 200, body
    assert not response.cookies
    assert Session.objects.count() == sessions

    head = client.head(health.HEALTH_PATH, HTTP_HOST="10.0.0.7:8000")
    assert head.status_code == 200
    assert head.content == b""
    without_slash = client.get("/health/web", HTTP_HOST="10.0.0.7:8000")
    assert without_slash.status_code == 200  # answered, not redirected to /health/web/
    assert json.loads(without_slash.content)["checks"].keys() == {"database", "redis"}
    refused = client.post(health.HEALTH_PATH, HTTP_HOST="10.0.0.7:8000")
    assert refused.status_code == 405  # not a CSRF 403: nothing to write here
    assert refused["Allow"] == "GET, HEAD"


def test_a_logged_in_session_is_neither_read_nor_extended(client_for, settings):
    _note(health.WORKER)
    _note(health.BEAT)
    client = client_for("nurse")
    before = Session.objects.get(session_key=client.session.session_key).session_data
    response, _ = _get(client=client)
    assert response.status_code == 200
    assert not response.cookies
    assert Session.objects.get(session_key=client.session.session_key).session_data == before


def test_one_run_of_the_checks_per_memo_period(db, settings):
    _note(health.WORKER)
    _note(health.BEAT)
    settings.SPSTI_HEALTH_MEMO_SECONDS = 60
    assert _get()[0].status_code == 200
    settings.REDIS_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    assert _get()[0].status_code == 200  # the result kept: Redis is not asked again
    health.forget()
    assert _get()[0].status_code == 503


def test_beat_sends_the_heartbeat_every_minute_well_within_the_stale_limit(settings):
    entry = next(e for e in app.conf.beat_schedule.values() if e["task"] == HEARTBEAT_TASK)
    assert entry["schedule"].minute == set(range(60))
    assert entry["schedule"].hour == set(range(24))
    assert entry["options"]["expires"] < 60
    assert settings.SPSTI_HEARTBEAT_STALE_MINUTES >= 3


def test_check_heartbeat_command_for_the_beat_service_healthcheck(settings):
    with pytest.raises(CommandError, match="Aucun battement"):
        call_command("check_heartbeat", "beat")
    _note(health.BEAT, seconds_ago=settings.SPSTI_HEARTBEAT_STALE_MINUTES * 60 + 30)
    with pytest.raises(CommandError, match="vieux de"):
        call_command("check_heartbeat", "beat")
    _note(health.BEAT)
    call_command("check_heartbeat", "beat")
    settings.REDIS_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    with pytest.raises(CommandError, match="Redis injoignable"):
        call_command("check_heartbeat", "beat")
