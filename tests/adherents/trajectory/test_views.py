"""The member's trajectory page, its actions, and the "Étapes en retard" list."""

import datetime
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.enums import StaffRole
from adherents.models import Adherent, TrajectoryStep
from adherents.trajectory.services import open_yearly_cycle
from tests.accounts.factories import StaffAssignmentFactory, TeamFactory
from tests.adherents.factories_trajectory import close, new_member, started
from tests.conftest import login

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def _page(client, adherent) -> str:
    response = client.get(reverse("backoffice:adherents:trajectory-view", args=[adherent.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def member(world) -> Adherent:
    """Member A, validated 20 days ago: its welcome call is 5 days late."""
    Adherent.objects.filter(pk=world.adherent.pk).update(joined_on=ago(20))
    world.adherent.refresh_from_db()
    started(world.adherent)
    return world.adherent


def test_the_page_lists_the_steps_in_order_with_lateness_and_forms_by_role(member, client_for):
    html = _page(client_for("member_service"), member)
    labels = [
        "Appel de bienvenue",
        "Invitation à une rencontre employeurs",
        "Enquête de satisfaction",
    ]
    positions = [html.index(label) for label in labels]
    assert positions == sorted(positions)
    assert "Service adhérents" in html
    assert "Assistant(e) de prévention (ASST)" in html
    assert f"{(ago(20) + datetime.timedelta(days=15)):%d/%m/%Y}" in html
    assert "En retard" in html
    assert "<td>5</td>" in html
    assert html.count("Enregistrer comme fait") == 5  # the member service manages every step
    nurse = _page(client_for("nurse"), member)
    assert "Appel de bienvenue" in nurse
    assert "Enregistrer comme fait" not in nurse
    assistant = _page(client_for("prevention_assistant"), member)
    assert assistant.count("Enregistrer comme fait") == 2  # prevention visit, action plan


def _post(client, member, step, action, data):
    name = "trajectory-step-done" if action == "fait" else "trajectory-step-skip"
    url = reverse(f"backoffice:adherents:{name}", args=[member.pk, step.pk])
    return client.post(url, {f"{action}-{step.pk}-{k}": v for k, v in data.items()})


def test_the_owner_marks_done_and_another_role_gets_403(member, client_for, world):
    step = started(member)["welcome_call"]
    denied = _post(client_for("nurse"), member, step, "fait", {"done_on": ago(1), "note": "x"})
    assert denied.status_code == 403
    response = _post(
        client_for("member_service"), member, step, "fait", {"done_on": ago(1), "note": "RAS"}
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.status, step.done_on, step.done_by, step.note) == (
        "done",
        ago(1),
        world.actors["member_service"],
        "RAS",
    )
    html = _page(client_for("nurse"), member)
    assert f"{world.actors['member_service']}, le {ago(1):%d/%m/%Y}" in html


def test_closing_a_step_closed_already_says_so_above_the_steps(member, client_for, world):
    step = started(member)["welcome_call"]
    agent = client_for("member_service")
    _post(agent, member, step, "fait", {"done_on": ago(2), "note": "Appel fait"})
    # A second tab still showing the form, or a colleague who closed it meanwhile.
    again = _post(agent, member, step, "fait", {"done_on": ago(1), "note": "Encore"})
    assert again.status_code == 302
    html = unescape(agent.get(again["Location"]).content.decode())
    assert f"L'étape « Appel de bienvenue » est déjà close (fait le {ago(2):%d/%m/%Y})." in html
    step.refresh_from_db()
    assert (step.done_on, step.note) == (ago(2), "Appel fait")


def test_sans_objet_needs_a_note_and_writes_nothing_without(member, client_for):
    step = started(member)["prevention_visit"]
    client = client_for("prevention_assistant")
    response = _post(client, member, step, "so", {"note": ""})
    assert response.status_code == 200
    assert "Indiquez pourquoi cette étape est sans objet." in response.content.decode()
    assert TrajectoryStep.objects.get(pk=step.pk).status == "todo"
    future = _post(client, member, step, "fait", {"done_on": TODAY + datetime.timedelta(days=1)})
    assert "ne peut pas être dans le futur" in future.content.decode()
    assert _post(client, member, step, "so", {"note": "Visite faite par un autre service"})
    assert TrajectoryStep.objects.get(pk=step.pk).status == "skipped"


def test_a_step_of_another_member_is_404(member, client_for, world):
    other = started(world.other_adherent)["welcome_call"]
    response = _post(client_for("member_service"), member, other, "so", {"note": "x"})
    assert response.status_code == 404
    assert TrajectoryStep.objects.get(pk=other.pk).status == "todo"


# ---------------------------------------------------------------------------- overdue list


def _overdue(client, **params) -> str:
    response = client.get(reverse("backoffice:adherents:trajectory-overdue"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def late(world):
    """Overdue steps in A's team, in a second team of the centre, and in another centre."""
    south = TeamFactory(center=world.center, name="Équipe Sud")
    return {
        "mine": new_member(world.team, ago(40), name="Menuiserie Delta"),  # welcome, meeting
        "visit": new_member(world.team, ago(200), name="Plâtrerie Epsilon"),  # + prevention
        "south": new_member(south, ago(40), name="Charcuterie Zêta"),
        "elsewhere": new_member(world.other_team, ago(40), name="Verrerie Êta"),
        "south_team": south,
    }


def test_the_overdue_list_is_scoped_to_own_teams_and_roles(world, late, client_for):
    agent = _overdue(client_for("member_service"))
    assert "Menuiserie Delta" in agent
    assert "Plâtrerie Epsilon" in agent
    assert "Charcuterie Zêta" not in agent  # another team of the centre: not its own
    assert "Verrerie Êta" not in agent
    assert "Rendez-vous de la prévention" not in agent.split("<tbody>")[1]  # not its role
    everyone = _overdue(client_for("member_service"), role="tous")
    assert "Rendez-vous de la prévention" in everyone.split("<tbody>")[1]
    assert "Verrerie Êta" not in everyone
    ignored = _overdue(client_for("member_service"), equipe=late["south_team"].pk)
    assert "Charcuterie Zêta" not in ignored  # a team outside its scope is ignored
    assistant = _overdue(client_for("prevention_assistant")).split("<tbody>")[1]
    assert "Plâtrerie Epsilon" in assistant
    assert "Menuiserie Delta" not in assistant
    other_centre = _overdue(client_for("physician_other"), role="tous")
    assert "Verrerie Êta" in other_centre
    assert "Menuiserie Delta" not in other_centre
    assert "Charcuterie Zêta" not in other_centre


def test_a_member_service_agent_without_team_follows_the_whole_centre(world, late):
    agent = StaffAssignmentFactory(center=world.center, role=StaffRole.MEMBER_SERVICE).user
    client = login(Client(), agent)
    html = _overdue(client)
    assert "Menuiserie Delta" in html
    assert "Charcuterie Zêta" in html
    assert "Verrerie Êta" not in html
    south = _overdue(client, equipe=late["south_team"].pk)
    assert "Charcuterie Zêta" in south
    assert "Menuiserie Delta" not in south
    welcome = started(late["mine"])["welcome_call"].definition_id
    only = _overdue(client, etape=welcome).split("<tbody>")[1]
    assert "Appel de bienvenue" in only
    assert "Invitation à une rencontre" not in only
    close(started(late["mine"])["welcome_call"], on=ago(1))
    assert "Menuiserie Delta" not in _overdue(client, etape=welcome)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("backoffice:adherents:trajectory-overdue"), {"role": "tous"})
    assert response.status_code == 200
    return len(captured)


def test_the_overdue_list_answers_in_a_flat_number_of_queries(world, client_for):
    client = client_for("member_service")
    new_member(world.team, ago(20))
    one = _queries(client)
    for _ in range(15):  # 30 late steps
        new_member(world.team, ago(40))
    assert _queries(client) == one


def _page_queries(client, adherent) -> int:
    url = reverse("backoffice:adherents:trajectory-view", args=[adherent.pk])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_trajectory_page_answers_in_a_flat_number_of_queries(member, client_for):
    client = client_for("member_service")
    five = _page_queries(client, member)
    for year in range(TODAY.year + 1, TODAY.year + 12):  # 22 more steps, one done
        open_yearly_cycle(year=year)
    close(member.trajectory_steps.filter(cycle_year__isnull=False).first(), on=ago(1))
    assert _page_queries(client, member) == five
