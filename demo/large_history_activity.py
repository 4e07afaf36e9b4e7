"""The benchmark dataset's prevention visits and member requests (issue 19, item 5: every list
page measured at real volume; the « rendez-vous de prévention » list and the requests inbox were
empty on the large dataset, so the bench timed an empty page and no deep one).

Orders of magnitude, kept proportional when the scale is smaller:
- prevention visits (the workplace visits of the preventionists, art. R4624-1 to R4624-3): about
  one every seven years for an average establishment of a company member, over the last five
  years (held, some cancelled) and the next three months (planned);
- member requests: a little over one a year for each member, over the last three years, logged by
  the member service from a call or an e-mail (the large dataset's members have no portal
  account); most are closed, the last weeks' still open, some answered late.
Each request's thread and events are not written: no list page reads them.

Rows are streamed with COPY under reserved primary keys, history triggers skipped for the
transaction (demo/large_history.py). Idempotent, with its own marker, so that a dataset built
before this part gains it on the next `seed_demo --scale large`.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from demo.generator import fr_int
from demo.large import _reserve_ids
from demo.large_history import _at, _ignore_triggers, _Staff, _weighted, copy_rows

SEED = 7_000_001
VISITS_PER_ESTABLISHMENT_YEAR = 0.15
VISIT_YEARS = 5
PLANNED_DAYS = 90
CANCELLED_SHARE = 0.06
REQUESTS_PER_MEMBER_YEAR = 1.2
REQUEST_YEARS = 3
OPEN_DAYS = 30  # requests of the last 30 days may still be open
CHANNELS = (("phone", 55), ("email", 45))
CATEGORIES = (
    ("question", 30),
    ("follow_up", 35),
    ("prevention", 8),
    ("workforce_correction", 10),
    ("invoice", 12),
    ("other", 5),
)
OPEN_STATUSES = (("new", 35), ("in_progress", 45), ("answered", 20))
# The marker of this part: the subject of every request it writes.
SUBJECT = "Demande du banc d'essai"


def activity_present() -> bool:
    from adherents.models import MemberRequest

    return MemberRequest.objects.filter(subject=SUBJECT).exists()


def _by_center(roles: tuple[str, ...]) -> dict[int, list[int]]:
    """Current staff of these roles, by centre."""
    from accounts.models import StaffAssignment

    users: dict[int, list[int]] = defaultdict(list)
    for center_id, user_id in (
        StaffAssignment.objects.filter(role__in=roles, ended_on__isnull=True)
        .order_by("pk")
        .values_list("center_id", "user_id")
    ):
        users[center_id].append(user_id)
    return users


def _write_visits(cursor, rng: random.Random, today, now, staff: _Staff) -> int:
    from accounts.enums import StaffRole
    from adherents.models import Adherent, Establishment
    from prevention.models import PreventionVisit

    preventionists = _by_center((StaffRole.IPRP, StaffRole.PREVENTION_ASSISTANT))
    since = today - datetime.timedelta(days=VISIT_YEARS * 365)
    rows = []
    for establishment_id, team_id in (
        Establishment.objects.filter(adherent__kind=Adherent.Kind.COMPANY)
        .order_by("pk")
        .values_list("pk", "adherent__team_id")
    ):
        span = VISIT_YEARS * 365 + PLANNED_DAYS
        count = int(VISITS_PER_ESTABLISHMENT_YEAR * span / 365 + rng.random())
        for _ in range(count):
            day = since + datetime.timedelta(days=rng.randrange(span))
            users = preventionists.get(staff.center_of[team_id])
            user = rng.choice(users) if users else staff.pick(rng, team_id, "physician")
            if day >= today:
                status, held_on = PreventionVisit.Status.PLANNED, None
            elif rng.random() < CANCELLED_SHARE:
                status, held_on = PreventionVisit.Status.CANCELLED, None
            else:
                status, held_on = PreventionVisit.Status.HELD, day
            created = _at(day - datetime.timedelta(days=rng.randint(7, 60)), 8 * 60)
            rows.append((establishment_id, day, status, user, held_on, created, created))
    first = _reserve_ids(cursor, PreventionVisit, len(rows))
    keys = ("id", "establishment_id", "scheduled_on", "status", "assigned_to_id", "held_on")
    return copy_rows(
        cursor,
        PreventionVisit,
        (*keys, "created_at", "updated_at"),
        ((first + i, *row) for i, row in enumerate(rows)),
        now,
    )


def _write_requests(cursor, rng: random.Random, today, now, staff: _Staff) -> int:
    from accounts.enums import StaffRole
    from adherents.models import Adherent, MemberRequest

    agents = _by_center((StaffRole.MEMBER_SERVICE,))
    anyone = [user for users in agents.values() for user in users]
    members = list(Adherent.objects.order_by("pk").values_list("pk", "team_id", "joined_on"))
    span_days = REQUEST_YEARS * 365
    expected = REQUESTS_PER_MEMBER_YEAR * REQUEST_YEARS
    channels = _weighted(rng, CHANNELS, 1000)
    categories = _weighted(rng, CATEGORIES, 1000)
    open_statuses = _weighted(rng, OPEN_STATUSES, 1000)
    rows = []
    for adherent_id, team_id, joined_on in members:
        since = max(joined_on, today - datetime.timedelta(days=span_days))
        span = (today - since).days
        if span <= 0:
            continue
        users = agents.get(staff.center_of[team_id]) or anyone or [staff.anyone["physician"][0]]
        for _ in range(int(expected * span / span_days + rng.random())):
            age = rng.randrange(span)
            created = _at(today - datetime.timedelta(days=age), rng.randrange(9 * 60))
            agent = rng.choice(users)
            answered = created + datetime.timedelta(hours=rng.choice((2, 20, 50, 120, 300)))
            if age < OPEN_DAYS and rng.random() < 0.6:
                status = open_statuses[len(rows) % 1000]
                assigned = None if status == "new" else agent
                first_answer = min(answered, now) if status == "answered" else None
                closed = None
            else:
                status, assigned, first_answer = "closed", agent, answered
                closed = answered + datetime.timedelta(days=rng.randint(0, 10))
            row = (adherent_id, channels[len(rows) % 1000], categories[len(rows) % 1000])
            rows.append(
                (*row, status, agent, assigned, first_answer, closed, created, closed or created)
            )
    first = _reserve_ids(cursor, MemberRequest, len(rows))
    keys = ("id", "adherent_id", "channel", "category", "status", "created_by_id")
    keys += ("assigned_to_id", "first_answered_at", "closed_at", "created_at", "updated_at")
    return copy_rows(
        cursor,
        MemberRequest,
        (*keys, "subject", "body"),
        (
            (first + i, *row, SUBJECT, "Demande reçue par téléphone ou par e-mail.")
            for i, row in enumerate(rows)
        ),
        now,
    )


def write_activity(today: datetime.date, log: Callable[[str], None]) -> bool:
    """Write the prevention visits and the requests unless present (the caller holds the
    transaction and defers the indexes); True if written."""
    from adherents.models import MemberRequest
    from prevention.models import PreventionVisit

    if activity_present():
        return False
    started = time.monotonic()
    rng = random.Random(SEED)  # noqa: S311
    now, staff = timezone.now(), _Staff()
    with connection.cursor() as cursor:
        _ignore_triggers(cursor, (PreventionVisit, MemberRequest))
        visits = _write_visits(cursor, rng, today, now, staff)
        requests = _write_requests(cursor, rng, today, now, staff)
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
    log(
        f"  {fr_int(visits)} rendez-vous de prévention, {fr_int(requests)} demandes d'adhérents, "
        f"écrits en {time.monotonic() - started:.0f} s"
    )
    return True
