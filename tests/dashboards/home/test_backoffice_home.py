"""The team's home lists each role's work (issue 17, item 1): hand counts on a small world,
links followed to lists showing exactly those items, the secretary never reads medical
content, and the home stays bounded on a grown world."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from suivi_sante.agenda.selectors import day_start
from suivi_sante.enums import ConvocationStatus, VisitStatus
from suivi_sante.models import Convocation, Referral
from tests.dashboards.home.test_portal_home import _items
from tests.prevention.factories import FicheFactory, FicheVersionFactory
from tests.suivi_sante.factories import (
    DueVisitFactory,
    EmploymentFactory,
    ProtocolFactory,
    VisitFactory,
    WorkerFactory,
)

pytestmark = pytest.mark.django_db
HOME = "backoffice:dashboard"


def _ids(page: str, pattern: str) -> set[int]:
    return set(map(int, re.findall(pattern, page)))


@pytest.fixture
def care(world):
    """Centre 1, team 0: the physician holds 2 visits today (+1 tomorrow; the nurse 1 today),
    held 1 visit without document 2 days ago; 3 overdue visits (1 for a physician only);
    1 open referral (+1 resolved); 1 FE draft; 1 convocation to rebook; 1 no-show."""
    today = timezone.localdate()
    physician, nurse = world.actors["physician"], world.actors["nurse"]
    start = day_start(today)
    protocol = ProtocolFactory(team=world.team, signed_by=physician)
    mine_today = [
        VisitFactory(
            worker=WorkerFactory(adherent=world.adherent),
            professional=physician,
            scheduled_at=start + datetime.timedelta(hours=h),
        )
        for h in (9, 11)
    ]
    VisitFactory(
        worker=world.worker, professional=physician, scheduled_at=start + datetime.timedelta(days=1)
    )
    VisitFactory(
        worker=world.worker,
        professional=nurse,
        performer="nurse",
        protocol=protocol,
        scheduled_at=start + datetime.timedelta(hours=10),
    )
    held = VisitFactory(
        worker=world.worker,
        professional=physician,
        status=VisitStatus.HELD,
        scheduled_at=timezone.now() - datetime.timedelta(days=2),
        held_at=timezone.now() - datetime.timedelta(days=2),
    )
    late = [DueVisitFactory(worker=WorkerFactory(adherent=world.adherent)) for _ in range(2)]
    physician_only = DueVisitFactory(
        worker=WorkerFactory(adherent=world.other_adherent), performers=["physician"]
    )
    referred = WorkerFactory(adherent=world.adherent)
    from_visit = VisitFactory(
        worker=referred,
        professional=nurse,
        performer="nurse",
        protocol=protocol,
        status=VisitStatus.HELD,
        scheduled_at=timezone.now() - datetime.timedelta(days=5),
        held_at=timezone.now() - datetime.timedelta(days=5),
    )
    referral = Referral.objects.create(
        from_visit=from_visit,
        worker=referred,
        team=world.team,
        kind="VIP",
        due_on=today + datetime.timedelta(days=20),
    )
    draft = FicheVersionFactory(fiche=FicheFactory(establishment=world.establishment))
    EmploymentFactory(worker=world.worker, establishment=world.establishment)
    to_rebook = Convocation.objects.create(
        visit=VisitFactory(
            worker=world.worker,
            professional=physician,
            scheduled_at=timezone.now() + datetime.timedelta(days=4),
        ),
        establishment=world.establishment,
        sent_at=timezone.now(),
        status=ConvocationStatus.RESCHEDULE_REQUESTED,
        responded_at=timezone.now(),
    )
    no_show = VisitFactory(
        worker=world.worker,
        professional=physician,
        status=VisitStatus.UNEXCUSED_ABSENCE,
        scheduled_at=timezone.now() - datetime.timedelta(days=3),
    )
    return {
        "today": mine_today,
        "held": held,
        "late": late,
        "physician_only": physician_only,
        "referral": referral,
        "draft": draft,
        "to_rebook": to_rebook,
        "no_show": no_show,
    }


def test_the_physician_home_lists_the_day_the_documents_the_fe_the_referrals_the_late_visits(
    world, client_for, care
):
    client = client_for("physician")
    page = client.get(reverse(HOME)).content.decode()
    items = _items(page)

    assert items["Votre agenda du jour"][:2] == (2, "2 visites aujourd'hui")
    assert _ids(page, r"/visites/(\d+)/\"") >= {v.pk for v in care["today"]}

    assert items["Documents à émettre"][:2] == (
        1,
        "1 visite réalisée sans attestation ni avis émis",
    )
    assert reverse("backoffice:suivi_sante:visit-detail", args=[care["held"].pk]) in page
    assert reverse("backoffice:suivi_sante:document-issue", args=[care["held"].pk]) not in page

    count, text, link = items["Fiches d'entreprise à valider"]
    assert (count, text) == (1, "1 fiche en brouillon à valider")
    listed = client.get(link).content.decode()
    assert _ids(listed, r"/fiches-entreprise/(\d+)/\"") == {care["draft"].fiche_id}

    assert items["Orientations des infirmiers"][:2] == (
        1,
        "1 orientation vers le médecin en attente de visite",
    )
    worker_url = reverse("backoffice:suivi_sante:worker-detail", args=[care["referral"].worker_id])
    assert worker_url in page

    assert items["Visites en retard"][:2] == (3, "3 visites en retard dans vos équipes")
    team_link = reverse("backoffice:suivi_sante:due-overdue") + f"?equipe={world.team.pk}"
    assert team_link in page
    # One row a team, each with its visits: no « et N autres » (the count is in visits).
    late_card = page.split(">Visites en retard<")[1].split("</section>")[0]
    assert "1 visite" in late_card or "3 visites" in late_card
    assert "autre" not in late_card
    listed = client.get(team_link).content.decode()
    expected = {d.worker_id for d in [*care["late"], care["physician_only"]]}
    assert _ids(listed, r"/salaries/(\d+)/\"") == expected


def test_the_nurse_sees_the_late_visits_she_may_hold(world, client_for, care):
    client = client_for("nurse")
    page = client.get(reverse(HOME)).content.decode()
    items = _items(page)
    assert items["Votre agenda du jour"][:2] == (1, "1 visite aujourd'hui")
    assert items["Visites en retard que vous pouvez réaliser"][:2] == (
        2,
        "2 visites en retard dans vos équipes",
    )
    link = (
        reverse("backoffice:suivi_sante:due-overdue")
        + f"?equipe={world.team.pk}&amp;intervenant=nurse"
    )
    assert link in page
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    assert _ids(listed, r"/salaries/(\d+)/\"") == {d.worker_id for d in care["late"]}
    assert items["Orientations vers le médecin"][0] == 1


def test_the_secretary_works_on_convocations_and_never_reads_medical_content(
    world, client_for, care
):
    client = client_for("secretary")
    page = client.get(reverse(HOME)).content.decode()
    items = _items(page)
    assert set(items) == {
        "Créneaux à pourvoir",
        "Convocations à reprogrammer",
        "Absences non excusées",
    }
    count, text, link = items["Convocations à reprogrammer"]
    assert (count, text) == (1, "1 convocation à reprogrammer")
    listed = client.get(link).content.decode()
    assert _ids(listed, r"/visites/(\d+)/\"") == {care["to_rebook"].visit_id}
    assert items["Absences non excusées"][0] == 1
    assert reverse("backoffice:suivi_sante:visit-rebook", args=[care["no_show"].pk]) in page
    assert items["Créneaux à pourvoir"][:2] == (
        0,
        "Aucun créneau libre dans les 14 prochains jours",
    )
    for medical in ("orientation", "attestation", "avis", "Documents à émettre"):
        assert medical not in page


def test_the_prevention_assistant_sees_drafts_and_fe_to_send(world, client_for, care):
    items = _items(client_for("prevention_assistant").get(reverse(HOME)).content.decode())
    assert items["Fiches d'entreprise en brouillon"][:2] == (1, "1 brouillon en cours")
    assert items["Fiches validées à transmettre"][:2] == (
        0,
        "Aucune fiche validée en attente de transmission",
    )
    assert "Votre agenda du jour" not in items


def test_member_service_and_billing_homes_say_when_nothing_waits(world, client_for):
    items = _items(client_for("member_service").get(reverse(HOME)).content.decode())
    assert items["Demandes d'adhésion"][:2] == (0, "Aucune demande d'adhésion à instruire")
    assert items["Demandes des adhérents"][:2] == (
        0,
        "Aucune nouvelle demande à prendre en charge",
    )
    items = _items(client_for("billing").get(reverse(HOME)).content.decode())
    assert items["Paiements non rapprochés"][:2] == (0, "Aucun paiement non rapproché")
    assert items["Factures en retard"][:2] == (0, "Aucune facture en retard")


@pytest.mark.parametrize("actor", ["physician", "nurse", "secretary", "prevention_assistant"])
def test_a_home_is_bounded_on_a_grown_world(
    world, client_for, care, actor, django_assert_max_num_queries
):
    today = timezone.localdate()
    for h in range(12):
        VisitFactory(
            worker=WorkerFactory(adherent=world.adherent),
            professional=world.actors["physician"],
            scheduled_at=day_start(today) + datetime.timedelta(minutes=30 * h),
        )
        DueVisitFactory(worker=WorkerFactory(adherent=world.adherent))
    client = client_for(actor)
    with django_assert_max_num_queries(25):
        assert client.get(reverse(HOME)).status_code == 200


def test_the_invoicing_home_counts_late_invoices_and_unmatched_lines(world, client_for):
    from adherents.models import BankStatementImport
    from tests.adherents.factories_billing import InvoiceRowFactory

    late = InvoiceRowFactory(adherent=world.adherent)  # due 14/02/2026, unpaid
    InvoiceRowFactory(adherent=world.other_adherent, due_on=timezone.localdate())  # on time
    for n, lines in ((1, 2), (2, 1)):
        BankStatementImport.objects.create(
            filename=f"releve-{n}.csv",
            sha256=f"{n:064d}",
            imported_by=world.actors["billing"],
            line_count=5,
            matched_count=5 - lines,
            unmatched=[{"line": i, "reason": "Aucune facture"} for i in range(lines)],
        )
    client = client_for("billing")
    items = _items(client.get(reverse(HOME)).content.decode())
    assert items["Paiements non rapprochés"][:2] == (
        3,
        "3 lignes de relevé sans facture rapprochée",
    )
    count, text, link = items["Factures en retard"]
    assert (count, text) == (1, "1 facture échue non soldée")
    listed = client.get(link).content.decode()
    assert _ids(listed, r"/factures/(\d+)/\"") == {late.pk}
    assert items[f"Appel de cotisations {timezone.localdate().year}"][0] == 2  # A and B


def test_the_member_service_home_counts_applications_and_new_requests(world, client_for):
    from adherents.models import RequestStatus
    from tests.adherents.factories_joining import submitted_application
    from tests.adherents.factories_requests import MemberRequestFactory

    application, _token = submitted_application()
    new = MemberRequestFactory(adherent=world.adherent, status=RequestStatus.NEW)
    MemberRequestFactory(adherent=world.adherent, status=RequestStatus.ANSWERED)
    client = client_for("member_service")
    items = _items(client.get(reverse(HOME)).content.decode())
    count, text, link = items["Demandes d'adhésion"]
    assert (count, text) == (1, "1 demande d'adhésion à instruire")
    assert _ids(client.get(link).content.decode(), r"/adhesions/(\d+)/\"") == {application.pk}
    count, text, link = items["Demandes des adhérents"]
    assert (count, text) == (1, "1 nouvelle demande à prendre en charge")
    assert _ids(client.get(link).content.decode(), r"/demandes/(\d+)/\"") == {new.pk}


def test_management_keeps_the_link_to_the_dashboards_and_has_no_work_section(
    world, django_assert_max_num_queries
):
    from django.test import Client

    from accounts.enums import StaffRole
    from tests.accounts.factories import StaffAssignmentFactory
    from tests.conftest import login

    manager = StaffAssignmentFactory(
        center=world.center, role=StaffRole.CENTER_MANAGER, team=world.team
    ).user
    client = login(Client(), manager)
    client.get(reverse(HOME))
    with django_assert_max_num_queries(25):
        page = client.get(reverse(HOME)).content.decode()
    assert reverse("backoffice:dashboards:cockpit") in page
    assert page.count("Indicateurs clés") == 1
    assert _items(page) == {}
    assert "center_manager" not in page  # roles read in French ("Vos rôles : …")
