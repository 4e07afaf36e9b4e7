"""Every role's home and menu pages pass axe-core (WCAG 2.1 A/AA) at 390, 768 and 1280 px.

The menus are the ones spsti/navigation.py shows to each actor (read from the rendered home's
context, so exactly what visible_menu gives their ctx), plus the shell's "Mon compte" link. One
browser context per role; screenshots land in $SPSTI_SCREENSHOTS or a pytest tmp dir.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Error

from adherents.models import Adherent, Contact, ContactRole
from tests.a11y import AccessibilityError, check_page, preload_axe, slug
from tests.adherents.factories import AdherentFactory
from tests.adherents.factories_billing import issue_for
from tests.adherents.factories_requests import MemberRequestFactory
from tests.conftest import login
from tests.pdp.factories import CellMemberFactory
from tests.prevention.factories import (
    DuerpFactory,
    DuerpRiskFactory,
    FicheFactory,
    FicheVersionFactory,
    PreventionActionFactory,
)
from tests.suivi_sante.factories import (
    DueVisitFactory,
    EmploymentFactory,
    SlotFactory,
    VisitFactory,
)
from tests.test_browser_followup import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PORTAL_ROLES = ("portal_admin", "firm_mandated")
STAFF_ROLES = (
    "physician",
    "nurse",
    "secretary",
    "prevention_assistant",
    "member_service",
    "billing",
)
AXE_WIDTHS = (390,)  # the narrowest, where tables scroll; the homes at all three widths
PUBLIC_PAGES = ("home", "account_login", "membership")  # checked at every width, like homes
ACCOUNT_PAGE = {"portal": "account_change_password", "backoffice": "mfa_index"}


def pages_of(user, shell: str) -> list[tuple[str, str]]:
    """(label, path) of the home, every menu link the user sees, and the account page."""
    home = reverse(f"{shell}:dashboard")
    response = login(Client(), user).get(home)
    assert response.status_code == 200, (user, response.status_code)
    pages = [("Accueil", home)]
    for section in response.context["menu"]:
        for link in section["links"]:
            if link["url"] not in {path for _, path in pages}:
                pages.append((f"{section['title']} {link['label']}".strip(), link["url"]))
    pages.append(("Mon compte", reverse(ACCOUNT_PAGE[shell])))
    return pages


def populate(world) -> dict[str, list[tuple[str, str]]]:
    """A row or two in the lists, so that their tables, badges and links are checked too;
    returns a few detail pages per role (label, path), checked after its menu."""
    physician = world.actors["physician"]
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    DueVisitFactory(worker=world.worker)
    EmploymentFactory(worker=world.worker, establishment=world.establishment)
    SlotFactory(center=world.center, professional=physician, starts_at=tomorrow)
    visit = VisitFactory(worker=world.worker, professional=physician, scheduled_at=tomorrow)
    fiche = FicheFactory(establishment=world.establishment)
    FicheVersionFactory(fiche=fiche)
    DuerpRiskFactory(duerp=DuerpFactory(adherent=world.adherent))
    PreventionActionFactory(adherent=world.adherent, performed_by=world.actors["nurse"])
    Contact.objects.create(  # the member page's contacts table, with its mail and phone links
        adherent=world.adherent,
        establishment=world.establishment,
        role=ContactRole.PREVENTION,
        first_name="Inès",
        last_name="Moreau",
        email="ines.moreau@alpha.fr",
        phone="03 85 12 34 56",
    )
    invoice = issue_for(world)
    former = AdherentFactory(  # the end page of an ended member: its two correction forms
        team=world.adherent.team,
        status=Adherent.Status.ENDED,
        ended_on=datetime.date(2026, 1, 31),
        end_reason=Adherent.EndReason.CEASED,
    )
    request = MemberRequestFactory(adherent=world.adherent, created_by=world.actors["portal_admin"])
    worker = world.worker.pk
    return {
        "portal_admin": [
            ("Fiche salarié", reverse("portal:suivi_sante:worker-detail", args=[worker])),
            ("Modifier un salarié", reverse("portal:suivi_sante:worker-update", args=[worker])),
            ("Facture", reverse("portal:adherents:billing-invoice-detail", args=[invoice.pk])),
            ("Demande", reverse("portal:adherents:requests-detail", args=[request.pk])),
        ],
        "physician": [
            ("Fiche salarié", reverse("backoffice:suivi_sante:worker-detail", args=[worker])),
            ("DMST", reverse("backoffice:suivi_sante:dmst-detail", args=[worker])),
            ("Visite", reverse("backoffice:suivi_sante:visit-detail", args=[visit.pk])),
            ("Fiche d'entreprise", reverse("backoffice:prevention:fiche-detail", args=[fiche.pk])),
            ("Adhérent", reverse("backoffice:adherents:adherent-detail", args=[world.adherent.pk])),
        ],
        "member_service": [
            ("Demande", reverse("backoffice:adherents:requests-detail", args=[request.pk])),
            (
                "Fin d'adhésion",
                reverse("backoffice:adherents:adherent-end", args=[world.adherent.pk]),
            ),
            (
                "Corriger une fin d'adhésion",
                reverse("backoffice:adherents:adherent-end", args=[former.pk]),
            ),
        ],
        "billing": [
            ("Facture", reverse("backoffice:adherents:billing-invoice-detail", args=[invoice.pk])),
        ],
    }


def test_every_menu_page_of_every_role_passes_axe(browser: Browser, live_server, world, tmp_path):
    """Each role's home in full; a page already checked for an earlier role is skipped (the
    shell and its menu are checked on every role's home, at every width)."""
    base = live_server.url
    # The menu shows the PDP cell's pages to whoever holds pdp.case:write, and the views ask for
    # cell membership too: these three sit in the cell so that their links lead somewhere.
    for role, function in (
        ("physician", "physician"),
        ("nurse", "nurse"),
        ("secretary", "secretary"),
    ):
        CellMemberFactory(center=world.center, user=world.actors[role], function=function)
    details = populate(world)
    report: list[str] = []
    denied: list[str] = []
    checked: set[str] = set()
    for role in ("anonymous",) + PORTAL_ROLES + STAFF_ROLES:
        if role == "anonymous":
            page = browser.new_context(locale="fr-FR").new_page()
            pages = [(name, reverse(name)) for name in PUBLIC_PAGES]
        else:
            shell = "portal" if role in PORTAL_ROLES else "backoffice"
            page = staff_page(browser, base, world.actors[role])
            pages = pages_of(world.actors[role], shell) + details.get(role, [])
        preload_axe(page.context)
        for label, path in pages:
            home = label == "Accueil" or role == "anonymous"
            if path in checked and not home:
                continue
            checked.add(path)
            try:
                response = page.goto(base + path)
            except Error as error:  # a download (ZIP, CSV): nothing to check
                if "Download is starting" in str(error):
                    continue
                raise
            assert response is not None
            if response.status != 200:
                denied.append(f"{role} {path} ({label}): {response.status}")
            if "html" not in (response.headers.get("content-type") or ""):
                continue
            lines = check_page(
                page,
                f"{role}-{slug(label)}",
                screenshots=tmp_path / "screenshots",
                axe_widths=None if home else AXE_WIDTHS,
                raise_on_violation=False,
            )
            if lines:
                report += [f"{role} {path} ({label}):", *lines]
        page.context.close()
    assert len(checked) > 60, len(checked)  # the crawl really went through the menus
    assert not report, "axe-core violations:\n" + "\n".join(report)
    assert not denied, "menu links that refuse:\n" + "\n".join(denied)


def test_check_page_names_the_violations_and_takes_three_screenshots(page, tmp_path, monkeypatch):
    monkeypatch.setenv("SPSTI_SCREENSHOTS", str(tmp_path / "shots"))
    page.set_content(
        '<html lang="fr"><head><title>Essai</title></head><body><main><h1>Essai</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="logo">'
        '<p style="color:#aaa;background:#fff">Texte pâle</p></main></body></html>'
    )
    with pytest.raises(AccessibilityError) as failure:
        check_page(page, "essai")
    message = str(failure.value)
    assert "- image-alt (critical) @390px" in message
    assert "#logo" in message
    assert "- color-contrast (serious) @390px" in message
    assert sorted(p.name for p in (tmp_path / "shots").iterdir()) == [
        "essai-1280.jpg",
        "essai-390.jpg",
        "essai-768.jpg",
    ]
    page.set_content(
        '<html lang="fr"><head><title>Essai</title></head><body><main><h1>Essai</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Logo"></main></body></html>'
    )
    assert check_page(page, "essai") == []
