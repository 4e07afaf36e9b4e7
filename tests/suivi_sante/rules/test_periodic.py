"""Periodic renewals: VIP (R4624-16, R4624-17), SIR exam and intermediate visit (R4624-28)."""

import pytest

from suivi_sante.rules.kinds import AptitudeJob, Performer, SirRisk
from tests.suivi_sante.rules import d, due_of, only, schedule_for, visit

EITHER = (Performer.PHYSICIAN, Performer.NURSE)
PHYSICIAN = (Performer.PHYSICIAN,)


def test_vip_renewal_reads_its_last_visit_and_periodicity():
    vip = only(schedule_for(start="2024-01-08", history=[visit("VIP", "2024-03-20")]), "VIP")
    assert vip.due_date == d("2029-03-20")
    assert vip.legal_reference == "R4624-16"
    assert vip.performers == EITHER
    assert vip.reason == (
        "Renouvellement de la VIP avant le 20/03/2029 : dernière VIP le 20/03/2024, "
        "périodicité de 5 ans (art. R4624-16)"
    )


@pytest.mark.parametrize(
    ("facts", "due", "reference", "performers"),
    [
        ({}, "2030-03-31", "R4624-16", EITHER),  # SI: 5 years
        ({"pregnant": True}, "2030-03-31", "R4624-16", EITHER),  # SIA: 5 years
        ({"night_work": True}, "2028-03-31", "R4624-17", EITHER),  # night work: 3 years
        ({"biological_agents_2": True}, "2030-03-31", "R4624-16", EITHER),  # SIA: 5 years
        ({"electromagnetic_fields": True}, "2030-03-31", "R4624-16", EITHER),
        ({"biological_agents_2": True, "night_work": True}, "2028-03-31", "R4624-17", EITHER),
        ({"disabled": True}, "2028-03-31", "R4624-17", PHYSICIAN),  # after orientation
        ({"invalidity_pension": True}, "2028-03-31", "R4624-17", PHYSICIAN),
        ({"aptitude_jobs": {AptitudeJob.CACES}}, "2030-03-31", "R4624-16", PHYSICIAN),
        (
            {"aptitude_jobs": {AptitudeJob.CACES}, "night_work": True},
            "2028-03-31",
            "R4624-17",
            PHYSICIAN,
        ),
    ],
)
def test_vip_periodicity_by_situation(facts, due, reference, performers):
    vip = only(
        schedule_for(start="2025-01-06", history=[visit("VIP", "2025-03-31")], **facts), "VIP"
    )
    assert (vip.due_date, vip.legal_reference, vip.performers) == (d(due), reference, performers)


def test_an_exposure_to_biological_agents_of_group_2_is_renewed_within_5_years():
    """Hired 31/01/2026, VIP before assignment on 30/01/2026: renewal by 30/01/2031."""
    schedule = schedule_for(
        today="2026-06-01",
        start="2026-01-31",
        biological_agents_2=True,
        history=[visit("VIP", "2026-01-30", "nurse")],
    )
    vip = only(schedule, "VIP")
    assert schedule.category == "SIA"
    assert vip.due_date == d("2031-01-30")
    assert vip.reason.endswith("périodicité de 5 ans (art. R4624-16)")


def test_the_last_of_several_vips_runs_the_clock_and_other_visits_do_not():
    history = [
        visit("VIP", "2024-03-20"),
        visit("VIP", "2025-02-10", "nurse"),
        visit("DEMANDE", "2025-06-01"),
        visit("REPRISE", "2025-09-01"),
        visit("VISITE_INTERMEDIAIRE", "2025-10-01", "nurse"),
    ]
    assert only(schedule_for(start="2024-01-08", history=history), "VIP").due_date == d(
        "2030-02-10"
    )


@pytest.mark.parametrize(
    ("months", "due", "fragment"),
    [
        (
            24,
            "2027-03-31",
            "périodicité de 2 ans fixée par le médecin du travail (maximum légal : 5 ans",
        ),
        (18, "2026-09-30", "périodicité de 18 mois fixée par le médecin du travail"),
        (60, "2030-03-31", "fixée par le médecin du travail"),  # equal to the maximum
        (61, "2030-03-31", "la périodicité de 61 mois fixée par le médecin dépasse ce maximum"),
        (72, "2030-03-31", "la périodicité de 6 ans fixée par le médecin dépasse ce maximum légal"),
    ],
)
def test_physician_periodicity_shortens_but_never_lengthens_the_vip(months, due, fragment):
    vip = only(
        schedule_for(
            start="2025-01-06",
            history=[visit("VIP", "2025-03-31")],
            physician_periodicity_months=months,
        ),
        "VIP",
    )
    assert vip.due_date == d(due)
    assert fragment in vip.reason


def test_physician_periodicity_longer_than_three_years_is_ignored_for_a_night_worker():
    vip = only(
        schedule_for(
            start="2025-01-06",
            night_work=True,
            history=[visit("VIP", "2025-03-31")],
            physician_periodicity_months=48,
        ),
        "VIP",
    )
    assert vip.due_date == d("2028-03-31")
    assert "périodicité de 3 ans pour un travailleur de nuit (art. R4624-17)" in vip.reason
    assert "n'est pas retenue" in vip.reason


