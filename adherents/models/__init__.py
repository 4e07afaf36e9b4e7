"""Models of the membership area, one module per aggregate."""

from adherents.models.adherent import Adherent, AdherentMembership, Establishment
from adherents.models.application import ApplicationStatus, ApplicationStep, MembershipApplication
from adherents.models.billing import (
    BankStatementImport,
    Invoice,
    InvoiceHeading,
    InvoiceKind,
    InvoiceLine,
    InvoiceReminder,
    InvoiceSequence,
    Payment,
    PaymentMethod,
    Tariff,
    TariffItem,
)
from adherents.models.contact import Contact, ContactRole
from adherents.models.events import (
    EmployerMeeting,
    MeetingFormat,
    MeetingRegistration,
    MeetingSession,
)
from adherents.models.firm import AccountingFirm, AccountingFirmMandate, AccountingFirmMember
from adherents.models.imports import ImportJob, ImportKind, ImportStatus
from adherents.models.requests import (
    MemberRequest,
    Partner,
    PartnerKind,
    PartnerReferral,
    RequestCategory,
    RequestChannel,
    RequestMessage,
    RequestStatus,
)
from adherents.models.satisfaction import (
    Complaint,
    ComplaintStatus,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyKind,
    SurveyQuestion,
)
from adherents.models.trajectory import (
    StepStatus,
    TrajectoryStep,
    TrajectoryStepDefinition,
    TrajectoryTrack,
)
from adherents.models.workforce import DeclarationCampaign, DeclarationKind, WorkforceDeclaration

__all__ = [
    "AccountingFirm",
    "AccountingFirmMandate",
    "AccountingFirmMember",
    "Adherent",
    "AdherentMembership",
    "ApplicationStatus",
    "ApplicationStep",
    "BankStatementImport",
    "Complaint",
    "ComplaintStatus",
    "Contact",
    "ContactRole",
    "DeclarationCampaign",
    "DeclarationKind",
    "EmployerMeeting",
    "Establishment",
    "ImportJob",
    "ImportKind",
    "ImportStatus",
    "Invoice",
    "InvoiceHeading",
    "InvoiceKind",
    "InvoiceLine",
    "InvoiceReminder",
    "InvoiceSequence",
    "MeetingFormat",
    "MeetingRegistration",
    "MeetingSession",
    "MemberRequest",
    "MembershipApplication",
    "Partner",
    "PartnerKind",
    "PartnerReferral",
    "Payment",
    "PaymentMethod",
    "QuestionKind",
    "RequestCategory",
    "RequestChannel",
    "RequestMessage",
    "RequestStatus",
    "StepStatus",
    "Survey",
    "SurveyAnswer",
    "SurveyInvitation",
    "SurveyKind",
    "SurveyQuestion",
    "Tariff",
    "TariffItem",
    "TrajectoryStep",
    "TrajectoryStepDefinition",
    "TrajectoryTrack",
    "WorkforceDeclaration",
]
