"""DUERP screens: the employer's workspace, the staff's view, isolation, exports, query counts."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from prevention.models import Duerp, DuerpRisk, DuerpVersion
from tests.adherents.factories import AdherentFactory
from tests.prevention.duerp.support import add_risk, open_workspace, published_world, unit_of
from tests.prevention.factories import DuerpFactory, DuerpRiskFactory, hazard
from tests.suivi_sante.factories import EmploymentFactory
from tests.unchanged import assert_nothing_changed

pytestmark = pytest.mark.django_db

PORTAL = "portal:prevention"
BACKOFFICE = "backoffice:prevention"


def risk_data(unit, **values) -> dict:
    return {
        "work_unit": unit.pk,
        "hazard": hazard("BRU").pk,
        "description": "Pétrin bruyant",
        "exposed_count": 2,
        "severity": 3,
        "probability": 3,
        "existing_measures": "",
        **values,
    }


def test_employer_opens_the_workspace_with_the_live_headcount_proposed(world, client_for):
    EmploymentFactory(worker=world.worker, establishment=world.establishment)
    client = client_for("portal_admin")
    page = client.get(reverse(f"{PORTAL}:duerp-workspace"))
    assert page.status_code == 200
    assert page.context["form"].initial["headcount"] == 1
    assert 'for="id_headcount"' in page.content.decode()

    response = client.post(reverse(f"{PORTAL}:duerp-open"), {"headcount": 14})
    assert response.status_code == 302
    assert Duerp.objects.get(adherent=world.adherent).headcount == 14


def test_workspace_shows_each_risk_with_its_band_in_text_and_colour(world, client_for):
    duerp = open_workspace(world)
    add_risk(world, duerp, unit_of(world), severity=4, probability=3)
    html = client_for("portal_admin").get(reverse(f"{PORTAL}:duerp-workspace")).content.decode()
    assert '<span class="badge text-bg-danger">Élevée (12)</span>' in html
    assert "Fournil" in html
    assert "Sol glissant près du pétrin" in html


def test_risk_outside_the_grid_shows_the_french_error_and_writes_nothing(world, client_for):
    duerp = open_workspace(world)
    unit = unit_of(world)
    response = client_for("portal_admin").post(
        reverse(f"{PORTAL}:duerp-risk-create"), risk_data(unit, severity=5)
    )
    assert response.status_code == 200
    assert "La gravité doit être comprise entre 1 et 4." in response.content.decode()
    assert not DuerpRisk.objects.filter(duerp=duerp).exists()


def test_risk_form_adds_then_updates_a_risk(world, client_for):
    duerp = open_workspace(world)
    unit = unit_of(world)
    client = client_for("portal_admin")
    assert (
        client.get(reverse(f"{PORTAL}:duerp-risk-create") + f"?unite={unit.pk}").status_code == 200
    )
    response = client.post(reverse(f"{PORTAL}:duerp-risk-create"), risk_data(unit))
    assert response.status_code == 302
    risk = DuerpRisk.objects.get(duerp=duerp)
    url = reverse(f"{PORTAL}:duerp-risk-update", args=[risk.pk])
    assert client.get(url).status_code == 200
    client.post(url, risk_data(unit, probability=1), follow=True)
    risk.refresh_from_db()
    assert risk.probability == 1
    # Posted again as the form shows it: nothing changed, no history row.
    assert_nothing_changed(client, url, risk_data(unit, probability=1), not_said="Risque modifié.")


def test_papripact_errors_are_listed_in_the_action_form_at_50_workers(world, client_for):
    open_workspace(world, headcount=50)
    response = client_for("portal_admin").post(
        reverse(f"{PORTAL}:duerp-action-create"), {"title": "Former", "owner": "Directrice"}
    )
    assert response.status_code == 200
    assert "coût, échéance, indicateur" in response.content.decode()


def test_publish_then_view_and_export_the_version(world, client_for):
    duerp = open_workspace(world)
    add_risk(world, duerp, unit_of(world))
    client = client_for("portal_admin")
    response = client.post(reverse(f"{PORTAL}:duerp-publish"), {"cse_consulted_on": ""})
    version = DuerpVersion.objects.get(duerp=duerp)
    assert response.url == reverse(f"{PORTAL}:duerp-version-detail", args=[version.pk])
    page = client.get(response.url).content.decode()
    assert version.sha256 in page
    assert "Sol glissant près du pétrin" in page

    pdf = client.get(reverse(f"{PORTAL}:duerp-version-pdf", args=[version.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse(f"{PORTAL}:duerp-version-xlsx", args=[version.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content))["Risques"]
    assert sheet.max_row == 2


def test_publishing_an_empty_workspace_shows_the_refusal(world, client_for):
    open_workspace(world)
    response = client_for("portal_admin").post(reverse(f"{PORTAL}:duerp-publish"), {})
    assert response.status_code == 200
    assert "aucun risque évalué" in response.content.decode()
    assert not DuerpVersion.objects.exists()


def test_employer_cannot_alter_a_version_through_any_url(world, client_for):
    version = published_world(world)
    client = client_for("portal_admin")
    for name in ("duerp-version-detail", "duerp-version-pdf", "duerp-version-xlsx"):
        assert client.post(reverse(f"{PORTAL}:{name}", args=[version.pk])).status_code == 405
    # No edit URL takes a version: its id on the edit URLs names no risk or action of A.
    ghost = max(DuerpRisk.objects.values_list("pk", flat=True)) + version.pk + 1000
    for name in ("duerp-risk-update", "duerp-risk-delete", "duerp-action-update"):
        assert client.post(reverse(f"{PORTAL}:{name}", args=[ghost]), {}).status_code == 404
    stored = DuerpVersion.objects.get(pk=version.pk)
    assert (stored.snapshot, stored.sha256) == (version.snapshot, version.sha256)


def test_another_members_workspace_and_versions_are_404(world, client_for):
    version = published_world(world)
    risk = DuerpRisk.objects.filter(duerp=version.duerp).first()
    client = client_for("portal_other")
    assert client.get(reverse(f"{PORTAL}:duerp-risk-update", args=[risk.pk])).status_code == 404
    assert client.post(reverse(f"{PORTAL}:duerp-risk-delete", args=[risk.pk])).status_code == 404
    for name in ("duerp-version-detail", "duerp-version-pdf", "duerp-version-xlsx"):
        assert client.get(reverse(f"{PORTAL}:{name}", args=[version.pk])).status_code == 404
    assert DuerpRisk.objects.filter(pk=risk.pk).exists()


def test_staff_of_another_centre_get_404(world, client_for):
    version = published_world(world)
    client = client_for("physician_other")
    assert (
        client.get(reverse(f"{BACKOFFICE}:duerp-detail", args=[version.duerp.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse(f"{BACKOFFICE}:duerp-version-pdf", args=[version.pk])).status_code == 404
    )
    listing = client.get(reverse(f"{BACKOFFICE}:duerp-list")).content.decode()
    assert "Boulangerie Alpha" not in listing


def test_prevention_assistant_edits_on_the_members_behalf_the_physician_reads(world, client_for):
    duerp = open_workspace(world)
    unit = unit_of(world)
    url = reverse(f"{BACKOFFICE}:duerp-risk-create", args=[duerp.pk])
    assert client_for("physician").post(url, risk_data(unit)).status_code == 403
    response = client_for("prevention_assistant").post(url, risk_data(unit))
    assert response.status_code == 302
    assert DuerpRisk.objects.filter(duerp=duerp).count() == 1
    page = client_for("physician").get(reverse(f"{BACKOFFICE}:duerp-detail", args=[duerp.pk]))
    assert "Pétrin bruyant" in page.content.decode()
    assert "Seul l'employeur publie" in page.content.decode()


def test_staff_list_shows_state_last_publication_and_indicators(world, client_for):
    published_world(world)
    html = client_for("nurse").get(reverse(f"{BACKOFFICE}:duerp-list")).content.decode()
    assert "3 risques évalués" in html
    assert "Garage Bêta" in html
    assert "Non ouvert" in html
    assert "1 sur 2 entreprises adhérentes ont publié" in html


def _risks(duerp, count):
    for index in range(count):
        DuerpRiskFactory(duerp=duerp, description=f"Risque {index}")


@pytest.mark.parametrize("count", [1, 30])
def test_workspace_query_count_is_flat(world, client_for, django_assert_max_num_queries, count):
    duerp = DuerpFactory(adherent=world.adherent)
    _risks(duerp, count)
    client = client_for("portal_admin")
    with django_assert_max_num_queries(14):
        assert client.get(reverse(f"{PORTAL}:duerp-workspace")).status_code == 200
    staff = client_for("prevention_assistant")
    with django_assert_max_num_queries(15):
        url = reverse(f"{BACKOFFICE}:duerp-detail", args=[duerp.pk])
        assert staff.get(url).status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_staff_list_query_count_is_flat(world, client_for, django_assert_max_num_queries, count):
    for _ in range(count):
        DuerpRiskFactory(duerp=DuerpFactory(adherent=AdherentFactory(team=world.team)))
    client = client_for("physician")
    with django_assert_max_num_queries(11):
        assert client.get(reverse(f"{BACKOFFICE}:duerp-list")).status_code == 200
