"""The app's models, from every area (Django's entry point); import them from here."""

from tns.affiliations.models import (
    AffiliationStatus,
    Basis,
    TnsAffiliation,
    TnsOffer,
)
from tns.screening.models import (
    ContactProposal,
    Escalation,
    ProposalStatus,
    Screening,
    ScreeningStatus,
)
from tns.visits.models import TnsVisit, TnsVisitStatus
from tns.workshops.models import WorkshopRegistration, WorkshopSession

__all__ = [
    "AffiliationStatus",
    "Basis",
    "ContactProposal",
    "Escalation",
    "ProposalStatus",
    "Screening",
    "ScreeningStatus",
    "TnsAffiliation",
    "TnsOffer",
    "TnsVisit",
    "TnsVisitStatus",
    "WorkshopRegistration",
    "WorkshopSession",
]
