"""The facts of the weekly pass read as tuples (visit days computed by PostgreSQL, referrals
without model instances) give the rows the engine gives on facts built from model instances."""

import datetime

import pytest
from django.utils import timezone

from suivi_sante.models import Referral, Worker
from suivi_sante.rules.schedule import EmploymentFacts, PastVisit, WorkerFacts
from suivi_sante.schedule import services as schedule
from tests.suivi_sante.factories import (
    AbsenceFactory,
    EmploymentFactory,
    ProtocolFactory,
    VisitFactory,
    WorkerFactory,
)

TODAY = datetime.date(2026, 11, 23)
UTC = datetime.UTC

pytestmark = pytest.mark.django_db


def held_at(worker, kind: str, at: datetime.datetime, **extra):
    return VisitFactory(
        worker=worker, kind=kind, status="held", scheduled_at=at, held_at=at, **extra
    )


def reference_inputs(ids: list[int]) -> list[schedule.WorkerInputs]:
    """The facts as load_facts built them before (model instances, timezone.localdate)."""
    inputs = []
    for worker in Worker.objects.filter(pk__in=ids).select_related("adherent").order_by("pk"):
        facts = schedule.WorkerInputs(
            worker.pk,
            worker.adherent_id,
            worker.adherent.team_id,
            worker.category,
            worker.category_source,
            worker.merged_into_id is not None,
            WorkerFacts(birth_date=worker.birth_date),
        )
        horizon = TODAY - datetime.timedelta(days=schedule.ENDED_SIR_POST_DAYS)
        for post in worker.employments.order_by("-start_on", "pk"):
            current = post.end_on is None or post.end_on >= TODAY
            if not current and not (
                post.end_on >= horizon and (post.sir_risks or post.aptitude_jobs)
            ):
                continue
            (facts.employments if current else facts.ended_sir_posts).append(
                EmploymentFacts(
                    start_date=post.start_on,
                    end_date=post.end_on,
                    contract=post.contract,
                    night_work=post.is_night_work,
                    biological_agents_2=post.is_exposed_biological_agents_2,
                    electromagnetic_fields=post.is_exposed_electromagnetic_fields,
                    sir_risks=frozenset(post.sir_risks or ()),
                    aptitude_jobs=frozenset(post.aptitude_jobs or ()),
                    effective_work_days=post.effective_work_days,
                    disabled=worker.is_disabled,
                    invalidity_pension=worker.has_invalidity_pension,
                    pregnant=worker.is_pregnant,
                    physician_periodicity_months=worker.physician_periodicity_months,
                )
            )
        for visit in worker.visits.filter(status="held").order_by("held_at"):
            facts.history.append(
                PastVisit(visit.kind, timezone.localdate(visit.held_at), visit.performer)
            )
        for absence in worker.absences.all():
            facts.absences.append(
                schedule.engine.Absence(absence.start_on, absence.end_on, absence.cause)
            )
        for referral in Referral.objects.filter(worker=worker, resolved_by__isnull=True).order_by(
            "due_on", "pk"
        ):
            since = referral.from_visit.held_at or referral.from_visit.scheduled_at
            reason = schedule.referral_reason(referral.due_on, since)
            facts.referrals.append(schedule.OpenReferral(referral.kind, referral.due_on, reason))
        inputs.append(facts)
    return inputs


def test_a_visit_held_just_after_midnight_in_paris_counts_on_its_paris_day():
    worker = WorkerFactory(birth_date=datetime.date(1990, 5, 5))
    EmploymentFactory(worker=worker, start_on=datetime.date(2024, 3, 1))
    # 23:30 UTC on 9 November is 00:30 on 10 November in Paris (UTC+1).
    held_at(worker, "VIP", datetime.datetime(2026, 11, 9, 23, 30, tzinfo=UTC))

    (facts,) = schedule.load_facts([worker.pk], today=TODAY)

    assert facts.history == [PastVisit("VIP", datetime.date(2026, 11, 10), "physician")]
    rows, done = schedule.computed_rows([facts], TODAY)
    team = worker.adherent.team_id
    assert rows == [
        (
            worker.pk,
            team,
            "VIP",
            datetime.date(2031, 11, 10),
            ("physician", "nurse"),
            "R4624-16",
            "Renouvellement de la VIP avant le 10/11/2031 : dernière VIP le 10/11/2026, "
            "périodicité de 5 ans (art. R4624-16)",
            worker.adherent_id,
        ),
        (
            worker.pk,
            team,
            "MI_CARRIERE",
            datetime.date(2035, 12, 31),
            ("physician", "nurse"),
            "L4624-2-2",
            "Visite de mi-carrière avant le 31/12/2035 : 45 ans le 05/05/2035, dans l'année "
            "civile du 45e anniversaire à défaut d'accord de branche (art. L4624-2-2)",
            worker.adherent_id,
        ),
    ]
    assert [category for _, category, _ in done] == ["SI"]


