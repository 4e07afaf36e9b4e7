"""Career visits: mid-career at 45 (L4624-2-2), end of career or exposure (L4624-2-1)."""

from collections.abc import Sequence
from datetime import date

from suivi_sante.rules import law
from suivi_sante.rules.dates import add_months, french
from suivi_sante.rules.delegation import performers_for
from suivi_sante.rules.facts import Due, EmploymentFacts, PastVisit, WorkerFacts
from suivi_sante.rules.followup import bounded
from suivi_sante.rules.kinds import Category, SirRisk, VisitKind


def career_visits(
    *,
    worker: WorkerFacts,
    employment: EmploymentFacts,
    history: Sequence[PastVisit],
    category: Category | None = None,
) -> list[Due]:
    """Mid-career and end-of-career visits owed in this post."""
    visits = (
        mid_career_visit(worker, employment, history),
        end_of_career_visit(employment, history, category),
    )
    return [visit for visit in visits if visit is not None]


def mid_career_visit(
    worker: WorkerFacts, employment: EmploymentFacts, history: Sequence[PastVisit]
) -> Due | None:
    """Visite de mi-carrière during the calendar year of the 45th birthday (L4624-2-2).

    Without a branch agreement (none is known to the rules) the deadline is 31 December of that
    year. A MI_CARRIERE held from 1 January two years before counts, since the visit may be
    combined with another one held in the 2 years before. Not owed when that year ended before
    31 March 2022, when the visit came into force (loi 2021-1018 of 2 August 2021): a worker
    who turned 45 in 2021 owes none, one who turns 45 in 2022 owes it by 31/12/2022. Not owed
    when that year is before the year the post began, nor when the post ended before it;
    brought forward to the last day of employment when the post ends during that year.
    """
    year = worker.birth_date.year + law.MID_CAREER_AGE
    if date(year, 12, 31) < law.MID_CAREER_IN_FORCE_ON:
        return None  # loi 2021-1018: the visit exists from 31 March 2022 only
    if year < employment.start_date.year:
        return None
    if employment.end_date is not None and employment.end_date.year < year:
        return None
    counts_from = date(year - law.MID_CAREER_COMBINED_YEARS, 1, 1)
    if any(v.kind is VisitKind.MI_CARRIERE and v.date >= counts_from for v in history):
        return None
    due_date, clamp = bounded(date(year, 12, 31), employment)
    birthday = add_months(worker.birth_date, 12 * law.MID_CAREER_AGE)
    reason = (
        f"Visite de mi-carrière avant le {french(due_date)} : 45 ans le {french(birthday)}, "
        "dans l'année civile du 45e anniversaire à défaut d'accord de branche "
        f"(art. L4624-2-2){clamp}"
    )
    return Due(
        VisitKind.MI_CARRIERE, due_date, performers_for(VisitKind.MI_CARRIERE), "L4624-2-2", reason
    )


def sir_grounds(employment: EmploymentFacts, category: Category | None = None) -> list[str]:
    """Why the worker was under reinforced follow-up in this post (R4624-23 I and II), in short.

    The risks of R4624-23 I; the posts of R4624-23 II conditioned by a specific aptitude check
    (young workers on forbidden works, loads over 55 kg); CACES and electrical-clearance posts
    held before 1 October 2025, when they were SIR posts (décret 2025-355); and the SIR set by
    the physician (``category``).
    """
    grounds = [law.SIR_RISK_SHORT_LABELS[risk] for risk in SirRisk if risk in employment.sir_risks]
    grounds += [
        f"{label} (art. {article})"
        for job, (label, article) in law.SIR_APTITUDE_POSTS.items()
        if job in employment.aptitude_jobs
    ]
    if employment.start_date < law.APTITUDE_REFORM_ON:
        grounds += [
            f"{label} jusqu'au 30/09/2025"
            for job, (label, _) in law.APTITUDE_POSTS.items()
            if job in employment.aptitude_jobs
        ]
    if not grounds and category is Category.SIR:
        grounds.append("SIR fixé par le médecin du travail")
    return grounds


# The exams only a reinforced follow-up gives: a trace of SIR earlier in the career.
SIR_EXAMS = frozenset({VisitKind.EMAE, VisitKind.SIR_PERIODIQUE})


def end_of_career_visit(
    employment: EmploymentFacts, history: Sequence[PastVisit], category: Category | None = None
) -> Due | None:
    """Post-exposure / end-of-career visit (L4624-2-1, R4624-28-1): due on the last day of the
    post, by the physician, for every worker who is or was under reinforced follow-up.

    When a post held under SIR ends (a risk of R4624-23 I, a post of R4624-23 II, or the SIR set
    by the physician). The rules know no exposure dates, so the exposure is taken to start with
    the post: a FIN_CARRIERE held since then counts.

    When the post ends with the worker's departure for retirement ("le cas échéant, avant leur
    départ à la retraite") and the worker was under SIR earlier in the career, seen from the
    history: an EMAE or a SIR renewal, the exams only the SIR gives. A FIN_CARRIERE held on or
    after the day of the last such exam counts (the post-exposure visit already done).
    """
    if employment.end_date is None:
        return None
    grounds = sir_grounds(employment, category)
    since = employment.start_date
    if grounds:
        who = f"salarié en SIR ({', '.join(grounds)})"
    elif employment.retirement:
        exams = [v.date for v in history if v.kind in SIR_EXAMS and v.date <= employment.end_date]
        if not exams:
            return None
        since = max(exams)
        who = (
            f"salarié suivi en SIR plus tôt dans sa carrière (examen d'aptitude du {french(since)})"
        )
    else:
        return None
    if any(v.kind is VisitKind.FIN_CARRIERE and v.date >= since for v in history):
        return None
    if employment.retirement:
        when = f"avant le départ à la retraite, au plus tard le {french(employment.end_date)}"
        articles = "art. L4624-2-1, R4624-28-1" + (", R4624-23" if grounds else "")
    else:
        when = f"dès la fin de l'exposition, le {french(employment.end_date)}"
        articles = "art. L4624-2-1, R4624-28-1, R4624-23"
    reason = (
        f"Visite de fin de carrière ou post-exposition {when} : {who}, état des lieux "
        f"des expositions par le médecin du travail ({articles})"
    )
    return Due(
        VisitKind.FIN_CARRIERE,
        employment.end_date,
        performers_for(VisitKind.FIN_CARRIERE),
        "L4624-2-1",
        reason,
    )
