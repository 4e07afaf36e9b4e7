"""Models of prevention in the workplace, one module per aggregate."""

from prevention.models.action import ActionDocument, PreventionAction
from prevention.models.chemical import ChemicalProduct
from prevention.models.duerp import Duerp, DuerpAction, DuerpRisk, DuerpVersion, EvaluationMatrix
from prevention.models.fiche import (
    FicheAcknowledgement,
    FicheEntreprise,
    FicheHazardEntry,
    FichePhoto,
    FicheUnitEntry,
    FicheVersion,
)
from prevention.models.thesaurus import Hazard, HazardThesaurus
from prevention.models.visit import PreventionVisit, PreventionVisitUnit
from prevention.models.workunit import WorkUnit

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
    "Hazard",
    "HazardThesaurus",
    "PreventionAction",
    "PreventionVisit",
    "PreventionVisitUnit",
    "WorkUnit",
]
