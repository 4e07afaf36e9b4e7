"""Issue 17's "day in the life" in Chromium, one journey per role: the home shows the role's
work items with their counts, every link of every work card is followed, one item is completed
through the screens, and the home's count goes down. Every page is checked by axe-core (WCAG
2.1 A/AA) and screenshotted at 390, 768 and 1280 px (tests/a11y.py)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.a11y import check_page, preload_axe, slug
from tests.test_browser_followup import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def card(page: Page, title: str):
    """The work card titled `title` on a home."""
    return page.locator("section.card").filter(
        has=page.get_by_role("heading", name=title, exact=True)
    )


def count_of(page: Page, title: str) -> int:
    return int(card(page, title).locator("[data-work-count]").get_attribute("data-work-count"))


class Journey:
    """A role's browser tab (axe preloaded) and where its screenshots go."""

    def __init__(self, page: Page, base: str, role: str, shots):
        preload_axe(page.context)
        self.page, self.base, self.role, self.shots = page, base, role, shots

    def check(self, label: str) -> None:
        check_page(self.page, f"{self.role}-{slug(label)}", screenshots=self.shots)

    def home(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.check("accueil")

    def follow_every_work_item(self, home: str, titles: list[str]) -> None:
        """Each link of each named card, from the home (check_page on each page reached)."""
        self.page.goto(self.base + home)
        links = []
        for title in titles:
            anchors = card(self.page, title).locator("a")
            hrefs = [a.get_attribute("href") for a in anchors.all()]
            assert hrefs, f"{title}: no link"
            links += [(title, href) for href in hrefs]
        for n, (title, href) in enumerate(links):
            response = self.page.goto(self.base + href)
            assert response is not None, (title, href)
            assert response.status == 200, (title, href)
            self.check(f"{n}-{title}")


def test_member_service_takes_a_new_request_and_answers_it(
    browser: Browser, live_server, world, tmp_path
):
    from adherents.models import MemberRequest, RequestStatus
    from tests.adherents.factories_joining import submitted_application
    from tests.adherents.factories_requests import MemberRequestFactory

    submitted_application()
    admin = world.actors["portal_admin"]
    first, _second = (
        MemberRequestFactory(adherent=world.adherent, created_by=admin, subject=subject)
        for subject in ("Reprise de l'atelier", "Visite d'un apprenti")
    )
    MemberRequestFactory(adherent=world.adherent, created_by=admin, status=RequestStatus.ANSWERED)
    me = Journey(
        staff_page(browser, live_server.url, world.actors["member_service"]),
        live_server.url,
        "member_service",
        tmp_path,
    )
    page = me.page
    me.home(reverse("backoffice:dashboard"))
    assert count_of(page, "Demandes d'adhésion") == 1
    assert count_of(page, "Trajectoire des adhérents") == 0
    assert count_of(page, "Demandes des adhérents") == 2
    me.follow_every_work_item(
        reverse("backoffice:dashboard"),
        ["Demandes d'adhésion", "Trajectoire des adhérents", "Demandes des adhérents"],
    )

    # The new requests' list, from the home; the first one opened and answered.
    page.goto(live_server.url + reverse("backoffice:dashboard"))
    card(page, "Demandes des adhérents").get_by_role("link").click()
    page.get_by_role("link", name="Reprise de l'atelier").click()
    me.check("demande")
    page.get_by_label("Réponse à l'adhérent").fill(
        "Nous vous proposons une étude de poste avant la reprise ; l'infirmière vous appelle."
    )
    page.get_by_role("button", name="Envoyer la réponse").click()
    me.check("demande-repondue")
    first.refresh_from_db()
    assert first.status == RequestStatus.ANSWERED
    assert MemberRequest.objects.filter(status=RequestStatus.NEW).count() == 1

    page.goto(live_server.url + reverse("backoffice:dashboard"))
    assert count_of(page, "Demandes des adhérents") == 1
    expect(card(page, "Demandes des adhérents")).to_contain_text(
        "1 nouvelle demande à prendre en charge"
    )


PORTAL_CARDS = {
    "portal_admin": [
        "Convocations à confirmer",
        "Visites à prévoir",
        "Fiches d'entreprise reçues",
        "Document unique (DUERP)",
        "Factures à régler",
        "Réponses du service",
    ],
    # The mandate's scopes: workforce, invoices and (added below) convocations.
    "firm_mandated": ["Convocations à confirmer", "Factures à régler"],
}


@pytest.mark.parametrize("role", ["portal_admin", "firm_mandated"], ids=["employer", "firm"])
def test_the_employer_and_the_firm_answer_a_convocation_from_the_home(
    browser: Browser, live_server, world, tmp_path, role
):
    from accounts.enums import MandateScope
    from adherents.firms.models import AccountingFirmMandate
    from suivi_sante.agenda import services as agenda
    from suivi_sante.models import Convocation
    from tests.adherents.factories_billing import issue_for
    from tests.suivi_sante.agenda.support import (
        at,
        ctx_of,
        employed_worker,
        make_due,
        make_slot,
        next_weekday,
    )

    mandate = AccountingFirmMandate.objects.get(firm__members__user=world.actors["firm_mandated"])
    mandate.scopes = [*mandate.scopes, MandateScope.CONVOCATIONS]
    mandate.save()
    tuesday = next_weekday(2)
    secretary = ctx_of(world, "secretary")
    for n, (last, first) in enumerate((("Durand", "Léa"), ("Martin", "Paul"))):
        worker = employed_worker(world, last_name=last, first_name=first)
        agenda.book_visit(
            actor=secretary,
            worker=worker,
            kind="VIP",
            slot=make_slot(world, "physician", at(tuesday, 9 + n)),
            due=make_due(worker),
        )
    issue_for(world)  # 500 € due on 14/02/2026

    me = Journey(
        staff_page(browser, live_server.url, world.actors[role]),
        live_server.url,
        role,
        tmp_path,
    )
    page = me.page
    home = reverse("portal:dashboard")
    me.home(home)
    assert count_of(page, "Convocations à confirmer") == 2
    assert count_of(page, "Factures à régler") == 1
    expect(card(page, "Factures à régler")).to_contain_text("1 facture à régler : 500,00 €")
    me.follow_every_work_item(home, PORTAL_CARDS[role])

    # Durand's convocation, from the home: the employer confirms the worker will come.
    page.goto(live_server.url + home)
    card(page, "Convocations à confirmer").get_by_role("link").click()
    page.get_by_role("link", name="DURAND Léa").click()
    me.check("convocation")
    page.get_by_label("Je confirme la présence du salarié").check()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    me.check("convocation-confirmee")
    assert Convocation.objects.get(visit__worker__last_name="Durand").status == "confirmed"

    page.goto(live_server.url + home)
    assert count_of(page, "Convocations à confirmer") == 1
    expect(card(page, "Convocations à confirmer")).to_contain_text(
        "1 convocation attend votre réponse"
    )


def test_invoicing_records_the_payment_of_an_overdue_invoice(
    browser: Browser, live_server, world, tmp_path
):
    from adherents.models import BankStatementImport
    from tests.adherents.factories_billing import InvoiceRowFactory

    late = InvoiceRowFactory(adherent=world.adherent, total=Decimal("500.00"))  # due 14/02/2026
    InvoiceRowFactory(adherent=world.other_adherent, due_on=datetime.date(2026, 3, 1))
    BankStatementImport.objects.create(
        filename="releve-novembre.csv",
        sha256=f"{1:064d}",
        imported_by=world.actors["billing"],
        line_count=3,
        matched_count=2,
        unmatched=[{"line": 3, "reason": "Aucune facture"}],
    )
    me = Journey(
        staff_page(browser, live_server.url, world.actors["billing"]),
        live_server.url,
        "billing",
        tmp_path,
    )
    page, home = me.page, reverse("backoffice:dashboard")
    me.home(home)
    assert count_of(page, "Paiements non rapprochés") == 1
    assert count_of(page, "Factures en retard") == 2
    me.follow_every_work_item(
        home,
        [
            f"Appel de cotisations {timezone.localdate().year}",
            "Paiements non rapprochés",
            "Factures en retard",
        ],
    )

    # The overdue invoices, from the home; the first one is paid by transfer.
    page.goto(live_server.url + home)
    card(page, "Factures en retard").get_by_role("link").click()
    page.get_by_role("link", name=late.number).click()
    me.check("facture")
    page.get_by_role("link", name="Enregistrer un paiement").click()
    me.check("paiement")
    page.get_by_label("Montant, en €").fill("500,00")
    page.get_by_label("Date du paiement").fill(timezone.localdate().isoformat())
    page.get_by_label("Mode de paiement").select_option("transfer")
    page.get_by_label("Référence (n° de chèque, libellé du virement…)").fill("VIR ALPHA 2026")
    page.get_by_role("button", name="Enregistrer le paiement").click()
    expect(page.get_by_role("cell", name="VIR ALPHA 2026")).to_be_visible()
    me.check("facture-payee")

    page.goto(live_server.url + home)
    assert count_of(page, "Factures en retard") == 1
    expect(card(page, "Factures en retard")).to_contain_text("1 facture échue non soldée")


def test_the_secretary_reschedules_a_no_show_from_the_home(
    browser: Browser, live_server, world, tmp_path
):
    from suivi_sante.enums import ConvocationStatus, VisitStatus
    from suivi_sante.models import Convocation, Visit
    from tests.suivi_sante.agenda.support import at, make_slot, next_weekday
    from tests.suivi_sante.factories import EmploymentFactory, VisitFactory, WorkerFactory

    physician = world.actors["physician"]
    now = timezone.now()
    EmploymentFactory(worker=world.worker, establishment=world.establishment)
    Convocation.objects.create(
        visit=VisitFactory(
            worker=world.worker,
            professional=physician,
            scheduled_at=now + datetime.timedelta(days=4),
        ),
        establishment=world.establishment,
        sent_at=now,
        status=ConvocationStatus.RESCHEDULE_REQUESTED,
        responded_at=now,
    )
    absent = WorkerFactory(adherent=world.adherent, last_name="Roux", first_name="Inès")
    EmploymentFactory(worker=absent, establishment=world.establishment)
    VisitFactory(
        worker=absent,
        professional=physician,
        status=VisitStatus.UNEXCUSED_ABSENCE,
        scheduled_at=now - datetime.timedelta(days=3),
    )
    tuesday = next_weekday(2)
    for hour in (9, 10):
        make_slot(world, "physician", at(tuesday, hour))
    me = Journey(
        staff_page(browser, live_server.url, world.actors["secretary"]),
        live_server.url,
        "secretary",
        tmp_path,
    )
    page, home = me.page, reverse("backoffice:dashboard")
    me.home(home)
    assert count_of(page, "Créneaux à pourvoir") == 2
    assert count_of(page, "Convocations à reprogrammer") == 1
    assert count_of(page, "Absences non excusées") == 1
    me.follow_every_work_item(
        home, ["Créneaux à pourvoir", "Convocations à reprogrammer", "Absences non excusées"]
    )

    # Roux's no-show, from the home: a new visit on Tuesday 9:00, convocation sent.
    page.goto(live_server.url + home)
    card(page, "Absences non excusées").get_by_role("link").first.click()
    page.locator("tr", has_text="09:00").get_by_role("radio").check()
    page.get_by_role("button", name="Reprogrammer et envoyer la convocation").click()
    me.check("visite-reprogrammee")
    assert Visit.objects.filter(worker=absent, status=VisitStatus.PLANNED).count() == 1

    page.goto(live_server.url + home)
    assert count_of(page, "Absences non excusées") == 0
    assert count_of(page, "Créneaux à pourvoir") == 1
    expect(card(page, "Absences non excusées")).to_contain_text(
        "Aucune absence non excusée à reconvoquer"
    )


def fiche_with_a_unit(world, establishment, *, validated: bool):
    """A FE draft of one work unit for the establishment, validated by the physician if asked."""
    from prevention.fiche import services, services_content
    from tests.adherents.factories_billing import ctx_of
    from tests.prevention.factories import FicheFactory, FicheVersionFactory

    version = FicheVersionFactory(fiche=FicheFactory(establishment=establishment))
    services_content.add_unit_entry(
        actor=ctx_of(world.actors["prevention_assistant"]),
        version=version,
        name="Atelier",
        exposed_count=4,
    )
    if validated:
        services.validate_version(actor=ctx_of(world.actors["physician"]), version=version)
    return version


def test_the_prevention_assistant_sends_a_validated_fe(
    browser: Browser, live_server, world, tmp_path
):
    from prevention.fiche.models import FicheVersion
    from tests.adherents.factories import EstablishmentFactory

    fiche_with_a_unit(world, world.establishment, validated=False)
    second = EstablishmentFactory(adherent=world.adherent, name="Dépôt de Vénissieux")
    validated = fiche_with_a_unit(world, second, validated=True)
    me = Journey(
        staff_page(browser, live_server.url, world.actors["prevention_assistant"]),
        live_server.url,
        "prevention_assistant",
        tmp_path,
    )
    page, home = me.page, reverse("backoffice:dashboard")
    me.home(home)
    assert count_of(page, "Fiches d'entreprise en brouillon") == 1
    assert count_of(page, "Fiches validées à transmettre") == 1
    me.follow_every_work_item(
        home,
        [
            "Fiches d'entreprise en brouillon",
            "Fiches validées à transmettre",
            "Premières fiches à établir",
            "Fiches à renouveler",
        ],
    )

    # The validated FE, from the home: opened and sent to the employer.
    page.goto(live_server.url + home)
    card(page, "Fiches validées à transmettre").get_by_role("link").click()
    page.get_by_role("link", name="Ouvrir la fiche de Dépôt de Vénissieux").click()
    me.check("fiche")
    page.get_by_role("link", name=f"Consulter la version {validated.number}").click()
    me.check("version-validee")
    page.get_by_role("button", name="Transmettre à l'employeur").click()
    me.check("version-transmise")
    validated.refresh_from_db()
    assert validated.status == FicheVersion.Status.SENT

    page.goto(live_server.url + home)
    assert count_of(page, "Fiches validées à transmettre") == 0
    assert count_of(page, "Fiches d'entreprise en brouillon") == 1


def care(world) -> dict:
    """Team 0's care work (as tests/dashboards/home/test_backoffice_home.py::care): today a
    visit for the physician and one for the nurse; a visit each held two days ago without a
    document; two overdue visits; one open referral of the nurse to the physician."""
    from suivi_sante.agenda.selectors import day_start
    from suivi_sante.enums import VisitStatus
    from suivi_sante.models import Referral
    from tests.suivi_sante.factories import (
        DueVisitFactory,
        EmploymentFactory,
        ProtocolFactory,
        VisitFactory,
        WorkerFactory,
    )

    physician, nurse = world.actors["physician"], world.actors["nurse"]
    protocol = ProtocolFactory(team=world.team, signed_by=physician)
    start = day_start(timezone.localdate())
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    EmploymentFactory(worker=world.worker, establishment=world.establishment)
    nurse_visit = {"performer": "nurse", "protocol": protocol}
    held = {}
    for who, extra in ((physician, {}), (nurse, nurse_visit)):
        VisitFactory(
            worker=WorkerFactory(adherent=world.adherent),
            professional=who,
            scheduled_at=start + datetime.timedelta(hours=10),
            **extra,
        )
        worker = WorkerFactory(adherent=world.adherent, last_name="Blanc", first_name="Zoé")
        EmploymentFactory(worker=worker, establishment=world.establishment)
        held[who.pk] = VisitFactory(
            worker=worker,
            professional=who,
            status=VisitStatus.HELD,
            scheduled_at=two_days_ago,
            held_at=two_days_ago,
            **extra,
        )
    for _ in range(2):
        DueVisitFactory(worker=WorkerFactory(adherent=world.adherent))
    referred = WorkerFactory(adherent=world.adherent)
    Referral.objects.create(
        from_visit=VisitFactory(
            worker=referred,
            status=VisitStatus.HELD,
            scheduled_at=timezone.now() - datetime.timedelta(days=5),
            held_at=timezone.now() - datetime.timedelta(days=5),
            professional=nurse,
            **nurse_visit,
        ),
        worker=referred,
        team=world.team,
        kind="VIP",
        due_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    return {"held": held}


def test_the_physician_validates_an_fe_from_the_home(
    browser: Browser, live_server, world, tmp_path
):
    from prevention.fiche.models import FicheVersion
    from tests.adherents.factories import EstablishmentFactory

    care(world)
    site = EstablishmentFactory(adherent=world.adherent, name="Atelier de Bron")
    draft = fiche_with_a_unit(world, site, validated=False)
    me = Journey(
        staff_page(browser, live_server.url, world.actors["physician"]),
        live_server.url,
        "physician",
        tmp_path,
    )
    page, home = me.page, reverse("backoffice:dashboard")
    me.home(home)
    assert count_of(page, "Votre agenda du jour") == 1
    assert count_of(page, "Documents à émettre") == 1
    assert count_of(page, "Fiches d'entreprise à valider") == 1
    assert count_of(page, "Orientations des infirmiers") == 1
    assert count_of(page, "Visites en retard") == 2
    me.follow_every_work_item(
        home,
        [
            "Votre agenda du jour",
            "Documents à émettre",
            "Fiches d'entreprise à valider",
            "Orientations des infirmiers",
            "Visites en retard",
        ],
    )

    # The FE draft, from the home: the physician reads it and validates it.
    page.goto(live_server.url + home)
    card(page, "Fiches d'entreprise à valider").get_by_role("link").click()
    page.get_by_role("link", name="Ouvrir la fiche d'Atelier de Bron").click()
    page.get_by_role("link", name=re.compile(rf"la version {draft.number}$")).first.click()
    me.check("fiche-brouillon")
    page.get_by_role("button", name="Valider la fiche (médecin du travail)").click()
    me.check("fiche-validee")
    draft.refresh_from_db()
    assert draft.status == FicheVersion.Status.VALIDATED

    page.goto(live_server.url + home)
    assert count_of(page, "Fiches d'entreprise à valider") == 0
    expect(card(page, "Fiches d'entreprise à valider")).to_contain_text(
        "Aucune fiche d'entreprise à valider"
    )


def test_the_nurse_issues_the_attestation_of_a_visit_she_held(
    browser: Browser, live_server, world, tmp_path
):
    from suivi_sante.models import FollowUpDocument

    held = care(world)["held"][world.actors["nurse"].pk]
    me = Journey(
        staff_page(browser, live_server.url, world.actors["nurse"]),
        live_server.url,
        "nurse",
        tmp_path,
    )
    page, home = me.page, reverse("backoffice:dashboard")
    me.home(home)
    assert count_of(page, "Votre agenda du jour") == 1
    # Blanc's visit, and the one where she referred a worker to the physician.
    assert count_of(page, "Documents à émettre") == 2
    assert count_of(page, "Orientations vers le médecin") == 1
    assert count_of(page, "Visites en retard que vous pouvez réaliser") == 2
    me.follow_every_work_item(
        home,
        [
            "Votre agenda du jour",
            "Documents à émettre",
            "Orientations vers le médecin",
            "Visites en retard que vous pouvez réaliser",
        ],
    )

    # The visit held two days ago, from the home: the attestation of follow-up is issued.
    page.goto(live_server.url + home)
    card(page, "Documents à émettre").get_by_role("link", name=re.compile("^BLANC Zoé")).click()
    me.check("visite-realisee")
    page.get_by_label("Attestation de suivi individuel de l'état de santé").check()
    page.get_by_role("button", name="Émettre et transmettre").click()
    me.check("attestation-emise")
    assert FollowUpDocument.objects.filter(visit=held, kind="attestation_suivi").count() == 1

    page.goto(live_server.url + home)
    assert count_of(page, "Documents à émettre") == 1
    expect(card(page, "Documents à émettre")).to_contain_text(
        "1 visite réalisée sans attestation ni avis émis"
    )
