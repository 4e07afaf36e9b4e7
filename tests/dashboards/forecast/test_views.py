"""The forecast page: who reads it, which teams, the scenario, a bounded number of queries."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.dashboards.forecast.world import build
from tests.suivi_sante.factories import DueVisitFactory, WorkerFactory

URL = reverse("backoffice:dashboards:forecast")
NOW = datetime.datetime(2027, 3, 10, 9, 0, tzinfo=datetime.UTC)
SCENARIO = {"delegation": 100, "teleconsultation": 0, "fe_cadence": 4}


@pytest.fixture
def small(world):
    with time_machine.travel(NOW, tick=False):
        build(world)
        yield world


def _as(world, actor):
    return login(Client(), world.actors[actor])


def test_a_physician_reads_the_forecast_of_his_team(small):
    response = _as(small, "physician").get(URL, {"equipe": small.team.pk, **SCENARIO})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.fields["equipe"].choices == [(small.team.pk, small.team.name)]
    # 8 visits due (1 overdue): 4 the physician's only, 4 a nurse may hold under protocol.
    # Physician 80 + 30 + 90 + 20 = 220 min = 3.7 h for 3 h of slots; nurse 90 + 40 = 130 min
    # = 2.2 h for 45 min of slots (0.8 h).
    assert response.context["summary"] == (
        f"Sur les 12 prochains mois, l'équipe {small.team.name} a 8 visites dues (dont 1 en "
        "retard) : 4 réservées au médecin, 4 que l'infirmier(e) peut assurer sous protocole "
        "signé, et 2 fiches d'entreprise à établir ou renouveler. Avec 100 % de délégation, 0 % "
        "de téléconsultation et une FE tous les 4 ans : 3,7 h de médecin nécessaires pour 3,0 h "
        "de créneaux ouverts (manque de 0,7 h) ; 2,2 h d'infirmier(e) nécessaires pour 0,8 h "
        "de créneaux ouverts (manque de 1,4 h)."
    )
    page = response.content.decode()
    assert "<caption>Prévision par mois" in page
    assert '<th scope="row">mars 2027</th>' in page
    assert '<th scope="row">février 2028</th>' in page
    assert '<label for="id_delegation"' in page


def test_the_scenario_moves_the_hours(small):
    client = _as(small, "physician")
    none = client.get(URL, {**SCENARIO, "delegation": 0}).context["result"].total
    # Without delegation the nurse-eligible visits go to the physician: + 3 VIP × 20 + 1
    # reprise × 30 = 310 min = 5.2 h; the nurse has nothing to do.
    assert none.needed == {"physician": Decimal("5.2"), "nurse": Decimal("0.0")}
    video = client.get(URL, {**SCENARIO, "teleconsultation": 100}).context["result"].total
    # All by video (factor 0.8): the physician's visits (VIP 20, EMAE 30, SIR 30, intermediate
    # 20 = 100 min) × 0.8 = 80 min, + 2 FE × 60 = 200 min = 3.3 h; nurse 130 × 0.8 = 104 min.
    assert video.needed == {"physician": Decimal("3.3"), "nurse": Decimal("1.7")}


def test_the_defaults_are_the_observed_shares(small):
    response = _as(small, "physician").get(URL)
    assert response.context["values"]["delegation"] == 50
    assert response.context["values"]["teleconsultation"] == 33
    assert response.context["values"]["fe_cadence"] == 4
    assert response.context["observed"] is True


def test_another_centres_team_is_not_selectable(small):
    response = _as(small, "physician").get(URL, {"equipe": small.other_team.pk, **SCENARIO})
    assert response.status_code == 200
    assert "equipe" in response.context["form"].errors
    assert response.context["team_name"] == small.team.name
    assert small.other_team.name not in response.content.decode()


def test_a_wrong_lever_falls_back_to_its_default(small):
    response = _as(small, "physician").get(URL, {**SCENARIO, "delegation": 150})
    assert response.status_code == 200
    assert "delegation" in response.context["form"].errors
    assert response.context["values"]["delegation"] == 50


@pytest.mark.parametrize("actor", ["nurse", "secretary", "billing", "prevention_assistant"])
def test_other_staff_are_refused(small, actor):
    assert _as(small, actor).get(URL).status_code == 403


def test_the_query_count_does_not_grow_with_the_due_visits(small, django_assert_max_num_queries):
    client = _as(small, "physician")
    client.get(URL)
    with django_assert_max_num_queries(9) as first:
        client.get(URL, SCENARIO)
    for n in range(30):
        worker = WorkerFactory(adherent=small.adherent)
        DueVisitFactory(worker=worker, team=small.team, due_on=datetime.date(2027, 4, 1 + n % 28))
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(URL, SCENARIO)
    assert response.context["result"].total.visits == 8 + 30


def test_a_centre_manager_chooses_among_the_centres_teams(small):
    from accounts.enums import StaffRole
    from tests.accounts.factories import StaffAssignmentFactory, TeamFactory

    second = TeamFactory(center=small.center, name="Équipe Zénith")
    manager = StaffAssignmentFactory(center=small.center, role=StaffRole.CENTER_MANAGER, team=None)
    client = login(Client(), manager.user)
    response = client.get(URL, {"equipe": second.pk, **SCENARIO})
    assert response.status_code == 200
    choices = response.context["form"].fields["equipe"].choices
    assert {pk for pk, _ in choices} == {small.team.pk, second.pk}
    # Équipe Zénith has no due visit, slot nor FE of its own.
    assert response.context["team_name"] == "Équipe Zénith"
    assert (response.context["result"].total.visits, response.context["result"].total.fiches) == (
        0,
        0,
    )


def test_the_direction_reads_every_centre_with_its_name(small):
    from accounts.enums import StaffRole
    from tests.accounts.factories import StaffAssignmentFactory

    director = StaffAssignmentFactory(center=small.center, role=StaffRole.DIRECTION, team=None)
    response = login(Client(), director.user).get(URL, {"equipe": small.other_team.pk})
    assert response.status_code == 200
    labels = dict(response.context["form"].fields["equipe"].choices)
    assert labels[small.other_team.pk] == f"{small.other_team.name} (Centre Sud)"
    assert labels[small.team.pk] == f"{small.team.name} (Centre Nord)"
    # Team B: one VIP due in March 2027, 30 min of the other physician's slots.
    total = response.context["result"].total
    assert (total.visits, total.offered["physician"]) == (1, Decimal("0.5"))


def test_management_exports_the_monthly_table_and_a_physician_does_not(small):
    from accounts.enums import StaffRole
    from tests.accounts.factories import StaffAssignmentFactory

    director = StaffAssignmentFactory(center=small.center, role=StaffRole.DIRECTION, team=None)
    client = login(Client(), director.user)
    csv = client.get(URL, {"equipe": small.team.pk, **SCENARIO, "format": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Mois;Visites dues;dont en retard;")
    assert len(lines) == 14  # the heading, 12 months, the total
    # The same total as the page: 8 visits due, 1 late, 4 the physician's only, 4 delegable.
    assert lines[-1].startswith("Total sur 12 mois;8;1;4;4;4;2;")
    assert lines[1].startswith("03/2027;")
    physician = _as(small, "physician")
    assert physician.get(URL, {**SCENARIO, "format": "csv"}).status_code == 404
