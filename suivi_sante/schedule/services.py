"""What is due: the schedule engine's results stored as DueVisit rows, and the weekly digest.

Facts come from the ORM in a constant number of queries per chunk; the law is in
``rules.schedule.compute_schedule`` (R4624-10 to R4624-31, R4625-11, D4625-22, L4624-2-1,
L4624-2-2).

Choice for several current posts: the schedule is computed per post and, for each kind of
visit, the post whose deadline comes first is kept (the reading that protects the worker).
The stored category is the highest one (SIR, then SIA, then SI) over the current posts.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import MD5, TruncDate
from django.template.loader import render_to_string
from django.utils import timezone

from spsti import outbox
from suivi_sante.enums import CategorySource, EndReason, Performer, VisitStatus
from suivi_sante.models import Absence, Employment, Referral, Visit, Worker
from suivi_sante.rules import kinds
from suivi_sante.rules import schedule as engine
from suivi_sante.rules.dates import french
from suivi_sante.schedule import selectors as selectors_due
from suivi_sante.schedule import services_store as store
from suivi_sante.schedule.services_store import AnyOf, Row

logger = logging.getLogger(__name__)

# The rules' enum members by stored value, looked up once per row instead of converted.
VISIT_KINDS = {kind.value: kind for kind in kinds.VisitKind}
PERFORMERS = {performer.value: performer for performer in kinds.Performer}
ABSENCE_CAUSES = {cause.value: cause for cause in kinds.AbsenceCause}

# Workers per transaction and Celery task (500 before: docs/mesures.md, bench/due.py).
CHUNK_SIZE = 1_000
CATEGORY_RANK = {"SI": 0, "SIA": 1, "SIR": 2}
REFERRAL_REFERENCE = "R4624-13"
DIGEST_WINDOW_DAYS = 60
# How long after a SIR post (or a post left for retirement) ends its end-of-career visit stays
# listed (L4624-2-1: "as soon as possible"; a service setting rather than a legal deadline).
ENDED_SIR_POST_DAYS = 365


class OpenReferral(NamedTuple):
    """A nurse's orientation not yet resolved, as the due row lists it (R4624-13)."""

    kind: str
    due_on: datetime.date
    reason: str


@dataclass
class WorkerInputs:
    """One worker's facts as read from the database, ready for the engine."""

    worker_id: int
    adherent_id: int
    team_id: int
    category: str
    category_source: str
    is_merged: bool
    worker: engine.WorkerFacts
    employments: list[engine.EmploymentFacts] = field(default_factory=list)
    history: list[engine.PastVisit] = field(default_factory=list)
    absences: list[engine.Absence] = field(default_factory=list)
    referrals: list[OpenReferral] = field(default_factory=list)
    # Posts held under SIR (a risk of R4624-23 I or a post of R4624-23 II), or left for
    # retirement, that ended lately: only their end-of-career visit is still owed (L4624-2-1).
    ended_sir_posts: list[engine.EmploymentFacts] = field(default_factory=list)
    # The worker's row as read: a chunk where no worker moved sends no update (services_store).
    stored: store.StoredWorker | None = field(default=None, compare=False)


def batched(items: Iterable, size: int) -> Iterator[tuple]:
    """``itertools.batched`` (Python 3.12) for 3.11: tuples of ``size`` items, the last shorter."""
    iterator = iter(items)
    while chunk := tuple(islice(iterator, size)):
        yield chunk


def _ids(workers_or_ids: Iterable[Worker | int]) -> list[int]:
    return sorted({w.pk if isinstance(w, Worker) else int(w) for w in workers_or_ids})