def test_a_referral_from_a_visit_not_yet_held_dates_from_its_scheduled_paris_day():
    employment = EmploymentFactory(start_on=datetime.date(2026, 10, 1))
    worker = employment.worker
    team = worker.adherent.team
    planned = VisitFactory(
        worker=worker, scheduled_at=datetime.datetime(2026, 11, 12, 23, 45, tzinfo=UTC)
    )
    Referral.objects.create(
        from_visit=planned, worker=worker, team=team, kind="DEMANDE", due_on=TODAY
    )

    rows, _ = schedule.computed_rows(schedule.load_facts([worker.pk], today=TODAY), TODAY)

    assert (
        worker.pk,
        team.pk,
        "DEMANDE",
        TODAY,
        ("physician",),
        "R4624-13",
        "Visite auprès du médecin du travail à réaliser avant le 23/11/2026, à la suite de la "
        "visite du 13/11/2026 (art. R4624-13)",
        worker.adherent_id,
    ) in rows


def test_the_loaded_facts_give_the_rows_of_facts_built_from_model_instances():
    hired = EmploymentFactory(start_on=datetime.date(2026, 10, 1)).worker
    sir = EmploymentFactory(start_on=datetime.date(2022, 1, 10), sir_risks=["amiante"]).worker
    held_at(sir, "EMAE", datetime.datetime(2022, 1, 3, 8, tzinfo=UTC))
    held_at(sir, "VISITE_INTERMEDIAIRE", datetime.datetime(2024, 1, 3, 23, 10, tzinfo=UTC))
    night = EmploymentFactory(start_on=datetime.date(2023, 5, 2), is_night_work=True).worker
    held_at(night, "VIP", datetime.datetime(2023, 4, 30, 22, 30, tzinfo=UTC))
    biological = EmploymentFactory(
        start_on=datetime.date(2026, 12, 1), is_exposed_biological_agents_2=True
    ).worker
    fields = EmploymentFactory(
        start_on=datetime.date(2027, 1, 31), is_exposed_electromagnetic_fields=True
    ).worker
    AbsenceFactory(
        worker=night,
        cause="accident_travail",
        start_on=datetime.date(2026, 9, 1),
        end_on=datetime.date(2026, 11, 15),
    )
    AbsenceFactory(worker=hired, cause="maladie", start_on=datetime.date(2026, 10, 5), end_on=None)
    two_posts = EmploymentFactory(start_on=datetime.date(2025, 2, 3)).worker
    EmploymentFactory(
        worker=two_posts,
        start_on=datetime.date(2026, 6, 1),
        end_on=datetime.date(2027, 5, 31),
        contract="CDD",
        aptitude_jobs=["caces"],
    )
    ended = EmploymentFactory(
        start_on=datetime.date(2019, 4, 1), end_on=datetime.date(2026, 6, 30), sir_risks=["plomb"]
    ).worker
    EmploymentFactory(worker=ended, start_on=datetime.date(2026, 7, 1))
    oriented = EmploymentFactory(start_on=datetime.date(2026, 9, 1)).worker
    Worker.objects.filter(pk=oriented.pk).update(is_disabled=True, physician_periodicity_months=24)
    nurse_vip = held_at(
        oriented,
        "VIP",
        datetime.datetime(2026, 11, 9, 23, 5, tzinfo=UTC),
        performer="nurse",
        protocol=ProtocolFactory(team=oriented.adherent.team),
    )
    Referral.objects.create(
        from_visit=nurse_vip,
        worker=oriented,
        team=oriented.adherent.team,
        kind="DEMANDE",
        due_on=datetime.date(2026, 12, 10),
    )
    exposed = (biological, fields)
    ids = sorted(w.pk for w in (hired, sir, night, *exposed, two_posts, ended, oriented))

    loaded = schedule.computed_rows(schedule.load_facts(ids, today=TODAY), TODAY)
    reference = schedule.computed_rows(reference_inputs(ids), TODAY)

    assert loaded == reference
    kinds = {(worker_id, kind) for worker_id, _, kind, *_ in loaded[0]}
    assert {
        (hired.pk, "VIP"),
        (sir.pk, "SIR_PERIODIQUE"),
        (night.pk, "REPRISE"),
        (hired.pk, "PRE_REPRISE"),
        (ended.pk, "FIN_CARRIERE"),
        (oriented.pk, "DEMANDE"),
    } <= kinds  # every path of the facts is exercised
    # The exposures of R4624-18 reach the engine: VIP before assignment to each exposed post.
    vips = {row[0]: (row[3], row[5]) for row in loaded[0] if row[2] == "VIP"}
    assert vips[biological.pk] == (datetime.date(2026, 12, 1), "R4624-18")
    assert vips[fields.pk] == (datetime.date(2027, 1, 31), "R4624-18")
