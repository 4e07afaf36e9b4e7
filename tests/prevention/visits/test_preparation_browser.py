"""The visit's preparation in a browser: axe-core on the open and the folded section, and the
folded one opened from the keyboard."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from adherents.models import Contact, ContactRole
from tests.a11y import check_page, preload_axe
from tests.matrix_prevention.fiche import sent, visit
from tests.test_browser_followup import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_preparation_passes_axe_and_opens_from_the_keyboard(
    browser: Browser, live_server, world, tmp_path
):
    Contact.objects.create(
        adherent=world.adherent,
        role=ContactRole.HR,
        first_name="Inès",
        last_name="Moreau",
        email="ines.moreau@alpha.fr",
        phone="03 85 12 34 56",
    )
    sent(world)
    page = staff_page(browser, live_server.url, world.actors["prevention_assistant"])
    # Bootstrap's buttons fade their colours in 0.15 s: axe, run as the viewport changes under
    # the pointer, once read the summary mid-fade (4.35:1). Reduced motion turns the fade off,
    # so axe reads the colours a user sees (white on #6c757d, 4.69:1).
    page.emulate_media(reduced_motion="reduce")
    preload_axe(page.context)

    planned = reverse("backoffice:prevention:visit-detail", args=[visit(world).pk])
    page.goto(live_server.url + planned)
    expect(page.get_by_role("link", name="ines.moreau@alpha.fr")).to_be_visible()
    check_page(page, "rendez-vous-prevention-preparation", screenshots=tmp_path)

    held = reverse("backoffice:prevention:visit-detail", args=[visit(world, held=True).pk])
    page.goto(live_server.url + held)
    mail = page.get_by_role("link", name="ines.moreau@alpha.fr")
    expect(mail).to_be_hidden()  # folded once the visit is held
    page.get_by_text("Afficher la préparation").focus()
    page.keyboard.press("Enter")
    expect(mail).to_be_visible()  # waits for the toggle, unlike is_visible()
    check_page(page, "rendez-vous-prevention-preparation-repliee", screenshots=tmp_path)
