"""Kinds and roles shared by models, roles, forms and tests."""

from django.db import models


class UserKind(models.TextChoices):
    """Which shell a user belongs to; roles come from memberships, not from the kind."""

    PORTAL = "portal", "Portail adhérent"
    STAFF = "staff", "Équipe du service"


class StaffRole(models.TextChoices):
    """Roles of the service's staff in a health centre."""

    PHYSICIAN = "physician", "Médecin du travail"
    NURSE = "nurse", "Infirmier(e) en santé au travail"
    PREVENTION_ASSISTANT = "prevention_assistant", "Assistant(e) de prévention (ASST)"
    IPRP = "iprp", "IPRP"
    MEDICAL_SECRETARY = "medical_secretary", "Secrétaire médical(e)"
    SOCIAL_WORKER = "social_worker", "Assistant(e) social(e)"
    PSYCHOLOGIST = "psychologist", "Psychologue du travail"
    JOB_RETENTION_OFFICER = "job_retention_officer", "Chargé(e) de maintien en emploi"
    ERGONOMIST = "ergonomist", "Ergonome"
    MEMBER_SERVICE = "member_service", "Service adhérents"
    BILLING = "billing", "Facturation"
    QUALITY = "quality", "Qualité"
    DIRECTION = "direction", "Direction"
    # Management (issue 16): the head of one centre, and a member of the commission
    # médico-technique (CMT, art. D4622-28) who reads the centre's indicators.
    CENTER_MANAGER = "center_manager", "Responsable de centre"
    CMT = "cmt", "Membre de la CMT"


class AdherentRole(models.TextChoices):
    """Roles of a person in a member company."""

    ADMIN = "admin", "Administrateur du compte"
    HR = "hr", "Ressources humaines"
    PREVENTION_CONTACT = "prevention_contact", "Référent prévention"
    BILLING = "billing", "Facturation"
    # A self-employed worker affiliated to the offer (tns, art. L4621-3): a portal for one person.
    SELF_EMPLOYED = "self_employed", "Travailleur indépendant"


class MandateScope(models.TextChoices):
    """What an accounting firm may do for a member under a mandate."""

    WORKFORCE = "workforce", "Déclaration d'effectifs"
    INVOICES = "invoices", "Factures"
    WORKERS = "workers", "Liste des salariés"
    CONVOCATIONS = "convocations", "Convocations"
    # The member's requests to the service (« Mes demandes »): read, file, reply.
    REQUESTS = "requests", "Demandes au service"
