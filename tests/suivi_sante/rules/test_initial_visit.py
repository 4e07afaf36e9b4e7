"""Initial visit: VIP (R4624-10, R4624-18), EMAE (R4624-24) and their waivers."""

import pytest

from suivi_sante.rules.kinds import AptitudeJob, Category, Contract, Performer, SirRisk
from tests.suivi_sante.rules import d, due_of, only, schedule_for, visit

EITHER = (Performer.PHYSICIAN, Performer.NURSE)
PHYSICIAN = (Performer.PHYSICIAN,)


def test_vip_within_three_months_of_hiring_reads_exactly():
    schedule = schedule_for(today="2026-06-01", start="2026-10-01")
    vip = only(schedule, "VIP")
    assert schedule.category is Category.SI
    assert vip.due_date == d("2027-01-01")
    assert vip.performers == EITHER
    assert vip.legal_reference == "R4624-10"
    assert vip.reason == (
        "VIP initiale à réaliser avant le 01/01/2027 : embauche le 01/10/2026, "
        "délai de 3 mois (art. R4624-10)"
    )


@pytest.mark.parametrize(
    ("start", "due"),
    [
        ("2026-01-15", "2026-04-15"),  # exactly 3 months
        ("2026-10-31", "2027-01-31"),  # hire on the 31st, month of 31 days
        ("2026-03-31", "2026-06-30"),  # hire on the 31st, June has 30 days
        ("2026-11-30", "2027-02-28"),
        ("2027-11-30", "2028-02-29"),  # leap year
        ("2026-12-31", "2027-03-31"),
    ],
)
def test_vip_deadline_is_three_calendar_months_clamped_to_the_months_end(start, due):
    assert only(schedule_for(start=start), "VIP").due_date == d(due)


@pytest.mark.parametrize(
    ("facts", "fragment"),
    [
        ({"night_work": True}, "travail de nuit (art. R4624-18)"),
        ({"birth": "2009-03-01"}, "moins de 18 ans à l'embauche (art. R4624-18)"),
    ],
)
def test_night_workers_and_minors_have_their_vip_before_assignment(facts, fragment):
    vip = only(schedule_for(start="2026-09-01", **facts), "VIP")
    assert vip.due_date == d("2026-09-01")
    assert vip.legal_reference == "R4624-18"
    assert vip.reason.startswith("VIP initiale à réaliser avant l'affectation au poste, le 01/09/")
    assert fragment in vip.reason


@pytest.mark.parametrize(
    ("facts", "due", "reference"),
    [
        ({}, "2026-04-30", "R4624-10"),  # SI: 3 months, April has no 31st
        ({"biological_agents_2": True}, "2026-01-31", "R4624-18"),  # before assignment
        ({"electromagnetic_fields": True}, "2026-01-31", "R4624-18"),
    ],
)
def test_exposures_of_r4624_18_call_for_the_vip_before_assignment(facts, due, reference):
    schedule = schedule_for(today="2026-01-15", start="2026-01-31", **facts)
    vip = only(schedule, "VIP")
    assert (vip.due_date, vip.legal_reference, vip.performers) == (d(due), reference, EITHER)
    assert schedule.category is (Category.SIA if facts else Category.SI)


def test_the_vip_before_assignment_names_every_exposure():
    vip = only(
        schedule_for(start="2026-01-31", biological_agents_2=True, electromagnetic_fields=True),
        "VIP",
    )
    assert vip.reason == (
        "VIP initiale à réaliser avant l'affectation au poste, le 31/01/2026 : exposition à des "
        "agents biologiques du groupe 2 (art. R4624-18) ; exposition à des champs "
        "électromagnétiques au-delà des valeurs limites d'exposition (art. R4624-18)"
    )


def test_a_worker_who_turns_18_the_day_of_hiring_has_the_ordinary_delay():
    vip = only(schedule_for(birth="2008-09-01", start="2026-09-01"), "VIP")
    assert vip.due_date == d("2026-12-01")


