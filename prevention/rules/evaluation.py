"""Risk evaluation on the service's grid: criticity = severity x probability, in bands."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Criticity:
    score: int
    band: str


class EvaluationError(ValueError):
    """An evaluation outside the grid; the message is French."""


def criticity(
    severity: int,
    probability: int,
    *,
    severity_levels: int,
    probability_levels: int,
    bands: Sequence[Sequence],
) -> Criticity:
    """The score and its band; levels outside the grid are refused (never clipped)."""
    if not 1 <= severity <= severity_levels:
        raise EvaluationError(f"La gravité doit être comprise entre 1 et {severity_levels}.")
    if not 1 <= probability <= probability_levels:
        raise EvaluationError(f"La probabilité doit être comprise entre 1 et {probability_levels}.")
    score = severity * probability
    for maximum, label in bands:
        if score <= maximum:
            return Criticity(score, label)
    raise EvaluationError("La grille d'évaluation ne couvre pas ce score : revoyez ses bandes.")


def check_bands(bands: Sequence[Sequence], *, highest_score: int) -> list[str]:
    """French problems of a band list: ascending, covering every score up to the highest."""
    problems = []
    maxima = [b[0] for b in bands]
    if maxima != sorted(set(maxima)):
        problems.append("Les bandes doivent être rangées par score maximal croissant.")
    if not maxima or maxima[-1] < highest_score:
        problems.append(f"La dernière bande doit couvrir le score maximal ({highest_score}).")
    return problems