def test_no_renewal_after_the_employment_ends():
    history = [visit("VIP", "2025-03-31")]
    assert due_of(schedule_for(start="2025-01-06", end="2030-03-30", history=history), "VIP") == []
    renewal = only(schedule_for(start="2025-01-06", end="2030-03-31", history=history), "VIP")
    assert renewal.due_date == d("2030-03-31")


# --- SIR --------------------------------------------------------------------------------------


def test_sir_exam_every_four_years_and_an_intermediate_visit_at_two():
    schedule = schedule_for(
        start="2025-01-06", sir_risks={SirRisk.AMIANTE}, history=[visit("EMAE", "2025-01-06")]
    )
    renewal = only(schedule, "SIR_PERIODIQUE")
    intermediate = only(schedule, "VISITE_INTERMEDIAIRE")
    assert (renewal.due_date, renewal.performers, renewal.legal_reference) == (
        d("2029-01-06"),
        PHYSICIAN,
        "R4624-28",
    )
    assert renewal.reason == (
        "Renouvellement de l'examen d'aptitude avant le 06/01/2029 : dernier examen par le "
        "médecin du travail le 06/01/2025, périodicité de 4 ans (art. R4624-28)"
    )
    assert (intermediate.due_date, intermediate.performers) == (d("2027-01-06"), EITHER)
    assert "au plus tard 2 ans après le dernier examen" in intermediate.reason


def test_an_intermediate_visit_after_the_last_exam_is_not_due_again():
    schedule = schedule_for(
        start="2020-01-06",
        sir_risks={SirRisk.HYPERBARE},
        history=[
            visit("EMAE", "2020-01-06"),
            visit("VISITE_INTERMEDIAIRE", "2021-12-01", "nurse"),
            visit("SIR_PERIODIQUE", "2023-11-15"),
            visit("VISITE_INTERMEDIAIRE", "2025-10-01", "nurse"),
        ],
    )
    assert only(schedule, "SIR_PERIODIQUE").due_date == d("2027-11-15")
    assert due_of(schedule, "VISITE_INTERMEDIAIRE") == []


def test_an_intermediate_visit_before_the_last_exam_does_not_count():
    schedule = schedule_for(
        start="2020-01-06",
        sir_risks={SirRisk.ECHAFAUDAGES},
        history=[
            visit("EMAE", "2020-01-06"),
            visit("VISITE_INTERMEDIAIRE", "2022-01-03", "nurse"),
            visit("SIR_PERIODIQUE", "2024-01-02"),
        ],
    )
    assert only(schedule, "VISITE_INTERMEDIAIRE").due_date == d("2026-01-02")


def test_category_a_radiation_worker_is_re_examined_every_year_without_intermediate_visit():
    schedule = schedule_for(
        start="2026-01-10",
        sir_risks={SirRisk.RAYONNEMENTS_A},
        history=[visit("EMAE", "2026-01-10")],
    )
    renewal = only(schedule, "SIR_PERIODIQUE")
    assert renewal.due_date == d("2027-01-10")
    assert renewal.legal_reference == "R4451-82"
    assert "périodicité de 1 an en catégorie A (art. R4451-82)" in renewal.reason
    assert due_of(schedule, "VISITE_INTERMEDIAIRE") == []


def test_category_b_radiation_worker_follows_the_sir_rule():
    schedule = schedule_for(
        start="2026-01-10",
        sir_risks={SirRisk.RAYONNEMENTS_B},
        history=[visit("EMAE", "2026-01-10")],
    )
    assert only(schedule, "SIR_PERIODIQUE").due_date == d("2030-01-10")
    assert only(schedule, "VISITE_INTERMEDIAIRE").due_date == d("2028-01-10")


@pytest.mark.parametrize(
    ("risk", "months", "exam_due", "intermediate_due", "retained"),
    [
        (SirRisk.CMR, 36, "2029-02-28", "2028-02-28", True),  # 3 years, intermediate first
        (SirRisk.CMR, 24, "2028-02-28", None, True),  # exam on the intermediate's day
        (SirRisk.CMR, 60, "2030-02-28", "2028-02-28", False),  # over 4 years: ignored
        (SirRisk.RAYONNEMENTS_A, 6, "2026-08-28", None, True),
        (SirRisk.RAYONNEMENTS_A, 24, "2027-02-28", None, False),  # over 1 year: ignored
    ],
)
def test_physician_periodicity_in_sir(risk, months, exam_due, intermediate_due, retained):
    schedule = schedule_for(
        start="2026-02-02",
        sir_risks={risk},
        history=[visit("EMAE", "2026-02-28")],
        physician_periodicity_months=months,
    )
    renewal = only(schedule, "SIR_PERIODIQUE")
    assert renewal.due_date == d(exam_due)
    assert ("n'est pas retenue" not in renewal.reason) is retained
    intermediates = [item.due_date for item in due_of(schedule, "VISITE_INTERMEDIAIRE")]
    assert intermediates == ([] if intermediate_due is None else [d(intermediate_due)])
