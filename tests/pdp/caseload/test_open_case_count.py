"""The open cases per owner the caseload page reads (OpenCaseCount, kept by pdp 0006's trigger):
equal to a count of the cases after every kind of write, so the page never shows a stale
figure."""

import datetime
import re

import pytest
from django.db.models import Count
from django.urls import reverse

from accounts.context import build_context
from pdp.caseload import selectors
from pdp.cases import services
from pdp.models import OpenCaseCount, PdpCase
from tests.accounts.factories import HealthCenterFactory
from tests.pdp.factories import PdpCaseFactory
from tests.suivi_sante.factories import WorkerFactory


def _kept() -> dict:
    return {
        (row.center_id, row.owner_id): row.open_count
        for row in OpenCaseCount.objects.all()
        if row.open_count
    }


def _counted() -> dict:
    rows = (
        PdpCase.objects.exclude(status="closed")
        .order_by()
        .values_list("center_id", "owner_id")
        .annotate(n=Count("*"))
    )
    return {(center, owner): n for center, owner, n in rows}


def _page_open_count(client) -> int:
    page = client.get(reverse("backoffice:pdp:caseload")).content.decode()
    found = re.search(r'Dossiers ouverts du centre</dt><dd class="col-sm-7">(\d+)</dd>', page)
    return int(found.group(1))


@pytest.mark.django_db
def test_the_kept_count_follows_every_write_to_the_cases(
    world, coordinator, social_worker, client_as
):
    center = world.center.pk
    actor = build_context(coordinator, {}, mfa_passed=True)
    client = client_as(coordinator)
    # Created through the service (received, unassigned), then taken by the coordinator.
    case = services.refer_worker(
        actor=actor, worker=world.worker, source="physician", reason="Arrêt long"
    )
    assert _kept() == {(center, None): 1}
    case = services.take_case(actor=actor, case=case)
    assert _kept() == _counted() == {(center, coordinator.pk): 1}
    # Created by the ORM one by one and in bulk, open and closed.
    others = [
        PdpCaseFactory(worker=WorkerFactory(adherent=world.adherent), owner=social_worker)
        for _ in range(3)
    ]
    PdpCase.objects.bulk_create(
        PdpCase(
            center_id=center,
            worker=WorkerFactory(adherent=world.adherent),
            source="physician",
            received_on=datetime.date(2026, 9, 1),
            reason="Signalement",
            status=status,
            closed_on=datetime.date(2026, 10, 1) if status == "closed" else None,
            outcome="kept_in_post" if status == "closed" else "",
        )
        for status in ["received", "plan", "closed"]
    )
    assert (
        _kept()
        == _counted()
        == {
            (center, coordinator.pk): 1,
            (center, social_worker.pk): 3,
            (center, None): 2,
        }
    )
    assert _page_open_count(client) == 6
    # A step that keeps the case open changes nothing; closing it takes it off.
    services.change_status(actor=actor, case=case, status="first_contact")
    assert _kept()[(center, coordinator.pk)] == 1
    services.close_case(actor=actor, case=case, outcome="kept_in_post")
    assert _kept() == _counted()
    assert (center, coordinator.pk) not in _kept()
    assert _page_open_count(client) == 5
    # Reassigned in one statement, moved to another centre, deleted.
    PdpCase.objects.filter(owner=social_worker).update(owner=coordinator)
    assert _kept() == _counted()
    assert _kept()[(center, coordinator.pk)] == 3
    # One case back and forth: the trigger takes the two count rows in either order.
    PdpCase.objects.filter(pk=others[2].pk).update(owner=social_worker)
    assert _kept() == _counted()
    assert _kept()[(center, social_worker.pk)] == 1
    PdpCase.objects.filter(pk=others[2].pk).update(owner=coordinator)
    assert _kept() == _counted()
    elsewhere = HealthCenterFactory()
    PdpCase.objects.filter(pk=others[0].pk).update(center=elsewhere)
    assert _kept() == _counted()
    assert _kept()[(elsewhere.pk, coordinator.pk)] == 1
    PdpCase.objects.filter(pk=others[1].pk).delete()
    assert _kept() == _counted()
    assert _page_open_count(client) == 3
    members, load = selectors.caseload(center, datetime.date(2026, 12, 7))
    assert (load.open_count, load.unassigned_count) == (3, 2)
    assert {m.user_id: m.open_count for m in members} == {
        coordinator.pk: 1,
        social_worker.pk: 0,
    }
