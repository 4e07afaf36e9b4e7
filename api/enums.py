"""Scopes of a personal access token, and the permission codes each one lets through."""

from django.db import models


class ApiScope(models.TextChoices):
    WORKERS_READ = "workers:read", "Salariés : lecture"
    WORKERS_WRITE = "workers:write", "Salariés : déclarations (embauche, sortie)"
    CONVOCATIONS_READ = "convocations:read", "Convocations : lecture"
    CONVOCATIONS_WRITE = "convocations:write", "Convocations : réponses"
    DOCUMENTS_READ = "documents:read", "Attestations et avis : lecture"
    INVOICES_READ = "invoices:read", "Factures : lecture"
    WORKFORCE_WRITE = "workforce:write", "Déclaration d'effectifs"
    DUERP_READ = "duerp:read", "DUERP : versions publiées"


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
}
# Every token reads its member and its establishments (what each scope's rows point to).
BASE_PERMISSIONS = frozenset(
    {"portal:access", "adherents.adherent:view", "adherents.establishment:view"}
)


def scope_permissions(scopes) -> frozenset[str]:
    codes = set(BASE_PERMISSIONS)
    for scope in scopes:
        codes |= SCOPE_PERMISSIONS.get(scope, frozenset())
    return frozenset(codes)


def scopes_within(permissions) -> list[str]:
    """The scopes whose every code the holder has (what they may put in a token)."""
    return [scope for scope in ApiScope if SCOPE_PERMISSIONS[scope] <= set(permissions)]