def load_facts(
    worker_ids: list[int], *, today: datetime.date, lock: bool = False
) -> list[WorkerInputs]:
    """Facts of these workers in five queries, whatever their number (current posts only).

    A current post started at any date (a declared future hire included) and not ended before
    ``today``. ``lock`` takes the workers' rows, so that two recomputations never interleave.
    """
    workers = Worker.objects.filter(AnyOf(F("pk"), worker_ids)).order_by("pk")
    if lock:
        workers = workers.select_for_update(of=("self",))
    rows = workers.annotate(
        team_id=F("adherent__team_id"),
        settled=Q(schedule_stale=False, schedule_computed_at__isnull=False),
        justification_md5=MD5("category_justification"),
    ).values_list(
        "pk",
        "adherent_id",
        "team_id",
        "birth_date",
        "category",
        "category_source",
        "merged_into_id",
        "is_disabled",
        "has_invalidity_pension",
        "is_pregnant",
        "physician_periodicity_months",
        "settled",
        "justification_md5",
    )
    inputs: dict[int, WorkerInputs] = {}
    situations: dict[int, dict] = {}
    for pk, adherent, team, birth, category, source, merged, *situation, settled, md5 in rows:
        disabled, pension, pregnant, months = situation
        worker = engine.WorkerFacts(birth_date=birth)
        stored = store.StoredWorker(settled, category, md5)
        inputs[pk] = WorkerInputs(
            pk, adherent, team, category, source, merged is not None, worker, stored=stored
        )
        situations[pk] = {
            "disabled": disabled,
            "invalidity_pension": pension,
            "pregnant": pregnant,
            "physician_periodicity_months": months,
        }
    ids = list(inputs)
    exposure_horizon = today - datetime.timedelta(days=ENDED_SIR_POST_DAYS)
    of_ids = AnyOf(F("worker_id"), ids)
    posts = Employment.objects.filter(of_ids).filter(
        Q(end_on__isnull=True)
        | Q(end_on__gte=today)
        | Q(end_on__gte=exposure_horizon, sir_risks__len__gt=0)
        | Q(end_on__gte=exposure_horizon, aptitude_jobs__len__gt=0)
        | Q(end_on__gte=exposure_horizon, end_reason=EndReason.RETIREMENT)
    )
    for worker_id, *post in posts.order_by("-start_on", "pk").values_list(
        "worker_id",
        "start_on",
        "end_on",
        "contract",
        "is_night_work",
        "is_exposed_biological_agents_2",
        "is_exposed_electromagnetic_fields",
        "sir_risks",
        "aptitude_jobs",
        "effective_work_days",
        "end_reason",
    ):
        start, end, contract, night, biological, fields, risks, jobs, work_days, end_reason = post
        current = end is None or end >= today
        (inputs[worker_id].employments if current else inputs[worker_id].ended_sir_posts).append(
            engine.EmploymentFacts(
                start_date=start,
                end_date=end,
                contract=contract,
                night_work=night,
                biological_agents_2=biological,
                electromagnetic_fields=fields,
                sir_risks=frozenset(risks or ()),
                aptitude_jobs=frozenset(jobs or ()),
                effective_work_days=work_days,
                retirement=end_reason == EndReason.RETIREMENT,
                **situations[worker_id],
            )
        )
    # The day of the visit in the service's time zone, computed by PostgreSQL (TruncDate: the
    # current time zone, as timezone.localdate): a date to parse instead of a timestamp to
    # convert in Python, a third of the facts' loading in `make bench`.
    held = Visit.objects.filter(of_ids, status=VisitStatus.HELD).annotate(day=TruncDate("held_at"))
    for worker_id, kind, day, performer in held.values_list(
        "worker_id", "kind", "day", "performer"
    ):
        inputs[worker_id].history.append(
            engine.PastVisit(kind=VISIT_KINDS[kind], date=day, performer=PERFORMERS[performer])
        )
    for worker_id, start, end, cause in Absence.objects.filter(of_ids).values_list(
        "worker_id", "start_on", "end_on", "cause"
    ):
        inputs[worker_id].absences.append(
            engine.Absence(start=start, end=end, cause=ABSENCE_CAUSES[cause])
        )
    open_referrals = Referral.objects.filter(of_ids, resolved_by__isnull=True)
    for worker_id, kind, due_on, held_at, scheduled_at in open_referrals.order_by(
        "due_on", "pk"
    ).values_list("worker_id", "kind", "due_on", "from_visit__held_at", "from_visit__scheduled_at"):
        reason = referral_reason(due_on, held_at or scheduled_at)
        inputs[worker_id].referrals.append(OpenReferral(kind, due_on, reason))
    return [inputs[pk] for pk in ids]


