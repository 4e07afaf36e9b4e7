"""CPOM targets (L4622-10): the direction sets them, every reader sees progress against them."""

from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from accounts.enums import StaffRole
from dashboards.facts.services import compute_facts
from dashboards.targets.models import Cpom, CpomTarget
from dashboards.targets.selectors import targets_for
from tests.accounts.factories import StaffAssignmentFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    day = date(2026, 3, 20)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    return day


def staff(world, role):
    return login(Client(), StaffAssignmentFactory(center=world.center, role=role, team=None).user)


def test_a_centre_contract_wins_over_the_service_contract(world):
    service = Cpom.objects.create(name="CPOM service", first_year=2024, last_year=2027)
    north = Cpom.objects.create(
        name="CPOM Nord", center=world.center, first_year=2026, last_year=2026
    )
    CpomTarget.objects.create(cpom=service, indicator="tele_share", year=2026, value=50)
    CpomTarget.objects.create(cpom=north, indicator="tele_share", year=2026, value=45)
    CpomTarget.objects.create(cpom=service, indicator="tele_share", year=2025, value=Decimal("45"))
    both = frozenset({world.center.pk, world.other_center.pk})
    assert (
        targets_for(["tele_share"], [2026], frozenset({world.center.pk}))[
            ("tele_share", 2026)
        ].value
        == 45
    )
    assert (
        targets_for(["tele_share"], [2026], frozenset({world.other_center.pk}))[
            ("tele_share", 2026)
        ].value
        == 50
    )
    assert targets_for(["tele_share"], [2026], both)[("tele_share", 2026)].cpom == "CPOM service"


def test_the_director_sets_a_target_and_sees_the_progress(world, test_indicators, today):
    test_indicators.cell("t_flow", world.center, date(2026, 2, 1), 2, 5, team=world.team)
    compute_facts([date(2026, 2, 1)], today=today)
    client = staff(world, StaffRole.DIRECTION)
    response = client.post(
        reverse("backoffice:dashboards:cpom-create"),
        {"name": "CPOM 2024-2027", "first_year": 2024, "last_year": 2027},
    )
    assert response.status_code == 302
    cpom = Cpom.objects.get()
    url = reverse("backoffice:dashboards:cpom-target", args=[cpom.pk])
    client.post(
        url,
        {f"c{cpom.pk}-indicator": "t_flow", f"c{cpom.pk}-year": 2026, f"c{cpom.pk}-value": "50"},
    )
    client.post(
        url,
        {f"c{cpom.pk}-indicator": "t_flow", f"c{cpom.pk}-year": 2026, f"c{cpom.pk}-value": "55"},
    )
    assert CpomTarget.objects.get().value == 55  # set again: replaced, one target per year
    refused = client.post(
        url,
        {f"c{cpom.pk}-indicator": "t_flow", f"c{cpom.pk}-year": 2031, f"c{cpom.pk}-value": "50"},
        follow=True,
    )
    assert "Le CPOM couvre 2024 à 2027." in unescape(refused.content.decode())
    too_big = client.post(
        url,
        {f"c{cpom.pk}-indicator": "t_flow", f"c{cpom.pk}-year": 2025, f"c{cpom.pk}-value": "150"},
        follow=True,
    )
    assert "comprise entre 0 et 100" in too_big.content.decode()
    assert CpomTarget.objects.count() == 1
    html = client.get(reverse("backoffice:dashboards:cpom")).content.decode()
    assert "55,0\u00a0%" in html
    assert "40,0\u00a0%" in html
    cockpit = client.get(reverse("backoffice:dashboards:cockpit")).content.decode()
    assert "Cible 2026 (CPOM 2024-2027)" in cockpit
    assert "non atteinte" in cockpit


def test_only_the_direction_writes_targets(world):
    cpom = Cpom.objects.create(name="CPOM", first_year=2024, last_year=2027)
    manager = staff(world, StaffRole.CENTER_MANAGER)
    assert manager.get(reverse("backoffice:dashboards:cpom")).status_code == 200
    url = reverse("backoffice:dashboards:cpom-target", args=[cpom.pk])
    assert (
        manager.post(
            url,
            {f"c{cpom.pk}-indicator": "t_flow", f"c{cpom.pk}-year": 2026, f"c{cpom.pk}-value": "5"},
        ).status_code
        == 403
    )
    assert not CpomTarget.objects.exists()


def test_the_targets_table_exports_for_management(world, test_indicators, today):
    test_indicators.cell("t_flow", world.center, date(2026, 2, 1), 2, 5, team=world.team)
    compute_facts([date(2026, 2, 1)], today=today)
    cpom = Cpom.objects.create(name="CPOM 2024-2027", first_year=2024, last_year=2027)
    CpomTarget.objects.create(cpom=cpom, indicator="t_flow", year=2026, value=55)
    text = (
        staff(world, StaffRole.DIRECTION)
        .get(reverse("backoffice:dashboards:cpom"), {"format": "csv"})
        .content.decode("utf-8-sig")
    )
    assert "CPOM 2024-2027;Visites test à temps;;2026;55;40;%;" in text
    cmt = staff(world, StaffRole.CMT)
    assert cmt.get(reverse("backoffice:dashboards:cpom"), {"format": "csv"}).status_code == 404


def test_targets_are_read_once_then_follow_every_change(world, django_assert_num_queries):
    """Kept in the cache (dashboards/selectors_reference.py) until a CPOM or a target changes."""
    one = frozenset({world.center.pk})
    service = Cpom.objects.create(name="CPOM service", first_year=2026, last_year=2026)
    target = CpomTarget.objects.create(cpom=service, indicator="tele_share", year=2026, value=50)
    with django_assert_num_queries(1):
        assert targets_for(["tele_share"], [2026], one)[("tele_share", 2026)].value == 50
    with django_assert_num_queries(0):
        assert targets_for(["tele_share"], [2026], one)[("tele_share", 2026)].value == 50
    target.value = 55
    target.save()
    assert targets_for(["tele_share"], [2026], one)[("tele_share", 2026)].value == 55
    north = Cpom.objects.create(
        name="CPOM Nord", center=world.center, first_year=2026, last_year=2026
    )
    CpomTarget.objects.create(cpom=north, indicator="tele_share", year=2026, value=40)
    assert targets_for(["tele_share"], [2026], one)[("tele_share", 2026)].cpom == "CPOM Nord"
    north.name = "CPOM Nord 2026"
    north.save()
    assert targets_for(["tele_share"], [2026], one)[("tele_share", 2026)].cpom == "CPOM Nord 2026"
    north.delete()
    assert targets_for(["tele_share"], [2026], one)[("tele_share", 2026)].value == 55
    target.delete()
    assert targets_for(["tele_share"], [2026], one) == {}
