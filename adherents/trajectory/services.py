"""Writes of the member trajectory (seed 002): start it, complete its steps, configure it,
open the yearly cycle, mail each staff member its overdue steps."""

from __future__ import annotations

import datetime
import re

import pghistory
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from accounts.enums import StaffRole
from adherents import perms
from adherents.models import (
    Adherent,
    StepStatus,
    TrajectoryStep,
    TrajectoryStepDefinition,
    TrajectoryTrack,
)
from adherents.rules import trajectory as rules
from adherents.trajectory import selectors, services_welcome
from spsti import mail, outbox

CODE_PATTERN = re.compile(r"[a-z][a-z0-9_]{1,39}")


@transaction.atomic
def start_new_member_trajectory(
    *, adherent: Adherent, validated_on: datetime.date
) -> list[TrajectoryStep]:
    """The new-member steps of the member's current membership (Adherent.joined_on), each due
    `target_days` after `validated_on` (idempotent for one membership; a former member who comes
    back has a new joining date, hence a new track: see close_former_membership_steps)."""
    definitions = TrajectoryStepDefinition.objects.filter(
        track=TrajectoryTrack.NEW, is_active=True
    ).order_by("order")
    steps = [
        TrajectoryStep(
            adherent=adherent,
            definition=definition,
            joined_on=adherent.joined_on,
            due_on=validated_on + datetime.timedelta(days=definition.target_days),
        )
        for definition in definitions
    ]
    TrajectoryStep.objects.bulk_create(steps, ignore_conflicts=True)
    return list(
        TrajectoryStep.objects.filter(
            adherent=adherent, cycle_year__isnull=True, joined_on=adherent.joined_on
        )
        .select_related("definition")
        .order_by("due_on")
    )


def close_former_membership_steps(*, adherent: Adherent, on: datetime.date) -> int:
    """A former member comes back: the steps its earlier membership left open are closed as
    skipped on `on` (they no longer wait in the lists, the board or the digests), and stay on
    its page with that membership; the new membership's track starts afresh. Returns how many."""
    return TrajectoryStep.objects.filter(
        adherent=adherent, cycle_year__isnull=True, status=StepStatus.TODO
    ).update(
        status=StepStatus.SKIPPED,
        done_on=on,
        note="Adhésion précédente terminée : étape close au retour de l'adhérent.",
        updated_at=timezone.now(),
    )


def complete_step_if_open(
    *, adherent_id: int, code: str, on: datetime.date, by=None, note: str = ""
) -> bool:
    """Mark the member's open step `code` done (called by other apps when the thing happens).

    Returns False when the member has no such open step (an established member, say).
    """
    updated = TrajectoryStep.objects.filter(
        adherent_id=adherent_id, definition__code=code, status=StepStatus.TODO
    ).update(status=StepStatus.DONE, done_on=on, done_by=by, note=note, updated_at=timezone.now())
    return bool(updated)


# ----------------------------------------------------------------- the back-office's writes

NOTE_MAX_LENGTH = 2000
YEARLY_CHUNK = 1000  # members per bulk insert of the yearly cycle


class TrajectoryError(Exception):
    """A refused trajectory write; its message (French) is shown to the user as is."""


def _locked_step(actor: AccessContext, step: TrajectoryStep) -> TrajectoryStep:
    """The step, locked, if its member is followed by the actor's centre and the actor may act
    on it (its owner role, or the trajectory's managers): PermissionDenied otherwise."""
    step = (
        TrajectoryStep.objects.select_for_update(of=("self",))
        .select_related("adherent", "definition")
        .visible_to(actor)
        .filter(pk=step.pk)
        .first()
    )
    if step is None or not actor.is_staff or not perms.can_act_on(actor, step.definition):
        raise PermissionDenied("Cette étape relève d'un autre rôle.")
    if step.status != StepStatus.TODO:
        raise TrajectoryError(
            f"L'étape « {step.definition.label} » est déjà close "
            f"({step.get_status_display().lower()} le {step.done_on:%d/%m/%Y})."
        )
    return step


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise TrajectoryError(f"Le compte rendu dépasse {NOTE_MAX_LENGTH} caractères.")
    return note


def _close(actor: AccessContext, step: TrajectoryStep, status: str, on, note: str):
    with audit.actor_context(actor):
        step.status = status
        step.done_on = on
        step.done_by = actor.user
        step.note = note
        step.save(update_fields=["status", "done_on", "done_by", "note", "updated_at"])
    return step


@transaction.atomic
def complete_step(
    *,
    actor: AccessContext,
    step: TrajectoryStep,
    on: datetime.date,
    note: str = "",
    today: datetime.date | None = None,
) -> TrajectoryStep:
    """Mark a step done on `on` with an optional report: by its owner role or a manager. The
    welcome call's done queues its recap e-mail to the member (services_welcome)."""
    step = _locked_step(actor, step)
    note = _clean_note(note)
    error = rules.done_on_error(
        on,
        today=today or timezone.localdate(),
        joined_on=step.adherent.joined_on,
        cycle_year=step.cycle_year,
    )
    if error:
        raise TrajectoryError(error)
    step = _close(actor, step, StepStatus.DONE, on, note)
    # The welcome call's recap to the member, in this transaction (seed 002); once per call.
    services_welcome.queue_welcome_recap(step)
    return step


