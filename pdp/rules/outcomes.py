"""The outcomes of a PDP case, as data with their source.

Not a legal list: a steering choice (domain note, section 1; IGAS, Dec 2025, notes that no shared
outcome indicator exists). Each row: code, French label, source, and whether the worker is still
in employment (for the indicators).
"""

from __future__ import annotations

OUTCOMES: tuple[tuple[str, str, str, bool], ...] = (
    ("kept_in_post", "Maintien au poste", "Note PDP §1 (choix de pilotage)", True),
    (
        "kept_with_adjustment",
        "Maintien avec aménagement",
        "L4624-3 (mesures individuelles du médecin du travail)",
        True,
    ),
    ("internal_redeployment", "Reclassement interne", "L1226-2, L1226-10", True),
    (
        "retraining",
        "Reconversion / projet de transition professionnelle",
        "L6323-17-2, D6323-9",
        False,
    ),
    ("unfit_dismissal", "Inaptitude puis licenciement", "L4624-4, L1226-2, L1226-10", False),
    (
        "other_departure",
        "Autre départ (démission, rupture conventionnelle, retraite, invalidité)",
        "Note PDP §1 (choix de pilotage)",
        False,
    ),
    ("lost", "Perdu de vue", "Note PDP §1 (choix de pilotage)", False),
    ("refused", "Accompagnement refusé par le salarié", "Note PDP §1 (choix de pilotage)", False),
)
OUTCOME_CHOICES = tuple((code, label) for code, label, _, _ in OUTCOMES)
OUTCOME_CODES = frozenset(code for code, *_ in OUTCOMES)
IN_EMPLOYMENT = frozenset(code for code, _, _, employed in OUTCOMES if employed)


def source_of(code: str) -> str:
    """The source (article or steering choice) of an outcome."""
    return next(source for c, _, source, _ in OUTCOMES if c == code)
