"""Issue 17's "day in the life" in Chromium, one journey per role: the home shows the role's
work items with their counts, every link of every work card is followed, one item is completed
through the screens, and the home's count goes down. Every page is checked by axe-core (WCAG
2.1 A/AA) and screenshotted at 390, 768 and 1280 px (tests/a11y.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse
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
    """A role's browser tab, its home, and the pages checked along the way."""

    def __init__(self, page: Page, base: str, role: str, shots):
        preload_axe(page.context)
        self.page, self.base, self.role, self.shots = page, base, role, shots
        self.checked: list[str] = []

    def check(self, label: str) -> None:
        check_page(self.page, f"{self.role}-{slug(label)}", screenshots=self.shots)
        self.checked.append(self.page.url)

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
