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


def _argless_get_views(resolver=None, prefix=""):
    from django.urls import URLPattern, URLResolver, get_resolver

    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _argless_get_views(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.converters:
            names.add(f"{prefix}{entry.name}")
    return {n for n in names if n.startswith(("portal:", "backoffice:"))}


# Pages without arguments that no menu holds: the page (and an actor who sees the link) whose
# HTML must link to them, or, for a link shown only in some states, why.
REACHED_FROM = {
    "portal:tns:join-as-head": "the self-employed space, for a member admin not yet affiliated",
    "backoffice:tns:workshop-create": ("backoffice:tns:workshop-list", "nurse"),
    "portal:switch": "the context switcher's form (POST), on every page",
    "portal:no-member": "the portal's redirect when no member is current",
    "backoffice:switch": "the context switcher's form (POST), on every page",
    "portal:adherents:joining-checklist-dismiss": "the checklist, shown to a new member only",
    "portal:prevention:duerp-open": "the DUERP page, before the member opened its DUERP",
    "portal:prevention:duerp-headcount": "the DUERP page, once opened",
    "portal:prevention:duerp-publish": "the DUERP page, once opened",
    "portal:prevention:duerp-unit-create": "the DUERP page, once opened",
    "portal:prevention:duerp-risk-create": "the DUERP page, once a unit exists",
    "portal:prevention:duerp-action-create": "the DUERP page, once a risk exists",
    "backoffice:suivi_sante:worker-merge": "the duplicates page, for each pair found",
    "backoffice:suivi_sante:slots-self-booking": "the agenda week (a POST form per day shown)",
    "backoffice:pdp:case-refer-person": ("backoffice:pdp:case-list", "physician"),
    "backoffice:pdp:case-refer-insurance": ("backoffice:pdp:case-list", "physician"),
    "backoffice:pdp:awareness-mark": "the awareness page (a POST form), for the cell's members",
    "backoffice:pdp:review-create": "the cell reviews' list (a POST form), for the cell's members",
    "backoffice:pdp:cell-member-add": "the cell members' page (a POST form), for its managers",
    "backoffice:dashboards:recompute": "the cockpit's button (a POST form), for the direction",
    "backoffice:dashboards:cpom-create": "the CPOM page (a POST form), for the direction",
    "backoffice:adherents:billing-statement-import": (
        "backoffice:adherents:billing-statement-list",
        "billing",
    ),
    "backoffice:adherents:billing-tariff-create": (
        "backoffice:adherents:billing-tariff-list",
        "billing",
    ),
    "backoffice:adherents:events-complaint-create": (
        "backoffice:adherents:events-complaint-list",
        "member_service",
    ),
    "backoffice:adherents:events-meeting-create": (
        "backoffice:adherents:events-meeting-list",
        "member_service",
    ),
    "backoffice:adherents:events-survey-create": (
        "backoffice:adherents:events-survey-list",
        "member_service",
    ),
    "backoffice:adherents:firms-firm-create": (
        "backoffice:adherents:firms-firm-list",
        "member_service",
    ),
    "backoffice:adherents:imports-job-create": (
        "backoffice:adherents:imports-job-list",
        "member_service",
    ),
    "backoffice:adherents:imports-members-xlsx": (
        "backoffice:adherents:imports-job-list",
        "member_service",
    ),
    "backoffice:adherents:requests-log": ("backoffice:adherents:requests-inbox", "member_service"),
    "backoffice:adherents:requests-partner-create": (
        "backoffice:adherents:requests-partner-list",
        "member_service",
    ),
    "backoffice:adherents:requests-referrals-overdue": (
        "backoffice:adherents:requests-inbox",
        "member_service",
    ),
    "backoffice:adherents:trajectory-definition-create": (
        "backoffice:adherents:trajectory-definition-list",
        "member_service",
    ),
    "backoffice:adherents:workforce-campaign-create": (
        "backoffice:adherents:workforce-campaign-list",
        "member_service",
    ),
    "backoffice:api:staff-token-create": ("backoffice:api:staff-token-list", "physician"),
    "backoffice:prevention:visit-create": (
        "backoffice:prevention:visit-list",
        "prevention_assistant",
    ),
    "backoffice:suivi_sante:due-upcoming": ("backoffice:suivi_sante:due-overdue", "physician"),
    "backoffice:suivi_sante:duplicate-list": ("backoffice:suivi_sante:worker-list", "secretary"),
    "backoffice:suivi_sante:protocol-create": ("backoffice:suivi_sante:protocol-list", "physician"),
    "backoffice:suivi_sante:slot-create": ("backoffice:suivi_sante:agenda", "secretary"),
    "backoffice:suivi_sante:slot-pattern": ("backoffice:suivi_sante:agenda", "secretary"),
    "portal:adherents:events-registration-list": (
        "portal:adherents:events-session-list",
        "portal_admin",
    ),
    "portal:adherents:firms-mandate-grant": ("portal:adherents:firms-mandate-list", "portal_admin"),
    "portal:adherents:joining-contact-create": (
        "portal:adherents:joining-contact-list",
        "portal_admin",
    ),
    "portal:adherents:joining-establishment-create": (
        "portal:adherents:establishment-list",
        "portal_admin",
    ),
    "portal:adherents:requests-create": ("portal:adherents:requests-list", "portal_admin"),
    "portal:api:token-create": ("portal:api:token-list", "portal_admin"),
    "portal:suivi_sante:worker-hire": ("portal:suivi_sante:worker-list", "portal_admin"),
    # The quality pages' "create" buttons: the world has no quality manager; the links are
    # checked by tests/certification/test_navigation.py.
    **dict.fromkeys(
        (
            "backoffice:certification:audit-create",
            "backoffice:certification:campaign-create",
            "backoffice:certification:document-create",
            "backoffice:certification:nc-create",
            "backoffice:certification:process-create",
            "backoffice:certification:referential-import-create",
            "backoffice:certification:review-create",
        ),
        "its list, for the quality manager (tests/certification/test_navigation.py)",
    ),
}


def test_every_page_without_arguments_is_in_a_menu_or_reached_from_a_page():
    in_menus = {link.url_name for _, link in LINKS}
    orphans = _argless_get_views() - in_menus - set(REACHED_FROM)
    assert not orphans, sorted(orphans)


LINKED = sorted((child, *how) for child, how in REACHED_FROM.items() if isinstance(how, tuple))


@pytest.mark.parametrize(("child", "parent", "actor"), LINKED, ids=[c for c, *_ in LINKED])
def test_the_page_that_reaches_a_page_links_to_it(child, parent, actor, world, client_for):
    response = client_for(actor).get(reverse(parent))
    assert response.status_code == 200
    target = reverse(child)
    html = response.content.decode()
    assert f'href="{target}' in html or f'action="{target}"' in html


def test_the_cell_pages_show_in_the_menu_of_the_cells_members_only(world, client_for):
    """The PDP cell's pages open to its members (pdp.perms.is_cell_member): a nurse holding the
    cell's codes but outside the cell is never offered a link that would refuse her."""
    from django.test import Client

    from tests.conftest import login
    from tests.pdp.factories import cell_member

    nurse = client_for("nurse").get(reverse("backoffice:dashboard")).content.decode()
    assert "Dossiers PDP" in nurse
    assert "Revues de cellule" not in nurse
    assert "Charge de la cellule" not in nurse
    member = login(Client(), cell_member(world.center))
    page = member.get(reverse("backoffice:dashboard")).content.decode()
    assert "Revues de cellule" in page
    assert "Charge de la cellule" in page
    assert member.get(reverse("backoffice:pdp:review-list")).status_code == 200
