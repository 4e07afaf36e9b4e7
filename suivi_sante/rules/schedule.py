"""The individual follow-up schedule of a worker in a post: category and visits due.

Pure function of dates and facts; the facts' dataclasses live in ``facts`` and are re-exported
here, the place other code imports them from.
"""

from collections.abc import Iterable
from datetime import date

from suivi_sante.rules.absences import absence_visits
from suivi_sante.rules.career import career_visits
from suivi_sante.rules.category import derive_category
from suivi_sante.rules.facts import (
    Absence,
    Due,
    EmploymentFacts,
    PastVisit,
    Schedule,
    WorkerFacts,
    refusals,
)
from suivi_sante.rules.followup import followup_visits, seasonal_notice
from suivi_sante.rules.kinds import Category

__all__ = [
    "Absence",
    "Due",
    "EmploymentFacts",
    "PastVisit",
    "Schedule",
    "WorkerFacts",
    "compute_schedule",
]


def compute_schedule(
    *,
    today: date,
    worker: WorkerFacts,
    employment: EmploymentFacts,
    history: Iterable[PastVisit],
    absences: Iterable[Absence],
    category_override: Category | None = None,
) -> Schedule:
    """Category on ``today`` and every visit due, sorted by due date then kind.

    Overdue visits stay listed with their past due date. A visit owed because of the post
    (initial visit, reprise, mid-career) whose deadline falls after the post ends is brought
    forward to its last day; a periodic renewal falling after the end is not listed.
    Incoherent facts (an end before its start, a nurse-held EMAE…) raise ``ValueError`` with
    a French message.

    ``category_override`` is the physician's decision on the category (confirmed or changed,
    with a written reason): it then drives the follow-up, and the reasons say what the
    declarations alone would give.
    """
    history = tuple(history)
    absences = tuple(absences)
    problems = refusals(today, worker, employment, history, absences)
    if problems:
        raise ValueError(" ; ".join(problems))
    category, reasons = derive_category(worker, employment, today)
    if category_override is not None and category_override != category:
        category_override = Category(category_override)
        reasons = (
            f"{category_override} : catégorie fixée par le médecin du travail ; "
            f"les déclarations seules donneraient {category}.",
            *reasons,
        )
        category = category_override
    due = [
        *followup_visits(worker=worker, employment=employment, history=history, category=category),
        *absence_visits(today=today, employment=employment, history=history, absences=absences),
        *career_visits(worker=worker, employment=employment, history=history, category=category),
    ]
    due.sort(key=lambda item: (item.due_date, item.kind, item.reason))
    notice = seasonal_notice(employment, category)
    notices = () if notice is None else (notice,)
    return Schedule(
        category=category, category_reasons=(*reasons, *notices), due=tuple(due), notices=notices
    )
