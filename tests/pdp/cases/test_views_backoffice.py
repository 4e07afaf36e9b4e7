import datetime

import pytest
from django.urls import reverse

from accounts.models import AccessLog
from adherents.models import Adherent
from pdp.models import PdpCase
from tests.pdp.factories import PdpCaseFactory, cell_member
from tests.suivi_sante.factories import WorkerFactory


def detail(case):
    return reverse("backoffice:pdp:case-detail", args=[case.pk])


@pytest.mark.django_db
def test_physician_signals_from_the_dmst_and_a_second_referral_links_to_the_first(
    world, client_for
):
    client = client_for("physician")
    dmst = client.get(reverse("backoffice:suivi_sante:dmst-detail", args=[world.worker.pk]))
    refer_url = reverse("backoffice:pdp:case-refer", args=[world.worker.pk])
    assert refer_url in dmst.content.decode()
    page = client.get(reverse("backoffice:suivi_sante:worker-detail", args=[world.worker.pk]))
    assert "Signaler à la cellule PDP" in page.content.decode()
    response = client.post(refer_url, {"source": "physician", "reason": "Arrêt de 3 mois"})
    case = PdpCase.objects.get(worker=world.worker)
    assert response.status_code == 302
    assert response["Location"] == detail(case)  # the worker's physician reads it
    again = client.post(refer_url, {"source": "team", "reason": "Bis"})
    assert again.status_code == 409
    body = again.content.decode()
    assert "déjà un dossier PDP ouvert" in body
    assert detail(case) in body
    assert PdpCase.objects.filter(worker=world.worker).count() == 1


@pytest.mark.django_db
def test_every_read_is_logged_and_a_stranger_gets_404(world, client_for, coordinator, client_as):
    case = PdpCaseFactory(worker=world.worker)
    assert client_as(coordinator).get(detail(case)).status_code == 200
    assert client_for("nurse").get(detail(case)).status_code == 200
    readers = AccessLog.objects.filter(
        action="pdp.case.read", object_type="pdp.pdpcase", object_id=str(case.pk)
    ).values_list("user_id", flat=True)
    assert sorted(readers) == sorted([coordinator.pk, world.actors["nurse"].pk])
    # Another centre's cell member, and a physician of centre 1 outside the worker's team.
    other_cell = cell_member(world.other_center)
    assert client_as(other_cell).get(detail(case)).status_code == 404
    from accounts.enums import StaffRole
    from tests.accounts.factories import StaffAssignmentFactory, TeamFactory

    outsider = StaffAssignmentFactory(
        center=world.center, team=TeamFactory(center=world.center), role=StaffRole.PHYSICIAN
    ).user
    assert client_as(outsider).get(detail(case)).status_code == 404
    assert AccessLog.objects.filter(action="pdp.case.read").count() == 2


@pytest.mark.django_db
def test_cell_member_works_the_case_through_its_page(world, coordinator, client_as):
    client = client_as(coordinator)
    case = PdpCaseFactory(worker=world.worker, received_on=datetime.date(2026, 9, 1))
    client.post(reverse("backoffice:pdp:case-take", args=[case.pk]))
    client.post(
        reverse("backoffice:pdp:consent-create", args=[case.pk]),
        {
            "consent-recipient": "CARSAT",
            "consent-purpose": "Essai encadré",
            "consent-data_categories": ["identity", "restrictions"],
            "consent-given_on": "2026-09-02",
            "consent-proof": "oral",
        },
    )
    client.post(
        reverse("backoffice:pdp:case-status", args=[case.pk]), {"status-status": "cell_review"}
    )
    case.refresh_from_db()
    assert case.owner == coordinator
    assert case.status == "cell_review"
    assert case.consents.get().recorded_by == coordinator
    page = client.get(detail(case)).content.decode()
    assert "Oral, recueilli par" in page
    response = client.post(
        reverse("backoffice:pdp:case-close", args=[case.pk]),
        {"close-outcome": "kept_with_adjustment", "close-on": "2026-10-01"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.outcome == "kept_with_adjustment"


@pytest.mark.django_db
def test_bad_input_gives_a_french_message_and_writes_nothing(world, coordinator, client_as):
    client = client_as(coordinator)
    case = PdpCaseFactory(worker=world.worker)
    response = client.post(
        reverse("backoffice:pdp:case-close", args=[case.pk]), {"close-outcome": "nope"}, follow=True
    )
    assert "Formulaire incomplet" in response.content.decode()
    response = client.post(
        reverse("backoffice:pdp:consent-create", args=[case.pk]),
        {
            "consent-recipient": "CARSAT",
            "consent-purpose": "x",
            "consent-data_categories": ["identity"],
            "consent-given_on": "2026-09-02",
            "consent-proof": "signed_form",
        },
        follow=True,
    )
    assert "formulaire de consentement signé" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "received"
    assert not case.consents.exists()


@pytest.mark.django_db
def test_case_list_query_count_is_flat(
    world, coordinator, client_as, django_assert_max_num_queries
):
    for _ in range(30):
        PdpCaseFactory(worker=WorkerFactory(adherent=world.adherent), owner=coordinator)
    client = client_as(coordinator)
    client.get(reverse("backoffice:pdp:case-list"))  # warm the session
    with django_assert_max_num_queries(14):
        response = client.get(reverse("backoffice:pdp:case-list"))
    assert response.content.decode().count("/back-office/pdp/dossiers/") >= 30


@pytest.mark.django_db
def test_case_page_shows_the_workers_prereprise_visits(world, coordinator, client_as):
    from tests.suivi_sante.factories import VisitFactory

    VisitFactory(worker=world.worker, kind="PRE_REPRISE", professional=world.actors["physician"])
    VisitFactory(worker=world.worker, kind="VIP", professional=world.actors["physician"])
    case = PdpCaseFactory(worker=world.worker)
    page = client_as(coordinator).get(detail(case)).content.decode()
    assert "Visite de pré-reprise" in page
    assert "Visite d&#x27;information et de prévention" not in page


@pytest.mark.django_db
def test_a_person_is_referred_with_the_employer_s_siren_not_a_list_of_every_member(
    world, client_for, coordinator
):
    """The form names the employer by SIREN: a centre follows tens of thousands of members,
    and the page listed them all in a <select> (1.7 MB, 9 s on the national dataset)."""
    client = client_for("physician")
    url = reverse("backoffice:pdp:case-refer-person")
    page = client.get(url).content.decode()
    assert 'name="siren"' in page
    assert world.adherent.name not in page
    assert world.other_adherent.name not in page
    elsewhere = Adherent.objects.get(name="Scierie Gamma")  # the other centre's member
    person = {"last_name": "Durand", "first_name": "Léa", "source": "worker", "reason": "Appel"}
    # Another centre's member: refused in French, nothing written.
    refused = client.post(url, {**person, "siren": elsewhere.siren})
    assert refused.status_code == 200
    assert (
        f"Aucun adhérent suivi par votre centre n&#x27;a le SIREN {elsewhere.siren}"
        in refused.content.decode()
    )
    assert not PdpCase.objects.exists()
    siren = world.adherent.siren
    spaced = f"{siren[:3]} {siren[3:6]} {siren[6:]}"
    assert client.post(url, {**person, "siren": spaced}).status_code == 302
    case = PdpCase.objects.get()
    assert (case.adherent, case.person_last_name) == (world.adherent, "Durand")
    # Without a SIREN: a person whose employer is not (yet) known.
    assert client.post(url, {**person, "first_name": "Tom"}).status_code == 302
    assert PdpCase.objects.get(person_first_name="Tom").adherent is None