@dataclass(frozen=True)
class Outcome:
    """The engine's answer for one worker: category, its justification, visits due."""

    category: str | None
    reasons: tuple[str, ...]
    due: tuple[engine.Due, ...]


def compute(facts: WorkerInputs, *, today: datetime.date) -> Outcome:
    """Run the engine on every current post and merge (earliest deadline per kind).

    The physician's category, when set, drives the follow-up. Lately ended SIR posts and
    posts lately left for retirement add their end-of-career / post-exposure visit only
    (L4624-2-1, R4624-23 I and II).
    """
    override = facts.category if facts.category_source == CategorySource.PHYSICIAN else None

    def run(post: engine.EmploymentFacts) -> engine.Schedule:
        return engine.compute_schedule(
            today=today,
            worker=facts.worker,
            employment=post,
            history=facts.history,
            absences=facts.absences,
            category_override=override,
        )

    schedules = [run(post) for post in facts.employments]
    after_exposure = tuple(
        due for post in facts.ended_sir_posts for due in run(post).due if due.kind == "FIN_CARRIERE"
    )
    if not schedules:
        return Outcome(None, (), after_exposure)
    top = max(schedules, key=lambda s: CATEGORY_RANK[s.category])
    if len(schedules) == 1 and not after_exposure:
        return Outcome(str(top.category), top.category_reasons, top.due)
    # The notices of the other posts (seasonal collective actions, D4625-22) are kept too.
    notices = tuple(notice for s in schedules if s is not top for notice in s.notices)
    # Per kind, the items of the post with the earliest deadline (a kind may repeat in one post:
    # two missed reprise visits stay two items).
    by_kind: dict[str, tuple[engine.Due, ...]] = {}
    for due_items in [*(s.due for s in schedules), after_exposure]:
        for kind in {due.kind for due in due_items}:
            items = tuple(due for due in due_items if due.kind == kind)
            kept = by_kind.get(kind)
            if kept is None or items[0].due_date < kept[0].due_date:
                by_kind[kind] = items
    merged = sorted(
        (due for items in by_kind.values() for due in items),
        key=lambda due: (due.due_date, due.kind, due.reason),
    )
    return Outcome(str(top.category), (*top.category_reasons, *notices), tuple(merged))


def referral_reason(due_on: datetime.date, since: datetime.datetime) -> str:
    """Why an oriented worker must see the physician (R4624-13), ``since`` the visit that
    oriented them (held, else scheduled); never the medical grounds."""
    return (
        f"Visite auprès du médecin du travail à réaliser avant le {french(due_on)}, "
        f"à la suite de la visite du {french(timezone.localdate(since))} "
        f"(art. {REFERRAL_REFERENCE})"
    )


@cache
def _codes(performers: tuple[kinds.Performer, ...]) -> tuple[str, ...]:
    """The stored codes of the engine's performers (a handful of distinct tuples)."""
    return tuple(str(p) for p in performers)


def _rows(facts: WorkerInputs, outcome: Outcome) -> list[Row]:
    worker, team, adherent = facts.worker_id, facts.team_id, facts.adherent_id
    rows: list[Row] = [
        (worker, team, str(due.kind), due.due_date, _codes(due.performers))
        + (due.legal_reference, due.reason, adherent)
        for due in outcome.due
    ]
    physician = (str(Performer.PHYSICIAN),)
    rows += [
        (worker, team, referral.kind, referral.due_on, physician)
        + (REFERRAL_REFERENCE, referral.reason, adherent)
        for referral in facts.referrals
    ]
    return rows


