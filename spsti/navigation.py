"""The menus of both shells, as data: sections of (label, URL name, permission code).

A link shows only to whoever holds its code, and a test checks that each code is the one the
view's gate asks for, so a menu never leads to "Accès refusé".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    code: str | None = None  # None: everyone in the shell


PORTAL_NAV: list[tuple[str, list[Link]]] = [
    (
        "",
        [
            Link("Tableau de bord", "portal:dashboard"),
            Link(
                "Établissements",
                "portal:adherents:establishment-list",
                "adherents.establishment:view",
            ),
        ],
    ),
    (
        "Suivi des salariés",
        [
            Link("Salariés", "portal:suivi_sante:worker-list", "suivi_sante.worker:view"),
            Link("Visites à prévoir", "portal:suivi_sante:due-list", "suivi_sante.worker:view"),
            Link(
                "Convocations",
                "portal:suivi_sante:convocation-list",
                "suivi_sante.convocation:view",
            ),
            Link(
                "Documents de suivi",
                "portal:suivi_sante:document-list",
                "suivi_sante.document:view",
            ),
        ],
    ),
    (
        "Prévention",
        [
            Link("Fiches d'entreprise", "portal:prevention:fiche-list", "prevention.fiche:view"),
            Link("DUERP", "portal:prevention:duerp-workspace", "prevention.duerp:view"),
            Link(
                "Produits chimiques", "portal:prevention:chemical-list", "prevention.chemical:view"
            ),
        ],
    ),
]

BACKOFFICE_NAV: list[tuple[str, list[Link]]] = [
    (
        "",
        [
            Link("Tableau de bord", "backoffice:dashboard"),
            Link("Adhérents", "backoffice:adherents:adherent-list", "adherents.adherent:view"),
        ],
    ),
    (
        "Suivi individuel",
        [
            Link("Salariés", "backoffice:suivi_sante:worker-list", "suivi_sante.worker:view"),
            Link(
                "Échéances en retard",
                "backoffice:suivi_sante:due-overdue",
                "suivi_sante.worker:view",
            ),
            Link("Agenda", "backoffice:suivi_sante:agenda", "suivi_sante.agenda:view"),
            Link(
                "À reprogrammer",
                "backoffice:suivi_sante:convocations-to-rebook",
                "suivi_sante.agenda:view",
            ),
            Link(
                "Indicateurs",
                "backoffice:suivi_sante:followup-indicators",
                "suivi_sante.agenda:view",
            ),
            Link("Protocoles", "backoffice:suivi_sante:protocol-list", "suivi_sante.protocol:view"),
            Link(
                "Expositions suggérées",
                "backoffice:suivi_sante:suggestion-list",
                "suivi_sante.category:override",
            ),
        ],
    ),
    (
        "Prévention",
        [
            Link(
                "Fiches d'entreprise", "backoffice:prevention:fiche-list", "prevention.fiche:view"
            ),
            Link(
                "Rendez-vous de la prévention",
                "backoffice:prevention:visit-list",
                "prevention.visit:view",
            ),
            Link(
                "DUERP des adhérents", "backoffice:prevention:duerp-list", "prevention.duerp:view"
            ),
            Link(
                "Actions en milieu de travail",
                "backoffice:prevention:action-list",
                "prevention.action:view",
            ),
            Link(
                "Alertes prévention primaire",
                "backoffice:prevention:action-indicators",
                "prevention.action:view",
            ),
            Link(
                "Produits chimiques",
                "backoffice:prevention:chemical-list",
                "prevention.chemical:view",
            ),
        ],
    ),
]


def visible_menu(ctx, sections, current_path: str) -> list[dict]:
    """The sections and links this context may follow, the current page marked."""
    menu = []
    for title, links in sections:
        items = []
        for link in links:
            if link.code is None or ctx.has_perm(link.code):
                url = reverse(link.url_name)
                items.append({"label": link.label, "url": url, "current": url == current_path})
        if items:
            menu.append({"title": title, "links": items})
    return menu
