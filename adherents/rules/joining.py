"""Rules of the online membership application (seed 002: a third of the paper files came back
incomplete). Pure functions over plain values, shared by the application's steps, its review,
its validation and the portal (a new establishment follows the same SIRET rules).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from adherents.rules import identifiers
from adherents.rules.identifiers import naf_error

STEPS = ("company", "establishments", "contacts", "activity", "preferences", "review")
HEAD_OFFICE = "head_office"

# Contact roles (ContactRole values) every application names, each with what the review says
# when it is missing. The employer designates one or more competent employees for protection
# and prevention (art. L4644-1 of the Code du travail). TO VERIFY: in a small company the
# employer may hold that role himself; we accept any person, the manager included.
REQUIRED_CONTACTS: tuple[tuple[frozenset[str], str], ...] = (
    (
        frozenset({"sst_referent"}),
        "un référent santé-sécurité, salarié désigné pour la prévention des risques "
        "professionnels (art. L4644-1 du Code du travail)",
    ),
    (frozenset({"hr", "manager"}), "un contact ressources humaines ou le dirigeant"),
    (frozenset({"billing"}), "un contact pour la facturation"),
)


def next_step(step: str) -> str:
    """The step after `step` (the review is the last one)."""
    index = STEPS.index(step)
    return STEPS[min(index + 1, len(STEPS) - 1)]


def establishment_error(
    *,
    siret: str,
    siren: str,
    kind: str,
    other_sirets: Iterable[str],
    has_head_office: bool,
) -> str | None:
    """Why this establishment cannot join this company's list, or None.

    Its SIRET has a valid key, starts with the company's SIREN (SIRET = SIREN + NIC), is not
    already in the list, and a company has one head office only.
    """
    if not siren:
        return "Renseignez d'abord le SIREN de l'entreprise (étape « Entreprise »)."
    if error := identifiers.siret_error(siret):
        return error
    siret = identifiers.normalize(siret)
    if not siret.startswith(siren):
        return (
            f"Le SIRET {siret} ne commence pas par le SIREN de l'entreprise ({siren}) : "
            "un établissement porte toujours le SIREN de son entreprise."
        )
    if siret in set(other_sirets):
        return f"Le SIRET {siret} figure déjà parmi vos établissements."
    if kind == HEAD_OFFICE and has_head_office:
        return "Un siège social est déjà déclaré : une entreprise n'en a qu'un."
    return None


def establishments_problems(establishments: list[dict[str, Any]], siren: str) -> list[str]:
    """What is wrong with the list of establishments as a whole (empty when complete)."""
    if not establishments:
        return ["Aucun établissement déclaré (étape « Établissements »)."]
    problems = []
    head_offices = sum(1 for e in establishments if e.get("kind") == HEAD_OFFICE)
    if head_offices != 1:
        problems.append(
            "Déclarez exactement un siège social parmi vos établissements "
            f"({head_offices} déclaré{'s' if head_offices > 1 else ''})."
        )
    seen: list[str] = []
    for entry in establishments:
        error = establishment_error(
            siret=entry.get("siret", ""),
            siren=siren,
            kind="",  # the head office count is checked above
            other_sirets=seen,
            has_head_office=False,
        )
        if error:
            problems.append(f"Établissement « {entry.get('name', '')} » : {error}")
        seen.append(entry.get("siret", ""))
    return problems


def missing_contacts(contacts: list[dict[str, Any]]) -> list[str]:
    """The required contacts not named yet, in French (empty when complete)."""
    roles = {c.get("role") for c in contacts}
    return [label for accepted, label in REQUIRED_CONTACTS if not roles & accepted]


def application_problems(application: Any) -> list[str]:
    """Everything a file still lacks before the member service can review it, in French.

    `application` is any object with the application's attributes (the model instance).
    """
    a = application
    problems = []
    if not a.company_name.strip():
        problems.append("Raison sociale manquante (étape « Entreprise »).")
    if not a.siren:
        problems.append("SIREN manquant (étape « Entreprise »).")
    elif error := identifiers.siren_error(a.siren):
        problems.append(error)
    if not a.naf_code:
        problems.append("Code NAF manquant (étape « Entreprise »).")
    elif error := naf_error(a.naf_code):
        problems.append(error)
    if not a.legal_form.strip():
        problems.append("Forme juridique manquante (étape « Entreprise »).")
    problems += establishments_problems(a.establishments, a.siren)
    problems += [f"Contact manquant : {label}." for label in missing_contacts(a.contacts)]
    if not a.activity_description.strip():
        problems.append("Description de l'activité manquante (étape « Activité et effectifs »).")
    if not a.opening_hours.strip():
        problems.append("Horaires d'ouverture manquants (étape « Activité et effectifs »).")
    if None in (a.headcount_si, a.headcount_sia, a.headcount_sir):
        problems.append(
            "Effectifs par catégorie de suivi (SI, SIA, SIR) manquants "
            "(étape « Activité et effectifs »)."
        )
    if "preferences" not in a.steps_done:
        problems.append("Étape « Convocations et cabinet comptable » non enregistrée.")
    elif a.has_accounting_firm and not (a.firm_name.strip() and a.firm_email):
        problems.append("Nom et e-mail du cabinet comptable manquants.")
    return problems
