"""Models of the membership area, one module per aggregate."""

from adherents.billing.models import (
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
from adherents.events.models import (
    EmployerMeeting,
    MeetingFormat,
    MeetingRegistration,
    MeetingSession,
)
from adherents.events.models_satisfaction import (
    Complaint,
    ComplaintStatus,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyKind,
    SurveyQuestion,
)
from adherents.firms.models import AccountingFirm, AccountingFirmMandate, AccountingFirmMember
from adherents.imports.models import ImportJob, ImportKind, ImportStatus
from adherents.joining.models import (
    ApplicationStatus,
    ApplicationStep,
    ExistingDuerp,
    MembershipApplication,
)
from adherents.members.models import Adherent, AdherentMembership, Establishment
from adherents.members.models_contact import Contact, ContactRole
from adherents.members.models_notes import MemberNote
from adherents.requests.models import (
    MemberRequest,
    Partner,
    PartnerKind,
    PartnerReferral,
    RequestCategory,
    RequestChannel,
    RequesterKind,
    RequestMessage,
    RequestStatus,
)
from adherents.trajectory.models import (
    StepStatus,
    TrajectoryStep,
    TrajectoryStepDefinition,
    TrajectoryTrack,
)
from adherents.workforce.models import DeclarationCampaign, DeclarationKind, WorkforceDeclaration

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
    "ExistingDuerp",
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
    "MemberNote",
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
    "RequesterKind",
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
