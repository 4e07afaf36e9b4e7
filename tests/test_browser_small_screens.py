"""Issue 17, item 2, in Chromium: the shells on a phone (390 px) and a tablet (768 px).

The menu folds behind a "Menu" button (Bootstrap's collapse), so a page's heading is in the
first screen; the button opens the menu from the keyboard; no page is wider than the screen
(tables scroll inside their box); the FE and DUERP screens' controls are touch-sized (44 px).
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from tests.adherents.factories_billing import issue_for
from tests.conftest import login
from tests.matrix_prevention.duerp import _action, _duerp, _risk
from tests.matrix_prevention.fiche import draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A phone held upright (iPhone 12 to 15) and a tablet held upright (iPad).
SCREENS = {390: 844, 768: 1024}

# Elements wider than the screen, to say which one widens the page when one does.
WIDE = """(width) => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > width + 1
          && !e.closest('.table-responsive'))
  .slice(0, 5)
  .map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""

# Every control of the FE and DUERP screens a finger must hit, with its size.
SMALL_CONTROLS = """() => [...document.querySelectorAll(
    'main button, main .btn, main select, main textarea, main summary,'
    + ' main input:not([type=hidden]):not([type=checkbox]):not([type=radio])')]
  .filter((e) => e.offsetParent !== null)
  .map((e) => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
  .filter(([, box]) => box.height < 44 || box.width < 44)
  .map(([html, box]) => html + ' ' + Math.round(box.width) + 'x' + Math.round(box.height))"""


def screen_page(browser: Browser, base: str, user, width: int) -> Page:
    """A browser context of this screen size holding the user's session (staff: MFA passed)."""
    session = login(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(
        locale="fr-FR", viewport={"width": width, "height": SCREENS[width]}
    )
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
    return context.new_page()


def fits(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (page.url, scroll_width, page.evaluate(WIDE, width))


def heading_first_and_menu_behind_its_button(page: Page, menu_link: str) -> None:
    """The heading is in the first screen, the menu folded; the keyboard opens it."""
    height = page.viewport_size["height"]
    box = page.locator("main h1").first.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= height, box
    menu = page.locator("#menu-principal")
    expect(menu).to_be_hidden()
    button = page.get_by_role("button", name="Menu", exact=True)
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-controls", "menu-principal")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.focus()
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    link = menu.get_by_role("link", name=menu_link, exact=True)
    expect(link).to_be_visible()
    link_box = link.bounding_box()
    assert link_box["height"] >= 44, link_box  # a finger's target
    link.click()
    expect(page.locator("#menu-principal")).to_be_hidden()  # the next page: folded again


def touch_sized(page: Page) -> None:
    assert page.evaluate(SMALL_CONTROLS) == [], page.url


@pytest.mark.parametrize("width", sorted(SCREENS))
def test_the_shells_fit_a_phone_and_a_tablet(width, browser: Browser, live_server, world):
    base = live_server.url
    fiche = draft(world)  # a unit and a hazard on A's FE
    _risk(world)
    _action(world)  # A's DUERP holds a risk and an action
    issue_for(world)  # an invoice to A

    # Staff: the physician's home, then the lists.
    office = screen_page(browser, base, world.actors["physician"], width)
    office.goto(base + reverse("backoffice:dashboard"))
    heading_first_and_menu_behind_its_button(office, "Salariés")
    fits(office, width)
    for url in (
        reverse("backoffice:suivi_sante:worker-list"),
        reverse("backoffice:adherents:adherent-list"),
        reverse("backoffice:prevention:fiche-version-edit", args=[fiche.pk]),
        reverse("backoffice:prevention:duerp-list"),
        reverse("backoffice:prevention:duerp-detail", args=[_duerp(world).pk]),
        reverse("backoffice:dashboards:cockpit"),
    ):
        office.goto(base + url)
        expect(office.locator("main h1").first).to_be_visible()
        fits(office, width)

    # The prevention assistant drafts the FE on a tablet: every control is touch-sized.
    field = screen_page(browser, base, world.actors["prevention_assistant"], width)
    field.goto(base + reverse("backoffice:prevention:fiche-version-edit", args=[fiche.pk]))
    expect(field.get_by_role("button", name="Ajouter l'unité", exact=True)).to_be_visible()
    fits(field, width)
    touch_sized(field)

    invoicing = screen_page(browser, base, world.actors["billing"], width)
    invoicing.goto(base + reverse("backoffice:adherents:billing-invoice-list"))
    expect(invoicing.get_by_role("table")).to_be_visible()
    fits(invoicing, width)

    # The employer: home, then his lists, his DUERP (touch-sized) and his FE.
    employer = screen_page(browser, base, world.actors["portal_admin"], width)
    employer.goto(base + reverse("portal:dashboard"))
    heading_first_and_menu_behind_its_button(employer, "Salariés")
    fits(employer, width)
    for url in (
        reverse("portal:suivi_sante:worker-list"),
        reverse("portal:adherents:billing-invoice-list"),
        reverse("portal:prevention:fiche-list"),
        reverse("portal:prevention:duerp-workspace"),
    ):
        employer.goto(base + url)
        expect(employer.locator("main h1").first).to_be_visible()
        fits(employer, width)
    touch_sized(employer)  # the DUERP's workspace
