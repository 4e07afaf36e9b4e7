"""Scopes of a personal access token, and the permission codes each one lets through.

Two kinds of token, never mixed (a database constraint on api.ApiToken holds it): a member
token (a member's admin or a firm, for one member) takes member scopes; a staff token (a
back-office user with the dashboards' code) takes staff scopes, read-only aggregated figures,
never any member's rows nor any medical content."""

from django.db import models


class ApiScope(models.TextChoices):
    WORKERS_READ = "workers:read", "Salariés : lecture"
    WORKERS_WRITE = "workers:write", "Salariés : déclarations (embauche, correction, sortie)"
    CONVOCATIONS_READ = "convocations:read", "Convocations : lecture"
    CONVOCATIONS_WRITE = "convocations:write", "Convocations : réponses"
    DOCUMENTS_READ = "documents:read", "Attestations et avis : lecture"
    INVOICES_READ = "invoices:read", "Factures : lecture"
    WORKFORCE_WRITE = "workforce:write", "Déclaration d'effectifs"
    DUERP_READ = "duerp:read", "DUERP : versions publiées"
    INDICATORS_READ = "indicators:read", "Indicateurs de pilotage : lecture"


STAFF_SCOPES: tuple[str, ...] = (ApiScope.INDICATORS_READ,)
MEMBER_SCOPES: tuple[str, ...] = tuple(s for s in ApiScope.values if s not in STAFF_SCOPES)

# What a token of these scopes may do, at most: the creator's own codes cut it further
# (a token never does more than the person who created it may do today).
SCOPE_PERMISSIONS: dict[str, frozenset[str]] = {
    ApiScope.WORKERS_READ: frozenset({"suivi_sante.worker:view"}),
    ApiScope.WORKERS_WRITE: frozenset({"suivi_sante.worker:view", "suivi_sante.worker:declare"}),
    ApiScope.CONVOCATIONS_READ: frozenset({"suivi_sante.convocation:view"}),
    ApiScope.CONVOCATIONS_WRITE: frozenset(
        {"suivi_sante.convocation:view", "suivi_sante.convocation:respond"}
    ),
    ApiScope.DOCUMENTS_READ: frozenset({"suivi_sante.document:view"}),
    ApiScope.INVOICES_READ: frozenset({"adherents.invoice:view"}),
    ApiScope.WORKFORCE_WRITE: frozenset({"adherents.workforce:declare"}),
    ApiScope.DUERP_READ: frozenset({"prevention.duerp:view"}),
    # The dashboards' reading code only: the lists behind a figure (which name workers) and
    # the exports stay on the screens.
    ApiScope.INDICATORS_READ: frozenset({"dashboards.kpi:view"}),
}
# Every member token reads its member and its establishments (what each scope's rows point to).
BASE_PERMISSIONS = frozenset(
    {"portal:access", "adherents.adherent:view", "adherents.establishment:view"}
)
# A staff token reads no member row at all: only what its staff scopes give.
STAFF_BASE_PERMISSIONS = frozenset({"backoffice:access"})


def scope_permissions(scopes, *, staff: bool = False) -> frozenset[str]:
    codes = set(STAFF_BASE_PERMISSIONS if staff else BASE_PERMISSIONS)
    kind = STAFF_SCOPES if staff else MEMBER_SCOPES
    for scope in scopes:
        if scope in kind:
            codes |= SCOPE_PERMISSIONS[scope]
    return frozenset(codes)


def scopes_within(permissions, *, staff: bool = False) -> list[str]:
    """The scopes of this kind of token whose every code the holder has (what they may put in
    a token)."""
    kind = STAFF_SCOPES if staff else MEMBER_SCOPES
    return [scope for scope in kind if SCOPE_PERMISSIONS[scope] <= set(permissions)]
