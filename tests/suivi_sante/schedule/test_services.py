"""Storing the schedule engine's results: facts from the database, DueVisit rows, categories."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from suivi_sante.models import DueVisit, Referral, Worker
from suivi_sante.rules.schedule import EmploymentFacts, WorkerFacts, compute_schedule
from suivi_sante.schedule import services as schedule
from suivi_sante.schedule import services_store as store
from tests.suivi_sante.factories import (
    AbsenceFactory,
    EmploymentFactory,
    ProtocolFactory,
    VisitFactory,
    WorkerFactory,
)

TODAY = datetime.date(2026, 11, 23)
PARIS = datetime.timezone(datetime.timedelta(hours=1))  # November: UTC+1 in Paris

pytestmark = pytest.mark.django_db


def held(worker, kind: str, on: datetime.date, **extra):
    """A visit held on that day (at 10:00, Paris time)."""
    return VisitFactory(
        worker=worker,
        kind=kind,
        status="held",
        scheduled_at=datetime.datetime.combine(on, datetime.time(10), PARIS),
        held_at=datetime.datetime.combine(on, datetime.time(10), PARIS),
        **extra,
    )


def dues(worker) -> list[tuple[str, datetime.date]]:
    return list(
        DueVisit.objects.filter(worker=worker)
        .order_by("due_on", "kind")
        .values_list("kind", "due_on")
    )


def test_si_hire_on_1_october_2026_owes_a_vip_by_1_january_2027_with_the_engines_reason():
    employment = EmploymentFactory(start_on=datetime.date(2026, 10, 1))
    worker = employment.worker
    assert worker.schedule_stale

    assert schedule.refresh_due_visits([worker.pk], today=TODAY) == 1

    vip = DueVisit.objects.get(worker=worker, kind="VIP")
    expected = next(
        due
        for due in compute_schedule(
            today=TODAY,
            worker=WorkerFacts(birth_date=worker.birth_date),
            employment=EmploymentFacts(start_date=datetime.date(2026, 10, 1)),
            history=[],
            absences=[],
        ).due
        if due.kind == "VIP"
    )
    assert vip.due_on == datetime.date(2027, 1, 1)
    assert vip.reason == expected.reason
    assert "embauche le 01/10/2026, délai de 3 mois (art. R4624-10)" in vip.reason
    assert vip.legal_reference == "R4624-10"
    assert vip.performers == ["physician", "nurse"]
    assert vip.team_id == worker.adherent.team_id
    worker.refresh_from_db()
    assert worker.category == "SI"
    assert worker.category_justification.startswith("SI : ni risque particulier")
    assert not worker.schedule_stale
    assert worker.schedule_computed_at is not None


def test_sir_hire_owes_the_emae_on_the_start_date_by_the_physician():
    employment = EmploymentFactory(start_on=datetime.date(2026, 12, 1), sir_risks=["amiante"])

    schedule.refresh_due_visits([employment.worker], today=TODAY)

    emae = DueVisit.objects.get(worker=employment.worker, kind="EMAE")
    assert emae.due_on == datetime.date(2026, 12, 1)
    assert emae.performers == ["physician"]
    assert emae.legal_reference == "R4624-24"
    employment.worker.refresh_from_db()
    assert employment.worker.category == "SIR"
    assert (
        employment.worker.category_justification == "SIR : exposition à l'amiante (art. R4624-23 I)"
    )


def test_holding_the_vip_removes_it_and_lists_its_periodic_renewal():
    employment = EmploymentFactory(start_on=datetime.date(2026, 10, 1))
    worker = employment.worker
    schedule.refresh_due_visits([worker.pk], today=TODAY)
    assert ("VIP", datetime.date(2027, 1, 1)) in dues(worker)

    held(worker, "VIP", datetime.date(2026, 11, 10))
    schedule.refresh_due_visits([worker.pk], today=TODAY)

    vips = DueVisit.objects.filter(worker=worker, kind="VIP")
    assert [(v.due_on, v.legal_reference) for v in vips] == [
        (datetime.date(2031, 11, 10), "R4624-16")  # R4624-16: at most 5 years after the VIP
    ]
    assert "dernière VIP le 10/11/2026" in vips[0].reason


def test_a_planned_or_missed_visit_is_not_history():
    employment = EmploymentFactory(start_on=datetime.date(2026, 10, 1))
    VisitFactory(worker=employment.worker, kind="VIP", status="unexcused_absence")

    schedule.refresh_due_visits([employment.worker_id], today=TODAY)

    assert ("VIP", datetime.date(2027, 1, 1)) in dues(employment.worker)


def test_the_physicians_category_is_kept_and_drives_the_visits():
    """The physician puts an SI post in SIR: the EMAE before assignment becomes due."""
    employment = EmploymentFactory(
        start_on=datetime.date(2026, 12, 1),
        worker__category="SIR",
        worker__category_source="physician",
        worker__category_override_reason="Exposition aux fumées de soudage inox (chrome VI).",
    )
    worker = employment.worker

    schedule.refresh_due_visits([worker.pk], today=TODAY)

    worker.refresh_from_db()
    assert worker.category == "SIR"
    assert worker.category_source == "physician"
    assert worker.category_justification.startswith(
        "SIR : catégorie fixée par le médecin du travail ; les déclarations seules donneraient SI."
    )
    assert ("EMAE", datetime.date(2026, 12, 1)) in dues(worker)
    assert not [kind for kind, _ in dues(worker) if kind == "VIP"]


def test_an_ended_sir_post_still_owes_its_post_exposure_visit():
    employment = EmploymentFactory(
        start_on=datetime.date(2019, 3, 1),
        end_on=datetime.date(2026, 9, 30),
        sir_risks=["amiante"],
    )
    schedule.refresh_due_visits([employment.worker_id], today=TODAY)
    assert dues(employment.worker) == [("FIN_CARRIERE", datetime.date(2026, 9, 30))]


def test_an_ended_post_without_sir_risk_owes_nothing():
    employment = EmploymentFactory(
        start_on=datetime.date(2019, 3, 1), end_on=datetime.date(2026, 9, 30)
    )
    schedule.refresh_due_visits([employment.worker_id], today=TODAY)
    assert dues(employment.worker) == []


def test_a_derived_category_follows_the_declarations():
    employment = EmploymentFactory(start_on=datetime.date(2026, 10, 1))
    schedule.refresh_due_visits([employment.worker_id], today=TODAY)
    employment.sir_risks = ["plomb"]
    employment.save()

    schedule.refresh_due_visits([employment.worker_id], today=TODAY)

    employment.worker.refresh_from_db()
    assert employment.worker.category == "SIR"
    assert "EMAE" in dict(dues(employment.worker))


def test_an_ended_post_owes_nothing_and_a_current_one_is_used():
    worker = WorkerFactory()
    EmploymentFactory(
        worker=worker,
        start_on=datetime.date(2020, 1, 6),
        end_on=datetime.date(2026, 6, 30),
        sir_risks=["amiante"],
    )
    EmploymentFactory(worker=worker, start_on=datetime.date(2026, 10, 1))

    schedule.refresh_due_visits([worker.pk], today=TODAY)

    assert "EMAE" not in dict(dues(worker))
    assert ("VIP", datetime.date(2027, 1, 1)) in dues(worker)
    worker.refresh_from_db()
    assert worker.category == "SI"


def test_a_worker_whose_posts_all_ended_owes_nothing_any_more():
    employment = EmploymentFactory(start_on=datetime.date(2026, 10, 1))
    schedule.refresh_due_visits([employment.worker_id], today=TODAY)
    employment.end_on = datetime.date(2026, 11, 20)
    employment.save()

    schedule.refresh_due_visits([employment.worker_id], today=TODAY)

    assert dues(employment.worker) == []
    employment.worker.refresh_from_db()
    assert not employment.worker.schedule_stale


def test_two_current_posts_keep_the_earliest_deadline_per_kind_and_the_highest_category():
    worker = WorkerFactory()
    EmploymentFactory(worker=worker, start_on=datetime.date(2026, 10, 1))
    EmploymentFactory(worker=worker, start_on=datetime.date(2026, 11, 2), is_night_work=True)

    schedule.refresh_due_visits([worker.pk], today=TODAY)

    vips = DueVisit.objects.filter(worker=worker, kind="VIP")
    # Night work: VIP before assignment (R4624-18), sooner than the 3 months of the day job.
    assert [(v.due_on, v.legal_reference) for v in vips] == [
        (datetime.date(2026, 11, 2), "R4624-18")
    ]
    worker.refresh_from_db()
    assert worker.category == "SIA"


@pytest.mark.parametrize(
    "exposure", ["is_exposed_biological_agents_2", "is_exposed_electromagnetic_fields"]
)
def test_a_recompute_reads_the_exposures_of_r4624_18_from_the_post(exposure):
    employment = EmploymentFactory(start_on=datetime.date(2027, 1, 31))

    def vips() -> list[tuple[datetime.date, str]]:
        rows = DueVisit.objects.filter(worker=employment.worker, kind="VIP")
        return list(rows.values_list("due_on", "legal_reference"))

    schedule.refresh_due_visits([employment.worker_id], today=TODAY)
    assert vips() == [(datetime.date(2027, 4, 30), "R4624-10")]  # SI: 3 months

    setattr(employment, exposure, True)
    employment.save()
    schedule.refresh_due_visits([employment.worker_id], today=TODAY)

    # SIA: VIP before assignment, the day of hiring.
    assert vips() == [(datetime.date(2027, 1, 31), "R4624-18")]
    employment.worker.refresh_from_db()
    assert employment.worker.category == "SIA"
    assert "(art. R4624-18)" in employment.worker.category_justification


def test_absences_reach_the_engine_as_a_reprise_visit():
    employment = EmploymentFactory(start_on=datetime.date(2024, 3, 1))
    AbsenceFactory(
        worker=employment.worker,
        cause="accident_travail",
        start_on=datetime.date(2026, 9, 1),
        end_on=datetime.date(2026, 11, 15),
    )

    schedule.refresh_due_visits([employment.worker_id], today=TODAY)

    reprise = DueVisit.objects.get(worker=employment.worker, kind="REPRISE")
    assert reprise.due_on == datetime.date(2026, 11, 24)  # return 16/11, 8 days (R4624-31)


def test_an_open_referral_is_a_physician_item_until_resolved():
    employment = EmploymentFactory(start_on=datetime.date(2026, 10, 1))
    worker = employment.worker
    team = worker.adherent.team
    nurse_vip = held(
        worker,
        "VIP",
        datetime.date(2026, 11, 10),
        performer="nurse",
        protocol=ProtocolFactory(team=team),
    )
    referral = Referral.objects.create(
        from_visit=nurse_vip, worker=worker, team=team, kind="DEMANDE", due_on=TODAY
    )

    schedule.refresh_due_visits([worker.pk], today=TODAY)

    item = DueVisit.objects.get(worker=worker, kind="DEMANDE")
    assert item.due_on == TODAY
    assert item.performers == ["physician"]
    assert item.legal_reference == "R4624-13"
    assert "à la suite de la visite du 10/11/2026" in item.reason

    referral.resolved_by = held(worker, "DEMANDE", datetime.date(2026, 11, 20))
    referral.save()
    schedule.refresh_due_visits([worker.pk], today=TODAY)
    assert not DueVisit.objects.filter(worker=worker, kind="DEMANDE").exists()


def test_a_merged_duplicate_owes_nothing():
    keep = EmploymentFactory(start_on=datetime.date(2026, 10, 1)).worker
    duplicate = EmploymentFactory(
        worker__adherent=keep.adherent, start_on=datetime.date(2026, 10, 1)
    ).worker
    schedule.refresh_due_visits([duplicate.pk], today=TODAY)
    assert dues(duplicate)
    Worker.objects.filter(pk=duplicate.pk).update(
        merged_into=keep, merged_at=datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC)
    )

    schedule.refresh_due_visits([duplicate.pk], today=TODAY)

    assert dues(duplicate) == []
    duplicate.refresh_from_db()
    assert not duplicate.schedule_stale


def test_recomputing_twice_gives_the_same_rows():
    employment = EmploymentFactory(start_on=datetime.date(2026, 10, 1))
    schedule.refresh_due_visits([employment.worker_id], today=TODAY)
    first = dues(employment.worker)

    schedule.refresh_due_visits([employment.worker_id], today=TODAY)

    assert dues(employment.worker) == first


def test_mark_stale_flags_only_the_given_workers():
    first, second, third = (EmploymentFactory().worker for _ in range(3))
    schedule.refresh_due_visits([first, second, third], today=TODAY)

    assert schedule.mark_stale([first.pk, third.pk]) == 2

    stale = set(Worker.objects.filter(schedule_stale=True).values_list("pk", flat=True))
    assert stale == {first.pk, third.pk}


def _population(count: int) -> list[int]:
    """Workers with what makes a schedule: a post, a held visit, an absence, a referral."""
    ids = []
    for n in range(count):
        employment = EmploymentFactory(
            start_on=datetime.date(2026, 10, 1), sir_risks=["cmr"] if n % 3 == 0 else []
        )
        worker = employment.worker
        visit = held(worker, "VIP", datetime.date(2026, 10, 20))
        AbsenceFactory(worker=worker)
        Referral.objects.create(
            from_visit=visit,
            worker=worker,
            team=worker.adherent.team,
            kind="DEMANDE",
            due_on=TODAY,
        )
        ids.append(worker.pk)
    return ids


def _refresh_queries(ids: list[int]) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert schedule.refresh_due_visits(ids, today=TODAY) == len(ids)
    return len(captured)


def test_a_chunk_costs_the_same_queries_for_5_or_50_workers(django_assert_max_num_queries):
    few, many = _population(5), _population(50)
    with django_assert_max_num_queries(12):  # savepoint, 6 reads, COPY of the rows, 1 update
        first = _refresh_queries(few)

    assert _refresh_queries(many) == first
    assert DueVisit.objects.filter(worker_id__in=many, kind="DEMANDE").count() == 50
    # Nothing changed since: neither the rows' writes nor the workers' update are sent.
    with CaptureQueriesContext(connection) as captured:
        schedule.refresh_due_visits(many, today=TODAY)
    assert len(captured) == first - 2
    writes = ("UPDATE", "WITH", "INSERT", "COPY")
    assert not [q for q in captured if q["sql"].lstrip().startswith(writes)]


def test_more_than_a_chunk_is_split_into_chunks(monkeypatch):
    ids = _population(5)
    monkeypatch.setattr(schedule, "CHUNK_SIZE", 2)  # 5 workers: chunks of 2, 2 and 1

    with CaptureQueriesContext(connection) as captured:
        assert schedule.refresh_due_visits(ids, today=TODAY) == 5

    copies = [q for q in captured if 'COPY "suivi_sante_duevisit"' in q["sql"]]
    assert len(copies) == 3  # new workers: each chunk inserts its rows by one COPY


def test_a_caller_may_ask_for_larger_chunks():
    """The worker import asks for chunks of 5,000 (its workers are locked by no one else)."""
    ids = _population(5)

    with CaptureQueriesContext(connection) as captured:
        assert schedule.refresh_due_visits(ids, today=TODAY, chunk_size=3) == 5

    copies = [q for q in captured if 'COPY "suivi_sante_duevisit"' in q["sql"]]
    assert len(copies) == 2


def _versions(table: str, column: str, ids: list[int]) -> dict[int, tuple[str, str]]:
    """Each row's physical version (ctid, xmin): both move whenever a row is written again."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, ctid::text, xmin::text FROM {table} WHERE {column} = ANY(%s)",  # noqa: S608
            [ids],
        )
        return {pk: (ctid, xmin) for pk, ctid, xmin in cursor.fetchall()}


