"""Permission-matrix rows of suivi_sante: agenda, bookings, convocations, indicators."""

import datetime

from django.utils import timezone

from suivi_sante.models import Convocation, DueVisit
from tests.matrix import BACKOFFICE_CARE, PORTAL_OPEN, PORTAL_STAFF_403, Case
from tests.suivi_sante.factories import EmploymentFactory, SlotFactory, VisitFactory

# The agenda: physicians, nurses and secretaries of the centre; another centre sees its own.
AGENDA = {**BACKOFFICE_CARE, "prevention_assistant": 403}
# Booking and slots: physicians and secretaries (agenda:manage), never nurses.
MANAGE = {**AGENDA, "nurse": 403}
# About an object of centre 1: another centre's physician gets 404.
AGENDA_ON_A = {**AGENDA, "physician_other": 404}
MANAGE_ON_A = {**MANAGE, "physician_other": 404}
POSTED_ON_A = {**AGENDA_ON_A, "physician": 302, "nurse": 302, "secretary": 302}
# Convocations in the portal: the member's admin and HR; A's firm has no convocation scope.
CONVOCATIONS = {**PORTAL_OPEN, "firm_mandated": 403, "firm_unmandated": 403}
CONVOCATION_OF_A = {**CONVOCATIONS, "portal_other": 404}


def _visit(world, kind="VIP"):
    """A planned visit of A's worker with its convocation, tomorrow at the centre."""
    EmploymentFactory(worker=world.worker, establishment=world.establishment)
    slot = SlotFactory(
        center=world.center,
        professional=world.actors["physician"],
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    visit = VisitFactory(
        worker=world.worker,
        kind=kind,
        professional=world.actors["physician"],
        slot=slot,
        scheduled_at=slot.starts_at,
    )
    Convocation.objects.create(
        visit=visit, establishment=world.establishment, sent_at=timezone.now()
    )
    return visit


def _due(world):
    """A VIP due for A's worker: the employer may book it himself on an open slot."""
    return DueVisit.objects.create(
        worker=world.worker,
        team=world.team,
        kind="VIP",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        performers=["physician", "nurse"],
        legal_reference="R4624-10",
        reason="Embauche",
        computed_at=timezone.now(),
    )


CASES = [
    Case("backoffice:suivi_sante:agenda", AGENDA),
    Case("backoffice:suivi_sante:slot-create", MANAGE),
    Case("backoffice:suivi_sante:slot-pattern", MANAGE),
    Case(
        "backoffice:suivi_sante:convocation-proposal",
        MANAGE_ON_A,
        args=lambda w: [w.establishment.pk],
    ),
    Case("backoffice:suivi_sante:visit-book", MANAGE_ON_A, args=lambda w: [w.worker.pk]),
    Case(
        "backoffice:suivi_sante:worker-teleconsent",
        POSTED_ON_A,
        args=lambda w: [w.worker.pk],
        method="post",  # without `next`: each actor lands on a page of theirs
    ),
    Case("backoffice:suivi_sante:visit-detail", AGENDA_ON_A, args=lambda w: [_visit(w).pk]),
    Case(
        "backoffice:suivi_sante:visit-outcome",
        POSTED_ON_A,  # each allowed actor cancels the same planned visit
        args=lambda w: [_visit(w).pk],
        method="post",
        data=lambda w: {"status": "cancelled"},
    ),
    Case("backoffice:suivi_sante:visit-rebook", MANAGE_ON_A, args=lambda w: [_visit(w).pk]),
    Case(
        "backoffice:suivi_sante:visit-share",
        POSTED_ON_A,  # records the worker's agreement (each actor on the same state)
        args=lambda w: [_visit(w, kind="PRE_REPRISE").pk],
        method="post",
    ),
    Case("backoffice:suivi_sante:convocations-to-rebook", AGENDA),
    Case(
        "backoffice:suivi_sante:adherent-convocations",
        AGENDA_ON_A,
        args=lambda w: [w.adherent.pk],
    ),
    Case("backoffice:suivi_sante:followup-indicators", AGENDA),
    Case("portal:suivi_sante:convocation-list", CONVOCATIONS),
    # The employer's own booking (issue 17, item 4): who may answer convocations.
    Case("portal:suivi_sante:booking-list", CONVOCATIONS),
    Case("portal:suivi_sante:booking-slots", CONVOCATION_OF_A, args=lambda w: [_due(w).pk]),
    Case(
        "portal:suivi_sante:convocation-move",
        CONVOCATION_OF_A,
        args=lambda w: [_visit(w).convocation.pk],
    ),
    Case(
        "backoffice:suivi_sante:slots-self-booking",
        # Each manager opens a day of their own centre, and lands on its agenda.
        {**MANAGE, "physician": 302, "physician_other": 302, "secretary": 302},
        method="post",
        data=lambda w: {"day": timezone.localdate().isoformat(), "is_open": "1"},
    ),
    Case(
        "portal:suivi_sante:convocation-detail",
        CONVOCATION_OF_A,
        args=lambda w: [_visit(w).convocation.pk],
    ),
    Case(
        "portal:suivi_sante:convocation-pdf",
        CONVOCATION_OF_A,
        args=lambda w: [_visit(w).convocation.pk],
    ),
    Case(
        "portal:suivi_sante:convocation-respond",
        {**CONVOCATION_OF_A, "portal_admin": 302, **PORTAL_STAFF_403},
        args=lambda w: [_visit(w).convocation.pk],
        method="post",
        data=lambda w: {"answer": "confirmed"},
    ),
]
