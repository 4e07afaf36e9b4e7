"""Follow-up category of a worker in a post: SI, SIA or SIR, with its justification."""

from datetime import date

from suivi_sante.rules import law
from suivi_sante.rules.dates import age_on, french
from suivi_sante.rules.facts import EmploymentFacts, WorkerFacts
from suivi_sante.rules.kinds import Category, SirRisk


def derive_category(
    worker: WorkerFacts, employment: EmploymentFacts, today: date
) -> tuple[Category, tuple[str, ...]]:
    """Category on ``today`` and its French justifications (R4624-10, R4624-17 to R4624-23).

    SIR for a particular risk of R4624-23 I or a post conditioned by a specific aptitude check
    of R4624-23 II (young worker on forbidden works, R4153-40; loads over 55 kg, R4541-9);
    else SIA for night work, a minor, an exposure to biological agents of group 2 or to
    electromagnetic fields above the limit values, a disabled worker or invalidity pension
    holder, a pregnant woman (R4624-18 to R4624-20); else SI. CACES and electrical clearances
    were SIR posts until 30 September 2025 and are SI from 1 October 2025 (décret 2025-355 du
    18 avril 2025).
    """
    sir = _sir_reasons(employment, today)
    notes = _aptitude_reform_notes(employment, today)
    if sir:
        return Category.SIR, (*sir, *notes)
    sia = _sia_reasons(worker, employment, today)
    if sia:
        return Category.SIA, (*sia, *notes)
    simple = "SI : ni risque particulier ni situation de suivi adapté (art. R4624-10 à R4624-16)"
    return Category.SI, (simple, *notes)


def _sir_reasons(employment: EmploymentFacts, today: date) -> list[str]:
    if not employment.sir_risks and not employment.aptitude_jobs:
        return []  # most posts: nothing to look up (and iterating an enum is slow)
    # Sorted by the enum's order, so that the justification reads the same on every run.
    reasons = [
        f"SIR : {law.SIR_RISK_LABELS[risk]} (art. R4624-23 I)"
        for risk in SirRisk
        if risk in employment.sir_risks
    ]
    reasons.extend(
        f"SIR : {label}, poste à aptitude spécifique (art. R4624-23 II, art. {article})"
        for job, (label, article) in law.SIR_APTITUDE_POSTS.items()
        if job in employment.aptitude_jobs
    )
    if today < law.APTITUDE_REFORM_ON:
        reasons.extend(
            f"SIR : {label}, poste à aptitude spécifique jusqu'au 30/09/2025 "
            f"(art. R4624-23 II, art. {article})"
            for job, (label, article) in law.APTITUDE_POSTS.items()
            if job in employment.aptitude_jobs
        )
    return reasons


def _aptitude_reform_notes(employment: EmploymentFacts, today: date) -> list[str]:
    if today < law.APTITUDE_REFORM_ON:
        return []
    return [
        f"{label} (art. {article}) : ne relève plus du SIR depuis le "
        f"{french(law.APTITUDE_REFORM_ON)} (décret 2025-355 du 18 avril 2025) ; VIP par le "
        "médecin du travail avant l'affectation puis au moins tous les 5 ans, avec une "
        "attestation de non contre-indication médicale valable 5 ans"
        for job, (label, article) in law.APTITUDE_POSTS.items()
        if job in employment.aptitude_jobs
    ]


def _sia_reasons(worker: WorkerFacts, employment: EmploymentFacts, today: date) -> list[str]:
    reasons = []
    if employment.night_work:
        reasons.append("SIA : travailleur de nuit (art. R4624-18)")
    if age_on(worker.birth_date, today) < law.MINOR_AGE:
        reasons.append("SIA : salarié de moins de 18 ans (art. R4624-18)")
    reasons.extend(f"SIA : {label} (art. R4624-18)" for label in employment.adapted_exposures)
    if employment.disabled:
        reasons.append(
            "SIA : travailleur handicapé, orienté sans délai vers le médecin du travail "
            "(art. R4624-20)"
        )
    if employment.invalidity_pension:
        reasons.append(
            "SIA : titulaire d'une pension d'invalidité, orienté sans délai vers le médecin du "
            "travail (art. R4624-20)"
        )
    if employment.pregnant:
        reasons.append(
            "SIA : femme enceinte, venant d'accoucher ou allaitante, orientée vers le médecin du "
            "travail à sa demande (art. R4624-19)"
        )
    return reasons