def test_a_second_recompute_with_nothing_changed_writes_nothing():
    ids = _population(4)
    schedule.refresh_due_visits(ids, today=TODAY)
    dues_before = _versions("suivi_sante_duevisit", "worker_id", ids)
    workers_before = _versions("suivi_sante_worker", "id", ids)
    assert len(dues_before) >= 8  # a VIP renewal and a referral at least, per worker

    assert schedule.refresh_due_visits(ids, today=TODAY) == 4

    assert _versions("suivi_sante_duevisit", "worker_id", ids) == dues_before
    assert _versions("suivi_sante_worker", "id", ids) == workers_before


def test_a_changed_fact_rewrites_that_workers_rows_only_and_keeps_the_ids_of_its_kinds():
    employment = EmploymentFactory(start_on=datetime.date(2026, 10, 1))
    worker = employment.worker
    others = _population(2)
    ids = [worker.pk, *others]
    schedule.refresh_due_visits(ids, today=TODAY)
    vip = DueVisit.objects.get(worker=worker, kind="VIP")
    own_before = _versions("suivi_sante_duevisit", "worker_id", [worker.pk])
    others_before = _versions("suivi_sante_duevisit", "worker_id", others)
    workers_before = _versions("suivi_sante_worker", "id", ids)

    held(worker, "VIP", datetime.date(2026, 11, 10))  # the VIP is held: its renewal is due
    schedule.refresh_due_visits(ids, today=TODAY)

    renewal = DueVisit.objects.get(worker=worker, kind="VIP")
    assert renewal.pk == vip.pk  # the same kind is updated in place: links to it still work
    assert (renewal.due_on, renewal.legal_reference) == (datetime.date(2031, 11, 10), "R4624-16")
    assert renewal.computed_at > vip.computed_at
    assert _versions("suivi_sante_duevisit", "worker_id", [worker.pk])[vip.pk] != own_before[vip.pk]
    assert _versions("suivi_sante_duevisit", "worker_id", others) == others_before
    # Its category and justification did not move: no worker row is written, its own included.
    assert _versions("suivi_sante_worker", "id", ids) == workers_before


