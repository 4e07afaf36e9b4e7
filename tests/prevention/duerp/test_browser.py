"""Issue 5's DUERP journey in Chromium: the employer builds, publishes, fails to alter, exports.

The employer logs in through the login page; the prevention assistant's session is opened
with MFA already passed (the TOTP login itself is walked in tests/test_browser.py).
"""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from prevention.models import DuerpVersion
from tests.accounts.factories import PASSWORD
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def field(page: Page, label: str):
    """The input labelled exactly `label` (a required field's label ends with " *")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def staff_page(browser: Browser, base: str, user) -> Page:
    """A browser context holding an MFA-passed staff session."""
    session = login(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(locale="fr-FR")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
    return context.new_page()


def test_employer_publishes_a_duerp_cannot_alter_it_and_exports_it(
    page: Page, browser: Browser, live_server, world
):
    base = live_server.url
    page.goto(base + "/")
    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("Courriel").fill(world.actors["portal_admin"].email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/espace-adherent/$"))

    page.goto(base + "/espace-adherent/prevention/duerp/")
    field(page, "Effectif de l'entreprise").fill("12")
    page.get_by_role("button", name="Ouvrir le DUERP").click()
    expect(page.get_by_text("DUERP ouvert")).to_be_visible()

    field(page, "Nom de l'unité de travail").fill("Fournil")
    field(page, "Effectif de l'unité").fill("4")
    field(page, "Établissement").select_option(str(world.establishment.pk))
    page.get_by_role("button", name="Ajouter l'unité").click()
    page.get_by_role("link", name="Ajouter un risque à l'unité Fournil").click()

    field(page, "Danger (thésaurus du service)").select_option(label="Bruit")
    field(page, "Description du risque").fill("Pétrin et ventilation bruyants")
    field(page, "Nombre de salariés exposés").fill("6")  # more than the unit's 4 workers
    field(page, "Gravité").select_option("3")
    field(page, "Probabilité").select_option("4")
    page.get_by_role("button", name="Ajouter le risque").click()
    expect(page.get_by_role("alert").first).to_contain_text("dépasse l'effectif de l'unité")
    field(page, "Nombre de salariés exposés").fill("4")
    page.get_by_role("button", name="Ajouter le risque").click()
    expect(page.get_by_text("Élevée (12)")).to_be_visible()

    field(page, "Date de consultation du CSE (le cas échéant)").fill(
        timezone.localdate().isoformat()
    )
    page.get_by_role("button", name="Publier la version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("DUERP — version 1")
    version = DuerpVersion.objects.get()
    expect(page.get_by_text(version.sha256)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Modifier|Supprimer"))).to_have_count(0)

    # Altering the version by hand: the URL refuses any write, the row stays as published.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    refused = page.request.post(page.url, headers={"X-CSRFToken": token, "Referer": page.url})
    assert refused.status == 405
    assert DuerpVersion.objects.get().sha256 == version.sha256

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Télécharger le PDF").click()
    assert pdf.value.suggested_filename == f"duerp-{world.adherent.siren}-v1.pdf"
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Télécharger le tableur (XLSX)").click()
    sheet = load_workbook(io.BytesIO(Path(xlsx.value.path()).read_bytes()))["Risques"]
    assert sheet["D2"].value == "Pétrin et ventilation bruyants"

    # The team sees the transmitted version in the back-office.
    staff = staff_page(browser, base, world.actors["prevention_assistant"])
    staff.goto(base + "/back-office/prevention/duerp/")
    staff.get_by_role("link", name=world.adherent.name).click()
    expect(staff.get_by_role("link", name="Version 1", exact=True)).to_be_visible()
    expect(staff.get_by_text("Seul l'employeur publie")).to_be_visible()
