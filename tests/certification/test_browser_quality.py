"""Issue 15's "Done when" in Chromium: the quality manager loads a referential file, runs a
self-assessment with evidence, turns a complaint into a non-conformity with a corrective
action, records an internal audit finding, sees readiness per level on the chart and downloads
the audit pack."""

import datetime
import re
import zipfile

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from certification.models import CorrectiveAction, NonConformity
from tests.conftest import login
from tests.matrix_adherents.events import complaint_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CRITERIA = (
    "chapitre;code;libelle;niveau;titre_chapitre\n"
    "4.1;RH-01;Les compétences des équipes sont tracées.;1;\n"
    "5.3;SIS-01;Les visites sont réalisées dans les délais.;1;\n"
    "5.3;SIS-02;Les délégations aux infirmiers sont encadrées par protocole.;2;\n"
    "5.4;PDP-01;La cellule PDP suit chaque signalement.;3;\n"
).encode()


def staff_page(browser: Browser, base: str, user) -> Page:
    """A browser context holding an MFA-passed staff session."""
    session = login(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(locale="fr-FR", accept_downloads=True)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
    return context.new_page()


def field(page: Page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def test_quality_manager_journey(browser: Browser, live_server, quality):
    base = live_server.url
    complaint = complaint_for(quality, subject="Convocation reçue la veille")
    page = staff_page(browser, base, quality.actors["quality"])
    page.goto(base + "/back-office/")

    # 1. Load the referential file: a dry run first, then the confirmed load.
    page.get_by_role("link", name="Référentiel", exact=True).click()
    page.get_by_role("link", name="Charger un fichier de critères").click()
    field(page, "Nom de la nouvelle version").fill("SPEC 2217 — critères 2026")
    page.get_by_label(re.compile("^Fichier des critères")).set_input_files(
        files=[{"name": "criteres.csv", "mimeType": "text/csv", "buffer": CRITERIA}]
    )
    page.get_by_role("button", name="Simuler le chargement").click()
    expect(page.get_by_text("4 critères lus")).to_be_visible()
    page.get_by_role("button", name="Confirmer le chargement").click()
    expect(page.get_by_text("Version « SPEC 2217 — critères 2026 » chargée.")).to_be_visible()

    # 2. A self-assessment with evidence.
    page.get_by_role("link", name="Auto-évaluations").click()
    page.get_by_role("link", name="Ouvrir une campagne").click()
    field(page, "Intitulé").fill("Auto-évaluation 2026")
    field(page, "Version du référentiel").select_option(label="SPEC 2217 — critères 2026")
    page.get_by_role("button", name="Ouvrir la campagne").click()
    expect(page.get_by_text("Campagne ouverte.")).to_be_visible()
    page.get_by_role("link", name="RH-01").click()
    field(page, "Élément de preuve").fill("Registre des non-conformités")
    field(page, "Ou un indicateur du portail").select_option("open_ncs")
    page.get_by_role("button", name="Ajouter la preuve").click()
    expect(page.get_by_text("Élément de preuve ajouté.")).to_be_visible()
    field(page, "Statut").select_option("met")
    field(page, "Commentaire").fill("Matrice des compétences à jour.")
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    expect(page.get_by_text("Critère RH-01 évalué.")).to_be_visible()
    page.get_by_role("link", name="SIS-02").click()
    field(page, "Statut").select_option("not_applicable")
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    expect(page.get_by_text("Un critère non applicable doit être justifié.")).to_be_visible()
    field(page, "Justification (obligatoire si non applicable)").fill("Aucune délégation.")
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    expect(page.get_by_text("Critère SIS-02 évalué.")).to_be_visible()

    # 3. The complaint becomes a non-conformity with a corrective action.
    page.get_by_role("link", name="Réclamations").click()
    page.get_by_role("link", name=complaint.subject).click()
    page.get_by_role("link", name="Traiter comme une non-conformité").click()
    field(page, "Gravité").select_option("major")
    page.get_by_role("button", name="Enregistrer la non-conformité").click()
    expect(page.get_by_text("NC-0001 ouverte depuis la réclamation.")).to_be_visible()
    field(page, "Analyse des causes").fill("Créneaux saturés, convocations tardives.")
    page.get_by_role("button", name="Enregistrer l'analyse des causes").click()
    field(page, "Action corrective").fill("Ouvrir des créneaux le mercredi.")
    field(page, "Responsable").select_option(str(quality.actors["secretary"].pk))
    field(page, "Échéance").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Ajouter l'action").click()
    expect(page.get_by_text("Action corrective ajoutée.")).to_be_visible()
    nc = NonConformity.objects.get(complaint=complaint)
    assert nc.severity == "major"
    assert CorrectiveAction.objects.filter(nonconformity=nc).count() == 1

    # 4. An internal audit and its finding, entered in the register.
    page.get_by_role("link", name="Audits", exact=True).click()
    page.get_by_role("link", name="Enregistrer un audit").click()
    field(page, "Type d'audit").select_option("internal")
    field(page, "Intitulé").fill("Audit interne suivi individuel")
    field(page, "Périmètre").fill("Convocations et délais")
    field(page, "Du").fill(timezone.localdate().isoformat())
    field(page, "Au").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Enregistrer l'audit").click()
    field(page, "Nature").select_option("nonconformity")
    field(page, "Constat").fill("Délais de prévenance non tracés.")
    page.get_by_role("button", name="Enregistrer le constat").click()
    expect(page.get_by_role("link", name="NC-0002")).to_be_visible()

    # 5. Readiness per level on the chart.
    page.get_by_role("link", name="Auto-évaluations").click()
    page.get_by_role("link", name="Auto-évaluation 2026").click()
    page.get_by_role("link", name="Maturité par chapitre et par niveau").click()
    chart = page.get_by_role("img", name="Maturité par niveau")
    expect(chart).to_be_visible()
    expect(page.get_by_text("niveau 1 : 50 %").first).to_be_visible()

    # 6. The audit pack.
    with page.expect_download() as download:
        page.get_by_role("link", name="Dossier d'audit (ZIP)").click()
    archive = zipfile.ZipFile(download.value.path())
    names = set(archive.namelist())
    assert {
        "auto-evaluation.xlsx",
        "documents-maitrises.xlsx",
        "registre-non-conformites.xlsx",
    } <= names
    assert any(name.startswith("rapports-audits/") for name in names)
