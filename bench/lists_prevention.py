"""The prevention lists measured by `make bench` (see `_list_cases` in bench/__main__.py):
(label, role, url name, query, the list's queryset for a deep key or None)."""

from __future__ import annotations

import datetime


def cases(today: datetime.date) -> list[tuple]:
    from django.conf import settings

    from accounts.enums import StaffRole
    from prevention.actions import selectors as actions
    from prevention.duerp import selectors as duerp
    from prevention.fiche import selectors as fiche

    physician = StaffRole.PHYSICIAN
    fiches = lambda status="": lambda ctx: fiche.fiche_rows(ctx, status=status, today=today)  # noqa: E731
    return [
        ("fiches d'entreprise", physician, "backoffice:prevention:fiche-list", {}, fiches()),
        (
            "fiches d'entreprise à établir",
            physician,
            "backoffice:prevention:fiche-list",
            {"statut": "a_etablir"},
            fiches("a_etablir"),
        ),
        (
            "fiches d'entreprise en brouillon",
            physician,
            "backoffice:prevention:fiche-list",
            {"statut": "brouillon"},
            fiches("brouillon"),
        ),
        (
            "DUERP des adhérents",
            physician,
            "backoffice:prevention:duerp-list",
            {},
            duerp.centre_duerps,
        ),
        (
            "actions en milieu de travail",
            physician,
            "backoffice:prevention:action-list",
            {},
            actions.action_list,
        ),
        (
            "actions filtrées (CSE)",
            physician,
            "backoffice:prevention:action-list",
            {"kind": "cse_meeting"},
            lambda ctx: actions.action_list(ctx, kind="cse_meeting"),
        ),
        (  # by key too: the alerts' index (adherent_primary_since_idx) from the key
            "alertes prévention primaire",
            physician,
            "backoffice:prevention:action-indicators",
            {},
            lambda ctx: actions.primary_action_alerts(
                ctx, today=today, years=settings.SPSTI_PRIMARY_ACTION_YEARS
            ),
        ),
    ]