def test_a_worker_row_is_written_when_it_was_stale_or_its_category_moves():
    employment = EmploymentFactory(start_on=datetime.date(2026, 10, 1))
    worker = employment.worker
    others = _population(2)
    ids = [worker.pk, *others]
    schedule.refresh_due_visits(ids, today=TODAY)
    others_before = _versions("suivi_sante_worker", "id", others)
    computed_at = Worker.objects.get(pk=worker.pk).schedule_computed_at

    schedule.mark_stale([worker.pk])
    flagged = _versions("suivi_sante_worker", "id", [worker.pk])
    schedule.refresh_due_visits(ids, today=TODAY)

    fresh = Worker.objects.get(pk=worker.pk)
    assert not fresh.schedule_stale
    assert fresh.schedule_computed_at > computed_at
    assert _versions("suivi_sante_worker", "id", [worker.pk]) != flagged
    assert _versions("suivi_sante_worker", "id", others) == others_before

    # A SIR risk declared without flagging the worker (an update that skips the signals): the
    # weekly pass finds the new category and writes it, with its justification.
    before = _versions("suivi_sante_worker", "id", [worker.pk])
    type(employment).objects.filter(pk=employment.pk).update(sir_risks=["plomb"])
    schedule.refresh_due_visits(ids, today=TODAY)

    fresh = Worker.objects.get(pk=worker.pk)
    assert fresh.category == "SIR"
    assert fresh.category_justification.startswith("SIR")
    assert fresh.schedule_computed_at > computed_at
    assert _versions("suivi_sante_worker", "id", [worker.pk]) != before
    assert _versions("suivi_sante_worker", "id", others) == others_before

    # A justification that no longer matches the engine's (same category) is written again.
    Worker.objects.filter(pk=worker.pk).update(category_justification="autre texte")
    before = _versions("suivi_sante_worker", "id", [worker.pk])
    schedule.refresh_due_visits(ids, today=TODAY)

    assert Worker.objects.get(pk=worker.pk).category_justification == fresh.category_justification
    assert _versions("suivi_sante_worker", "id", [worker.pk]) != before
    assert _versions("suivi_sante_worker", "id", others) == others_before


