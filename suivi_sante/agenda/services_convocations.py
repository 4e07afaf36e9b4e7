"""Convocations: proposing slots for what is due, sending them, recording the employer's answer."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from accounts.enums import AdherentRole
from adherents.models import AdherentMembership, Establishment
from spsti import outbox
from suivi_sante import perms
from suivi_sante import perms_disclosure as disclosure
from suivi_sante.agenda.pdf import render_convocation
from suivi_sante.enums import ConvocationStatus, Performer, VisitMode, VisitStatus
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Convocation, DueVisit, Employment, Slot, Visit
from suivi_sante.rules import delegation

# The employer's four answers (seed 002: convocations answered by phone and lost).
ANSWERS = {
    ConvocationStatus.CONFIRMED,
    ConvocationStatus.RESCHEDULE_REQUESTED,
    ConvocationStatus.WORKER_ABSENT,
    ConvocationStatus.WORKER_LEFT,
}
NOON = datetime.time(12, 0)
WEEKDAYS = {1: "lundi", 2: "mardi", 3: "mercredi", 4: "jeudi", 5: "vendredi"}
# What a convocation's PDF and mail show, in one query.
CONVOCATION_RELATED = (
    "visit__worker",
    "visit__professional",
    "visit__employment",
    "visit__slot__center",
    "visit__slot__establishment",
    "visit__team__center",
    "establishment__adherent",
)


def convocation_recipients(adherent_id: int) -> list[str]:
    """E-mail addresses of the member's active administrators and HR contacts."""
    return sorted(
        AdherentMembership.objects.filter(
            adherent_id=adherent_id,
            is_active=True,
            role__in=[AdherentRole.ADMIN, AdherentRole.HR],
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )


def convocation_key(convocation_id: int, *, to_worker: bool) -> str:
    """One convocation mail per convocation and audience: the worker's (confidential visit),
    then the employer's once the worker agreed; a retried task or a second click queues none."""
    return f"suivi_sante:convocation:{convocation_id}:{'worker' if to_worker else 'employer'}"


def _queue(convocation: Convocation, *, to: list[str], to_worker: bool) -> int:
    context = {
        "convocation": convocation,
        "visit": convocation.visit,
        "service_name": settings.SPSTI_SERVICE_NAME,
        "to_worker": to_worker,
    }
    body = "convocation_worker_body" if to_worker else "convocation_body"
    queued = outbox.queue_email(
        kind=f"suivi_sante.{body}",
        audience="worker" if to_worker else "member",
        to=to,
        subject=render_to_string("suivi_sante/agenda/email/convocation_subject.txt", context),
        body=render_to_string(f"suivi_sante/agenda/email/{body}.txt", context),
        related=convocation.visit,
        key=convocation_key(convocation.pk, to_worker=to_worker),
        # Rendered by the sending task: a proposal of 30 lines renders no PDF in the request.
        attachments=[
            outbox.attachment(
                "suivi_sante.agenda.services_convocations.convocation_pdf",
                pk=convocation.pk,
                to_worker=to_worker,
            )
        ],
    )
    return int(queued is not None)


def convocation_pdf(*, pk: int, to_worker: bool) -> tuple[str, bytes, str]:
    """The convocation's PDF, as an outbox attachment (rendered when the mail is sent)."""
    convocation = Convocation.objects.select_related(*CONVOCATION_RELATED).get(pk=pk)
    content = render_convocation(convocation, to_worker=to_worker)
    return f"convocation-{convocation.pk}.pdf", content, "application/pdf"


def send_convocation_email(convocation_id: int) -> int:
    """Queue the convocation's mail, PDF attached, to the member's admins and HR; returns how
    many mails were queued (0 when already queued: once per convocation and audience).

    Called in the transaction that books the visit (the outbox row goes with it). A
    confidential visit (pré-reprise R4624-29, on request R4624-34) is convened to the worker
    alone, at their own address; the employer gets it only once the worker agreed.
    """
    convocation = Convocation.objects.select_related(*CONVOCATION_RELATED).get(pk=convocation_id)
    visit = convocation.visit
    if disclosure.is_confidential(visit):
        if not visit.worker.email:
            return 0  # the secretary convenes the worker by phone or post
        return _queue(convocation, to=[visit.worker.email], to_worker=True)
    recipients = convocation_recipients(convocation.establishment.adherent_id)
    if not recipients:
        return 0
    return _queue(convocation, to=recipients, to_worker=False)


@transaction.atomic
def share_with_employer(*, actor: AccessContext, visit: Visit) -> Visit:
    """Record that the worker agreed to the employer hearing of this visit, and tell it.

    Only for a pré-reprise or a visit on request; the agreement is not withdrawn once the
    employer has been told. Secretaries and the team's health professionals record it.
    """
    if not (
        actor.is_staff
        and actor.sees_team(visit.team_id)
        and (
            actor.has_perm("suivi_sante.agenda:manage") or actor.has_perm("suivi_sante.visit:write")
        )
    ):
        raise PermissionDenied
    visit = Visit.objects.select_for_update(of=("self",)).get(pk=visit.pk)
    if visit.kind not in disclosure.CONFIDENTIAL_KINDS:
        raise FollowUpError("L'employeur est déjà informé de ce type de visite.")
    if visit.is_shared_with_employer:
        raise FollowUpError("L'accord du salarié est déjà enregistré.")
    visit.is_shared_with_employer = True
    with audit.actor_context(actor):
        visit.save(update_fields=["is_shared_with_employer", "updated_at"])
    convocation = Convocation.objects.filter(visit=visit).first()
    if (
        convocation is not None
        and convocation.status != ConvocationStatus.CANCELLED
        and visit.status == VisitStatus.PLANNED
    ):
        send_convocation_email(convocation.pk)  # the outbox row, in this transaction
    return visit


@transaction.atomic
def respond_to_convocation(
    *, actor: AccessContext, convocation: Convocation, answer: str, note: str = ""
) -> Convocation:
    """The employer confirms, asks another slot, reports the worker absent or gone."""
    if not (actor.is_portal and actor.has_perm("suivi_sante.convocation:respond")):
        raise PermissionDenied
    if not Convocation.objects.visible_to(actor).filter(pk=convocation.pk).exists():
        raise PermissionDenied
    if answer not in ANSWERS:
        raise FollowUpError("Réponse inconnue.")
    convocation = (
        Convocation.objects.select_for_update(of=("self",))
        .select_related("visit")
        .get(pk=convocation.pk)
    )
    visit = convocation.visit
    if visit.status == VisitStatus.CANCELLED or convocation.status == ConvocationStatus.CANCELLED:
        raise FollowUpError(
            "Cette visite a été annulée : la convocation ne peut plus être confirmée."
        )
    if visit.status != VisitStatus.PLANNED or visit.scheduled_at <= timezone.now():
        raise FollowUpError("Cette visite est passée : sa convocation n'appelle plus de réponse.")
    note = note.strip()
    if answer == ConvocationStatus.RESCHEDULE_REQUESTED and not note:
        raise FollowUpError("Indiquez vos disponibilités pour qu'un autre créneau soit proposé.")
    convocation.status, convocation.response_note = answer, note[:500]
    convocation.responded_at, convocation.responded_by = timezone.now(), actor.user
    with audit.actor_context(actor):
        convocation.save(
            update_fields=["status", "response_note", "responded_at", "responded_by", "updated_at"]
        )
    return convocation


@dataclass(frozen=True)
class ProposalLine:
    due: DueVisit
    slot: Slot | None
    on_time: bool = False
    preferred: bool = False


@dataclass
class Proposal:
    """Slots proposed for an establishment's due visits, for the secretary to review."""

    establishment: Establishment
    lines: list[ProposalLine] = field(default_factory=list)

    @property
    def placed(self) -> list[ProposalLine]:
        return [line for line in self.lines if line.slot is not None]

    @property
    def unplaced(self) -> list[ProposalLine]:
        return [line for line in self.lines if line.slot is None]

    @property
    def preference_label(self) -> str:
        """The establishment's preferences in French, e.g. "mardi, jeudi — matin"."""
        days = self.establishment.convocation_weekdays
        names = ", ".join(WEEKDAYS[d] for d in sorted(days) if d in WEEKDAYS) or "tous les jours"
        half = {"am": "matin", "pm": "après-midi"}.get(self.establishment.convocation_half_day)
        return f"{names} — {half or 'matin ou après-midi'}"


def is_preferred(establishment: Establishment, starts_at: datetime.datetime) -> bool:
    """Whether a slot falls on the establishment's preferred weekdays and half-day (Paris time)."""
    local = timezone.localtime(starts_at)
    if establishment.convocation_weekdays and (
        local.isoweekday() not in establishment.convocation_weekdays
    ):
        return False
    half = establishment.convocation_half_day
    return not half or (half == "am") == (local.time() < NOON)


def due_visits_to_convoke(establishment: Establishment, *, until: datetime.date) -> list[DueVisit]:
    """Due visits of the establishment's workers falling by `until`, not yet booked.

    Current workers and declared hires to come: the visit before assignment is theirs.
    """
    today = timezone.localdate()
    booked = Visit.objects.filter(
        worker_id=OuterRef("worker_id"), kind=OuterRef("kind"), status=VisitStatus.PLANNED
    )
    employed = Employment.objects.filter(
        worker_id=OuterRef("worker_id"), establishment=establishment
    ).filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
    return list(
        DueVisit.objects.filter(
            Exists(employed), due_on__lte=until, worker__merged_into__isnull=True
        )
        .exclude(Exists(booked))
        .select_related("worker__adherent")
        .order_by("due_on", "worker__last_name", "pk")
    )


def propose_convocations(
    *, actor: AccessContext, establishment: Establishment, horizon_days: int = 60
) -> Proposal:
    """Free slots for what is due: legal date first, then the employer's preferences, grouped.

    Workers of one establishment are put on consecutive slots of one professional's half-day
    when possible; a nurse slot only for a delegable kind covered by a protocol (R4623-14).
    """
    if not (actor.is_staff and actor.has_perm("suivi_sante.agenda:manage")):
        raise PermissionDenied
    today = timezone.localdate()
    until = today + datetime.timedelta(days=horizon_days)
    dues = due_visits_to_convoke(establishment, until=until)
    tomorrow = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    )
    taken = Visit.objects.filter(slot=OuterRef("pk"), status__in=["planned", "held"])
    slots = list(
        Slot.objects.visible_to(actor)
        .filter(starts_at__gte=tomorrow, starts_at__lt=tomorrow + datetime.timedelta(horizon_days))
        .filter(Q(establishment__isnull=True) | Q(establishment=establishment))
        .exclude(Exists(taken))
        .select_related("professional", "establishment")
        .order_by("starts_at", "pk")
    )
    return Proposal(establishment, _assign(establishment, dues, slots))


