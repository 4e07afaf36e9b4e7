"""Every model of the PDP app, re-exported from its area (Django's entry point)."""

from pdp.awareness.models import AwarenessMeeting
from pdp.caseload.models import CellFunction, CellMember, OpenCaseCount
from pdp.cases.models import CaseFollowUp, CaseStep, LiaisonMeeting, PdpCase
from pdp.consents.models import Consent, DataCategory
from pdp.plans.models import MeasuresLetter, PartnerRequest, PdpMeasure, PlanAction
from pdp.reviews.models import CellReview, ReviewItem

__all__ = [
    "AwarenessMeeting",
    "CaseStep",
    "CaseFollowUp",
    "CellFunction",
    "CellMember",
    "CellReview",
    "Consent",
    "DataCategory",
    "LiaisonMeeting",
    "MeasuresLetter",
    "OpenCaseCount",
    "PartnerRequest",
    "PdpCase",
    "PdpMeasure",
    "PlanAction",
    "ReviewItem",
]
