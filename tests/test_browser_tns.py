"""Issue 14's journey in Chromium: a self-employed person joins, receives the invoice from the
grid, completes the burnout screening (work score ≥ 50), sees 3114 and the proposal; the nurse
receives the proposal, books a VIP TNS on a free slot of the agenda and closes the proposal; the
person sees the appointment and registers for a workshop; a year later, the affiliation ends
without silent renewal.
"""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from adherents.models import Invoice
from adherents.rules.identifiers import luhn_complete
from tests.adherents.factories_billing import TariffFactory
from tests.suivi_sante.factories import SlotFactory
from tests.test_browser_followup import field, staff_page
from tests.test_browser_membership import link_in, log_in, mail_to, menu
from tests.tns.factories import offer_for, session_in
from tns.affiliations.tasks import process_affiliations
from tns.models import AffiliationStatus, ContactProposal, Screening, TnsAffiliation, TnsVisit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "lea.marchand@atelier-zeta.fr"
PASSWORD = "Copenhague-Et-Ateliers-2026"
SIREN = luhn_complete("81234567")
# position per item: personal 1,1,2,2,3,4 (45.83); work 1,1,2,2,1,1 and the reversed 7th at
# « jamais » (71.43: at or above the trigger of 50)
PERSONAL = [1, 1, 2, 2, 3, 4]
WORK = [1, 1, 2, 2, 1, 1, 4]
FREQUENCY = ["Toujours", "Souvent", "Parfois", "Rarement", "Jamais ou presque jamais"]
DEGREE = [
    "Dans une très large mesure",
    "Dans une large mesure",
    "En partie",
    "Dans une faible mesure",
    "Dans une très faible mesure",
]


def answer(page: Page, number: int, label: str) -> None:
    group = page.get_by_role("group", name=re.compile(rf"^{number}\. "))
    group.get_by_label(label, exact=True).check()


