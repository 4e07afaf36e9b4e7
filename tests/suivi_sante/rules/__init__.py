"""Tests of the pure follow-up rules; ``schedule_for`` builds a schedule from ISO dates."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from suivi_sante.rules.kinds import Performer, VisitKind
from suivi_sante.rules.schedule import (
    Absence,
    Due,
    EmploymentFacts,
    PastVisit,
    Schedule,
    WorkerFacts,
    compute_schedule,
)


def d(text: str) -> date:
    """A date from its ISO text, to keep the tables readable."""
    return date.fromisoformat(text)


def visit(kind: str, on: str, performer: str = "physician") -> PastVisit:
    return PastVisit(kind=VisitKind(kind), date=d(on), performer=Performer(performer))


def absence(start: str, end: str | None, cause: str) -> Absence:
    return Absence(start=d(start), end=None if end is None else d(end), cause=cause)


def schedule_for(
    *,
    today: str = "2026-06-01",
    birth: str = "1990-05-12",
    start: str = "2026-01-05",
    end: str | None = None,
    history: Iterable[PastVisit] = (),
    absences: Iterable[Absence] = (),
    **employment: Any,
) -> Schedule:
    """The schedule of a worker born on ``birth`` hired on ``start``; other facts by keyword."""
    return compute_schedule(
        today=d(today),
        worker=WorkerFacts(birth_date=d(birth)),
        employment=EmploymentFacts(
            start_date=d(start), end_date=None if end is None else d(end), **employment
        ),
        history=history,
        absences=absences,
    )


def due_of(schedule: Schedule, kind: str) -> list[Due]:
    """The visits of one kind in a schedule."""
    return [item for item in schedule.due if item.kind == kind]


def only(schedule: Schedule, kind: str) -> Due:
    """The single visit of one kind in a schedule (fails if there are none or several)."""
    (item,) = due_of(schedule, kind)
    return item
