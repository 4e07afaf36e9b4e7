"""Playwright in Debian's Chromium: a member and a staff user log in and reach their dashboards."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts import activation
from tests.accounts.factories import PASSWORD
from tests.conftest import enrol_totp, totp_code

NEW_PASSWORD = "un-mot-de-passe-tout-neuf-2026"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_member_logs_in_and_reaches_the_portal_dashboard(
    page: Page, live_server, world, csp_violations
):
    _log_in(page, live_server.url, world.actors["portal_admin"].email)
    expect(page).to_have_url(re.compile(r"/espace-adherent/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(world.adherent.name)
    page.get_by_role("link", name="Établissements").click()
    expect(page.get_by_role("cell", name=world.establishment.siret)).to_be_visible()
    assert csp_violations == []


def test_staff_logs_in_with_totp_and_reaches_the_backoffice(
    page: Page, live_server, world, csp_violations
):
    physician = world.actors["physician"]
    secret = enrol_totp(physician)
    _log_in(page, live_server.url, physician.email)
    code = totp_code(secret)
    page.get_by_label("Code d'authentification").fill(code)
    page.get_by_role("button", name="Valider").click()
    expect(page).to_have_url(re.compile(r"/back-office/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(world.center.name)
    # The keyboard reaches the skip link first.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    assert csp_violations == []


def test_staff_activates_by_link_with_the_qr_code_under_the_csp(
    page: Page, live_server, world, csp_violations
):
    """The activation link's page shows the QR code (inline SVG) under the CSP, and the password
    and first code it takes open the back-office at the next login."""
    nurse = world.actors["nurse"]
    link = activation.new_link(nurse)
    page.goto(live_server.url + re.sub(r"^https?://[^/]+", "", link))
    qr = page.locator(".totp-qr svg")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] > 0
    secret = page.locator("[data-totp-secret]").inner_text()
    page.get_by_label(re.compile(r"^Mot de passe\W*$")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile(r"^Mot de passe \(confirmation\)")).fill(NEW_PASSWORD)
    page.get_by_label("Code affiché par votre application").fill(totp_code(secret))
    page.get_by_role("button", name="Activer mon compte").click()
    expect(page).to_have_url(re.compile(r"/comptes/login/"))
    page.get_by_label("Courriel").fill(nurse.email)
    page.get_by_label("Mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label("Code d'authentification").fill(totp_code(secret))
    page.get_by_role("button", name="Valider").click()
    expect(page).to_have_url(re.compile(r"/back-office/$"))
    assert csp_violations == []
