"""Every area's models, re-exported for Django and for other apps."""

from certification.assessments.models import Assessment, AssessmentStatus, Campaign, Evidence
from certification.audits.models import Audit, AuditKind, Finding
from certification.documents.models import (
    ControlledDocument,
    DocumentKind,
    DocumentVersion,
    VersionStatus,
)
from certification.nonconformities.models import (
    CorrectiveAction,
    NcSource,
    NonConformity,
    Severity,
)
from certification.processes.models import Process, ProcessKind, ProcessReview
from certification.referential.models import Chapter, Criterion, Referential, ReferentialImport
from certification.reviews.models import ManagementReview

__all__ = [
    "Assessment",
    "AssessmentStatus",
    "Audit",
    "AuditKind",
    "Campaign",
    "Chapter",
    "ControlledDocument",
    "CorrectiveAction",
    "Criterion",
    "DocumentKind",
    "DocumentVersion",
    "Evidence",
    "Finding",
    "ManagementReview",
    "NcSource",
    "NonConformity",
    "Process",
    "ProcessKind",
    "ProcessReview",
    "Referential",
    "ReferentialImport",
    "Severity",
    "VersionStatus",
]
