"""Models of individual health follow-up, one module per aggregate."""

from suivi_sante.agenda.models import Convocation, Referral, Slot, Visit
from suivi_sante.dmst.models import Dmst, ExposureRecord, Measurement, MedicalNote
from suivi_sante.documents.models import FollowUpDocument
from suivi_sante.protocols.models import DelegationProtocol
from suivi_sante.schedule.models import DueVisit
from suivi_sante.suggestions.models import ExposureSuggestion
from suivi_sante.workers.models import Employment, Worker
from suivi_sante.workers.models_absence import Absence
from suivi_sante.workers.models_duplicates import WorkerIdentityKey, WorkerNirKey

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
    "WorkerIdentityKey",
    "WorkerNirKey",
]
