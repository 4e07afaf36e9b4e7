"""`make bench`: the PDP cell's caseload page over 50,000 cases, against the bare template.

The cases are added once to the bench database (idempotent: only what is missing), all in the
centre of the bench's physician, who joins that centre's cell with 30 colleagues; owners, steps
and dates are spread. The page (member loads, centre figures, template) is timed against a bare
render of the same template with the same context already in memory.
"""

from __future__ import annotations

import datetime
import itertools

from bench.timing import median_ms

TOTAL = 50_000
MEMBERS = 30
BATCH = 5_000


def ensure_cases(physician, center_id: int, total: int = TOTAL) -> list:
    """The cell (the physician coordinating, MEMBERS colleagues) and `total` cases in the
    centre; returns the members' users."""
    from accounts.enums import StaffRole
    from accounts.models import StaffAssignment, User
    from pdp.models import CellMember, PdpCase
    from pdp.rules import cases as rules
    from suivi_sante.models import Worker

    if not CellMember.objects.filter(center_id=center_id, user=physician).exists():
        CellMember.objects.create(
            center_id=center_id, user=physician, function="physician", is_coordinator=True
        )
    users = [physician]
    for n in range(MEMBERS):
        user, created = User.objects.get_or_create(
            email=f"cellule{n}@bench.spsti.example",
            defaults={"kind": "staff", "first_name": "Membre", "last_name": f"Cellule {n:02}"},
        )
        if created:
            StaffAssignment.objects.create(
                user=user, center_id=center_id, role=StaffRole.JOB_RETENTION_OFFICER
            )
            CellMember.objects.create(
                center_id=center_id, user=user, function="job_retention_officer"
            )
        users.append(user)
    missing = total - PdpCase.objects.filter(center_id=center_id).count()
    if missing <= 0:
        return users
    workers = (
        Worker.objects.filter(adherent__team__center_id=center_id, pdp_cases__isnull=True)
        .order_by("pk")
        .values_list("pk", "adherent_id")
    )
    statuses = itertools.cycle(rules.ORDER)
    owners = itertools.cycle([*users, None])
    start = datetime.date(2024, 1, 1)
    rows = []
    for index, (worker_id, adherent_id) in enumerate(workers[:missing].iterator()):
        status = next(statuses)
        received_on = start + datetime.timedelta(days=index % 1000)
        closed = status == rules.CLOSED
        rows.append(
            PdpCase(
                center_id=center_id,
                worker_id=worker_id,
                adherent_id=adherent_id,
                source=rules.SOURCES[index % len(rules.SOURCES)][0],
                received_on=received_on,
                reason="Signalement de banc d'essai",
                status=status,
                owner=next(owners),
                first_contact_on=received_on + datetime.timedelta(days=index % 20)
                if status != rules.RECEIVED
                else None,
                closed_on=received_on + datetime.timedelta(days=60) if closed else None,
                outcome="kept_in_post" if closed else "",
            )
        )
    PdpCase.objects.bulk_create(rows, batch_size=BATCH)
    return users


def run(client, physician, request, *, total: int = TOTAL, rounds: int = 30) -> float:
    """Print (and return) the caseload page's time and its ratio to the bare template."""
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import timezone

    from pdp.caseload import selectors
    from pdp.models import PdpCase

    center_id = request.ctx.center_id
    ensure_cases(physician, center_id, total)
    today = timezone.localdate()
    members, load = selectors.caseload(center_id, today)
    context = {
        "members": members,
        "load": load,
        "strained": [m for m in members if m.level != "ok"],
        "is_coordinator": True,
        "ctx": request.ctx,
        "user": physician,
        "request": request,
    }
    url = reverse("backoffice:pdp:caseload")

    def full():
        assert client.get(url).status_code == 200

    def bare():
        render_to_string("pdp/caseload/caseload.html", context, request=request)

    full_ms, bare_ms = median_ms(full, rounds), median_ms(bare, rounds)
    count = PdpCase.objects.filter(center_id=center_id).count()
    print(  # noqa: T201
        f"{'backoffice:pdp:caseload':<40} page complète {full_ms:7.1f} ms | gabarit seul "
        f"{bare_ms:6.1f} ms | ratio {full_ms / bare_ms:5.2f} ({count:,} dossiers PDP)"
    )
    return full_ms / bare_ms
