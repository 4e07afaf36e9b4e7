"""The nightly purge of Idempotency-Key answers past their retention, and the same retention
applied when a key comes back."""

import datetime

import pytest
from celery.schedules import crontab
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.models import IdempotentRequest
from api.tokens import tasks
from tests.api.helpers import bearer, hire_payload, make_token

pytestmark = pytest.mark.django_db


def _key(token, key: str, *, hours_ago: float) -> IdempotentRequest:
    return IdempotentRequest.objects.create(
        token=token,
        key=key,
        request_hash="0" * 64,
        status_code=201,
        body={"id": 1},
        created_at=timezone.now() - datetime.timedelta(hours=hours_ago),
    )


def test_the_task_deletes_the_keys_past_their_retention_in_one_statement(world, settings):
    settings.SPSTI_API_IDEMPOTENCY_HOURS = 24
    token, _ = make_token(world.actors["portal_admin"], world.adherent)
    old = [_key(token, f"ancienne-{n}", hours_ago=24.1 + n) for n in range(5)]
    young = _key(token, "récente", hours_ago=23.9)
    with CaptureQueriesContext(connection) as queries:
        purged = tasks.purge_idempotency_keys.delay().get()
    assert purged == len(old)
    assert list(IdempotentRequest.objects.values_list("pk", flat=True)) == [young.pk]
    deletes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("DELETE")]
    assert len(deletes) == 1


def test_the_retention_is_a_setting(world, settings):
    token, _ = make_token(world.actors["portal_admin"], world.adherent)
    _key(token, "deux-heures", hours_ago=2)
    settings.SPSTI_API_IDEMPOTENCY_HOURS = 1
    assert tasks.purge_idempotency_keys.delay().get() == 1


def test_a_key_past_its_retention_is_a_new_request_even_before_the_purge(world, settings):
    token, secret = make_token(world.actors["portal_admin"], world.adherent)
    _key(token, "paie-2026-0042", hours_ago=settings.SPSTI_API_IDEMPOTENCY_HOURS + 1)
    response = bearer(secret).post(
        reverse("api:worker-list"),
        hire_payload(world.establishment.pk),
        content_type="application/json",
        headers={"Idempotency-Key": "paie-2026-0042"},
    )
    assert response.status_code == 201, response.json()
    assert "Idempotent-Replayed" not in response
    kept = IdempotentRequest.objects.get(token=token, key="paie-2026-0042")
    assert kept.body["id"] == response.json()["id"]


def test_the_purge_runs_every_night():
    from spsti.celery import app

    app.loader.import_default_modules()
    assert "api.tokens.tasks.purge_idempotency_keys" in app.tasks
    entry = app.conf.beat_schedule["api.purge_idempotency_keys"]
    assert entry["task"] == "api.tokens.tasks.purge_idempotency_keys"
    assert entry["schedule"] == crontab(hour=4, minute=20)
