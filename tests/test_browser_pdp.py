"""Issue 13's journey in Chromium: the physician signals a worker from the DMST; the cell's
coordinator takes the case, records consent, puts it on a cell review, plans an essai encadré
with the CARSAT, which answers through its link; the employer downloads the measures letter (no
medical content); the case closes with an outcome, its 6-month follow-up appears after moving
the clock; the caseload page warns of saturation."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.template.loader import render_to_string
from django.utils import timezone
from playwright.sync_api import Browser, expect

from pdp.cases.tasks import create_follow_ups
from pdp.models import MeasuresLetter, PdpCase
from pdp.plans import pdf
from spsti.french import with_de
from tests.adherents.factories_requests import PartnerFactory
from tests.pdp.factories import PdpCaseFactory, cell_member
from tests.suivi_sante.factories import WorkerFactory
from tests.test_browser_followup import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Lombalgie chronique, arrêt de 45 jours, anxiété au retour"


def test_pdp_journey_from_the_dmst_to_the_six_month_follow_up(browser: Browser, live_server, world):
    base = live_server.url
    physician = world.actors["physician"]
    coordinator = cell_member(world.center, is_coordinator=True, designated_by=physician)
    carsat = PartnerFactory(name="CARSAT Bourgogne-Franche-Comté", kind="carsat")
    # Another open case the coordinator already holds: her load for the saturation warning.
    PdpCaseFactory(worker=WorkerFactory(adherent=world.adherent), owner=coordinator)

    # 1. The physician signals the worker from the DMST.
    office = staff_page(browser, base, physician)
    office.goto(f"{base}/back-office/salaries/{world.worker.pk}/dmst/")
    office.get_by_role("link", name="Signaler à la cellule PDP").click()
    office.get_by_label("Origine du signalement").select_option("physician")
    office.get_by_label("Motif du signalement").fill(REASON)
    office.get_by_role("button", name="Signaler à la cellule PDP").click()
    expect(office.get_by_text("Le salarié est signalé à la cellule PDP.")).to_be_visible()
    case = PdpCase.objects.get(worker=world.worker)

    # 2. The coordinator takes the case and records the worker's oral consent for the CARSAT.
    cell = staff_page(browser, base, coordinator)
    cell.goto(f"{base}/back-office/")
    cell.get_by_role("link", name="Dossiers PDP").click()
    cell.get_by_role("link", name=str(case.pk), exact=True).click()
    cell.get_by_role("button", name="Prendre le dossier").click()
    expect(cell.locator("#case-owner")).to_have_text(str(coordinator))
    cell.get_by_label("Partenaire de l'annuaire").select_option(str(carsat.pk))
    cell.get_by_label("Finalité de l'échange").fill("Préparer un essai encadré")
    cell.get_by_label("Identité et coordonnées").check()
    cell.get_by_label("Restrictions et aménagements préconisés").check()
    cell.get_by_label("Date du consentement").fill(timezone.localdate().isoformat())
    cell.get_by_label("Consentement oral recueilli").check()
    cell.get_by_role("button", name="Enregistrer le consentement").click()
    expect(cell.get_by_text("Consentement enregistré.")).to_be_visible()
    expect(cell.locator("#case-status")).to_have_text("Consentement recueilli")

    # 3. It goes on the agenda of a cell review, which decides an essai encadré.
    cell.get_by_role("link", name="Revues de cellule").click()
    cell.get_by_label("Date de la revue").fill(timezone.localdate().isoformat())
    cell.get_by_role("button", name="Programmer la revue").click()
    cell.get_by_label("Dossier à inscrire").select_option(str(case.pk))
    cell.get_by_role("button", name="Inscrire le dossier").click()
    cell.get_by_label("Décision de la cellule").fill("Essai encadré à organiser avec la CARSAT")
    cell.get_by_role("button", name="Enregistrer la décision").click()
    expect(cell.get_by_text("Décision enregistrée.")).to_be_visible()

    # 4. The plan: an essai encadré, and the CARSAT asked through its secret link.
    cell.get_by_role("link", name=f"Dossier n° {case.pk}").click()
    expect(cell.locator("#case-status")).to_have_text("Revue en cellule")
    cell.get_by_label("Type de mesure").select_option("supervised_trial")
    cell.get_by_label("Aménagements proposés à l'employeur (sans diagnostic)").fill(
        "Essai encadré de 10 jours au poste de préparateur, sans port de charges"
    )
    cell.get_by_label("Horaires / temps de travail").fill("Matin, 8 h - 12 h")
    cell.get_by_role("button", name="Ajouter la mesure").click()
    expect(cell.get_by_text("Mesure ajoutée au plan.")).to_be_visible()
    cell.locator("#id_partner-partner").select_option(str(carsat.pk))
    cell.get_by_label("Question au partenaire (sans diagnostic)").fill(
        "Pouvez-vous instruire un essai encadré de 10 jours ?"
    )
    cell.get_by_role("button", name="Envoyer au partenaire").click()
    expect(cell.get_by_text("Sollicitation envoyée au partenaire")).to_be_visible()
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/pdp/reponse/" in line)
    partner = browser.new_context(locale="fr-FR").new_page()
    partner.goto(base + "/pdp/" + link.strip().split("/pdp/", 1)[1])
    expect(partner.get_by_text("Pouvez-vous instruire un essai encadré")).to_be_visible()
    expect(partner.get_by_text(REASON)).to_have_count(0)
    partner.get_by_label("Votre réponse").fill(
        "Accord de principe, dossier transmis au service social."
    )
    partner.get_by_role("button", name="Envoyer la réponse").click()
    expect(partner.get_by_text("votre réponse a été transmise à la cellule")).to_be_visible()
    cell.reload()
    expect(cell.get_by_text("Accord de principe, dossier transmis")).to_be_visible()

    # 5. The measures letter: issued by the cell, downloaded by the employer from the portal.
    cell.get_by_role("button", name="Émettre le courrier de mesures à l'employeur").click()
    expect(cell.get_by_text("Courrier de mesures émis")).to_be_visible()
    letter = MeasuresLetter.objects.get(case=case)
    employer = staff_page(browser, base, world.actors["portal_admin"])
    employer.goto(f"{base}/espace-adherent/")
    employer.get_by_role("link", name="Courriers de mesures").click()
    expect(employer.get_by_text(REASON)).to_have_count(0)
    with employer.expect_download() as download:
        employer.get_by_role("link", name="Télécharger le courrier (PDF)").click()
    content = open(download.value.path(), "rb").read()  # noqa: PTH123, SIM115
    assert content.startswith(b"%PDF")
    html = render_to_string("pdp/plans/measures_letter.html", pdf.letter_context(letter))
    assert "Essai encadré de 10 jours" in html
    for medical in ("Lombalgie", "anxiété", "arrêt de 45 jours", "risque"):
        assert medical not in html

    # 6. The case closes with an outcome; the 6-month follow-up appears after moving the clock.
    closed_on = timezone.localdate()
    cell.get_by_label("Issue du dossier").select_option("kept_with_adjustment")
    cell.get_by_label("Date de clôture").fill(closed_on.isoformat())
    cell.get_by_role("button", name="Clore le dossier").click()
    expect(cell.locator("#case-outcome")).to_contain_text("Maintien avec aménagement")
    later = datetime.datetime.combine(
        closed_on + datetime.timedelta(days=190), datetime.time(9), tzinfo=datetime.UTC
    )
    with time_machine.travel(later, tick=True):
        assert create_follow_ups() == 1
        cell = staff_page(browser, base, coordinator)  # log in again after the jump
        cell.goto(f"{base}/back-office/pdp/dossiers/{case.pk}/")
        expect(cell.get_by_text("Suivi à 6 mois")).to_be_visible()

        # 7. The caseload page: the coordinator sets her threshold to 1 and is warned.
        cell.get_by_role("link", name="Charge de la cellule").click()
        cell.get_by_label(f"Seuil {with_de(str(coordinator))}").fill("1")
        cell.get_by_role("button", name="Enregistrer").first.click()
        expect(cell.get_by_role("alert").filter(has_text="Saturation atteinte")).to_be_visible()
