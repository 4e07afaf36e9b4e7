"""The DGT survey's page and download for the direction (the world has no direction actor: the
permission matrix checks the refusals)."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.enums import StaffRole
from dashboards.dgt.models import DgtField
from tests.accounts.factories import StaffAssignmentFactory
from tests.conftest import login
from tests.dashboards.support_catalogue import fact, month, small_catalogue  # noqa: F401

pytestmark = pytest.mark.usefixtures("small_catalogue")
PAGE = reverse("backoffice:dashboards:dgt")


@pytest.fixture
def director(world):
    return login(
        Client(), StaffAssignmentFactory(center=world.center, role=StaffRole.DIRECTION).user
    )


@pytest.fixture
def manager(world):
    return login(
        Client(), StaffAssignmentFactory(center=world.center, role=StaffRole.CENTER_MANAGER).user
    )


def test_the_direction_sees_the_rubrics_seeded_from_the_catalogue(director):
    response = director.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enquête annuelle DGT" in page
    assert 'value="Visites réalisées dans les délais : Médecin"' in page
    assert "Réalisé par : Médecin" in page
    assert DgtField.objects.count() == 7


def test_the_direction_edits_a_rubric(director):
    director.get(PAGE)
    fields = list(DgtField.objects.all())
    data = {
        "form-TOTAL_FORMS": str(len(fields)),
        "form-INITIAL_FORMS": str(len(fields)),
        "action": "save",
    }
    for i, field in enumerate(fields):
        data |= {
            f"form-{i}-id": field.pk,
            f"form-{i}-order": field.order,
            f"form-{i}-label": field.label,
        }
        if field.indicator != "invoiced":
            data[f"form-{i}-active"] = "on"
    data["form-0-label"] = "1.1 Visites dans les délais"
    response = director.post(PAGE, data)
    assert response.status_code == 302
    assert (
        DgtField.objects.get(indicator="visits_on_time", breakdown="").label
        == "1.1 Visites dans les délais"
    )
    assert DgtField.objects.get(indicator="invoiced").active is False
    assert DgtField.objects.filter(active=True).count() == 6


def test_the_direction_loads_the_official_list(director):
    director.get(PAGE)
    upload = io.BytesIO(
        "ordre;indicateur;ventilation;libellé\n1;invoiced;;A.1 Cotisations\n".encode()
    )
    upload.name = "liste.csv"
    response = director.post(PAGE, {"action": "import", "file": upload, "deactivate_others": "on"})
    assert response.status_code == 302
    assert list(DgtField.objects.filter(active=True).values_list("label", flat=True)) == [
        "A.1 Cotisations"
    ]

    bad = io.BytesIO(b"1;nope;;X\n")
    bad.name = "liste.csv"
    response = director.post(PAGE, {"action": "import", "file": bad})
    assert response.status_code == 200
    assert (
        "ligne 1 : indicateur inconnu du catalogue (&#x27;nope&#x27;)" in response.content.decode()
    )


def test_the_year_chooser_leads_to_the_workbook(director, world):
    fact("invoiced", world.center, month(2025, 3), "250.00")
    response = director.get(PAGE, {"annee": "2025"})
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:dashboards:dgt-export", args=[2025])
    download = director.get(response["Location"])
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="enquete-dgt-2025.xlsx"'
    assert download["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(download.content)).worksheets[0]
    invoiced = [row for row in sheet.iter_rows(values_only=True) if row[1] == "invoiced"]
    assert invoiced[0][3] == 250


def test_a_year_out_of_range_is_not_found(director):
    assert director.get(reverse("backoffice:dashboards:dgt-export", args=[1999])).status_code == 404


def test_a_centre_manager_does_not_export_the_service_survey(manager):
    assert manager.get(PAGE).status_code == 403


def test_the_page_reads_a_bounded_number_of_queries(
    director,
    django_assert_max_num_queries,
):
    director.get(PAGE)
    for i in range(40):
        DgtField.objects.create(
            order=100 + i, indicator="invoiced", breakdown=f"kind:k{i}", label=f"L{i}"
        )
    # session, user, context (1), fact years, rubrics seeded (1), rubrics listed (1)
    with django_assert_max_num_queries(6):
        assert director.get(PAGE).status_code == 200
