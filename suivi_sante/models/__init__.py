"""Models of individual health follow-up, one module per aggregate."""

from suivi_sante.models.absence import Absence
from suivi_sante.models.agenda import Convocation, Referral, Slot, Visit
from suivi_sante.models.dmst import Dmst, ExposureRecord, Measurement, MedicalNote
from suivi_sante.models.document import FollowUpDocument
from suivi_sante.models.due import DueVisit
from suivi_sante.models.protocol import DelegationProtocol
from suivi_sante.models.suggestion import ExposureSuggestion
from suivi_sante.models.worker import Employment, Worker

__all__ = [
    "Absence",
    "Convocation",
    "DelegationProtocol",
    "Dmst",
    "DueVisit",
    "Employment",
    "ExposureRecord",
    "ExposureSuggestion",
    "FollowUpDocument",
    "Measurement",
    "Referral",
    "MedicalNote",
    "Slot",
    "Visit",
    "Worker",
]
