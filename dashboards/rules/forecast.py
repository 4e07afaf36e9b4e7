"""Forecast of medical time over the coming months (issue 16, item 7): pure arithmetic.

Who may hold what (art. R4623-14 C. trav. as rewritten by décret 2022-679, L4622-8): under a
written protocol signed by the physician for the team, a nurse (IDEST) may hold every visit but
the EMAE, the renewal of the SIR aptitude exam and the end-of-career / post-exposure visit; those,
and every visit of a post the physician keeps (CACES, electrical clearances, décret 2025-355),
are the physician's. When the visits fall due is the schedule engine's (R4624-10 to R4624-28).
The FE is established within the year following membership (R4624-47) and kept up to date
(R4624-46); its renewal cadence is a network target, not a legal deadline.

The rule, month by month:

- a due visit is *nurse-eligible* when its post allows a nurse and its kind is delegated by a
  protocol of the team in force that month (the caller says which kinds); the others are
  *physician-only*;
- the scenario's delegation share d (0 to 100 %) of nurse-eligible visits goes to the nurses, the
  rest to the physicians; physician-only visits all go to the physicians;
- a visit lasts ``minutes[kind][profession]`` (a nurse duration not set: the physician's); the
  teleconsultation share t is held by video and lasts ``factor`` times as long, so one visit
  costs ``minutes × (1 − t + t × factor)``;
- each FE due costs ``fe_hours[profession]``; an FE is due ``cadence`` years after the last one
  sent, or at its first deadline when none was sent;
- visits and FE whose date has passed are due now: they count in the first month;
- gap = hours offered (the slots opened in the agenda) − hours needed; negative: hours missing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dashboards.rules.periods import add_months

PHYSICIAN = "physician"
NURSE = "nurse"
PROFESSIONS = (PHYSICIAN, NURSE)
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Scenario:
    """What the reader tries: shares in percent, the FE cadence in years; the durations'
    factor for teleconsultation and the hours per FE come from the settings."""

    delegation_percent: int
    teleconsultation_percent: int
    fe_cadence_years: int
    teleconsultation_factor: Decimal = Decimal("0.8")
    fe_hours: Mapping[str, Decimal] = field(default_factory=dict)

    def __post_init__(self):
        for name in ("delegation_percent", "teleconsultation_percent"):
            if not 0 <= getattr(self, name) <= 100:
                raise ValueError(f"{name} must lie between 0 and 100")
        if self.fe_cadence_years < 1:
            raise ValueError("fe_cadence_years must be at least 1")

    @property
    def duration_factor(self) -> Decimal:
        """Mean duration of a visit relative to in person: 1 − t + t × factor."""
        share = Decimal(self.teleconsultation_percent) / 100
        return 1 - share + share * Decimal(self.teleconsultation_factor)


@dataclass(frozen=True)
class DueCount:
    """Visits of one kind due in one month (its first day; before the horizon: overdue)."""

    month: date
    kind: str
    nurse_allowed: bool  # the post allows a nurse (the due visit's performers)
    count: int


@dataclass(frozen=True)
class FicheCount:
    """Establishments whose last FE was sent in `last_sent_month`; or, never sent (None), whose
    first FE is due in `first_due_month` (None when one was sent: the renewal runs from it)."""

    last_sent_month: date | None
    first_due_month: date | None
    count: int


@dataclass(frozen=True)
class KindLine:
    kind: str
    visits: int
    physician_only: int
    nurse_eligible: int
    to_physician: Decimal
    to_nurse: Decimal


@dataclass(frozen=True)
class MonthLine:
    """One month of the forecast (month None: the totals)."""

    month: date | None
    kinds: tuple[KindLine, ...]
    visits: int
    overdue: int
    physician_only: int
    nurse_eligible: int
    fiches: int
    needed: Mapping[str, Decimal]
    offered: Mapping[str, Decimal]

    @property
    def gap(self) -> dict[str, Decimal]:
        """Offered − needed per profession; negative: hours missing."""
        return {p: self.offered[p] - self.needed[p] for p in PROFESSIONS}

    @property
    def to_nurse(self) -> Decimal:
        return sum((line.to_nurse for line in self.kinds), Decimal(0))


@dataclass(frozen=True)
class Forecast:
    months: tuple[MonthLine, ...]
    total: MonthLine


def due_month(month: date, first_month: date) -> date:
    """The month a due item counts in: its own, or the first one when already passed."""
    return max(month.replace(day=1), first_month)


def fiche_due_month(row: FicheCount, cadence_years: int) -> date:
    """The month the next FE falls due: `cadence_years` after the last sent, else the first
    deadline (R4624-47)."""
    if row.last_sent_month is None:
        return row.first_due_month.replace(day=1)
    return add_months(row.last_sent_month.replace(day=1), 12 * cadence_years)


def visit_minutes(minutes: Mapping[str, Mapping[str, int]], kind: str, profession: str) -> int:
    """Minutes of one visit of this kind by this profession; a nurse's not set: the physician's."""
    durations = minutes[kind]
    return durations.get(profession, durations[PHYSICIAN])


def split_kind(
    kind: str, *, allowed: int, not_allowed: int, delegated: bool, delegation_percent: int
) -> KindLine:
    """Split one month's visits of a kind: nurse-eligible when the post allows a nurse and the
    kind is delegated by a protocol in force (R4623-14); the delegation share of those to
    nurses."""
    eligible = allowed if delegated else 0
    physician_only = allowed + not_allowed - eligible
    to_nurse = Decimal(eligible) * delegation_percent / 100
    return KindLine(
        kind=kind,
        visits=allowed + not_allowed,
        physician_only=physician_only,
        nurse_eligible=eligible,
        to_physician=physician_only + eligible - to_nurse,
        to_nurse=to_nurse,
    )


def _hours(value: Decimal) -> Decimal:
    return value.quantize(_TENTH, rounding=ROUND_HALF_UP)


def _from_minutes(minutes: Decimal) -> Decimal:
    """Hours to the tenth, half up (207 minutes → 3.5 h)."""
    return _hours(minutes / 60)


def forecast(
    *,
    months: list[date],
    due: Iterable[DueCount],
    nurse_kinds: Mapping[date, frozenset[str]],
    fiches: Iterable[FicheCount],
    offered: Mapping[tuple[date, str], Decimal],
    minutes: Mapping[str, Mapping[str, int]],
    scenario: Scenario,
) -> Forecast:
    """The forecast of one team (or of several added together) month by month, with totals.

    `months`: first days of the horizon's months, in order; `nurse_kinds`: per month, the kinds a
    protocol of the team delegates then; `offered`: hours of slots per (month, profession).
    Hours are rounded to the tenth for each month; the totals add the unrounded hours.
    """
    first, last = months[0], months[-1]
    # (month, kind) -> [post allows a nurse, post does not]
    counts: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0])
    overdue: dict[date, int] = defaultdict(int)
    for row in due:
        month = due_month(row.month, first)
        if month > last:
            continue
        counts[(month, row.kind)][0 if row.nurse_allowed else 1] += row.count
        if row.month < first:
            overdue[month] += row.count
    fiche_counts: dict[date, int] = defaultdict(int)
    for row in fiches:
        month = due_month(fiche_due_month(row, scenario.fe_cadence_years), first)
        if month <= last:
            fiche_counts[month] += row.count

    factor = scenario.duration_factor
    lines = []
    raw_needed = {p: Decimal(0) for p in PROFESSIONS}  # in minutes, exact
    for month in months:
        kinds = []
        needed = {p: Decimal(0) for p in PROFESSIONS}  # in minutes, exact
        delegated = nurse_kinds.get(month, frozenset())
        for (when, kind), (allowed, not_allowed) in sorted(counts.items()):
            if when != month:
                continue
            line = split_kind(
                kind,
                allowed=allowed,
                not_allowed=not_allowed,
                delegated=kind in delegated,
                delegation_percent=scenario.delegation_percent,
            )
            kinds.append(line)
            for profession, share in ((PHYSICIAN, line.to_physician), (NURSE, line.to_nurse)):
                needed[profession] += share * visit_minutes(minutes, kind, profession) * factor
        for profession in PROFESSIONS:
            hours = Decimal(str(scenario.fe_hours.get(profession, 0)))
            needed[profession] += fiche_counts[month] * hours * 60
            raw_needed[profession] += needed[profession]
        lines.append(
            MonthLine(
                month=month,
                kinds=tuple(kinds),
                visits=sum(line.visits for line in kinds),
                overdue=overdue[month],
                physician_only=sum(line.physician_only for line in kinds),
                nurse_eligible=sum(line.nurse_eligible for line in kinds),
                fiches=fiche_counts[month],
                needed={p: _from_minutes(needed[p]) for p in PROFESSIONS},
                offered={p: _hours(Decimal(offered.get((month, p), 0))) for p in PROFESSIONS},
            )
        )
    total = MonthLine(
        month=None,
        kinds=_kind_totals(lines),
        visits=sum(line.visits for line in lines),
        overdue=sum(line.overdue for line in lines),
        physician_only=sum(line.physician_only for line in lines),
        nurse_eligible=sum(line.nurse_eligible for line in lines),
        fiches=sum(line.fiches for line in lines),
        needed={p: _from_minutes(raw_needed[p]) for p in PROFESSIONS},
        offered={
            p: _hours(sum((Decimal(offered.get((m, p), 0)) for m in months), Decimal(0)))
            for p in PROFESSIONS
        },
    )
    return Forecast(months=tuple(lines), total=total)


def _kind_totals(lines: list[MonthLine]) -> tuple[KindLine, ...]:
    sums: dict[str, list] = {}
    for line in lines:
        for k in line.kinds:
            acc = sums.setdefault(k.kind, [0, 0, 0, Decimal(0), Decimal(0)])
            acc[0] += k.visits
            acc[1] += k.physician_only
            acc[2] += k.nurse_eligible
            acc[3] += k.to_physician
            acc[4] += k.to_nurse
    return tuple(KindLine(kind, *values) for kind, values in sorted(sums.items()))
