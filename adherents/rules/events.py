"""Rules of employer meetings, satisfaction surveys and complaints (seed 002), no Django import.

None of this is law: employer meetings (seed 002, objective 1, action 4) and the measure of
satisfaction after events and each year (seed 002, objective 5, action 1) are the service's own
commitments. Complaints are kept with their handling and corrective action because the SPSTI
certification (art. L4622-9-3 of the Code du travail) asks for a procedure handling the
complaints of members and third parties (art. D4622-47-4, 5°; cahier des charges of the arrêté
of 27 July 2023 and AFNOR SPEC 2217) — TO VERIFY: which fields the certifier expects, once the
certification app lands.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

RATING_MIN, RATING_MAX = 1, 5
TEXT_ANSWER_MAX = 4000
YES, NO = "oui", "non"

FULL = "Cette session est complète."
ALREADY_REGISTERED = "Cette personne est déjà inscrite à cette session."
ALREADY_ANSWERED = "Vous avez déjà répondu, merci."
REQUIRED_ANSWER = "Répondez à cette question, elle est obligatoire."
RATING_RANGE = f"Choisissez une note de {RATING_MIN} à {RATING_MAX}."
YES_NO_CHOICE = "Répondez par oui ou par non."
# A NUL byte cannot be stored in a PostgreSQL text column (a paste from a binary file).
NUL_IN_ANSWER = "Votre réponse contient un caractère non autorisé : retirez-le."
CLOSE_NEEDS_HANDLING = "Décrivez le traitement de la réclamation avant de la clore."


def remaining_places(capacity: int, taken: int) -> int:
    """Places still free in a session (never negative, even after a capacity was lowered)."""
    return max(0, capacity - taken)


def registration_refusal(
    *,
    capacity: int,
    taken: int,
    already_registered: bool,
    cancelled: bool,
    starts_at: datetime.datetime,
    now: datetime.datetime,
) -> str | None:
    """Why a person may not register to a session, or None when they may."""
    if cancelled:
        return "Cette session est annulée."
    if starts_at <= now:
        return "Cette session a déjà commencé : les inscriptions sont closes."
    if already_registered:
        return ALREADY_REGISTERED
    if taken >= capacity:
        return FULL
    return None


def yearly_label(year: int) -> str:
    """The context label of the yearly survey invitations: one invitation per person per year."""
    return f"Enquête annuelle {year}"


def response_rate(sent: int, answered: int) -> float | None:
    """Share of invitations answered, in percent with one decimal; None when none was sent."""
    if not sent:
        return None
    return round(100 * answered / sent, 1)


def share(part: int, total: int) -> float | None:
    """`part` out of `total` in percent with one decimal; None when there is nothing to count."""
    if not total:
        return None
    return round(100 * part / total, 1)


@dataclass(frozen=True)
class QuestionSpec:
    """What the rules need of a question: its id, kind ("rating", "yes_no", "text"), required."""

    id: int
    kind: str
    required: bool


@dataclass(frozen=True)
class CleanAnswer:
    question_id: int
    rating: int | None = None
    yes: bool | None = None
    text: str = ""


def clean_answers(
    questions: list[QuestionSpec], raw: dict[int, str]
) -> tuple[list[CleanAnswer], dict[int, str]]:
    """Check the raw answers (question id -> typed text) against the questions.

    Returns the answers to keep (blank optional questions are left out) and the French error of
    each refused question; a caller writes nothing when there is one error.
    """
    answers: list[CleanAnswer] = []
    errors: dict[int, str] = {}
    for question in questions:
        value = (raw.get(question.id) or "").strip()
        if not value:
            if question.required:
                errors[question.id] = REQUIRED_ANSWER
            continue
        if question.kind == "rating":
            if (
                not (value.isascii() and value.isdigit())
                or not RATING_MIN <= int(value) <= RATING_MAX
            ):
                errors[question.id] = RATING_RANGE
                continue
            answers.append(CleanAnswer(question.id, rating=int(value)))
        elif question.kind == "yes_no":
            if value not in (YES, NO):
                errors[question.id] = YES_NO_CHOICE
                continue
            answers.append(CleanAnswer(question.id, yes=value == YES))
        else:
            if len(value) > TEXT_ANSWER_MAX:
                errors[question.id] = f"Votre réponse est limitée à {TEXT_ANSWER_MAX} caractères."
                continue
            if "\x00" in value:
                errors[question.id] = NUL_IN_ANSWER
                continue
            answers.append(CleanAnswer(question.id, text=value))
    return answers, errors


def close_refusal(handling: str) -> str | None:
    """A complaint is closed only once its handling is written (also a DB constraint)."""
    return None if handling.strip() else CLOSE_NEEDS_HANDLING
