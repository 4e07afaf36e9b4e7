"""Pure rules of the member trajectory (seed 002): due dates, lateness, the contact indicator.

No Django import. The trajectory is the service's own commitment (projet de service, seed 002),
not a legal obligation: its delays are set by each service in the back-office. Only the
prevention visit's default delay echoes a legal deadline (R4624-47: the FE within the year).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# A new member's step may be due up to three years after validation (satisfaction at one year
# by default); a yearly step must fall inside its own calendar year (1 Jan + 364 days at most).
MAX_NEW_TARGET_DAYS = 3 * 365
MAX_YEARLY_TARGET_DAYS = 364


def new_member_due_on(validated_on: datetime.date, target_days: int) -> datetime.date:
    """A new member's step: `target_days` after the membership was validated."""
    return validated_on + datetime.timedelta(days=target_days)


def yearly_due_on(year: int, target_days: int) -> datetime.date:
    """A step of the established members' cycle: `target_days` after 1 January of its year."""
    return datetime.date(year, 1, 1) + datetime.timedelta(days=target_days)


def target_days_error(track: str, target_days: int) -> str | None:
    """Why a delay is refused for this track (French message), or None when it fits."""
    if target_days < 0:
        return "Le délai cible ne peut pas être négatif."
    if track == "yearly" and target_days > MAX_YEARLY_TARGET_DAYS:
        return (
            "Une étape du cycle annuel doit être due dans l'année : "
            f"{MAX_YEARLY_TARGET_DAYS} jours au plus après le 1er janvier."
        )
    if track == "new" and target_days > MAX_NEW_TARGET_DAYS:
        return (
            f"Le délai d'une étape du nouvel adhérent est de {MAX_NEW_TARGET_DAYS} jours au plus."
        )
    return None


def lateness_days(
    due_on: datetime.date, *, today: datetime.date, done_on: datetime.date | None = None
) -> int:
    """Days late: an open step, until today; a closed one, on the day it was done. 0 if on time."""
    end = done_on or today
    return max(0, (end - due_on).days)


def is_overdue(*, status: str, due_on: datetime.date, today: datetime.date) -> bool:
    """An open step whose due date has passed (due today is still on time)."""
    return status == "todo" and due_on < today


def done_on_error(
    done_on: datetime.date,
    *,
    today: datetime.date,
    joined_on: datetime.date,
    cycle_year: int | None = None,
) -> str | None:
    """Why a completion date is refused (French message), or None when it is plausible."""
    if done_on > today:
        return "La date de réalisation ne peut pas être dans le futur."
    start = datetime.date(cycle_year, 1, 1) if cycle_year else joined_on
    if done_on < start:
        if cycle_year:
            return f"Cette étape du cycle {cycle_year} ne peut pas être faite avant le 1er janvier."
        return "La date de réalisation précède l'adhésion de l'entreprise."
    return None


def scope_team_ids(
    own_team_ids: frozenset[int] | set[int],
    centre_team_ids: frozenset[int] | set[int],
    *,
    whole_centre: bool,
) -> frozenset[int]:
    """The teams whose overdue steps a staff member follows: its own teams in the centre; one
    attached to no team follows the whole centre when its role serves every team (the member
    service), and none otherwise."""
    own = frozenset(own_team_ids) & frozenset(centre_team_ids)
    if own:
        return own
    return frozenset(centre_team_ids) if whole_centre else frozenset()


# --------------------------------------------------------------------------- the indicator


def contacted_in_time(due_on: datetime.date, done_on: datetime.date | None) -> bool:
    """The welcome call was made on or before its due date."""
    return done_on is not None and done_on <= due_on


def counts_in_contact_indicator(
    *, status: str, due_on: datetime.date, today: datetime.date
) -> bool:
    """Whether a member's welcome call enters the denominator of the contact indicator.

    Counted: a call made (in time or late), or still open after its due date (missed). Left out:
    an open call not yet due (its outcome is unknown) and a call marked "sans objet" (not
    applicable, e.g. a member who left at once). TO VERIFY with the quality team: whether a
    "sans objet" should rather count as not contacted.
    """
    if status == "done":
        return True
    return status == "todo" and due_on < today


@dataclass(frozen=True)
class Share:
    """A ratio shown with its numerator and denominator."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        """The share in percent, one decimal, rounded half up; None when nothing to count."""
        return percent(self.numerator, self.denominator)


def percent(numerator: int, denominator: int) -> Decimal | None:
    """`numerator / denominator` in percent with one decimal (half up); None over zero."""
    if denominator <= 0:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def average_days(total_days: int, count: int) -> Decimal | None:
    """The mean lateness in days, one decimal (half up); None when there is no late step."""
    if count <= 0:
        return None
    return (Decimal(total_days) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
