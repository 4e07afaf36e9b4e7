"""The benchmark history of the members (demo/large_history.py): FE, DUERP, actions in the
workplace, quarterly invoices and their payments, by COPY (the caller skips the triggers)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from demo.generator import fr_int
from demo.large import _reserve_ids
from demo.large_history import DAY, _at, _weighted, copy_rows

FE_SHARE = 0.85  # establishments with an FE
DUERP_SHARE = 0.30
DUERP_DATED_SHARE = 0.65
DUERP_SUPPORT_SHARE = 0.12
ACTIONS_PER_MEMBER_YEAR = 0.35
ACTION_KINDS = (
    ("workstation_study", 20),
    ("measurements", 8),
    ("awareness", 20),
    ("cse_meeting", 15),
    ("primary_prevention", 12),
    ("fiche", 10),
    ("prevention_visit", 5),
    ("other", 5),
)
PAYMENT_METHODS = (("transfer", 55), ("direct_debit", 30), ("cheque", 12), ("card", 3))
QUARTERS = 6  # quarterly invoices over the last six quarters
PRICE_PER_WORKER_QUARTER = Decimal("27.50")


def write_prevention(cursor, rng, today, now, staff, log) -> None:
    from psycopg.types.json import Jsonb

    from adherents.models import Adherent, Establishment
    from prevention.models import (
        Duerp,
        DuerpVersion,
        EvaluationMatrix,
        FicheEntreprise,
        FicheVersion,
        HazardThesaurus,
        PreventionAction,
    )

    thesaurus_id = HazardThesaurus.objects.order_by("-is_current", "-pk").values_list(
        "pk", flat=True
    )[0]
    matrix_id = EvaluationMatrix.objects.order_by("-is_default", "pk").values_list("pk", flat=True)[
        0
    ]
    five_years = today - datetime.timedelta(days=5 * 365)
    taken = set(FicheEntreprise.objects.values_list("establishment_id", flat=True))
    fiches, versions = [], []
    for establishment_id, joined_on, team_id in (
        Establishment.objects.filter(adherent__kind=Adherent.Kind.COMPANY)
        .order_by("pk")
        .values_list("pk", "adherent__joined_on", "adherent__team_id")
    ):
        if establishment_id in taken or rng.random() >= FE_SHARE:
            continue
        fiche = len(fiches)
        last_sent = None
        day = joined_on + datetime.timedelta(days=rng.randint(60, 500))
        if day < five_years:
            day = five_years + datetime.timedelta(days=rng.randint(0, 5 * 365))
        for number in (1, 2):
            if day >= today or (number == 2 and rng.random() < 0.6):
                break
            physician = staff.pick(rng, team_id, "physician")
            sent = _at(day, 9 * 60)
            versions.append((fiche, number, physician, sent - 2 * DAY, sent))
            last_sent = day
            day += datetime.timedelta(days=rng.randint(365, 1500))
        renewal = last_sent + datetime.timedelta(days=4 * 365) if last_sent else None
        fiches.append((establishment_id, joined_on + datetime.timedelta(days=365), renewal))
    fiche_id = _reserve_ids(cursor, FicheEntreprise, len(fiches))
    copy_rows(
        cursor,
        FicheEntreprise,
        ("id", "establishment_id", "first_due_on", "renewal_due_on"),
        ((fiche_id + i, *f) for i, f in enumerate(fiches)),
        now,
    )
    version_id = _reserve_ids(cursor, FicheVersion, len(versions))
    copy_rows(
        cursor,
        FicheVersion,
        (
            "id",
            "fiche_id",
            "number",
            "status",
            "thesaurus_id",
            "drafted_by_id",
            "validated_by_id",
            "validated_at",
            "sent_at",
            "pdf",
            "sha256",
        ),
        (
            (
                version_id + i,
                fiche_id + f,
                n,
                "sent",
                thesaurus_id,
                u,
                u,
                v,
                s,
                f"bench/fe/{version_id + i}.pdf",
                "0" * 64,
            )
            for i, (f, n, u, v, s) in enumerate(versions)
        ),
        now,
    )
    log(f"  {fr_int(len(fiches))} fiches d'entreprise, {fr_int(len(versions))} versions transmises")

    members = list(
        Adherent.objects.filter(kind=Adherent.Kind.COMPANY)
        .order_by("pk")
        .values_list("pk", "team_id", "joined_on")
    )
    with_duerp = set(Duerp.objects.values_list("adherent_id", flat=True))
    duerps, duerp_versions, actions = [], [], []
    kinds = _weighted(rng, ACTION_KINDS, len(members) * 3)
    expected = ACTIONS_PER_MEMBER_YEAR * 5
    for index, (adherent_id, team_id, joined_on) in enumerate(members):
        since = max(joined_on, five_years)
        span = (today - since).days
        if span <= 0:
            continue
        if adherent_id not in with_duerp and rng.random() < DUERP_SHARE:
            duerp = len(duerps)
            duerps.append((adherent_id, matrix_id, rng.randint(1, 250)))
            if rng.random() < DUERP_DATED_SHARE:
                day = today - datetime.timedelta(days=rng.randint(1, 4 * 365))
                published = _at(day, 10 * 60)
                keep = day.replace(year=day.year + 40, day=min(day.day, 28))
                user = staff.pick(rng, team_id, "physician")
                duerp_versions.append((duerp, 1, published, user, keep))
        count = int(expected * span / (5 * 365) + rng.random())
        for number in range(count):
            day = since + datetime.timedelta(days=rng.randint(0, span - 1))
            kind = kinds[(3 * index + number) % len(kinds)]
            actions.append((adherent_id, kind, day, staff.pick(rng, team_id, "physician")))
        if rng.random() < DUERP_SUPPORT_SHARE:
            day = since + datetime.timedelta(days=rng.randint(0, span - 1))
            actions.append(
                (
                    adherent_id,
                    "duerp_support",
                    day,
                    staff.pick(rng, team_id, "nurse") or staff.pick(rng, team_id, "physician"),
                )
            )
    duerp_id = _reserve_ids(cursor, Duerp, len(duerps))
    copy_rows(
        cursor,
        Duerp,
        ("id", "adherent_id", "matrix_id", "headcount"),
        ((duerp_id + i, *d) for i, d in enumerate(duerps)),
        now,
    )
    dv_id = _reserve_ids(cursor, DuerpVersion, len(duerp_versions))
    copy_rows(
        cursor,
        DuerpVersion,
        (
            "id",
            "duerp_id",
            "number",
            "published_at",
            "published_by_id",
            "snapshot",
            "sha256",
            "keep_until",
        ),
        (
            (dv_id + i, duerp_id + d, n, p, u, Jsonb({}), "0" * 64, k)
            for i, (d, n, p, u, k) in enumerate(duerp_versions)
        ),
        now,
    )
    action_id = _reserve_ids(cursor, PreventionAction, len(actions))
    copy_rows(
        cursor,
        PreventionAction,
        (
            "id",
            "adherent_id",
            "kind",
            "performed_on",
            "performed_by_id",
            "duration_minutes",
            "description",
        ),
        (
            (action_id + i, a, k, d, u, 30 * (1 + (i % 8)), "Action du banc d'essai")
            for i, (a, k, d, u) in enumerate(actions)
        ),
        now,
    )
    log(
        f"  {fr_int(len(duerps))} DUERP ({fr_int(len(duerp_versions))} datés), "
        f"{fr_int(len(actions))} actions en milieu de travail"
    )


def _quarter_starts(today: datetime.date, count: int) -> list[datetime.date]:
    first = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    starts = []
    for _ in range(count):
        starts.append(first)
        month = first.month - 3
        first = (
            datetime.date(first.year - 1, month + 12, 1)
            if month < 1
            else datetime.date(first.year, month, 1)
        )
    return sorted(starts)


def write_billing(cursor, rng, today, now, staff, log) -> None:
    from django.db.models import Count, Q

    from adherents.billing.models import Invoice, Payment
    from adherents.models import Adherent

    members = list(
        Adherent.objects.order_by("pk")
        # Billed for the workers employed today, not those who left (large_history_departed).
        .annotate(
            size=Count(
                "workers",
                distinct=True,
                filter=Q(workers__employments__end_on__isnull=True)
                | Q(workers__employments__end_on__gte=today),
            )
        )
        .values_list("pk", "joined_on", "size")
    )
    recorder = staff.anyone["physician"][0]
    invoices, payments = [], []
    for start in _quarter_starts(today, QUARTERS):
        sequence = 0
        for adherent_id, joined_on, size in members:
            if joined_on > start:
                continue
            issued = start + datetime.timedelta(days=rng.randint(0, 20))
            if issued > today:
                continue
            sequence += 1
            total = max(PRICE_PER_WORKER_QUARTER * size, Decimal("45.00"))
            invoice = len(invoices)
            invoices.append(
                (
                    invoice,
                    f"FB-{start:%Y%m}-{sequence:06d}",
                    adherent_id,
                    start.year,
                    issued,
                    issued + datetime.timedelta(days=30),
                    total,
                )
            )
            draw = rng.random()
            paid = issued + datetime.timedelta(days=rng.randint(5, 75))
            if paid > today or draw >= 0.96:
                continue  # unpaid (past due once the due date is over)
            method = _weighted(rng, PAYMENT_METHODS, 1)[0]
            amount = total if draw < 0.92 else (total / 2).quantize(Decimal("0.01"))
            payments.append((invoice, amount, paid, method))
    invoice_id = _reserve_ids(cursor, Invoice, len(invoices))
    copy_rows(
        cursor,
        Invoice,
        (
            "id",
            "number",
            "adherent_id",
            "year",
            "issued_on",
            "due_on",
            "total",
            "kind",
            "pdf",
            "pdf_sha256",
        ),
        (
            (
                invoice_id + v[0],
                *v[1:],
                "invoice",
                f"bench/invoices/{invoice_id + v[0]}.pdf",
                "0" * 64,
            )
            for v in invoices
        ),
        now,
    )
    payment_id = _reserve_ids(cursor, Payment, len(payments))
    copy_rows(
        cursor,
        Payment,
        ("id", "invoice_id", "amount", "paid_on", "method", "recorded_by_id"),
        ((payment_id + i, invoice_id + p[0], *p[1:], recorder) for i, p in enumerate(payments)),
        now,
    )
    log(f"  {fr_int(len(invoices))} factures, {fr_int(len(payments))} paiements")
