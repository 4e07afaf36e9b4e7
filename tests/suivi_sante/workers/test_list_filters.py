"""Worker lists: search by name or first name (never the NIR), establishment, category, visit
due, contract; totals in the member's or the centre's scope."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from suivi_sante.models import Worker
from suivi_sante.workers.selectors import WorkerFilters, worker_list, worker_total
from tests.adherents.factories import EstablishmentFactory
from tests.suivi_sante.agenda.support import ctx_of
from tests.suivi_sante.factories import DueVisitFactory, EmploymentFactory, WorkerFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _june_2026():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def staff_of_a(world):
    """Member A: Marie DUPONT (SI, running, VIP overdue since 1 May), Paul DURAND (SIR, other
    site, due 1 September), Duc LEROY (SIA, left on 31 March, nothing due); world.worker is
    ZOLA with no contract. Member B (same centre) has Jean DUPONT."""
    Worker.objects.update(last_name="ZOLA", first_name="Émile")
    site2 = EstablishmentFactory(
        adherent=world.adherent, name="Fournil Est", siret="55208131700014"
    )
    dupont = WorkerFactory(
        adherent=world.adherent, last_name="DUPONT", first_name="Marie", nir="285067512345604"
    )
    EmploymentFactory(worker=dupont, establishment=world.establishment)
    DueVisitFactory(worker=dupont, due_on=D(2026, 5, 1))
    durand = WorkerFactory(
        adherent=world.adherent, last_name="DURAND", first_name="Paul", category="SIR"
    )
    EmploymentFactory(worker=durand, establishment=site2)
    DueVisitFactory(worker=durand, due_on=D(2026, 9, 1))
    leroy = WorkerFactory(
        adherent=world.adherent, last_name="LEROY", first_name="Duc", category="SIA"
    )
    EmploymentFactory(worker=leroy, establishment=world.establishment, end_on=D(2026, 3, 31))
    WorkerFactory(adherent=world.other_adherent, last_name="DUPONT", first_name="Jean")
    return {"site2": site2}


def _names(ctx, **filters):
    return [
        f"{w.last_name} {w.first_name}" for w in worker_list(ctx, filters=WorkerFilters(**filters))
    ]


def test_the_portal_filters_its_members_workers(world, staff_of_a):
    ctx = ctx_of(world, "portal_admin")
    assert _names(ctx, search="du") == ["DUPONT Marie", "DURAND Paul", "LEROY Duc"]
    assert _names(ctx, search="dupont ma") == ["DUPONT Marie"]
    assert _names(ctx, search="285067") == []  # never searched by NIR
    assert _names(ctx, category="SIR") == ["DURAND Paul"]
    assert _names(ctx, establishment_id=world.establishment.pk) == ["DUPONT Marie", "LEROY Duc"]
    assert _names(ctx, establishment_id=world.establishment.pk, employment="en_cours") == [
        "DUPONT Marie"
    ]
    assert _names(ctx, employment="termine") == ["LEROY Duc"]  # ZOLA has no contract at all
    assert _names(ctx, due="a_prevoir") == ["DUPONT Marie", "DURAND Paul"]
    assert _names(ctx, due="en_retard") == ["DUPONT Marie"]
    assert _names(ctx, due="aucune") == ["LEROY Duc", "ZOLA Émile"]


def test_staff_see_the_centres_members_and_filter_by_siret(world, staff_of_a):
    ctx = ctx_of(world, "nurse")
    assert _names(ctx, search="dupont") == ["DUPONT Jean", "DUPONT Marie"]
    assert _names(ctx, siret="55208131700014") == ["DURAND Paul"]
    assert worker_total(worker_list(ctx, filters=WorkerFilters())) == 6
    assert _names(ctx_of(world, "physician_other"), search="dupont") == []


def test_the_portal_page_shows_the_total_and_keeps_the_filters(world, staff_of_a, client_for):
    client = client_for("portal_admin")
    url = reverse("portal:suivi_sante:worker-list")
    page = client.get(url).content.decode()
    assert "4 salariés" in page
    page = client.get(url, {"q": "du", "echeance": "en_retard"}).content.decode()
    assert "1 salarié correspondant aux filtres" in page
    assert "DUPONT" in page
    assert "DURAND" not in page
    assert 'value="du"' in page
    page = client.get(url, {"categorie": "SI", "contrat": "termine"}).content.decode()
    assert "Aucun salarié ne correspond à ces filtres." in page
    # An establishment of another member is not a choice: the filter is ignored, not leaked.
    page = client.get(url, {"etablissement": world.other_establishment.pk}).content.decode()
    assert "4 salariés" in page


def test_the_backoffice_page_filters_by_category_and_siret(world, staff_of_a, client_for):
    client = client_for("secretary")
    url = reverse("backoffice:suivi_sante:worker-list")
    assert "6 salariés" in client.get(url).content.decode()
    page = client.get(url, {"categorie": "SIA"}).content.decode()
    assert "1 salarié correspondant aux filtres" in page
    assert "LEROY" in page
    page = client.get(url, {"siret": "552 081 317 00014"}).content.decode()
    assert "DURAND" in page
    assert "DUPONT" not in page


def test_the_category_filter_can_walk_the_category_and_name_index(world):
    """Without a sequential scan the planner walks the migration's index in name order (at
    national scale it chooses it; on a tiny table it would rather scan). With a handful of rows
    the name index filtered on the category costs the same to the planner, which then picks
    either (seen in CI): a few hundred workers outside the category, analysed, make the
    category's index the cheaper walk, as in a real service where SIR is a minority."""
    WorkerFactory.create_batch(300, adherent=world.adherent, category="SI")
    WorkerFactory.create_batch(3, adherent=world.adherent, category="SIR")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Worker._meta.db_table}")
        cursor.execute("SET LOCAL enable_seqscan = off")
    by_category = Worker.objects.filter(category="SIR").order_by("last_name", "first_name", "id")
    assert "worker_category_name_idx" in by_category[:50].explain()
