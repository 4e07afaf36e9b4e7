"""The kinds of PDP measures with their legal basis (domain note, section 1, table).

A basis the note marks TO VERIFY carries "à confirmer" in the label shown to staff.
"""

from __future__ import annotations

# code, French label, legal basis, is the basis to verify
MEASURE_KINDS: tuple[tuple[str, str, str, bool], ...] = (
    ("liaison_meeting", "Rendez-vous de liaison", "L1226-1-3, D1226-8-1", False),
    ("prereprise_visit", "Visite de préreprise", "L4624-2-4, R4624-29, R4624-30", False),
    # TO VERIFY: the article of the 14 / 28 working days limit (note: D323-6 ff.)
    ("supervised_trial", "Essai encadré", "L323-3-1 1° CSS, D323-6 et suivants", True),
    (
        "crpe",
        "Convention de rééducation professionnelle en entreprise (CRPE)",
        "L1226-1-4, L5213-3-1, R5213-15",
        False,
    ),
    # TO VERIFY: no prior full-time arrêt needed since 2020
    ("therapeutic_part_time", "Temps partiel thérapeutique", "L323-3 CSS", True),
    (
        "workstation_adjustment",
        "Aménagement ou adaptation du poste, du temps de travail",
        "L4624-3",
        False,
    ),
    ("redeployment", "Reclassement / avis d'inaptitude", "L4624-4, L1226-2, L1226-10", False),
    ("transition_project", "Projet de transition professionnelle", "L6323-17-2, D6323-9", False),
    # TO VERIFY: articles not given by the domain note
    ("skills_assessment", "Bilan de compétences, formation", "à confirmer", True),
    ("rqth", "RQTH, aides AGEFIPH, Cap emploi", "L5213-1, L5213-2, L5214-3-1", False),
)
KIND_CHOICES = tuple((code, label) for code, label, _, _ in MEASURE_KINDS)
KIND_CODES = frozenset(code for code, *_ in MEASURE_KINDS)


def legal_basis(kind: str) -> str:
    """The articles a measure kind rests on, marked "(à confirmer)" when the note says so."""
    for code, _, basis, to_verify in MEASURE_KINDS:
        if code == kind:
            return f"{basis} (à confirmer)" if to_verify and basis != "à confirmer" else basis
    raise KeyError(kind)


# The essai encadré needs the agreement of the médecin traitant, the médecin conseil and the
# occupational physician (domain note); max 14 working days, 28 with renewal (TO VERIFY).
SUPERVISED_TRIAL_MAX_DAYS = 14
SUPERVISED_TRIAL_MAX_TOTAL_DAYS = 28


def supervised_trial_days_error(days: int, already_used: int = 0) -> str:
    """An essai encadré lasts at most 14 working days, 28 in total with renewal (TO VERIFY)."""
    if days < 1:
        return "La durée doit être d'au moins un jour ouvré."
    if days > SUPERVISED_TRIAL_MAX_DAYS:
        return "Un essai encadré dure au plus 14 jours ouvrés (renouvelable)."
    if already_used + days > SUPERVISED_TRIAL_MAX_TOTAL_DAYS:
        return "Un essai encadré ne dépasse pas 28 jours ouvrés au total, renouvellement compris."
    return ""
