"""Vocabulary of the individual follow-up rules: categories, visit kinds, facts (stdlib only)."""

import enum


class Category(enum.StrEnum):
    """Follow-up category: simple, adapted or reinforced (R4624-10 to R4624-28)."""

    SI = "SI"
    SIA = "SIA"
    SIR = "SIR"


class VisitKind(enum.StrEnum):
    """Kinds of individual follow-up visits and exams."""

    VIP = "VIP"
    EMAE = "EMAE"
    VISITE_INTERMEDIAIRE = "VISITE_INTERMEDIAIRE"
    SIR_PERIODIQUE = "SIR_PERIODIQUE"
    REPRISE = "REPRISE"
    PRE_REPRISE = "PRE_REPRISE"
    MI_CARRIERE = "MI_CARRIERE"
    FIN_CARRIERE = "FIN_CARRIERE"
    DEMANDE = "DEMANDE"


class Performer(enum.StrEnum):
    """Health professional who holds a visit (R4623-14)."""

    PHYSICIAN = "physician"
    NURSE = "nurse"


class Contract(enum.StrEnum):
    """Kind of employment contract."""

    CDI = "CDI"
    CDD = "CDD"
    INTERIM = "INTERIM"
    APPRENTI = "APPRENTI"
    SAISONNIER = "SAISONNIER"


class AbsenceCause(enum.StrEnum):
    """Cause of a work stoppage, which sets the return-visit threshold (R4624-31)."""

    MALADIE = "maladie"
    ACCIDENT_TRAVAIL = "accident_travail"
    MALADIE_PROFESSIONNELLE = "maladie_professionnelle"
    MATERNITE = "maternite"


class SirRisk(enum.StrEnum):
    """Particular risks that put a worker in reinforced follow-up (R4624-23 I)."""

    AMIANTE = "amiante"
    PLOMB = "plomb"
    CMR = "cmr"
    AGENTS_BIOLOGIQUES_3_4 = "agents_biologiques_3_4"
    RAYONNEMENTS_A = "rayonnements_a"
    RAYONNEMENTS_B = "rayonnements_b"
    HYPERBARE = "hyperbare"
    ECHAFAUDAGES = "echafaudages"


class AptitudeJob(enum.StrEnum):
    """Posts that call for a specific check by the physician (R4624-23 II, décret 2025-355)."""

    HABILITATION_ELECTRIQUE = "habilitation_electrique"
    CACES = "caces"
    JEUNE_TRAVAUX_INTERDITS = "jeune_travaux_interdits"
    CHARGES_55KG = "charges_55kg"  # R4541-9: manual handling of loads over 55 kg
