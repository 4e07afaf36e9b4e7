"""Back-office due lists (overdue, upcoming) and the portal's "Visites à prévoir"."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from suivi_sante.models import DueVisit
from tests.accounts.factories import TeamFactory
from tests.adherents.factories import AdherentFactory
from tests.suivi_sante.factories import WorkerFactory

MAX_QUERIES = 14  # session, user, context, MFA, teams, the page, indicators (3) when not cached

pytestmark = pytest.mark.django_db


def due(worker, kind: str = "VIP", days: int = -10, reason: str = "") -> DueVisit:
    """A stored due visit ``days`` from today (negative: overdue)."""
    return DueVisit.objects.create(
        worker=worker,
        team=worker.adherent.team,
        kind=kind,
        due_on=timezone.localdate() + datetime.timedelta(days=days),
        performers=["physician", "nurse"],
        legal_reference="R4624-10",
        reason=reason or f"Explication de {worker} ({kind}, {days} j)",
        computed_at=timezone.now(),
    )


def worker_of(team, name: str):
    return WorkerFactory(adherent=AdherentFactory(team=team), last_name=name)


def page(client, url_name: str, **params) -> str:
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    return response.content.decode()


def test_overdue_page_lists_the_centres_overdue_items_only(world, client_for):
    ours = due(world.worker, "VIP", -10, "VIP initiale en retard")
    due(world.worker, "MI_CARRIERE", 20, "Pas encore en retard")
    elsewhere = worker_of(world.other_team, "Ailleurs")
    due(elsewhere, "VIP", -30, "Retard autre centre")

    html = page(client_for("physician"), "backoffice:suivi_sante:due-overdue")

    assert "Échéances en retard" in html
    assert "VIP initiale en retard" in html
    assert "Pas encore en retard" not in html
    assert "Retard autre centre" not in html
    assert str(elsewhere) not in html
    worker_url = reverse("backoffice:suivi_sante:worker-detail", args=[ours.worker_id])
    book_url = reverse("backoffice:suivi_sante:visit-book", args=[ours.worker_id])
    assert f'href="{worker_url}"' in html
    assert f'href="{book_url}"' in html


def test_the_other_centres_physician_sees_their_own_overdue_items(world, client_for):
    due(world.worker, "VIP", -10, "Retard du centre Nord")
    due(worker_of(world.other_team, "Sudiste"), "VIP", -3, "Retard du centre Sud")

    html = page(client_for("physician_other"), "backoffice:suivi_sante:due-overdue")

    assert "Retard du centre Sud" in html
    assert "Retard du centre Nord" not in html


def test_overdue_page_filters_by_team_and_kind_oldest_first(world, client_for):
    second_team = TeamFactory(center=world.center, name="Équipe Est")
    due(world.worker, "VIP", -5, "Premier équipe Nord")
    east = worker_of(second_team, "Estienne")
    due(east, "REPRISE", -40, "Reprise équipe Est")
    due(east, "VIP", -2, "VIP équipe Est")
    client = client_for("nurse")  # a health professional reads the reasons used as markers

    every = page(client, "backoffice:suivi_sante:due-overdue")
    assert every.index("Reprise équipe Est") < every.index("Premier équipe Nord")

    east_only = page(client, "backoffice:suivi_sante:due-overdue", equipe=second_team.pk)
    assert "Reprise équipe Est" in east_only
    assert "Premier équipe Nord" not in east_only

    vip_only = page(client, "backoffice:suivi_sante:due-overdue", type="VIP")
    assert "Premier équipe Nord" in vip_only
    assert "VIP équipe Est" in vip_only
    assert "Reprise équipe Est" not in vip_only

    other_team = page(client, "backoffice:suivi_sante:due-overdue", equipe=world.other_team.pk)
    assert "Premier équipe Nord" in other_team  # not our centre's team: the filter is ignored


def test_overdue_page_keeps_its_filters_across_pages(world, client_for, settings):
    settings.SPSTI_LIST_PAGE_SIZE = 2
    for days in (-3, -2, -1):
        due(world.worker, "VIP", days)

    html = page(client_for("nurse"), "backoffice:suivi_sante:due-overdue", type="VIP")

    # The next page by the key of the last row shown (spsti.pagination), the filter kept.
    last = DueVisit.objects.filter(kind="VIP").order_by("due_on", "pk")[1]
    assert f'href="?type=VIP&amp;page=2&amp;apres={last.pk}"' in html


def test_upcoming_page_lists_the_next_30_days_by_default_and_other_horizons(world, client_for):
    due(world.worker, "VIP", -1, "Déjà en retard")
    due(world.worker, "REPRISE", 0, "Le jour même")
    due(world.worker, "MI_CARRIERE", 45, "Dans 45 jours")
    client = client_for("nurse")

    default = page(client, "backoffice:suivi_sante:due-upcoming")
    assert "Le jour même" in default
    assert "Dans 45 jours" not in default
    assert "Déjà en retard" not in default

    sixty = page(client, "backoffice:suivi_sante:due-upcoming", jours=60)
    assert "Dans 45 jours" in sixty
    assert "Le jour même" in sixty


def test_portal_list_shows_the_members_own_items_with_their_explanation(world, client_for):
    due(world.worker, "VIP", -2, "VIP initiale à réaliser avant le 01/01/2027 : embauche")
    theirs = world.other_adherent.workers.get()
    due(theirs, "VIP", 5, "Motif du garage")

    html = page(client_for("portal_admin"), "portal:suivi_sante:due-list")
    assert "Visites à prévoir" in html
    # The employer reads the visit, the category and the date, never the engine's reason.
    assert "VIP initiale à réaliser avant le 01/01/2027 : embauche" not in html
    assert str(world.worker) in html
    assert "Suivi SI : visite à réaliser avant le" in html
    assert "en retard" in html
    assert str(theirs) not in html
    worker_url = reverse("portal:suivi_sante:worker-detail", args=[world.worker.pk])
    assert f'href="{worker_url}"' in html

    firm = page(client_for("firm_unmandated"), "portal:suivi_sante:due-list")  # B's workers
    assert str(theirs) in firm
    assert "Motif du garage" not in firm
    assert str(world.worker) not in firm


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url_name", "actor", "days"),
    [
        ("backoffice:suivi_sante:due-overdue", "physician", -5),
        ("backoffice:suivi_sante:due-upcoming", "secretary", 5),
        ("portal:suivi_sante:due-list", "portal_admin", 5),
    ],
)
def test_due_lists_answer_in_a_flat_number_of_queries(
    url_name, actor, days, world, client_for, django_assert_max_num_queries
):
    client = client_for(actor)
    url = reverse(url_name)
    client.get(url)  # warm the session, the allauth lookups and the indicators' cache
    due(world.worker, "VIP", days)
    few = _queries(client, url)
    for n in range(30):
        due(WorkerFactory(adherent=world.adherent), "VIP", days - n % 3)
    many = _queries(client, url)
    assert few == many
    client.get(url + "?page=2")
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url + "?page=1")
