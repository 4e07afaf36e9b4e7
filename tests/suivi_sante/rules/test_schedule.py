"""``compute_schedule`` as a whole, and the facts' own checks."""

import re

import pytest

from suivi_sante.rules.kinds import AbsenceCause, Category, Contract, SirRisk, VisitKind
from suivi_sante.rules.schedule import Absence, EmploymentFacts, PastVisit
from tests.suivi_sante.rules import absence, d, due_of, schedule_for, visit


def test_due_visits_are_sorted_by_date_then_kind():
    schedule = schedule_for(
        today="2026-01-20",
        birth="1990-05-12",
        start="2020-01-06",
        sir_risks={SirRisk.PLOMB},
        history=[visit("EMAE", "2020-01-06"), visit("SIR_PERIODIQUE", "2024-02-01")],
        absences=[absence("2025-12-25", "2026-01-23", "accident_travail")],
    )
    assert [(item.kind, item.due_date) for item in schedule.due] == [
        (VisitKind.REPRISE, d("2026-02-01")),  # return on 24/01 + 8 days
        (VisitKind.VISITE_INTERMEDIAIRE, d("2026-02-01")),  # exam of 01/02/2024 + 2 years
        (VisitKind.SIR_PERIODIQUE, d("2028-02-01")),
        (VisitKind.MI_CARRIERE, d("2035-12-31")),
    ]
    assert schedule.category is Category.SIR
    assert schedule.category_reasons == (
        "SIR : exposition au plomb au-delà des seuils de l'art. R4412-160 (art. R4624-23 I)",
    )


def test_an_ended_employment_keeps_only_what_fell_due_while_it_lasted():
    schedule = schedule_for(
        today="2026-06-01",
        start="2025-01-06",
        end="2025-12-31",
        contract=Contract.CDD,
        absences=[absence("2026-02-01", None, "maladie")],
    )
    assert [(item.kind, item.due_date) for item in schedule.due] == [
        (VisitKind.VIP, d("2025-04-06")),  # missed while employed: overdue
    ]


def test_facts_accept_plain_strings_and_sets():
    facts = EmploymentFacts(
        start_date=d("2026-01-05"), contract="CDD", sir_risks={"amiante"}, aptitude_jobs=["caces"]
    )
    assert facts.contract is Contract.CDD
    assert facts.sir_risks == frozenset({SirRisk.AMIANTE})
    assert isinstance(facts.aptitude_jobs, frozenset)
    assert PastVisit(kind="VIP", date=d("2026-01-05"), performer="nurse").kind is VisitKind.VIP
    assert Absence(start=d("2026-01-05"), end=None, cause="maternite").cause is (
        AbsenceCause.MATERNITE
    )


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"end": "2026-01-04"}, "fin d'emploi (04/01/2026) antérieure au début (05/01/2026)"),
        ({"physician_periodicity_months": 0}, "(0) : entier strictement positif attendu"),
        (
            {"absences": [absence("2026-03-05", "2026-03-04", "maladie")]},
            "fin d'absence (04/03/2026) antérieure au début (05/03/2026)",
        ),
        (
            {"history": [visit("SIR_PERIODIQUE", "2026-01-05", "nurse")]},
            "SIR_PERIODIQUE du 05/01/2026 tenu par un infirmier : réservé au médecin du travail "
            "(art. R4623-14)",
        ),
        (
            {"history": [visit("VIP", "1990-05-11", "nurse")]},
            "visite du 11/05/1990 avant la date de naissance",
        ),
        ({"birth": "2026-06-02"}, "date de naissance (02/06/2026) postérieure à la date du jour"),
    ],
)
def test_incoherent_facts_are_refused_when_computing(facts, message):
    # Built without complaint, refused by compute_schedule: one ValueError per worker.
    with pytest.raises(ValueError, match=re.escape(message)):
        schedule_for(today="2026-06-01", start="2026-01-05", **facts)


def test_unknown_values_are_refused_when_building_the_facts():
    with pytest.raises(ValueError, match="CDX"):
        EmploymentFacts(start_date=d("2026-01-05"), contract="CDX")


def test_history_and_absences_may_be_any_iterable():
    schedule = schedule_for(
        start="2026-01-05",
        history=(visit("VIP", "2026-02-01") for _ in range(1)),
        absences=iter([absence("2026-03-01", "2026-03-01", "maternite")]),
    )
    assert due_of(schedule, "VIP")[0].due_date == d("2031-02-01")
    assert due_of(schedule, "REPRISE")[0].due_date == d("2026-03-10")


@pytest.mark.parametrize(
    ("override", "first_kind", "due"),
    [
        ("SIR", VisitKind.EMAE, "2026-12-01"),  # raised to SIR: the EMAE before assignment
        ("SIA", VisitKind.VIP, "2027-03-01"),  # SIA for a day worker: still 3 months
    ],
)
def test_the_physicians_category_drives_the_schedule(override, first_kind, due):
    from suivi_sante.rules.schedule import WorkerFacts, compute_schedule

    schedule = compute_schedule(
        today=d("2026-11-23"),
        worker=WorkerFacts(birth_date=d("1990-05-12")),
        employment=EmploymentFacts(start_date=d("2026-12-01")),
        history=[],
        absences=[],
        category_override=override,
    )
    assert schedule.category is Category(override)
    assert schedule.category_reasons[0] == (
        f"{override} : catégorie fixée par le médecin du travail ; "
        "les déclarations seules donneraient SI."
    )
    assert (schedule.due[0].kind, schedule.due[0].due_date) == (first_kind, d(due))


def test_a_physician_lowering_sir_to_si_removes_the_emae():
    from suivi_sante.rules.schedule import WorkerFacts, compute_schedule

    schedule = compute_schedule(
        today=d("2026-11-23"),
        worker=WorkerFacts(birth_date=d("1990-05-12")),
        employment=EmploymentFacts(start_date=d("2026-12-01"), sir_risks={SirRisk.PLOMB}),
        history=[],
        absences=[],
        category_override="SI",
    )
    assert schedule.category is Category.SI
    assert VisitKind.EMAE not in {item.kind for item in schedule.due}
    assert VisitKind.VIP in {item.kind for item in schedule.due}