def test_the_rows_that_disappear_are_deleted_and_new_kinds_inserted():
    employment = EmploymentFactory(start_on=datetime.date(2026, 10, 1))
    worker = employment.worker
    schedule.refresh_due_visits([worker.pk], today=TODAY)
    kept = {d.kind: d.pk for d in DueVisit.objects.filter(worker=worker)}
    employment.sir_risks = ["plomb"]  # SIR now: EMAE instead of the VIP
    employment.save()

    schedule.refresh_due_visits([worker.pk], today=TODAY)

    now = {d.kind: d.pk for d in DueVisit.objects.filter(worker=worker)}
    assert "VIP" in kept
    assert "VIP" not in now
    assert "EMAE" in now
    assert not DueVisit.objects.filter(pk=kept["VIP"]).exists()


def test_diff_rows_pairs_repeated_kinds_and_keeps_identical_rows():
    a = (1, 7, "REPRISE", datetime.date(2026, 1, 1), ("physician",), "R4624-31", "un")
    b = (1, 7, "REPRISE", datetime.date(2026, 2, 1), ("physician",), "R4624-31", "deux")
    c = (1, 7, "REPRISE", datetime.date(2026, 3, 1), ("physician",), "R4624-31", "trois")
    d = (2, 7, "VIP", datetime.date(2026, 3, 1), ("physician", "nurse"), "R4624-10", "vip")

    changes = store.diff_rows([(10, a), (11, b), (12, d)], [b, c, a])

    assert changes.deleted == [12]
    assert changes.updated == []
    assert changes.inserted == [c]
    moved = store.diff_rows([(10, a), (11, b)], [b, c])
    assert (moved.deleted, moved.updated, moved.inserted) == ([], [(10, c)], [])
    assert not store.diff_rows([(10, a), (11, a)], [a, a])


def test_ids_travel_as_one_array_literal():
    assert store.int_array([3, None, 1]) == "{3,NULL,1}"  # a NULL is refused by the database
    assert store.int_array([]) == "{}"
