"""Playwright: a member's admin creates an API token in the portal, and a physician a staff token
for the indicators in the back-office (accessible pages, the secret shown once); the API's
documentation page runs Swagger UI from our own files under the CSP."""

import re

import pytest
from playwright.sync_api import Page, expect

from api.models import ApiToken
from tests.a11y import check_page, preload_axe
from tests.conftest import enrol_totp, totp_code
from tests.test_browser import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_creates_a_token_and_sees_its_secret_once(
    page: Page, live_server, world, csp_violations
):
    preload_axe(page.context)
    _log_in(page, live_server.url, world.actors["portal_admin"].email)
    expect(page).to_have_url(re.compile(r"/espace-adherent/$"))
    page.get_by_role("link", name="Accès à l'API").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accès à l'API")
    check_page(page, "api-jetons", widths=(390,))
    page.get_by_role("link", name="Créer un jeton").click()
    check_page(page, "api-jeton-creation", widths=(390,))
    page.get_by_label("Nom du jeton").fill("Logiciel de paie")
    page.get_by_label("Salariés : lecture").check()
    page.get_by_role("button", name="Créer le jeton").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeton « Logiciel de paie » créé")
    secret = page.get_by_label("Secret du jeton").input_value()
    assert secret.startswith("spsti_")
    check_page(page, "api-jeton-cree", widths=(390,))
    page.get_by_role("link", name="Retour aux jetons").click()
    expect(page.get_by_role("cell", name="Logiciel de paie", exact=True)).to_be_visible()
    page.get_by_role("button", name="Révoquer le jeton Logiciel de paie").click()
    expect(page.get_by_role("cell", name=re.compile("^Révoqué"))).to_be_visible()
    assert secret not in page.content()
    token = ApiToken.objects.get()
    assert token.scopes == ["workers:read"]
    assert token.revoked_by == world.actors["portal_admin"]
    assert csp_violations == []


def test_a_physician_creates_a_staff_token_for_the_indicators(
    page: Page, live_server, world, csp_violations
):
    physician = world.actors["physician"]
    totp = enrol_totp(physician)
    preload_axe(page.context)
    _log_in(page, live_server.url, physician.email)
    page.get_by_label("Code d'authentification").fill(totp_code(totp))
    page.get_by_role("button", name="Valider").click()
    expect(page).to_have_url(re.compile(r"/back-office/$"))
    page.get_by_role("link", name="Accès à l'API").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accès à l'API des indicateurs")
    check_page(page, "api-jetons-service", widths=(390,))
    page.get_by_role("link", name="Créer un jeton").click()
    check_page(page, "api-jeton-service-creation", widths=(390,))
    page.get_by_label("Nom du jeton").fill("Tableur de pilotage")
    page.get_by_label("Indicateurs de pilotage : lecture").check()
    page.get_by_role("button", name="Créer le jeton").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeton « Tableur de pilotage » créé")
    secret = page.get_by_label("Secret du jeton").input_value()
    assert secret.startswith("spsti_")
    check_page(page, "api-jeton-service-cree", widths=(390,))
    page.get_by_role("link", name="Retour aux jetons").click()
    expect(page.get_by_role("cell", name="Tableur de pilotage", exact=True)).to_be_visible()
    page.get_by_role("button", name="Révoquer le jeton Tableur de pilotage").click()
    expect(page.get_by_role("cell", name=re.compile("^Révoqué"))).to_be_visible()
    assert secret not in page.content()
    token = ApiToken.objects.get()
    assert (token.scopes, token.center, token.adherent) == (
        ["indicators:read"],
        world.center,
        None,
    )
    assert token.revoked_by == physician
    assert csp_violations == []


def test_the_documentation_runs_swagger_ui_under_the_csp(page: Page, live_server, csp_violations):
    page.goto(live_server.url + "/api/v1/documentation/")
    # Our page's title; Swagger UI adds its own h1 (the schema's title) once it has rendered.
    expect(
        page.get_by_role("heading", level=1, name="Documentation de l'API du portail SPSTI")
    ).to_be_visible()
    expect(page.get_by_text("Déclarer une embauche")).to_be_visible()
    assert csp_violations == []