@pytest.mark.parametrize(
    ("facts", "fragment"),
    [
        ({"disabled": True}, "orientation sans délai vers le médecin du travail après la VIP"),
        ({"invalidity_pension": True}, "(art. R4624-20)"),
        ({"pregnant": True}, "à tout moment, à sa demande (art. R4624-19)"),
    ],
)
def test_adapted_follow_up_with_orientation_keeps_the_three_month_delay(facts, fragment):
    schedule = schedule_for(start="2026-10-01", **facts)
    vip = only(schedule, "VIP")
    assert schedule.category is Category.SIA
    assert vip.due_date == d("2027-01-01")
    assert vip.performers == EITHER
    assert fragment in vip.reason


def test_an_apprentice_has_two_months():
    vip = only(schedule_for(start="2026-09-30", contract=Contract.APPRENTI), "VIP")
    assert vip.due_date == d("2026-11-30")
    assert "délai de 2 mois pour un apprenti (art. R6222-40-1)" in vip.reason


def test_a_temporary_worker_follows_the_same_computation():
    vip = only(schedule_for(start="2026-10-01", contract=Contract.INTERIM), "VIP")
    assert vip.due_date == d("2027-01-01")


def test_a_contract_ending_before_the_deadline_brings_the_vip_to_its_last_day():
    vip = only(schedule_for(start="2026-10-01", end="2026-11-20", contract=Contract.CDD), "VIP")
    assert vip.due_date == d("2026-11-20")
    assert vip.reason.startswith("VIP initiale à réaliser avant le 20/11/2026 : embauche le ")
    assert "fin d'emploi le 20/11/2026 : échéance ramenée au dernier jour d'emploi" in vip.reason


def test_an_overdue_initial_vip_stays_listed():
    vip = only(schedule_for(today="2026-06-01", start="2025-01-10"), "VIP")
    assert vip.due_date == d("2025-04-10")


# --- VIP waiver (R4624-15): 5 years, 3 years in adapted follow-up ------------------------------


@pytest.mark.parametrize(
    ("facts", "previous_vip", "renewal"),
    [
        ({}, "2021-09-01", "2026-09-01"),  # SI, exactly 5 years before: renewal on hiring day
        ({}, "2021-08-31", None),  # SI, 5 years and a day: no waiver
        ({}, "2022-09-01", "2027-09-01"),  # SI, 4 years
        ({"pregnant": True}, "2022-09-01", None),  # SIA, 4 years: over 3
        ({"pregnant": True}, "2023-09-01", "2028-09-01"),  # SIA, exactly 3 years
        ({"night_work": True}, "2023-08-31", None),  # SIA, 3 years and a day
        ({"biological_agents_2": True}, "2023-09-01", "2028-09-01"),  # SIA, exactly 3 years
        ({"biological_agents_2": True}, "2023-08-31", None),  # SIA, 3 years and a day
        ({"electromagnetic_fields": True}, "2023-08-31", None),
    ],
)
def test_a_recent_vip_waives_the_initial_one(facts, previous_vip, renewal):
    schedule = schedule_for(
        start="2026-09-01", history=[visit("VIP", previous_vip, "nurse")], **facts
    )
    vip = only(schedule, "VIP")
    if renewal:
        assert vip.reason.startswith("Renouvellement de la VIP")
        assert "dispense de VIP initiale, art. R4624-15" in vip.reason
        assert vip.due_date == d(renewal)
    else:
        assert vip.reason.startswith("VIP initiale")
        assert f"dernière visite le {d(previous_vip):%d/%m/%Y}" in vip.reason
        assert "pas de dispense (art. R4624-15)" in vip.reason


def test_a_waived_vip_runs_the_periodic_clock_from_the_earlier_visit():
    vip = only(schedule_for(start="2026-09-01", history=[visit("VIP", "2022-09-01")]), "VIP")
    assert vip.due_date == d("2027-09-01")


# Seasonal workers (D4625-22): see test_seasonal_and_temporary.py.


# --- CACES and electrical clearances (décret 2025-355) ----------------------------------------


def test_caces_alone_gives_si_and_a_physician_vip_before_the_start():
    schedule = schedule_for(start="2026-09-01", aptitude_jobs={AptitudeJob.CACES})
    vip = only(schedule, "VIP")
    assert schedule.category is Category.SI
    assert vip.due_date == d("2026-09-01")
    assert vip.performers == PHYSICIAN
    assert vip.legal_reference == "R4323-56"
    assert "par le médecin du travail avant l'affectation au poste" in vip.reason
    assert "attestation de non contre-indication médicale valable 5 ans" in vip.reason
    assert "décret 2025-355" in vip.reason
    assert due_of(schedule, "EMAE") == []