def computed_rows(
    facts_list: Iterable[WorkerInputs], today: datetime.date
) -> tuple[list[Row], list[tuple[int, str | None, str | None]]]:
    """The engine's rows for these workers, and (id, category, justification) of those done.

    A worker whose facts the rules refuse is left out (stale, seen in the logs); a merged
    duplicate or a worker without a current post keeps its category (None).
    """
    rows: list[Row] = []
    done: list[tuple[int, str | None, str | None]] = []
    for facts in facts_list:
        if facts.is_merged:  # a merged duplicate owes nothing: its record carries on
            done.append((facts.worker_id, None, None))
            continue
        try:
            outcome = compute(facts, today=today)
        except ValueError:  # a fact the rules refuse: left stale, seen in the logs
            logger.exception("échéances non calculées pour le salarié %s", facts.worker_id)
            continue
        rows += _rows(facts, outcome)
        if outcome.category is None:  # no current post: the last category stays
            done.append((facts.worker_id, None, None))
            continue
        derived = facts.category_source == CategorySource.DERIVED
        category = outcome.category if derived else facts.category
        # The justification: the engine's reasons (the physician's decision first, if any).
        done.append((facts.worker_id, category, "\n".join(outcome.reasons)))
    return rows, done


@transaction.atomic
def _refresh_chunk(worker_ids: list[int], today: datetime.date) -> int:
    facts = load_facts(worker_ids, today=today, lock=True)
    rows, done = computed_rows(facts, today)
    stored = {inputs.worker_id: inputs.stored for inputs in facts}
    moved = [worker for worker in done if store.moves(stored[worker[0]], *worker[1:])]
    store.write([worker[0] for worker in done], moved, rows, timezone.now())
    return len(done)


def refresh_due_visits(
    workers_or_ids: Iterable[Worker | int],
    *,
    today: datetime.date | None = None,
    chunk_size: int | None = None,
) -> int:
    """Recompute and store what is due for these workers; returns how many were recomputed.

    Each chunk of ``chunk_size`` workers (``CHUNK_SIZE`` by default) is one transaction in a
    constant number of queries, writing only the rows that changed (services_store): a pass
    where nothing moved writes nothing.
    The physician's category (source "physician") is never overwritten; the engine's own
    category goes into the justification when it differs.
    """
    today = today or timezone.localdate()
    return sum(
        _refresh_chunk(list(chunk), today)
        for chunk in batched(_ids(workers_or_ids), chunk_size or CHUNK_SIZE)
    )


def mark_stale(worker_ids: Iterable[int]) -> int:
    """Flag these workers for the nightly recomputation; returns how many were flagged."""
    ids = _ids(worker_ids)
    return Worker.objects.filter(pk__in=ids, schedule_stale=False).update(schedule_stale=True)


def digest_key(adherent_id: int, week: str) -> str:
    return f"suivi_sante:due-digest:{adherent_id}:{week}"


def send_due_digest_batch(
    *, adherent_ids: list[int], week: str, today: datetime.date | None = None
) -> int:
    """E-mail each member's admins and HR what is overdue or due within 60 days; once a week.

    One outbox key per member and ISO week (spsti.outbox): a redelivered task never queues
    twice. Kind, worker, date and the legal reason only: never medical content (L4624-8).
    """
    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=DIGEST_WINDOW_DAYS)
    recipients = selectors_due.digest_recipients(adherent_ids)
    items = selectors_due.digest_items(list(recipients), until=until)
    sent = 0
    for adherent_id, (name, emails) in recipients.items():
        due = items.get(adherent_id, [])
        if not due:
            continue
        context = {
            "adherent_name": name,
            "overdue": [d for d in due if d.due_on < today],
            "upcoming": [d for d in due if d.due_on >= today],
            "today": today,
            "window_days": DIGEST_WINDOW_DAYS,
            "service_name": settings.SPSTI_SERVICE_NAME,
        }
        queued = outbox.queue_email(
            kind="suivi_sante.due_digest",
            subject=render_to_string("suivi_sante/schedule/email/digest_subject.txt", context),
            body=render_to_string("suivi_sante/schedule/email/digest.txt", context),
            to=emails,
            key=digest_key(adherent_id, week),
        )
        sent += queued is not None
    return sent
