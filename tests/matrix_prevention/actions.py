"""Permission-matrix rows of prevention: actions in the workplace (AMT), the chemical
inventory, and the physician's exposure suggestions (suivi_sante).

The helpers build, from the `world` fixture, the objects these rows and
tests/prevention/test_actions*, test_chemicals* and tests/suivi_sante/test_suggestions need.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from prevention.models import ActionDocument, ChemicalProduct, PreventionAction, WorkUnit
from suivi_sante.models import Employment, ExposureSuggestion
from tests import documents
from tests.matrix import BACKOFFICE_PORTAL_403, PORTAL_STAFF_403, Case
from tests.prevention.factories import PreventionActionFactory, WorkUnitFactory
from tests.suivi_sante.factories import EmploymentFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def action_for(world, **overrides) -> PreventionAction:
    """An awareness action at member A, done by A's prevention assistant."""
    return PreventionActionFactory(
        adherent=world.adherent, performed_by=world.actors["prevention_assistant"], **overrides
    )


def document_for(world) -> ActionDocument:
    return ActionDocument.objects.create(
        action=action_for(world),
        filename="compte-rendu.pdf",
        content_type="application/pdf",
        **documents.fields(PDF_BYTES, "content", "sha256"),
        uploaded_by=world.actors["prevention_assistant"],
    )


def unit_for(world, **overrides) -> WorkUnit:
    """A work unit of A's head office."""
    return WorkUnitFactory(establishment=world.establishment, **overrides)


def product_for(world, *, unit=None, **overrides) -> ChemicalProduct:
    """A product of a unit of A (by default a solvent with its FDS of 2025)."""
    values = {
        "name": "Diluant cellulosique",
        "supplier": "Chimie du Sud",
        "sds_date": datetime.date(2025, 2, 1),
        "sds_filename": "fds-diluant.pdf",
        **documents.fields(PDF_BYTES, "sds_content", "sds_sha256"),
        "hazard_statements": ["H225", "H336"],
        "recorded_by": world.actors["portal_admin"],
        **overrides,
    }
    return ChemicalProduct.objects.create(work_unit=unit or unit_for(world), **values)


def post_for(world, **overrides) -> Employment:
    """A current post of A's worker at A's head office."""
    return EmploymentFactory(worker=world.worker, establishment=world.establishment, **overrides)


def suggestion_for(world, *, employment=None) -> ExposureSuggestion:
    return ExposureSuggestion.objects.create(
        employment=employment or post_for(world),
        sir_risk="cmr",
        source="Produit CMR « Décapant X » dans l'unité « Atelier » (inventaire du 02/11/2026)",
    )


# Back-office, AMT: every health-team role reads, the prevention staff and physicians write.
AMT_VIEW = {
    "anonymous": 302,
    **BACKOFFICE_PORTAL_403,
    "physician": 200,
    "physician_other": 200,
    "nurse": 200,
    "prevention_assistant": 200,
    "secretary": 403,
    "member_service": 403,
    "billing": 403,
}
AMT_VIEW_A = {**AMT_VIEW, "physician_other": 404}  # member A's objects: not the other centre
AMT_WRITE_A = {**AMT_VIEW_A, "nurse": 403}
AMT_POSTED_A = {**AMT_WRITE_A, "physician": 302, "prevention_assistant": 302}
# Back-office, chemicals: read by the health team, edited by the prevention staff only.
CHEM_VIEW = AMT_VIEW
CHEM_VIEW_A = AMT_VIEW_A
CHEM_EDIT_A = {**CHEM_VIEW_A, "physician": 403, "physician_other": 403, "nurse": 403}
CHEM_POSTED_A = {**CHEM_EDIT_A, "prevention_assistant": 302}
# Portal, chemicals: the member's own units; firms have no prevention scope.
PORTAL_CHEM = {
    "anonymous": 302,
    "portal_admin": 200,
    "portal_other": 200,
    "firm_mandated": 403,
    "firm_unmandated": 403,
    **PORTAL_STAFF_403,
}
PORTAL_CHEM_A = {**PORTAL_CHEM, "portal_other": 404}
PORTAL_CHEM_POSTED_A = {**PORTAL_CHEM_A, "portal_admin": 302}
# Suggestions: the centre's physicians only; never the employer, the nurse or the secretary.
SUGGESTIONS = {
    "anonymous": 302,
    **BACKOFFICE_PORTAL_403,
    "physician": 200,
    "physician_other": 200,
    "nurse": 403,
    "prevention_assistant": 403,
    "secretary": 403,
    "member_service": 403,
    "billing": 403,
}

BO = "backoffice:prevention"
PO = "portal:prevention"

CASES: list[Case] = [
    Case(f"{BO}:action-list", AMT_VIEW),
    Case(f"{BO}:action-indicators", AMT_VIEW),
    Case(f"{BO}:action-member", AMT_VIEW_A, args=lambda w: [w.adherent.pk]),
    Case(f"{BO}:action-create", AMT_WRITE_A, args=lambda w: [w.adherent.pk]),
    Case(f"{BO}:action-detail", AMT_VIEW_A, args=lambda w: [action_for(w).pk]),
    Case(
        f"{BO}:action-document-add",
        AMT_POSTED_A,
        args=lambda w: [action_for(w).pk],
        method="post",
        data=lambda w: {
            "documents": SimpleUploadedFile("compte-rendu.pdf", PDF_BYTES, "application/pdf")
        },
    ),
    Case(f"{BO}:action-document", AMT_VIEW_A, args=lambda w: [document_for(w).pk]),
    Case(f"{BO}:chemical-list", CHEM_VIEW),
    Case(f"{BO}:chemical-unit", CHEM_VIEW_A, args=lambda w: [unit_for(w).pk]),
    Case(f"{BO}:chemical-create", CHEM_EDIT_A, args=lambda w: [unit_for(w).pk]),
    Case(f"{BO}:chemical-edit", CHEM_EDIT_A, args=lambda w: [product_for(w).pk]),
    Case(
        f"{BO}:chemical-archive", CHEM_POSTED_A, args=lambda w: [product_for(w).pk], method="post"
    ),
    Case(f"{BO}:chemical-sds", CHEM_VIEW_A, args=lambda w: [product_for(w).pk]),
    Case(f"{PO}:chemical-list", PORTAL_CHEM),
    Case(f"{PO}:chemical-unit", PORTAL_CHEM_A, args=lambda w: [unit_for(w).pk]),
    Case(f"{PO}:chemical-create", PORTAL_CHEM_A, args=lambda w: [unit_for(w).pk]),
    Case(f"{PO}:chemical-edit", PORTAL_CHEM_A, args=lambda w: [product_for(w).pk]),
    Case(
        f"{PO}:chemical-archive",
        PORTAL_CHEM_POSTED_A,
        args=lambda w: [product_for(w).pk],
        method="post",
    ),
    Case(f"{PO}:chemical-sds", PORTAL_CHEM_A, args=lambda w: [product_for(w).pk]),
    Case("backoffice:suivi_sante:suggestion-list", SUGGESTIONS),
    Case(
        "backoffice:suivi_sante:suggestion-decide",
        {**SUGGESTIONS, "physician": 302, "physician_other": 404},
        args=lambda w: [suggestion_for(w).pk],
        method="post",
        data=lambda w: {"decision": "reject"},
    ),
]
