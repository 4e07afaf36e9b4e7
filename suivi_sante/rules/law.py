"""Durations, thresholds and labels of the follow-up rules, kept as data.

One change of a table fixes a rule. Items marked TO VERIFY are believed right but must be
checked against the text in force on Légifrance before they are relied on.
"""

from datetime import date

from suivi_sante.rules.kinds import AbsenceCause, AptitudeJob, Contract, SirRisk

# --- Initial visit -----------------------------------------------------------------------------
# Delay of the initial VIP by contract: months after taking up the post, and the article.
VIP_DEADLINE_BY_CONTRACT: dict[Contract, tuple[int, str]] = {
    Contract.CDI: (3, "R4624-10"),
    Contract.CDD: (3, "R4624-10"),
    # R4625-8 (checked): the temporary agency's service holds the visits; the delay of the VIP
    # is the common one of R4624-10. The waivers differ (INTERIM_WAIVER_MONTHS below).
    Contract.INTERIM: (3, "R4624-10"),
    # TO VERIFY R6222-40-1 (article number): an apprentice's VIP within 2 months of hiring.
    # Searched 2026-12-04: the 2 months are confirmed by secondary sources and décret 2018-1340
    # cites R6222-40-1 in its visas, but the current wording of the article was not found.
    Contract.APPRENTI: (2, "R6222-40-1"),
    Contract.SAISONNIER: (3, "R4624-10"),
}
VIP_WAIVER_MONTHS_SI = 60  # R4624-15: a VIP in the 5 years before hiring, equivalent post
VIP_WAIVER_MONTHS_SIA = 36  # R4624-15: 3 years for a worker in adapted follow-up
EMAE_WAIVER_MONTHS = 24  # R4624-27: an aptitude exam in the 2 years before, same post
# Temporary workers (texts of R4625-11 and R4625-13 checked on 2026-12-04): no new VIP when an
# attestation de suivi was issued *for the same job* within the 2 years before the mission
# (R4625-11), not the 5 or 3 years of R4624-15; the same 2 years for the aptitude exam (R4625-13).
INTERIM_WAIVER_MONTHS = 24
INTERIM_VIP_WAIVER_ARTICLE = "R4625-11"
INTERIM_EMAE_WAIVER_ARTICLE = "R4625-13"
# Seasonal workers (D4625-22 as amended by décret 2016-1908, checked 2026-12-04: not R4625-22):
# an aptitude exam on a risk post only from
# 45 days of *effective work* ("au moins égale à quarante-cinq jours de travail effectif"); below
# that, and on posts without particular risks whatever the length, collective actions of
# training and prevention (AFP) replace the individual visits.
SEASONAL_ARTICLE = "D4625-22"
SEASONAL_MIN_EFFECTIVE_DAYS = 45
# Décret 2025-355 of 18 April 2025: from this day CACES and electrical clearances leave the SIR.
APTITUDE_REFORM_ON = date(2025, 10, 1)
MINOR_AGE = 18  # R4624-18
# R4624-18: exposures that call for a VIP before assignment and put the post in SIA. Their
# periodicity is the 5 years of R4624-16, as the domain note says (the 3 years of R4624-17 are
# for night workers, disabled workers and invalidity pension holders). Biological agents of
# groups 3 and 4 are SIR (R4624-23 I, SirRisk.AGENTS_BIOLOGIQUES_3_4).
# TO VERIFY R4624-17: whether its 3-year ceiling, which names those workers "notamment", also
# covers these exposures (and minors); until checked, the note's 5 years apply.
BIOLOGICAL_AGENTS_2_LABEL = "exposition à des agents biologiques du groupe 2"
ELECTROMAGNETIC_FIELDS_LABEL = (
    "exposition à des champs électromagnétiques au-delà des valeurs limites d'exposition"
)

# --- Periodicity (legal maximum, in months) ---------------------------------------------------
SI_PERIOD_MONTHS = 60  # R4624-16
NIGHT_WORK_PERIOD_MONTHS = 36  # R4624-17 (the 3-year maximum; R4624-18 lists who is in SIA)
NIGHT_WORK_PERIOD_ARTICLE = "R4624-17"
DISABLED_PERIOD_MONTHS = 36  # R4624-17, R4624-20: disabled workers, invalidity pension holders
SIR_EXAM_PERIOD_MONTHS = 48  # R4624-28: renewal of the aptitude exam by the physician
SIR_INTERMEDIATE_MONTHS = 24  # R4624-28: intermediate visit at most 2 years after the exam
RADIATION_A_PERIOD_MONTHS = 12  # R4451-82: category A, aptitude renewed every year

