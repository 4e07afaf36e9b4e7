"""Models of prevention in the workplace, one module per aggregate."""

from prevention.actions.models import ActionDocument, PreventionAction
from prevention.chemicals.models import ChemicalProduct
from prevention.duerp.models import Duerp, DuerpAction, DuerpRisk, DuerpVersion, EvaluationMatrix
from prevention.fiche.models import (
    FicheAcknowledgement,
    FicheEntreprise,
    FicheHazardEntry,
    FichePhoto,
    FicheUnitEntry,
    FicheVersion,
    FicheVersionRead,
)
from prevention.thesaurus.models import Hazard, HazardThesaurus
from prevention.visits.models import PreventionVisit, PreventionVisitUnit, VisitLetterRead
from prevention.workunits.models import WorkUnit

__all__ = [
    "ActionDocument",
    "ChemicalProduct",
    "Duerp",
    "DuerpAction",
    "DuerpRisk",
    "DuerpVersion",
    "EvaluationMatrix",
    "FicheAcknowledgement",
    "FicheEntreprise",
    "FicheHazardEntry",
    "FichePhoto",
    "FicheUnitEntry",
    "FicheVersion",
    "FicheVersionRead",
    "Hazard",
    "HazardThesaurus",
    "PreventionAction",
    "PreventionVisit",
    "PreventionVisitUnit",
    "VisitLetterRead",
    "WorkUnit",
]
