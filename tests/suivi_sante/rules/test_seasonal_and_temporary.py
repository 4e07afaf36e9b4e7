"""Temporary workers (R4625-11, R4625-13) and seasonal workers (D4625-22), with concrete dates
on both sides of each boundary."""

import pytest

from suivi_sante.rules.kinds import AptitudeJob, Category, Contract, SirRisk
from suivi_sante.rules.schedule import EmploymentFacts, WorkerFacts, compute_schedule
from tests.suivi_sante.rules import d, due_of, only, schedule_for, visit

# --- temporary workers: 2 years for the same job ---------------------------------------------


@pytest.mark.parametrize(
    ("contract", "held_on", "waived", "article"),
    [
        # R4625-11: an attestation de suivi for the same job within the 2 years before the mission
        (Contract.INTERIM, "2024-09-01", True, "R4625-11"),  # exactly 2 years before
        (Contract.INTERIM, "2024-08-31", False, "R4625-11"),  # 2 years and 1 day before
        # R4624-15 for other contracts: 5 years, the same VIP still waives
        (Contract.CDI, "2024-08-31", True, "R4624-15"),
        (Contract.CDI, "2021-08-31", False, "R4624-15"),
    ],
)
def test_temporary_worker_vip_waived_only_by_a_visit_within_two_years(
    contract, held_on, waived, article
):
    schedule = schedule_for(start="2026-09-01", contract=contract, history=[visit("VIP", held_on)])
    vip = only(schedule, "VIP")
    if waived:
        assert vip.reason.startswith("Renouvellement de la VIP")
        assert f"dispense de VIP initiale, art. {article})" in vip.reason
    else:
        assert vip.reason.startswith("VIP initiale à réaliser avant le 01/12/2026")
        assert f"pas de dispense (art. {article})" in vip.reason


def test_temporary_worker_in_adapted_follow_up_also_has_two_years_not_three():
    # A night worker (SIA) on a mission: R4625-11 says 2 years whatever the category.
    held_two_years_and_a_day = schedule_for(
        start="2026-09-01",
        contract=Contract.INTERIM,
        night_work=True,
        history=[visit("VIP", "2024-08-31")],
    )
    vip = only(held_two_years_and_a_day, "VIP")
    assert vip.due_date == d("2026-09-01")  # before assignment (R4624-18)
    assert "plus de 2 ans avant l'embauche : pas de dispense (art. R4625-11)" in vip.reason


@pytest.mark.parametrize(
    ("held_on", "waived"),
    [
        ("2024-09-01", True),  # R4625-13: aptitude exam exactly 2 years before the mission
        ("2024-08-31", False),  # 2 years and 1 day: a new EMAE before assignment
    ],
)
def test_temporary_worker_emae_waived_within_two_years_citing_r4625_13(held_on, waived):
    schedule = schedule_for(
        start="2026-09-01",
        contract=Contract.INTERIM,
        sir_risks={SirRisk.CMR},
        history=[visit("EMAE", held_on)],
    )
    if waived:
        assert due_of(schedule, "EMAE") == []
        exam = only(schedule, "SIR_PERIODIQUE")
        assert "dispense d'EMAE, art. R4625-13)" in exam.reason
    else:
        emae = only(schedule, "EMAE")
        assert emae.due_date == d("2026-09-01")
        assert "pas de dispense (art. R4625-13)" in emae.reason


# --- seasonal workers: 45 days of effective work ------------------------------------------------

BIO = {SirRisk.AGENTS_BIOLOGIQUES_3_4}


@pytest.mark.parametrize(
    ("end", "effective_days", "emae_due"),
    [
        # D4625-22: the aptitude exam on a risk post from 45 days of *effective* work
        ("2026-09-30", 44, False),  # 92 calendar days but 44 days of work: collective actions
        ("2026-09-30", 45, True),  # exactly 45 is not "less than 45": EMAE before assignment
        ("2026-07-20", None, False),  # 20-day contract: fewer than 45 days of work for sure
        ("2026-08-13", None, False),  # 44 calendar days, unknown work days: at most 44
        ("2026-08-14", None, True),  # 45 calendar days, unknown work days: 45 assumed
        (None, None, True),  # no end date, unknown work days: 45 assumed (protects the worker)
    ],
)
def test_seasonal_worker_on_a_risk_post_gets_the_emae_from_45_effective_days(
    end, effective_days, emae_due
):
    schedule = schedule_for(
        start="2026-07-01",
        end=end,
        contract=Contract.SAISONNIER,
        sir_risks=BIO,
        effective_work_days=effective_days,
    )
    assert schedule.category is Category.SIR
    if emae_due:
        emae = only(schedule, "EMAE")
        assert emae.due_date == d("2026-07-01")
        assert "(art. D4625-22)" in emae.reason
        assert schedule.notices == ()
    else:
        assert due_of(schedule, "EMAE") == []
        (notice,) = schedule.notices
        assert "actions collectives de formation et de prévention" in notice
        assert "moins de 45 jours : pas d'examen d'aptitude" in notice
        assert notice.endswith("(art. D4625-22)")
        assert notice in schedule.category_reasons


def test_seasonal_unknown_effective_days_says_what_the_engine_assumed():
    schedule = schedule_for(
        start="2026-07-01", end="2026-08-14", contract=Contract.SAISONNIER, sir_risks=BIO
    )
    assert (
        "jours de travail effectif non déclarés (contrat de 45 jours calendaires), au moins 45 "
        "jours retenus, lecture qui protège le salarié (art. D4625-22)"
    ) in only(schedule, "EMAE").reason


@pytest.mark.parametrize(
    ("end", "effective_days"),
    [("2026-07-20", 20), ("2026-09-30", 44), ("2026-09-30", 45), ("2026-12-31", 150)],
)
def test_seasonal_worker_without_particular_risk_gets_collective_actions_whatever_the_length(
    end, effective_days
):
    # D4625-22: posts without particular risks get the AFP, not an individual VIP.
    schedule = schedule_for(
        start="2026-07-01",
        end=end,
        contract=Contract.SAISONNIER,
        effective_work_days=effective_days,
    )
    assert due_of(schedule, "VIP") == []
    (notice,) = schedule.notices
    assert "poste sans risque particulier, quelle que soit la durée du contrat" in notice


def test_seasonal_caces_post_keeps_its_physician_visit():
    schedule = schedule_for(
        start="2026-07-01",
        end="2026-07-20",
        contract=Contract.SAISONNIER,
        aptitude_jobs={AptitudeJob.CACES},
    )
    assert only(schedule, "VIP").due_date == d("2026-07-01")
    assert schedule.notices == ()


def test_a_cdd_is_not_a_seasonal_contract():
    schedule = schedule_for(start="2026-07-01", end="2026-07-20", contract=Contract.CDD)
    assert only(schedule, "VIP").due_date == d("2026-07-20")
    assert schedule.notices == ()


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (0, "jours de travail effectif (0) : entier strictement positif attendu"),
        (
            21,
            "jours de travail effectif (21) supérieurs à la durée du contrat (20 jours du "
            "01/07/2026 au 20/07/2026)",
        ),
    ],
)
def test_effective_work_days_incoherent_with_the_contract_are_refused(days, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        compute_schedule(
            today=d("2026-06-01"),
            worker=WorkerFacts(birth_date=d("1990-01-01")),
            employment=EmploymentFacts(
                start_date=d("2026-07-01"),
                end_date=d("2026-07-20"),
                contract=Contract.SAISONNIER,
                effective_work_days=days,
            ),
            history=(),
            absences=(),
        )