def _assign(establishment: Establishment, dues: list[DueVisit], slots: list[Slot]):
    """Greedy over half-day sessions of one professional: each due goes where it ranks best
    (on time and preferred, on time, late but preferred, late), and the session chosen is the
    one that groups the most workers, the earliest first."""

    @cache
    def nurse_covered(team_id: int, kind: str, day: datetime.date) -> bool:
        return perms.covering_protocol(team_id=team_id, kind=kind, day=day) is not None

    fit_cache: dict[tuple, bool] = {}

    def fits(due: DueVisit, slot: Slot) -> bool:
        consent = due.worker.teleconsultation_consent_at is not None
        key = (tuple(due.performers), due.kind, due.team_id, consent, slot.pk)
        if key not in fit_cache:
            day = timezone.localtime(slot.starts_at).date()
            fit_cache[key] = (
                slot.performer in due.performers
                and (slot.mode != VisitMode.TELECONSULTATION or consent)
                and (
                    slot.performer != Performer.NURSE
                    or (
                        delegation.nurse_may_hold(due.kind)
                        and nurse_covered(due.team_id, due.kind, day)
                    )
                )
            )
        return fit_cache[key]

    sessions: dict[tuple, list[Slot]] = defaultdict(list)
    for slot in slots:
        local = timezone.localtime(slot.starts_at)
        sessions[(local.date(), local.time() >= NOON, slot.professional_id)].append(slot)
    preferred = {
        key: is_preferred(establishment, run[0].starts_at) for key, run in sessions.items()
    }

    def rank(due: DueVisit, key: tuple) -> int:
        return 2 * (key[0] <= due.due_on) + preferred[key]

    remaining, lines, used = list(dues), [], set()
    while remaining:
        free = {key: [s for s in run if s.pk not in used] for key, run in sessions.items()}
        hosts = {
            key: {due.pk for due in remaining if any(fits(due, s) for s in run)}
            for key, run in free.items()
        }
        best_rank = {
            due.pk: max((rank(due, k) for k in free if due.pk in hosts[k]), default=None)
            for due in remaining
        }
        best = None
        for key in sorted(free):  # earliest session first, morning before afternoon
            placed, run = [], list(free[key])
            for due in remaining:
                if due.pk not in hosts[key] or rank(due, key) != best_rank[due.pk]:
                    continue
                slot = next((s for s in run if fits(due, s)), None)
                if slot is not None:
                    run.remove(slot)
                    placed.append((due, slot))
            if placed and (best is None or len(placed) > len(best[1])):
                best = (key, placed)
        if best is None:
            break
        key, placed = best
        for due, slot in placed:
            used.add(slot.pk)
            remaining.remove(due)
            lines.append(ProposalLine(due, slot, key[0] <= due.due_on, preferred[key]))
    lines.sort(key=lambda line: (line.slot.starts_at, line.slot.pk))
    return lines + [ProposalLine(due, None) for due in remaining]


def proposal_items(
    actor: AccessContext, establishment: Establishment, pairs: list[tuple[int, int]]
) -> list[tuple[DueVisit, Slot]]:
    """The posted (due, slot) lines that still stand: due here, slot of this centre."""
    if not pairs:
        return []
    until = timezone.localdate() + datetime.timedelta(days=3660)
    dues = {d.pk: d for d in due_visits_to_convoke(establishment, until=until)}
    slots = Slot.objects.visible_to(actor).in_bulk([slot_pk for _, slot_pk in pairs])
    return [
        (dues[due_pk], slots[slot_pk])
        for due_pk, slot_pk in pairs
        if due_pk in dues and slot_pk in slots
    ]
