"""Issue 5's FE journey in Chromium, on a tablet: drafted, validated, sent, acknowledged.

Staff sessions are opened with MFA already passed (the TOTP login is walked in
tests/test_browser.py); the employer logs in through the login page. Time travel: a version
sent four years ago (``send_version(today=...)``) shows in the renewals to plan.
"""

from __future__ import annotations

import datetime
import importlib
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from prevention.fiche import services
from prevention.models import FicheAcknowledgement, FicheVersion
from prevention.rules.dates import add_years
from spsti.french import with_de
from tests.accounts.factories import PASSWORD
from tests.adherents.factories import EstablishmentFactory
from tests.conftest import login
from tests.matrix_prevention.fiche import ctx_of, png_bytes, validated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TABLET = {"width": 768, "height": 1024}


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """The shipped thesaurus: an earlier transactional test may have flushed it."""
    from django.apps import apps

    importlib.import_module("prevention.migrations.0002_reference_data").load(apps, None)


def staff_page(browser: Browser, base: str, user) -> Page:
    """A tablet-sized context holding an MFA-passed staff session."""
    session = login(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(locale="fr-FR", viewport=TABLET, has_touch=True)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
    return context.new_page()


def field(page: Page, label: str):
    """The input labelled exactly `label` (a required field's label ends with " *")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def test_an_fe_drafted_on_a_tablet_reaches_the_employer(browser: Browser, live_server, world):
    base = live_server.url
    assistant = staff_page(browser, base, world.actors["prevention_assistant"])
    assistant.goto(base + "/back-office/prevention/fiches-entreprise/?statut=a_etablir")
    name = world.establishment.name
    assistant.get_by_role("button", name=f"Établir la fiche {with_de(name)}").click()
    expect(assistant.get_by_role("heading", level=1)).to_have_text(f"Fiche d'entreprise — {name}")

    field(assistant, "Ou nom d'une autre unité").fill("Fournil")
    field(assistant, "Effectif de l'unité").fill("4")
    add_unit = assistant.get_by_role("button", name="Ajouter l'unité")
    assert add_unit.bounding_box()["height"] >= 44  # a finger's target
    add_unit.click()
    expect(assistant.get_by_role("heading", name=re.compile("^Fournil"))).to_be_visible()

    assistant.get_by_text("Ajouter un danger").click()
    field(assistant, "Danger (thésaurus)").select_option(label="Poussières (bois, silice, farine…)")
    field(assistant, "Salariés exposés").fill("9")
    assistant.get_by_role("button", name="Ajouter le danger").click()
    expect(assistant.get_by_text("ne peut pas dépasser l'effectif")).to_be_visible()
    field(assistant, "Salariés exposés").fill("3")
    assistant.get_by_role("button", name="Ajouter le danger").click()
    expect(assistant.get_by_text("Salariés exposés : 3")).to_be_visible()

    photo = field(assistant, "Photo")
    assert photo.get_attribute("capture") == "environment"
    photo.set_input_files(
        files=[{"name": "fournil.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    field(assistant, "Légende").fill("Pétrin")
    assistant.get_by_role("button", name="Envoyer la photo").click()
    expect(assistant.get_by_role("img", name="Pétrin")).to_be_visible()
    # One column on a tablet held upright: the photo form spans the content width.
    form_box = assistant.locator("#photos form[enctype]").bounding_box()
    main_box = assistant.locator("main").bounding_box()
    assert form_box["width"] > 0.8 * main_box["width"]

    version = FicheVersion.objects.get(fiche__establishment=world.establishment)
    editor = f"{base}/back-office/prevention/fiches-entreprise/versions/{version.pk}/"
    physician = staff_page(browser, base, world.actors["physician"])
    physician.goto(editor)
    physician.get_by_role("button", name="Valider la fiche (médecin du travail)").click()
    expect(physician.get_by_text("elle est désormais figée")).to_be_visible()

    assistant.goto(editor)
    expect(assistant.get_by_role("button", name="Ajouter l'unité")).to_have_count(0)
    assistant.get_by_role("button", name="Transmettre à l'employeur").click()
    expect(
        assistant.get_by_text("transmise à l'employeur ; renouvellement avant le")
    ).to_be_visible()

    member = browser.new_context(locale="fr-FR", viewport=TABLET).new_page()
    member.goto(base + "/")
    member.get_by_role("link", name="Se connecter").click()
    member.get_by_label("Courriel").fill(world.actors["portal_admin"].email)
    member.get_by_label("Mot de passe").fill(PASSWORD)
    member.get_by_role("button", name="Se connecter").click()
    member.goto(base + "/espace-adherent/prevention/fiches-entreprise/")
    expect(member.get_by_text("À accuser réception")).to_be_visible()
    member.get_by_role("link", name=f"Consulter la fiche {with_de(name)}").click()
    expect(member.get_by_role("cell", name="Poussières (bois, silice, farine…)")).to_be_visible()
    member.get_by_role("button", name="J'accuse réception de cette fiche").click()
    expect(member.get_by_text("Accusé de réception enregistré")).to_be_visible()
    assert FicheAcknowledgement.objects.filter(version=version).exists()
    with member.expect_download() as download:
        member.get_by_role("link", name="Télécharger le PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_the_renewal_shows_four_years_after_sending(browser: Browser, live_server, world):
    four_years_ago = add_years(timezone.localdate(), -settings.SPSTI_FE_RENEWAL_YEARS)
    version = validated(world)
    services.send_version(
        actor=ctx_of(world.actors["prevention_assistant"]), version=version, today=four_years_ago
    )
    recent = validated(world, establishment=EstablishmentFactory(adherent=world.adherent))
    services.send_version(
        actor=ctx_of(world.actors["prevention_assistant"]),
        version=recent,
        today=timezone.localdate() - datetime.timedelta(days=30),
    )
    assistant = staff_page(browser, live_server.url, world.actors["prevention_assistant"])
    assistant.goto(live_server.url + "/back-office/prevention/fiches-entreprise/")
    assistant.get_by_label("Afficher").select_option(label="À renouveler")
    assistant.get_by_role("button", name="Filtrer").click()
    row = assistant.get_by_role("row", name=re.compile(world.establishment.name))
    today = timezone.localdate()
    expect(row.get_by_text(f"À renouveler avant le {today:%d/%m/%Y}")).to_be_visible()
    expect(
        assistant.get_by_role("row", name=re.compile(recent.fiche.establishment.name))
    ).to_have_count(0)