def test_self_employed_joins_screens_registers_and_lapses_after_a_year(
    page: Page, browser: Browser, live_server, world
):
    base = live_server.url
    today = timezone.localdate()
    TariffFactory(year=today.year, tns_amount=Decimal("240.00"))
    offer_for(world.team)
    workshop = session_in(world.center, timezone.now() + datetime.timedelta(days=10))
    slot_at = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    slot = SlotFactory(
        center=world.center,
        professional=world.actors["nurse"],
        performer="nurse",
        starts_at=slot_at,
    )

    # 1. The public offer, its grid, the online joining.
    page.goto(base + "/offre-independants/")
    expect(page.get_by_role("cell", name="240,00 €")).to_be_visible()
    page.get_by_role("link", name="M'affilier en ligne").click()
    field(page, "SIREN").fill(SIREN)
    field(page, "Nom commercial ou dénomination").fill("Atelier Zêta")
    field(page, "Code NAF (APE)").fill("7410Z")
    field(page, "Prénom").fill("Léa")
    field(page, "Nom").fill("Marchand")
    field(page, "Adresse e-mail").fill(EMAIL)
    field(page, "Début souhaité de l'affiliation").fill(today.isoformat())
    page.get_by_label(
        "Je travaille au contact d'une clientèle (clients, patients, usagers)"
    ).uncheck()
    page.get_by_label("Je certifie n'employer aucun salarié").check()
    page.get_by_role("button", name="Valider mon affiliation").click()
    expect(page.get_by_role("heading", name="Votre affiliation est enregistrée")).to_be_visible()
    invoice = Invoice.objects.get(adherent__siren=SIREN)
    assert invoice.total == Decimal("240.00")
    expect(page.get_by_text(invoice.number)).to_be_visible()

    # 2. Activation, login: the space of one person, no worker list.
    page.goto(base + link_in(mail_to(EMAIL, "Activez votre espace adhérent"), "/comptes/"))
    page.get_by_label(re.compile(r"^Nouveau mot de passe\W*$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Nouveau mot de passe \(confirmation\)")).fill(PASSWORD)
    page.get_by_role("button", name="Modifier le mot de passe").click()
    log_in(page, base, EMAIL, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon offre travailleur indépendant")
    nav = page.get_by_role("navigation", name="Menu de l'espace adhérent")
    expect(nav.get_by_role("link", name="Salariés", exact=True)).to_have_count(0)
    expect(nav.get_by_role("link", name="Déclaration des effectifs")).to_have_count(0)

    # 3. The screening: half saved, resumed, submitted.
    page.get_by_role("link", name="Commencer un questionnaire").click()
    for number, position in enumerate(PERSONAL, start=1):
        answer(page, number, FREQUENCY[position])
    page.get_by_role("button", name="Enregistrer et reprendre plus tard").click()
    expect(page.get_by_text("Vos réponses sont enregistrées")).to_be_visible()
    page.get_by_role("link", name="Reprendre mon questionnaire").click()
    for index, position in enumerate(WORK):
        labels = DEGREE if index < 3 else FREQUENCY
        answer(page, 7 + index, labels[position])
    page.get_by_role("button", name="Terminer et voir mes résultats").click()
    expect(page.get_by_text("3114", exact=False).first).to_be_visible()
    expect(page.get_by_text("APESA", exact=False).first).to_be_visible()
    expect(page.get_by_role("heading", name="Une proposition de contact")).to_be_visible()
    work_row = page.get_by_role("row").filter(has_text="Épuisement lié au travail")
    expect(work_row).to_contain_text("71")
    screening = Screening.objects.get(person__email=EMAIL)
    assert screening.work_score == Decimal("71.43")

    # 4. The nurse receives the proposal, reads the scores, closes it with an appointment.
    nurse = staff_page(browser, base, world.actors["nurse"])
    nurse.goto(base + "/back-office/")
    nurse.get_by_role("link", name="Propositions de contact").click()
    nurse.get_by_role("link", name="Léa Marchand").click()
    expect(nurse.get_by_role("row").filter(has_text="Épuisement lié au travail")).to_contain_text(
        "71,43"
    )
    field(nurse, "Créneau de la VIP TNS").select_option(str(slot.pk))
    nurse.get_by_role("button", name="Réserver la VIP TNS").click()
    expect(nurse.get_by_text(f"VIP TNS réservée le {slot_at:%d/%m/%Y à %H:%M}.")).to_be_visible()
    assert TnsVisit.objects.get().slot == slot
    field(nurse, "Suite donnée").select_option("appointment")
    nurse.get_by_role("button", name="Clore la proposition").click()
    expect(nurse.get_by_text("Proposition de contact close.")).to_be_visible()
    assert ContactProposal.objects.get().status == "closed"
    nurse.context.close()

    # 5. The appointment in the person's space, then a workshop, with the charter.
    menu(page, "Mon espace")
    expect(
        page.get_by_text(re.compile(r"VIP TNS — visite d'information .* le .* à 10:00"))
    ).to_be_visible()
    menu(page, "Ateliers de codéveloppement")
    page.get_by_role("link", name=re.compile("^S'inscrire")).click()
    page.get_by_label(re.compile("^J'ai lu la charte de confidentialité")).check()
    page.get_by_role("button", name="Confirmer mon inscription").click()
    expect(
        page.get_by_text(f"Vous êtes inscrit(e) à l'atelier « {workshop.title} »")
    ).to_be_visible()

    # 6. A year later: the daily task ends the affiliation, nothing renewed silently.
    affiliation = TnsAffiliation.objects.get(person__email=EMAIL)
    later = timezone.now() + datetime.timedelta(days=(affiliation.end_on - today).days + 1)
    with time_machine.travel(later, tick=True):
        assert process_affiliations()["expired"] == 1
        assert mail_to(EMAIL, "Votre affiliation à l'offre").subject.endswith("a pris fin")
        log_in(page, base, EMAIL, PASSWORD)
        expect(page.get_by_text("Votre affiliation a pris fin")).to_be_visible()
        expect(page.get_by_role("link", name="Commencer un questionnaire")).to_have_count(0)
    assert TnsAffiliation.objects.filter(person__email=EMAIL).count() == 1
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.EXPIRED
