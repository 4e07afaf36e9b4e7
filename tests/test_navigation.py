"""The menus (spsti/navigation.py): each link asks the code its view's gate asks for."""

import pytest
from django.urls import resolve, reverse

from accounts.roles import BACKOFFICE, PORTAL
from spsti.navigation import BACKOFFICE_NAV, PORTAL_NAV

LINKS = [("portal", link) for _, links in PORTAL_NAV for link in links] + [
    ("backoffice", link) for _, links in BACKOFFICE_NAV for link in links
]


@pytest.mark.parametrize(
    ("shell", "link"), LINKS, ids=lambda value: getattr(value, "url_name", value)
)
def test_a_link_shows_exactly_to_those_its_view_lets_in(shell, link):
    gate = resolve(reverse(link.url_name)).func.gate
    default = None if link.firm_only else (PORTAL if shell == "portal" else BACKOFFICE)
    assert gate == (shell, link.code or default)


def test_the_menu_follows_the_role(world, client_for):
    secretary = client_for("secretary").get(reverse("backoffice:dashboard")).content.decode()
    assert "Agenda" in secretary
    assert "Fiches d&#x27;entreprise" not in secretary
    assistant = client_for("prevention_assistant").get(reverse("backoffice:dashboard"))
    page = assistant.content.decode()
    assert "Fiches d&#x27;entreprise" in page
    assert ">Agenda<" not in page
    assert 'aria-current="page">Tableau de bord' in page


def test_the_portal_menu_of_a_firm_holds_only_its_scopes(world, client_for):
    page = client_for("firm_mandated").get(reverse("portal:dashboard")).content.decode()
    assert ">Établissements<" in page
    assert ">Salariés<" not in page
