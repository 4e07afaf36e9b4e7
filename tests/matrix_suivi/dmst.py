"""Permission-matrix rows of suivi_sante: DMST, follow-up documents, delegation protocols.

The helpers build the objects these rows (and tests/suivi_sante/test_dmst*, test_documents*,
test_protocols*) need from the `world` fixture.
"""

import datetime

from django.utils import timezone

from accounts.context import build_context
from suivi_sante.models import FollowUpDocument, Visit
from tests import documents
from tests.matrix import BACKOFFICE_PORTAL_403, PORTAL_STAFF_403, Case
from tests.suivi_sante.factories import EmploymentFactory, ProtocolFactory, VisitFactory

HELD_AT = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)


def ctx_for(user):
    """The access context of this user, as the middleware builds it after an MFA login."""
    return build_context(user, {}, mfa_passed=True)


def protocol_for(world, **overrides):
    """An active protocol of A's team, signed by A's physician."""
    return ProtocolFactory(team=world.team, signed_by=world.actors["physician"], **overrides)


def held_visit(
    world, *, actor: str = "physician", kind: str = "VIP", worker=None, **extra
) -> Visit:
    """A visit of A's worker held by that actor (a nurse holds it under A's team protocol)."""
    worker = worker or world.worker
    performer = "nurse" if actor == "nurse" else "physician"
    if performer == "nurse" and "protocol" not in extra:
        extra["protocol"] = protocol_for(world)
    return VisitFactory(
        worker=worker,
        employment=EmploymentFactory(worker=worker, establishment=world.establishment)
        if worker.adherent_id == world.adherent.pk
        else None,
        kind=kind,
        performer=performer,
        professional=world.actors[actor],
        status="held",
        scheduled_at=HELD_AT,
        held_at=HELD_AT,
        **extra,
    )


def stored_document(world, *, visit=None, kind="attestation_suivi") -> FollowUpDocument:
    """A document row with placeholder bytes (views serve the stored bytes as they are)."""
    visit = visit or held_visit(world)
    pdf = b"%PDF-1.7 placeholder " + str(visit.pk).encode() + kind.encode()
    return FollowUpDocument.objects.create(
        worker=visit.worker,
        team=visit.team,
        visit=visit,
        kind=kind,
        issued_by=visit.professional,
        issuer_performer=visit.performer,
        issued_at=timezone.now(),
        **documents.fields(pdf, "pdf", "sha256"),
    )


# The worker's health professionals only: another centre 404, other roles 403.
DMST_ROWS = {
    "anonymous": 302,
    **BACKOFFICE_PORTAL_403,
    "physician": 200,
    "physician_other": 404,
    "nurse": 200,
    "prevention_assistant": 403,
    "secretary": 403,
    "member_service": 403,
    "billing": 403,
}
DMST_POSTED = {**DMST_ROWS, "physician": 302, "nurse": 302}
PROTOCOL_VIEW = {**DMST_ROWS, "physician_other": 200, "secretary": 200}
PROTOCOL_MANAGE = {**DMST_ROWS, "physician_other": 200, "nurse": 403}
PORTAL_DOCUMENTS = {
    "anonymous": 302,
    "portal_admin": 200,
    "portal_other": 200,
    "firm_mandated": 403,  # no mandate scope gives the documents
    "firm_unmandated": 403,
    **PORTAL_STAFF_403,
}

CASES: list[Case] = [
    Case("backoffice:suivi_sante:dmst-detail", DMST_ROWS, args=lambda w: [w.worker.pk]),
    Case(
        "backoffice:suivi_sante:dmst-note-create",
        DMST_POSTED,
        args=lambda w: [w.worker.pk],
        method="post",
        data=lambda w: {"note-kind": "observation", "note-body": "Examen sans particularité."},
    ),
    Case(
        "backoffice:suivi_sante:dmst-exposure-create",
        DMST_POSTED,
        args=lambda w: [w.worker.pk],
        method="post",
        data=lambda w: {"exposure-agent": "Bruit", "exposure-started_on": "2025-01-06"},
    ),
    Case(
        "backoffice:suivi_sante:dmst-measurement-create",
        DMST_POSTED,
        args=lambda w: [w.worker.pk],
        method="post",
        data=lambda w: {
            "measure-label": "Poids",
            "measure-value": "72.5",
            "measure-unit": "kg",
            "measure-measured_on": "2026-03-10",
        },
    ),
    Case("backoffice:suivi_sante:dmst-access-log", DMST_ROWS, args=lambda w: [w.worker.pk]),
    Case("backoffice:suivi_sante:dmst-export", DMST_ROWS, args=lambda w: [w.worker.pk]),
    Case(
        "backoffice:suivi_sante:document-pdf",
        {**DMST_ROWS, "secretary": 200},  # the employer's document, not the DMST
        args=lambda w: [stored_document(w).pk],
    ),
    Case(
        "backoffice:suivi_sante:document-issue",
        {**DMST_POSTED, "nurse": 403},  # only the professional who held the visit
        args=lambda w: [held_visit(w).pk],
        method="post",
        data=lambda w: {"kind": "attestation_suivi"},
    ),
    Case("backoffice:suivi_sante:protocol-list", PROTOCOL_VIEW),
    Case("backoffice:suivi_sante:protocol-create", PROTOCOL_MANAGE),
    Case(
        "backoffice:suivi_sante:protocol-detail",
        {**PROTOCOL_VIEW, "physician_other": 404},
        args=lambda w: [protocol_for(w).pk],
    ),
    Case(
        "backoffice:suivi_sante:protocol-end",
        {**DMST_POSTED, "nurse": 403},
        args=lambda w: [protocol_for(w).pk],
        method="post",
    ),
    Case("portal:suivi_sante:document-list", PORTAL_DOCUMENTS),
    Case(
        "portal:suivi_sante:document-pdf",
        {**PORTAL_DOCUMENTS, "portal_other": 404},
        args=lambda w: [stored_document(w).pk],
    ),
]
