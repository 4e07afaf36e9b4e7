"""Facts the schedule is computed from, and what it yields (re-exported by ``schedule``)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from suivi_sante.rules import law
from suivi_sante.rules.dates import days_inclusive, french
from suivi_sante.rules.delegation import nurse_may_hold
from suivi_sante.rules.kinds import (
    AbsenceCause,
    AptitudeJob,
    Category,
    Contract,
    Performer,
    SirRisk,
    VisitKind,
)


@dataclass(frozen=True)
class WorkerFacts:
    """What the rules need to know of the worker."""

    birth_date: date


@dataclass(frozen=True)
class EmploymentFacts:
    """The post held: dates, contract and the exposures that set the follow-up category.

    ``physician_periodicity_months`` is the periodicity the occupational physician set, if any;
    it can only shorten the legal maximum. ``effective_work_days`` is the number of days of
    effective work the contract plans (seasonal workers, D4625-22), None when not declared.
    ``biological_agents_2`` and ``electromagnetic_fields`` are the exposures of R4624-18 that
    put the post in adapted follow-up: biological agents of group 2 (groups 3 and 4 are the
    ``sir_risks`` value ``agents_biologiques_3_4``), electromagnetic fields above the exposure
    limit values.
    ``retirement`` says the post ends with the worker's departure for retirement (L4624-2-1).
    """

    start_date: date
    end_date: date | None = None
    contract: Contract = Contract.CDI
    night_work: bool = False
    disabled: bool = False
    invalidity_pension: bool = False
    pregnant: bool = False
    biological_agents_2: bool = False
    electromagnetic_fields: bool = False
    sir_risks: frozenset[SirRisk] = field(default_factory=frozenset)
    aptitude_jobs: frozenset[AptitudeJob] = field(default_factory=frozenset)
    physician_periodicity_months: int | None = None
    effective_work_days: int | None = None
    retirement: bool = False

    def __post_init__(self) -> None:
        # Accept plain strings and sets from callers; the rules compare enum members.
        object.__setattr__(self, "contract", Contract(self.contract))
        object.__setattr__(self, "sir_risks", frozenset(SirRisk(r) for r in self.sir_risks))
        jobs = frozenset(AptitudeJob(j) for j in self.aptitude_jobs)
        object.__setattr__(self, "aptitude_jobs", jobs)

    def is_employed_on(self, day: date) -> bool:
        """Whether the post is still held on ``day`` (the end date is the last day worked)."""
        return self.end_date is None or day <= self.end_date

    @property
    def adapted_exposures(self) -> list[str]:
        """The declared exposures of R4624-18 (adapted follow-up, VIP before assignment), in
        words: the category's reasons and the initial VIP's grounds both name them."""
        declared = (
            (self.biological_agents_2, law.BIOLOGICAL_AGENTS_2_LABEL),
            (self.electromagnetic_fields, law.ELECTROMAGNETIC_FIELDS_LABEL),
        )
        return [label for exposed, label in declared if exposed]


@dataclass(frozen=True)
class PastVisit:
    """A visit or exam already held."""

    kind: VisitKind
    date: date
    performer: Performer

    def __post_init__(self) -> None:
        # Plain strings are converted; members pass as they are (the weekly pass builds
        # millions of these: an enum call each is measurable).
        if type(self.kind) is not VisitKind:
            object.__setattr__(self, "kind", VisitKind(self.kind))
        if type(self.performer) is not Performer:
            object.__setattr__(self, "performer", Performer(self.performer))


@dataclass(frozen=True)
class Absence:
    """A work stoppage; ``end`` is its last day (None while it lasts), the return is end + 1."""

    start: date
    end: date | None
    cause: AbsenceCause

    def __post_init__(self) -> None:
        if type(self.cause) is not AbsenceCause:
            object.__setattr__(self, "cause", AbsenceCause(self.cause))


@dataclass(frozen=True)
class Due:
    """A visit to hold at the latest on ``due_date``, with who may hold it and why."""

    kind: VisitKind
    due_date: date
    performers: tuple[Performer, ...]
    legal_reference: str
    reason: str


@dataclass(frozen=True)
class Schedule:
    """The follow-up category of a worker in a post, and the visits due."""

    category: Category
    category_reasons: tuple[str, ...]
    due: tuple[Due, ...]
    # What the service owes instead of, or besides, a visit (seasonal workers' collective
    # actions, D4625-22); also appended to ``category_reasons``.
    notices: tuple[str, ...] = ()


def refusals(
    today: date,
    worker: WorkerFacts,
    employment: EmploymentFacts,
    history: Sequence[PastVisit],
    absences: Sequence[Absence],
) -> list[str]:
    """Why these facts cannot be scheduled, in French (empty when they are coherent).

    Checked by ``compute_schedule`` rather than by the constructors, so that a caller building
    facts from stored rows gets one ``ValueError`` per worker, where it computes.
    """
    problems = []
    if worker.birth_date > today:
        problems.append(
            f"date de naissance ({french(worker.birth_date)}) postérieure à la date du jour "
            f"({french(today)})"
        )
    start, end = employment.start_date, employment.end_date
    if employment.retirement and end is None:
        problems.append("départ à la retraite sans date de fin d'emploi")
    if end is not None and end < start:
        problems.append(f"fin d'emploi ({french(end)}) antérieure au début ({french(start)})")
    months = employment.physician_periodicity_months
    if months is not None and (isinstance(months, bool) or months < 1):
        problems.append(
            f"périodicité fixée par le médecin ({months}) : entier strictement positif attendu"
        )
    days = employment.effective_work_days
    if days is not None:
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            problems.append(
                f"jours de travail effectif ({days}) : entier strictement positif attendu"
            )
        elif end is not None and end >= start and days > days_inclusive(start, end):
            problems.append(
                f"jours de travail effectif ({days}) supérieurs à la durée du contrat "
                f"({days_inclusive(start, end)} jours du {french(start)} au {french(end)})"
            )
    for visit in history:
        if visit.performer is Performer.NURSE and not nurse_may_hold(visit.kind):
            problems.append(
                f"{visit.kind.value} du {french(visit.date)} tenu par un infirmier : réservé au "
                "médecin du travail (art. R4623-14)"
            )
        if visit.date < worker.birth_date:
            problems.append(f"visite du {french(visit.date)} avant la date de naissance")
    for absence in absences:
        if absence.end is not None and absence.end < absence.start:
            problems.append(
                f"fin d'absence ({french(absence.end)}) antérieure au début "
                f"({french(absence.start)})"
            )
    return problems
