"""Work units: the employer and the prevention staff group posts; never deleted."""

import html

import pytest
from django.urls import reverse

from prevention.models import WorkUnit
from tests.prevention.factories import WorkUnitFactory
from tests.suivi_sante.factories import EmploymentFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_employer_adds_a_unit_with_its_workers(world, client_for):
    post = EmploymentFactory(worker__adherent=world.adherent, establishment=world.establishment)
    url = reverse("portal:prevention:workunit-list", args=[world.establishment.pk])
    client_for("portal_admin").post(
        url,
        {"name": "Fournil", "headcount": "3", "employments": [post.pk], "description": "Pétrin"},
    )
    unit = WorkUnit.objects.get(establishment=world.establishment)
    assert (unit.name, unit.headcount) == ("Fournil", 3)
    assert list(unit.employments.all()) == [post]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Fournil", "headcount": "0", "with_worker": True}, "est inférieur au nombre"),
        ({"name": "Vente", "headcount": "2", "duplicate": True}, "Une unité « Vente » existe déjà"),
        ({"name": "Livraison", "headcount": "2", "foreign_worker": True}, "Sélectionnez un choix"),
    ],
)
def test_bad_units_get_a_french_message_and_write_nothing(world, client_for, data, message):
    WorkUnitFactory(establishment=world.establishment, name="Vente")
    mine = EmploymentFactory(worker__adherent=world.adherent, establishment=world.establishment)
    elsewhere = EmploymentFactory(worker__adherent=world.other_adherent)
    payload = {"name": data["name"], "headcount": data["headcount"]}
    if data.get("with_worker"):
        payload["employments"] = [mine.pk]
    if data.get("foreign_worker"):
        payload["employments"] = [elsewhere.pk]
    before = WorkUnit.objects.count()
    response = client_for("portal_admin").post(
        reverse("portal:prevention:workunit-list", args=[world.establishment.pk]), payload
    )
    assert message in text(response)
    assert WorkUnit.objects.count() == before


def test_an_archived_unit_is_kept_and_its_name_can_be_reused(world, client_for):
    unit = WorkUnitFactory(establishment=world.establishment, name="Quai")
    staff = client_for("prevention_assistant")
    staff.post(reverse("backoffice:prevention:workunit-archive", args=[unit.pk]))
    unit.refresh_from_db()
    assert unit.archived_at is not None
    staff.post(
        reverse("backoffice:prevention:workunit-list", args=[world.establishment.pk]),
        {"name": "Quai", "headcount": "1"},
    )
    assert WorkUnit.objects.filter(establishment=world.establishment, name="Quai").count() == 2


def test_the_unit_list_answers_in_a_flat_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("portal_admin")
    url = reverse("portal:prevention:workunit-list", args=[world.establishment.pk])
    client.get(url)
    for n in (1, 20):
        for _ in range(n):
            unit = WorkUnitFactory(establishment=world.establishment)
            unit.employments.add(
                EmploymentFactory(
                    worker__adherent=world.adherent, establishment=world.establishment
                )
            )
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200


def test_a_worker_joining_a_unit_with_a_cmr_product_is_suggested_to_the_physician(
    world, client_for
):
    from prevention.models import ChemicalProduct
    from suivi_sante.models import ExposureSuggestion

    unit = WorkUnitFactory(establishment=world.establishment, name="Peinture", headcount=2)
    ChemicalProduct.objects.create(
        work_unit=unit,
        name="Diluant X",
        hazard_statements=["H350"],
        is_cmr=True,
        recorded_by=world.actors["prevention_assistant"],
    )
    post = EmploymentFactory(worker__adherent=world.adherent, establishment=world.establishment)
    client_for("portal_admin").post(
        reverse("portal:prevention:workunit-edit", args=[unit.pk]),
        {"name": "Peinture", "headcount": "2", "employments": [post.pk]},
    )
    suggestion = ExposureSuggestion.objects.get(employment=post)
    assert suggestion.sir_risk == "cmr"
    assert "Diluant X" in suggestion.source
    post.refresh_from_db()
    assert post.sir_risks == []  # never automatic: the physician decides