# --- Return to work (R4624-31, décret 2022-372) -----------------------------------------------
REPRISE_DELAY_DAYS = 8  # R4624-31, last paragraph: on the day of return, at the latest 8 days
# Minimum length in days of the absence that calls for a visite de reprise.
REPRISE_THRESHOLD_DAYS: dict[AbsenceCause, int] = {
    AbsenceCause.MATERNITE: 1,  # any length
    AbsenceCause.MALADIE_PROFESSIONNELLE: 1,  # any length
    AbsenceCause.ACCIDENT_TRAVAIL: 30,
    AbsenceCause.MALADIE: 60,  # absences starting after 31 March 2022 (décret 2022-372)
}
ILLNESS_THRESHOLD_BEFORE_REFORM_DAYS = 30  # absences that started before 1 April 2022
ILLNESS_REFORM_ON = date(2022, 4, 1)
PRE_REPRISE_MIN_DAYS = 31  # R4624-29: an absence of *more than* 30 days

# --- Career visits ----------------------------------------------------------------------------
MID_CAREER_AGE = 45  # L4624-2-2: calendar year of the 45th birthday, without branch agreement
MID_CAREER_COMBINED_YEARS = 2  # L4624-2-2: may be combined with a visit of the 2 years before
# L4624-2-2 was created by loi 2021-1018 of 2 August 2021, in force on 31 March 2022: nobody whose
# 45th year ended before that day owes the visit (no retroactive obligation).
MID_CAREER_IN_FORCE_ON = date(2022, 3, 31)

# --- Labels -----------------------------------------------------------------------------------
ABSENCE_LABELS: dict[AbsenceCause, str] = {
    AbsenceCause.MALADIE: "arrêt pour maladie ou accident non professionnels",
    AbsenceCause.ACCIDENT_TRAVAIL: "arrêt pour accident du travail",
    AbsenceCause.MALADIE_PROFESSIONNELLE: "arrêt pour maladie professionnelle",
    AbsenceCause.MATERNITE: "congé de maternité",
}

SIR_RISK_LABELS: dict[SirRisk, str] = {
    SirRisk.AMIANTE: "exposition à l'amiante",
    SirRisk.PLOMB: "exposition au plomb au-delà des seuils de l'art. R4412-160",
    SirRisk.CMR: (
        "exposition à des agents cancérogènes, mutagènes ou toxiques pour la reproduction "
        "(art. R4412-60)"
    ),
    SirRisk.AGENTS_BIOLOGIQUES_3_4: "exposition à des agents biologiques des groupes 3 et 4",
    SirRisk.RAYONNEMENTS_A: (
        "exposition aux rayonnements ionisants, travailleur classé en catégorie A "
        "(examen d'aptitude annuel, art. R4451-82)"
    ),
    SirRisk.RAYONNEMENTS_B: (
        "exposition aux rayonnements ionisants, travailleur classé en catégorie B"
    ),
    SirRisk.HYPERBARE: "travail en milieu hyperbare",
    SirRisk.ECHAFAUDAGES: (
        "risque de chute de hauteur lors du montage et du démontage d'échafaudages"
    ),
}

SIR_RISK_SHORT_LABELS: dict[SirRisk, str] = {
    SirRisk.AMIANTE: "amiante",
    SirRisk.PLOMB: "plomb",
    SirRisk.CMR: "agents CMR",
    SirRisk.AGENTS_BIOLOGIQUES_3_4: "agents biologiques des groupes 3 et 4",
    SirRisk.RAYONNEMENTS_A: "rayonnements ionisants (catégorie A)",
    SirRisk.RAYONNEMENTS_B: "rayonnements ionisants (catégorie B)",
    SirRisk.HYPERBARE: "milieu hyperbare",
    SirRisk.ECHAFAUDAGES: "montage et démontage d'échafaudages",
}

# Posts of R4624-23 II whose specific aptitude check keeps them in SIR: label and article.
SIR_APTITUDE_POSTS: dict[AptitudeJob, tuple[str, str]] = {
    AptitudeJob.JEUNE_TRAVAUX_INTERDITS: (
        "jeune travailleur affecté à des travaux interdits susceptibles de dérogation",
        "R4153-40",
    ),
    AptitudeJob.CHARGES_55KG: (
        "manutention manuelle habituelle de charges de plus de 55 kg",
        "R4541-9",
    ),
}

# The two posts that left the SIR on 1 October 2025: label and article of the authorisation.
APTITUDE_POSTS: dict[AptitudeJob, tuple[str, str]] = {
    AptitudeJob.CACES: ("conduite d'équipements de travail (CACES)", "R4323-56"),
    AptitudeJob.HABILITATION_ELECTRIQUE: ("habilitation électrique", "R4544-10"),
}