@transaction.atomic
def skip_step(
    *,
    actor: AccessContext,
    step: TrajectoryStep,
    note: str,
    today: datetime.date | None = None,
) -> TrajectoryStep:
    """Close a step as "sans objet" today; the reason is required."""
    step = _locked_step(actor, step)
    note = _clean_note(note)
    if not note:
        raise TrajectoryError("Indiquez pourquoi cette étape est sans objet.")
    return _close(actor, step, StepStatus.SKIPPED, today or timezone.localdate(), note)


@transaction.atomic
def save_definition(
    *,
    actor: AccessContext,
    definition: TrajectoryStepDefinition | None = None,
    label: str,
    owner_role: str,
    target_days: int,
    order: int,
    is_active: bool,
    code: str = "",
    track: str = "",
) -> TrajectoryStepDefinition:
    """Add a step, or change one's label, owner, delay, order or activity (code and track stay:
    other apps and the indicator know steps by code). A new delay applies to the steps opened
    from now on: existing steps keep their due dates."""
    if not (actor.is_staff and actor.has_perm(selectors.MANAGE)):
        raise PermissionDenied
    label = (label or "").strip()
    if not label:
        raise TrajectoryError("Indiquez le libellé de l'étape.")
    if owner_role not in StaffRole.values:
        raise TrajectoryError("Choisissez le rôle responsable de l'étape.")
    if definition is None:
        if track not in TrajectoryTrack.values:
            raise TrajectoryError("Choisissez le parcours de l'étape.")
        if not CODE_PATTERN.fullmatch(code or ""):
            raise TrajectoryError(
                "Le code s'écrit en minuscules non accentuées, chiffres et « _ » "
                "(ex. : visite_bilan)."
            )
        if TrajectoryStepDefinition.objects.filter(code=code).exists():
            raise TrajectoryError("Ce code est déjà utilisé par une autre étape.")
    else:
        definition = TrajectoryStepDefinition.objects.select_for_update().get(pk=definition.pk)
        track = definition.track
    if error := rules.target_days_error(track, target_days):
        raise TrajectoryError(error)
    with audit.actor_context(actor):
        if definition is None:
            return TrajectoryStepDefinition.objects.create(
                code=code,
                track=track,
                label=label,
                owner_role=owner_role,
                target_days=target_days,
                order=order,
                is_active=is_active,
            )
        definition.label = label
        definition.owner_role = owner_role
        definition.target_days = target_days
        definition.order = order
        definition.is_active = is_active
        definition.save()
    return definition


def open_yearly_cycle(*, year: int, chunk: int = YEARLY_CHUNK) -> int:
    """Open the yearly steps of `year` (due 1 January + target days) for every active member
    who joined before that year; by chunks of ids, each its own transaction. Idempotent: the
    unique constraint (member, step, year) drops what exists. Returns the members covered."""
    yearly = list(
        TrajectoryStepDefinition.objects.filter(track=TrajectoryTrack.YEARLY, is_active=True)
    )
    if not yearly:
        return 0
    members = Adherent.objects.filter(
        status=Adherent.Status.ACTIVE, joined_on__lt=datetime.date(year, 1, 1)
    )
    covered, last = 0, 0
    with pghistory.context(task="adherents.open_yearly_cycle", year=year):
        while ids := list(
            members.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:chunk]
        ):
            TrajectoryStep.objects.bulk_create(
                [
                    TrajectoryStep(
                        adherent_id=adherent_id,
                        definition=definition,
                        cycle_year=year,
                        due_on=rules.yearly_due_on(year, definition.target_days),
                    )
                    for adherent_id in ids
                    for definition in yearly
                ],
                ignore_conflicts=True,
            )
            covered += len(ids)
            last = ids[-1]
    return covered


def send_overdue_digests(*, today: datetime.date | None = None, week: str | None = None) -> int:
    """E-mail each staff member its overdue steps (its roles, its teams), once per ISO week.

    One outbox key per user and week (spsti.outbox): a redelivered task never queues twice.
    Returns how many e-mails were queued.
    """
    today = today or timezone.localdate()
    week = week or mail.iso_week(today)
    recipients = selectors.digest_recipients()
    scopes = set().union(*(r.scopes for r in recipients.values()))
    lines, counts = selectors.overdue_by_scope(scopes, today=today)
    url = settings.SPSTI_SITE_URL + reverse("backoffice:adherents:trajectory-overdue")
    sent = 0
    for recipient in recipients.values():
        mine = sorted(
            (line for scope in recipient.scopes for line in lines.get(scope, [])),
            key=lambda line: (line.due_on, line.step_id),
        )
        total = sum(counts.get(scope, 0) for scope in recipient.scopes)
        if not total:
            continue
        context = {
            "lines": mine[: selectors.DIGEST_MAX_ROWS],
            "total": total,
            "today": today,
            "url": url,
            "service_name": settings.SPSTI_SERVICE_NAME,
        }
        queued = outbox.queue_email(
            kind="adherents.trajectory.digest",
            audience="staff",
            subject=f"Trajectoire adhérent : {total} étape(s) en retard — semaine {week}",
            body=render_to_string("adherents/trajectory/digest_email.txt", context),
            to=[recipient.email],
            key=digest_key(recipient.user_id, week),
        )
        sent += queued is not None
    return sent


def digest_key(user_id: int, week: str) -> str:
    return f"adherents:trajectory-digest:{user_id}:{week}"