def test_electrical_clearance_cites_its_article_and_both_posts_give_one_visit():
    clearance = only(schedule_for(aptitude_jobs={AptitudeJob.HABILITATION_ELECTRIQUE}), "VIP")
    assert clearance.legal_reference == "R4544-10"
    both = only(
        schedule_for(aptitude_jobs={AptitudeJob.CACES, AptitudeJob.HABILITATION_ELECTRIQUE}),
        "VIP",
    )
    assert "R4323-56" in both.reason
    assert "R4544-10" in both.reason


def test_caces_counts_only_a_visit_by_the_physician():
    nurse = schedule_for(
        start="2026-09-01",
        aptitude_jobs={AptitudeJob.CACES},
        history=[visit("VIP", "2025-01-10", "nurse")],
    )
    assert only(nurse, "VIP").reason.startswith("VIP initiale")
    physician = schedule_for(
        start="2026-09-01",
        aptitude_jobs={AptitudeJob.CACES},
        history=[visit("VIP", "2025-01-10", "physician")],
    )
    assert only(physician, "VIP").due_date == d("2030-01-10")


def test_an_aptitude_avis_issued_under_sir_before_the_reform_stays_valid_five_years():
    schedule = schedule_for(
        start="2026-09-01",
        aptitude_jobs={AptitudeJob.CACES},
        history=[visit("EMAE", "2025-03-15")],
    )
    vip = only(schedule, "VIP")
    assert vip.due_date == d("2030-03-15")
    assert vip.performers == PHYSICIAN
    assert "dernier examen d'aptitude le 15/03/2025" in vip.reason


def test_caces_with_asbestos_is_sir_with_an_emae():
    schedule = schedule_for(
        start="2026-09-01", aptitude_jobs={AptitudeJob.CACES}, sir_risks={SirRisk.AMIANTE}
    )
    assert schedule.category is Category.SIR
    emae = only(schedule, "EMAE")
    assert emae.due_date == d("2026-09-01")
    assert emae.performers == PHYSICIAN
    assert emae.legal_reference == "R4624-24"
    assert due_of(schedule, "VIP") == []


# --- EMAE and its waiver (R4624-24, R4624-27) -------------------------------------------------


@pytest.mark.parametrize(
    ("exam", "waived"),
    [
        ("2024-06-16", True),  # 2 years minus a day before hiring
        ("2024-06-15", True),  # exactly 2 years
        ("2024-06-14", False),  # 2 years plus a day
    ],
)
def test_an_aptitude_exam_in_the_two_years_before_waives_the_emae(exam, waived):
    schedule = schedule_for(
        start="2026-06-15", sir_risks={SirRisk.PLOMB}, history=[visit("SIR_PERIODIQUE", exam)]
    )
    if waived:
        assert due_of(schedule, "EMAE") == []
        renewal = only(schedule, "SIR_PERIODIQUE")
        assert renewal.due_date == d(exam).replace(year=2028)  # clock from the earlier exam
        assert "dispense d'EMAE, art. R4624-27" in renewal.reason
        assert only(schedule, "VISITE_INTERMEDIAIRE").due_date == d(exam).replace(year=2026)
    else:
        emae = only(schedule, "EMAE")
        assert emae.due_date == d("2026-06-15")
        assert "pas de dispense (art. R4624-27)" in emae.reason
        assert due_of(schedule, "SIR_PERIODIQUE") == []


def test_an_emae_stays_listed_overdue_when_never_held():
    emae = only(schedule_for(start="2025-02-03", sir_risks={SirRisk.CMR}), "EMAE")
    assert emae.due_date == d("2025-02-03")
    assert emae.reason == (
        "EMAE à réaliser par le médecin du travail avant l'affectation au poste, le 03/02/2025 : "
        "salarié en SIR (art. R4624-24)"
    )


def test_a_young_worker_on_forbidden_works_has_an_emae():
    schedule = schedule_for(
        birth="2009-01-01", start="2026-09-01", aptitude_jobs={AptitudeJob.JEUNE_TRAVAUX_INTERDITS}
    )
    assert schedule.category is Category.SIR
    assert only(schedule, "EMAE").due_date == d("2026-09-01")
