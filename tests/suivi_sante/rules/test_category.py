import pytest

from suivi_sante.rules.category import derive_category
from suivi_sante.rules.kinds import AptitudeJob, Category, SirRisk
from suivi_sante.rules.schedule import EmploymentFacts, WorkerFacts
from tests.suivi_sante.rules import d

ADULT = WorkerFacts(birth_date=d("1990-05-12"))
TODAY = d("2026-06-01")


def category(worker=ADULT, today=TODAY, **facts):
    return derive_category(worker, EmploymentFacts(start_date=d("2026-01-05"), **facts), today)


@pytest.mark.parametrize(
    ("facts", "expected", "article"),
    [
        ({}, Category.SI, "R4624-10"),
        ({"night_work": True}, Category.SIA, "R4624-18"),
        ({"disabled": True}, Category.SIA, "R4624-20"),
        ({"invalidity_pension": True}, Category.SIA, "R4624-20"),
        ({"pregnant": True}, Category.SIA, "R4624-19"),
        ({"biological_agents_2": True}, Category.SIA, "R4624-18"),
        ({"electromagnetic_fields": True}, Category.SIA, "R4624-18"),
        ({"sir_risks": {SirRisk.AMIANTE}}, Category.SIR, "R4624-23 I"),
        ({"sir_risks": {SirRisk.RAYONNEMENTS_A}}, Category.SIR, "R4451-82"),
        ({"aptitude_jobs": {AptitudeJob.JEUNE_TRAVAUX_INTERDITS}}, Category.SIR, "R4153-40"),
        # R4624-23 II, R4541-9: loads over 55 kg only for workers found fit by the physician
        ({"aptitude_jobs": {AptitudeJob.CHARGES_55KG}}, Category.SIR, "R4541-9"),
        # SIR wins over SIA
        ({"night_work": True, "sir_risks": {SirRisk.PLOMB}}, Category.SIR, "R4412-160"),
        (
            {"biological_agents_2": True, "sir_risks": {SirRisk.AGENTS_BIOLOGIQUES_3_4}},
            Category.SIR,
            "groupes 3 et 4",
        ),
        ({"aptitude_jobs": {AptitudeJob.CACES}}, Category.SI, "décret 2025-355"),
        ({"aptitude_jobs": {AptitudeJob.HABILITATION_ELECTRIQUE}}, Category.SI, "R4544-10"),
        ({"aptitude_jobs": {AptitudeJob.CACES}, "night_work": True}, Category.SIA, "R4323-56"),
    ],
)
def test_category_and_its_justification_cite_the_article(facts, expected, article):
    found, reasons = category(**facts)
    assert found is expected
    assert any(article in reason for reason in reasons), reasons


def test_a_minor_on_today_is_in_adapted_follow_up_and_an_adult_the_next_day():
    worker = WorkerFacts(birth_date=d("2008-06-02"))
    assert category(worker, today=d("2026-06-01")) == (
        Category.SIA,
        ("SIA : salarié de moins de 18 ans (art. R4624-18)",),
    )
    assert category(worker, today=d("2026-06-02"))[0] is Category.SI


def test_caces_left_the_sir_on_1_october_2025_and_the_justification_says_so():
    found, reasons = category(aptitude_jobs={AptitudeJob.CACES})
    assert found is Category.SI
    assert "ne relève plus du SIR depuis le 01/10/2025" in reasons[1]
    assert "attestation de non contre-indication médicale valable 5 ans" in reasons[1]


def test_caces_was_a_sir_post_until_30_september_2025():
    found, reasons = category(today=d("2025-09-30"), aptitude_jobs={AptitudeJob.CACES})
    assert found is Category.SIR
    assert "jusqu'au 30/09/2025" in reasons[0]
    assert category(today=d("2025-10-01"), aptitude_jobs={AptitudeJob.CACES})[0] is Category.SI


def test_caces_with_asbestos_stays_sir_and_lists_every_ground():
    found, reasons = category(
        aptitude_jobs={AptitudeJob.CACES}, sir_risks={SirRisk.AMIANTE, SirRisk.CMR}
    )
    assert found is Category.SIR
    assert reasons[0] == "SIR : exposition à l'amiante (art. R4624-23 I)"
    assert "cancérogènes" in reasons[1]
    assert "CACES" in reasons[2]


def test_loads_over_55_kg_is_a_sir_post_of_r4624_23_ii_before_and_after_the_2025_reform():
    for today in (d("2025-09-30"), d("2025-10-01")):
        found, reasons = category(today=today, aptitude_jobs={AptitudeJob.CHARGES_55KG})
        assert found is Category.SIR
        assert reasons == (
            "SIR : manutention manuelle habituelle de charges de plus de 55 kg, poste à aptitude "
            "spécifique (art. R4624-23 II, art. R4541-9)",
        )


def test_biological_agents_of_group_2_and_electromagnetic_fields_are_adapted_follow_up():
    """R4624-18: group 2 is SIA, groups 3 and 4 are SIR (R4624-23 I); hired 31/01/2026."""
    hire = {"start_date": d("2026-01-31")}
    worker, today = ADULT, d("2026-02-01")
    assert derive_category(worker, EmploymentFacts(**hire, biological_agents_2=True), today) == (
        Category.SIA,
        ("SIA : exposition à des agents biologiques du groupe 2 (art. R4624-18)",),
    )
    assert derive_category(worker, EmploymentFacts(**hire, electromagnetic_fields=True), today) == (
        Category.SIA,
        (
            "SIA : exposition à des champs électromagnétiques au-delà des valeurs limites "
            "d'exposition (art. R4624-18)",
        ),
    )
    group_3_4 = EmploymentFacts(**hire, sir_risks={SirRisk.AGENTS_BIOLOGIQUES_3_4})
    assert derive_category(worker, group_3_4, today) == (
        Category.SIR,
        ("SIR : exposition à des agents biologiques des groupes 3 et 4 (art. R4624-23 I)",),
    )
