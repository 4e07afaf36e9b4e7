"""Choices shared by models, forms and screens; values are those of `rules.kinds` (tested)."""

from django.db import models


class FollowUpCategory(models.TextChoices):
    SI = "SI", "SI — suivi individuel"
    SIA = "SIA", "SIA — suivi individuel adapté"
    SIR = "SIR", "SIR — suivi individuel renforcé"


class VisitKind(models.TextChoices):
    VIP = "VIP", "Visite d'information et de prévention (VIP)"
    EMAE = "EMAE", "Examen médical d'aptitude à l'embauche (EMAE)"
    VISITE_INTERMEDIAIRE = "VISITE_INTERMEDIAIRE", "Visite intermédiaire (SIR)"
    SIR_PERIODIQUE = "SIR_PERIODIQUE", "Renouvellement de l'examen d'aptitude (SIR)"
    REPRISE = "REPRISE", "Visite de reprise"
    PRE_REPRISE = "PRE_REPRISE", "Visite de pré-reprise"
    MI_CARRIERE = "MI_CARRIERE", "Visite de mi-carrière"
    FIN_CARRIERE = "FIN_CARRIERE", "Visite de fin de carrière / post-exposition"
    DEMANDE = "DEMANDE", "Visite à la demande"


class Performer(models.TextChoices):
    PHYSICIAN = "physician", "Médecin du travail"
    NURSE = "nurse", "Infirmier(ère) en santé au travail"


class AbsenceCause(models.TextChoices):
    MALADIE = "maladie", "Maladie ou accident non professionnel"
    ACCIDENT_TRAVAIL = "accident_travail", "Accident du travail"
    MALADIE_PROFESSIONNELLE = "maladie_professionnelle", "Maladie professionnelle"
    MATERNITE = "maternite", "Congé de maternité"


class SirRisk(models.TextChoices):
    """The risks of R4624-23 I that put a worker in SIR."""

    AMIANTE = "amiante", "Amiante"
    PLOMB = "plomb", "Plomb (au-delà des seuils de R4412-160)"
    CMR = "cmr", "Agents cancérogènes, mutagènes ou toxiques pour la reproduction"
    AGENTS_BIOLOGIQUES_3_4 = "agents_biologiques_3_4", "Agents biologiques des groupes 3 et 4"
    RAYONNEMENTS_A = "rayonnements_a", "Rayonnements ionisants, catégorie A"
    RAYONNEMENTS_B = "rayonnements_b", "Rayonnements ionisants, catégorie B"
    HYPERBARE = "hyperbare", "Milieu hyperbare"
    ECHAFAUDAGES = "echafaudages", "Montage et démontage d'échafaudages"


class AptitudeJob(models.TextChoices):
    """Posts with a specific medical check (R4624-23 II: young workers on forbidden works, loads
    over 55 kg under R4541-9; CACES and electrical clearances: décret 2025-355)."""

    HABILITATION_ELECTRIQUE = "habilitation_electrique", "Habilitation électrique"
    CACES = "caces", "Autorisation de conduite (CACES)"
    JEUNE_TRAVAUX_INTERDITS = (
        "jeune_travaux_interdits",
        "Jeune affecté à des travaux interdits susceptibles de dérogation",
    )
    CHARGES_55KG = "charges_55kg", "Manutention de charges de plus de 55 kg (R4541-9)"


class EndReason(models.TextChoices):
    """Why a post ends, as far as the follow-up needs it: a departure for retirement owes the
    end-of-career visit to a worker who is or was under SIR (L4624-2-1)."""

    OTHER = "", "Autre motif ou non précisé"
    RETIREMENT = "retraite", "Départ à la retraite"


class IdentityStatus(models.TextChoices):
    """Identity status of the national identity-vigilance reference (RNIV)."""

    PROVISIONAL = "provisional", "Identité provisoire"
    RETRIEVED = "retrieved", "Identité récupérée"
    VALIDATED = "validated", "Identité validée"
    QUALIFIED = "qualified", "Identité qualifiée"


class CategorySource(models.TextChoices):
    DERIVED = "derived", "Déduite des déclarations de l'employeur"
    PHYSICIAN = "physician", "Fixée par le médecin du travail"


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "Programmée"
    HELD = "held", "Réalisée"
    EXCUSED_ABSENCE = "excused_absence", "Absence excusée"
    UNEXCUSED_ABSENCE = "unexcused_absence", "Absence non excusée"
    CANCELLED = "cancelled", "Annulée"


class VisitMode(models.TextChoices):
    IN_PERSON = "in_person", "En présentiel"
    TELECONSULTATION = "teleconsultation", "En téléconsultation"


class ConvocationStatus(models.TextChoices):
    SENT = "sent", "Envoyée à l'employeur"
    CONFIRMED = "confirmed", "Confirmée par l'employeur"
    RESCHEDULE_REQUESTED = "reschedule_requested", "Autre créneau demandé"
    WORKER_ABSENT = "worker_absent", "Salarié absent signalé"
    WORKER_LEFT = "worker_left", "Salarié sorti des effectifs"
    CANCELLED = "cancelled", "Annulée"


class StaffingHypothesis(models.TextChoices):
    """Why the protocol exists (seed 004: the three staffing situations)."""

    SUFFICIENT = "sufficient", "Temps médical suffisant"
    SHORT_ABSENCE = "short_absence", "Absence ponctuelle d'un médecin"
    LASTING_SHORTAGE = "lasting_shortage", "Pénurie durable de médecins"


class DocumentKind(models.TextChoices):
    ATTESTATION_SUIVI = "attestation_suivi", "Attestation de suivi"
    AVIS_APTITUDE = "avis_aptitude", "Avis d'aptitude"
    AVIS_INAPTITUDE = "avis_inaptitude", "Avis d'inaptitude"
    PROPOSITION_MESURES = "proposition_mesures", "Proposition de mesures individuelles"
    # Décret 2025-355: CACES (R4323-56) and electrical clearances (R4544-10), valid 5 years.
    ATTESTATION_NON_CI = (
        "attestation_non_ci",
        "Attestation de non contre-indication médicale (CACES, habilitation électrique)",
    )


# Documents resting on medical elements: the physician's alone (R4624-13, R4623-14; the
# attestation of non-contraindication: décret 2025-355, "par le médecin du travail").
PHYSICIAN_DOCUMENTS = frozenset(
    {
        DocumentKind.AVIS_APTITUDE,
        DocumentKind.AVIS_INAPTITUDE,
        DocumentKind.PROPOSITION_MESURES,
        DocumentKind.ATTESTATION_NON_CI,
    }
)
# Posts whose authorisation needs the attestation of non-contraindication (décret 2025-355).
NON_CONTRAINDICATION_JOBS = frozenset(
    {AptitudeJob.CACES.value, AptitudeJob.HABILITATION_ELECTRIQUE.value}
)
NON_CONTRAINDICATION_VALID_YEARS = 5
