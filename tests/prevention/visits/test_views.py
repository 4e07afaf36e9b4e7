"""Prevention visit screens: planned by SIRET, checklist on a tablet, letter to the member."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prevention.models import FicheVersion, PreventionVisit
from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.matrix_prevention.fiche import visit
from tests.prevention.factories import WorkUnitFactory, hazard

pytestmark = pytest.mark.django_db


def _record_data(visit_obj, rows: list[dict], **fields) -> dict:
    data = {
        "visit-held_on": "2026-03-02",
        "visit-employer_expectations": "Former les vendeurs",
        "visit-knowledge_level": "medium",
        "visit-training_needs": "Gestes et postures",
        "visit-internal_summary": "Dirigeant pressé",
        "units-TOTAL_FORMS": str(len(rows)),
        "units-INITIAL_FORMS": str(len(rows)),
        "units-MIN_NUM_FORMS": "0",
        "units-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for index, row in enumerate(rows):
        data[f"units-{index}-name"] = row.get("name", "")
        data[f"units-{index}-work_unit_id"] = row.get("work_unit_id", "")
        data[f"units-{index}-hazards"] = row.get("hazards", [])
        data[f"units-{index}-existing_prevention"] = row.get("existing_prevention", "")
    return data


def test_an_assistant_plans_records_writes_and_seeds_the_fe(world, client_for):
    assistant = client_for("prevention_assistant")
    WorkUnitFactory(establishment=world.establishment, name="Fournil")
    create = reverse("backoffice:prevention:visit-create")
    form = assistant.get(create, {"etablissement": world.establishment.pk}).content.decode()
    assert f'value="{world.establishment.siret}"' in form
    assert 'type="date"' in form
    me = world.actors["prevention_assistant"].pk
    elsewhere = EstablishmentFactory(adherent=AdherentFactory(team=world.other_team))
    unknown = assistant.post(  # another centre's member: as if it did not exist
        create, {"siret": elsewhere.siret, "scheduled_on": "2026-03-02", "assigned_to": me}
    )
    assert "Aucun établissement" in unknown.content.decode()
    response = assistant.post(
        create,
        {
            "siret": world.establishment.siret,
            "scheduled_on": "2026-03-02",
            "assigned_to": world.actors["prevention_assistant"].pk,
        },
    )
    planned = PreventionVisit.objects.get()
    assert response.url == reverse("backoffice:prevention:visit-detail", args=[planned.pk])

    page = assistant.get(response.url).content.decode()
    assert "Fournil" in page  # the establishment's units are proposed
    assert 'class="btn-check"' in page  # hazards as large toggle buttons

    record = reverse("backoffice:prevention:visit-record", args=[planned.pk])
    rows = [{"name": "Fournil", "hazards": [hazard("CHI-POU").pk], "existing_prevention": "Hotte"}]
    future = assistant.post(record, _record_data(planned, rows, **{"visit-held_on": "2199-01-01"}))
    assert "futur" in future.content.decode()
    assert assistant.post(record, _record_data(planned, rows)).status_code == 302
    planned.refresh_from_db()
    assert planned.status == "held"

    letter = reverse("backoffice:prevention:visit-letter", args=[planned.pk])
    assert assistant.post(letter).status_code == 302
    pdf = assistant.get(reverse("backoffice:prevention:visit-letter-pdf", args=[planned.pk]))
    assert pdf.getvalue().startswith(b"%PDF")

    seeded = assistant.post(reverse("backoffice:prevention:visit-seed-fiche", args=[planned.pk]))
    draft = FicheVersion.objects.get(from_visit=planned)
    assert seeded.url == reverse("backoffice:prevention:fiche-version-edit", args=[draft.pk])


def test_the_member_downloads_the_letter_of_a_held_visit_only(world, client_for):
    member = client_for("portal_admin")
    with_letter = visit(world, letter=True)
    planned = visit(world)
    listing = member.get(reverse("portal:prevention:fiche-list")).content.decode()
    assert reverse("portal:prevention:visit-letter-pdf", args=[with_letter.pk]) in listing
    pdf = member.get(reverse("portal:prevention:visit-letter-pdf", args=[with_letter.pk]))
    assert pdf.getvalue().startswith(b"%PDF")
    assert (
        member.get(reverse("portal:prevention:visit-letter-pdf", args=[planned.pk])).status_code
        == 404
    )
    held_without_letter = visit(world, held=True)
    url = reverse("portal:prevention:visit-letter-pdf", args=[held_without_letter.pk])
    assert member.get(url).status_code == 404


def test_the_internal_summary_is_shown_to_the_team(world, client_for):
    held = visit(world, held=True)
    page = client_for("nurse").get(reverse("backoffice:prevention:visit-detail", args=[held.pk]))
    assert "Employeur réticent" in page.content.decode()


def test_the_visit_list_answers_in_a_flat_number_of_queries(world, client_for):
    client = client_for("prevention_assistant")
    url = reverse("backoffice:prevention:visit-list")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    visit(world)
    count()  # the letters' reading figure, computed once (prevention/selectors_remembered.py)
    few = count()
    for day in range(29):
        PreventionVisit.objects.create(
            establishment=world.other_establishment,
            scheduled_on=datetime.date(2026, 4, 1) + datetime.timedelta(days=day),
            assigned_to=world.actors["prevention_assistant"],
        )
    assert count() == few
    assert few <= 10
