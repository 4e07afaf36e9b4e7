"""The employer's DUERP: workspace edits, immutable publication, notices and yearly reminders.

The employer writes and publishes its DUERP (R4121-1, L4121-3); the service's staff help in
the same workspace but never publish. A publication freezes a snapshot whose SHA-256 covers
its canonical JSON; it is kept 40 years (L4121-3-1, R4121-4) and transmitted to the service.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from adherents.models import Adherent, Establishment
from prevention.duerp import exports as exports_duerp
from prevention.duerp import selectors
from prevention.errors import PreventionError
from prevention.models import (
    Duerp,
    DuerpAction,
    DuerpRisk,
    DuerpVersion,
    EvaluationMatrix,
    Hazard,
    WorkUnit,
)
from prevention.rules import duerp as rules
from prevention.rules.evaluation import EvaluationError
from spsti import outbox


def _in_scope(ctx: AccessContext, adherent: Adherent) -> bool:
    if ctx.is_portal:
        return adherent.pk == ctx.adherent_id
    if ctx.is_staff:
        return ctx.sees_team(adherent.team_id)
    return False


def can_edit(ctx: AccessContext, duerp: Duerp) -> bool:
    """The member's own users, or the centre's prevention staff helping it."""
    return ctx.has_perm("prevention.duerp:edit") and _in_scope(ctx, duerp.adherent)


def can_publish(ctx: AccessContext, duerp: Duerp) -> bool:
    """Only the employer publishes: the DUERP is its document (L4121-3, R4121-1)."""
    return (
        ctx.is_portal
        and ctx.has_perm("prevention.duerp:publish")
        and duerp.adherent_id == ctx.adherent_id
    )


def _locked(duerp: Duerp) -> Duerp:
    """The workspace row locked: edits and publication never interleave."""
    return (
        Duerp.objects.select_for_update(of=("self",))
        .select_related("adherent", "matrix")
        .get(pk=duerp.pk)
    )


def _editable(actor: AccessContext, duerp: Duerp) -> Duerp:
    if not can_edit(actor, duerp):
        raise PermissionDenied
    return _locked(duerp)


def _check_headcount(headcount: int) -> None:
    if headcount < 0:
        raise PreventionError("L'effectif ne peut pas être négatif.")


@transaction.atomic
def open_duerp(*, actor: AccessContext, adherent: Adherent, headcount: int) -> Duerp:
    """Open the member's single DUERP workspace on the service's default grid (R4121-1)."""
    if not (actor.has_perm("prevention.duerp:edit") and _in_scope(actor, adherent)):
        raise PermissionDenied
    Adherent.objects.select_for_update(of=("self",)).get(pk=adherent.pk)
    if Duerp.objects.filter(adherent=adherent).exists():
        raise PreventionError("Le DUERP de cette entreprise est déjà ouvert.")
    _check_headcount(headcount)
    with audit.actor_context(actor, audience=actor.audience):
        return Duerp.objects.create(
            adherent=adherent,
            matrix=EvaluationMatrix.objects.get(is_default=True),
            headcount=headcount,
        )


@transaction.atomic
def update_headcount(*, actor: AccessContext, duerp: Duerp, headcount: int) -> Duerp:
    """The headcount the employer states: 11+ yearly update, 50+ a PAPRIPACT."""
    duerp = _editable(actor, duerp)
    _check_headcount(headcount)
    duerp.headcount = headcount
    with audit.actor_context(actor, audience=actor.audience):
        duerp.save(update_fields=["headcount", "updated_at"])
    return duerp


@transaction.atomic
def add_work_unit(
    *,
    actor: AccessContext,
    duerp: Duerp,
    establishment: Establishment,
    name: str,
    headcount: int = 0,
    description: str = "",
) -> WorkUnit:
    """A work unit created from the workspace, in one of the member's establishments."""
    if not actor.has_perm("prevention.workunit:edit"):
        raise PermissionDenied
    duerp = _editable(actor, duerp)
    if establishment.adherent_id != duerp.adherent_id:
        raise PreventionError("Cet établissement n'appartient pas à l'entreprise.")
    name = name.strip()
    if not name:
        raise PreventionError("Donnez un nom à l'unité de travail.")
    _check_headcount(headcount)
    if WorkUnit.objects.filter(establishment=establishment, name=name, archived_at=None).exists():
        raise PreventionError("Une unité de travail porte déjà ce nom dans cet établissement.")
    with audit.actor_context(actor, audience=actor.audience):
        return WorkUnit.objects.create(
            establishment=establishment, name=name, headcount=headcount, description=description
        )


def _check_risk(duerp: Duerp, risk: DuerpRisk, *, previous_hazard_id: int | None = None) -> None:
    """Refuse, in French, a risk outside the member, the thesaurus or the grid."""
    unit = risk.work_unit
    belongs = WorkUnit.objects.filter(
        pk=unit.pk, establishment__adherent_id=duerp.adherent_id, archived_at=None
    ).exists()
    if not belongs:
        raise PreventionError("Cette unité de travail n'appartient pas à l'entreprise.")
    # A risk keeps the hazard it was written with; a new choice comes from the current edition.
    current = Hazard.objects.filter(pk=risk.hazard_id, thesaurus__is_current=True).exists()
    if risk.hazard_id != previous_hazard_id and not current:
        raise PreventionError("Ce danger ne fait pas partie du thésaurus en vigueur.")
    try:
        selectors.evaluate(duerp.matrix, risk.severity, risk.probability)
    except EvaluationError as error:
        raise PreventionError(str(error)) from error
    if risk.exposed_count < 0:
        raise PreventionError("Le nombre de salariés exposés ne peut pas être négatif.")
    # An effectif of 0 means "not stated" for a unit (the model's default).
    if unit.headcount and risk.exposed_count > unit.headcount:
        raise PreventionError(
            f"Le nombre de salariés exposés ({risk.exposed_count}) dépasse l'effectif de l'unité "
            f"« {unit.name} » ({unit.headcount})."
        )


@transaction.atomic
def add_risk(
    *,
    actor: AccessContext,
    duerp: Duerp,
    work_unit: WorkUnit,
    hazard: Hazard,
    description: str,
    exposed_count: int,
    severity: int,
    probability: int,
    existing_measures: str = "",
) -> DuerpRisk:
    """Record a risk of a work unit with its evaluation on the member's grid (R4121-1)."""
    duerp = _editable(actor, duerp)
    risk = DuerpRisk(
        duerp=duerp,
        work_unit=work_unit,
        hazard=hazard,
        description=description,
        exposed_count=exposed_count,
        severity=severity,
        probability=probability,
        existing_measures=existing_measures,
    )
    _check_risk(duerp, risk)
    with audit.actor_context(actor, audience=actor.audience):
        risk.save()
    return risk


# What a risk's edit may change: every field but its workspace and the bookkeeping.
FIXED = {"id", "duerp", "created_at", "updated_at"}
RISK_FIELDS = {f.name for f in DuerpRisk._meta.concrete_fields} - FIXED


@transaction.atomic
def update_risk(*, actor: AccessContext, risk: DuerpRisk, **values: Any) -> DuerpRisk:
    """Change a risk of the live workspace; published versions keep their own copy."""
    duerp = _editable(actor, risk.duerp)
    risk = DuerpRisk.objects.select_for_update(of=("self",)).get(pk=risk.pk)
    previous_hazard_id = risk.hazard_id
    for name, value in values.items():
        if name not in RISK_FIELDS:
            raise TypeError(f"unexpected field: {name}")
        setattr(risk, name, value)
    _check_risk(duerp, risk, previous_hazard_id=previous_hazard_id)
    with audit.actor_context(actor, audience=actor.audience):
        risk.save()
    return risk


@transaction.atomic
def remove_risk(*, actor: AccessContext, risk: DuerpRisk) -> None:
    """Remove a risk from the live workspace (its published versions are untouched)."""
    _editable(actor, risk.duerp)
    if DuerpAction.objects.filter(risk=risk).exists():
        raise PreventionError(
            "Des actions sont rattachées à ce risque : retirez-les ou rattachez-les "
            "à un autre risque avant de le supprimer."
        )
    with audit.actor_context(actor, audience=actor.audience):
        DuerpRisk.objects.filter(pk=risk.pk).delete()


def _check_action(duerp: Duerp, action: DuerpAction) -> None:
    if not action.title.strip():
        raise PreventionError("Décrivez l'action prévue.")
    if action.risk is not None and action.risk.duerp_id != duerp.pk:
        raise PreventionError("Ce risque n'appartient pas à ce DUERP.")
    if action.cost is not None and action.cost < Decimal(0):
        raise PreventionError("Le coût ne peut pas être négatif.")
    if rules.needs_papripact(duerp.headcount) and (
        missing := selectors.missing_papripact_fields(action)
    ):
        raise PreventionError(
            "Entreprise de 50 salariés ou plus : le programme annuel de prévention "
            f"(PAPRIPACT, art. L4121-3-1) demande pour chaque action : {', '.join(missing)}."
        )


ACTION_FIELDS = ("risk", "title", "cost", "owner", "deadline", "indicator", "done_on")


@transaction.atomic
def add_action(*, actor: AccessContext, duerp: Duerp, title: str, **values: Any) -> DuerpAction:
    """Plan a prevention action; at 50 workers or more, a complete PAPRIPACT line."""
    duerp = _editable(actor, duerp)
    unknown = set(values) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    action = DuerpAction(duerp=duerp, title=title.strip(), **values)
    _check_action(duerp, action)
    with audit.actor_context(actor, audience=actor.audience):
        action.save()
    return action


@transaction.atomic
def update_action(*, actor: AccessContext, action: DuerpAction, **values: Any) -> DuerpAction:
    """Change a planned action (mark it done, move its deadline…)."""
    duerp = _editable(actor, action.duerp)
    action = DuerpAction.objects.select_for_update(of=("self",)).get(pk=action.pk)
    for name, value in values.items():
        if name not in ACTION_FIELDS:
            raise TypeError(f"unexpected field: {name}")
        setattr(action, name, value.strip() if name == "title" else value)
    _check_action(duerp, action)
    with audit.actor_context(actor, audience=actor.audience):
        action.save()
    return action


@transaction.atomic
def remove_action(*, actor: AccessContext, action: DuerpAction) -> None:
    """Remove a planned action from the live workspace."""
    _editable(actor, action.duerp)
    with audit.actor_context(actor, audience=actor.audience):
        DuerpAction.objects.filter(pk=action.pk).delete()


@transaction.atomic
def publish_version(
    *, actor: AccessContext, duerp: Duerp, cse_consulted_on: datetime.date | None = None
) -> DuerpVersion:
    """Freeze the workspace as the next immutable version and transmit it (L4121-3-1)."""
    if not can_publish(actor, duerp):
        raise PermissionDenied
    duerp = _locked(duerp)
    now = timezone.now().replace(microsecond=0)
    if cse_consulted_on and cse_consulted_on > timezone.localdate(now):
        raise PreventionError("La date de consultation du CSE ne peut pas être dans le futur.")
    if not duerp.risks.exists():
        raise PreventionError(
            "Le DUERP ne contient encore aucun risque évalué : ajoutez au moins un risque "
            "avant de publier une version."
        )
    if rules.needs_papripact(duerp.headcount):
        incomplete = [a.title for a in duerp.actions.all() if selectors.missing_papripact_fields(a)]
        if incomplete:
            raise PreventionError(
                "Complétez le PAPRIPACT (coût, responsable, échéance, indicateur) des actions : "
                f"{', '.join(incomplete)}."
            )
    last = duerp.versions.aggregate(last=Max("number"))["last"] or 0
    snapshot = exports_duerp.build_snapshot(
        duerp,
        number=last + 1,
        published_at=now,
        published_by=actor.user,
        cse_consulted_on=cse_consulted_on,
    )
    version = DuerpVersion.objects.create(
        duerp=duerp,
        number=last + 1,
        published_at=now,
        published_by=actor.user,
        cse_consulted_on=cse_consulted_on,
        snapshot=snapshot,
        sha256=hashlib.sha256(exports_duerp.canonical_json(snapshot)).hexdigest(),
        keep_until=rules.keep_until(timezone.localdate(now)),
    )
    send_publication_notice(version.pk)  # queued in the outbox, in this transaction
    return version


def notice_key(version_id: int) -> str:
    return f"prevention:duerp-published:{version_id}"


def send_publication_notice(version_id: int) -> int:
    """Tell the team's prevention assistants a version was transmitted; queued once per
    version (the outbox key), sent after the publication commits."""
    version = DuerpVersion.objects.select_related("duerp__adherent").get(pk=version_id)
    recipients = selectors.prevention_assistant_emails(version.duerp.adherent.team_id)
    if not recipients:
        return 0
    context = {"version": version, "member": version.duerp.adherent}
    context["service_name"] = settings.SPSTI_SERVICE_NAME
    queued = outbox.queue_email(
        kind="prevention.duerp.published",
        audience="staff",
        subject=render_to_string("prevention/duerp/email_published_subject.txt", context),
        body=render_to_string("prevention/duerp/email_published.txt", context),
        to=recipients,
        related=version,
        key=notice_key(version_id),
    )
    return int(queued is not None)


def reminder_key(adherent_id: int, week: str) -> str:
    return f"prevention:duerp-reminder:{adherent_id}:{week}"


def send_update_reminders(*, adherent_ids: list[int], week: str, today: datetime.date) -> int:
    """Remind members of 11+ workers whose DUERP is a year old or never published; once a week.

    The headcount is the one stated in the workspace, else the live workers count.
    """
    recipients = selectors.reminder_recipients(adherent_ids)
    sent = 0
    for facts in selectors.reminder_facts(adherent_ids, today=today):
        if not rules.yearly_update_required(facts.headcount):
            continue
        due_on = rules.update_due(facts.last_published_on, facts.headcount)
        if due_on is not None and due_on > today:
            continue
        emails = recipients.get(facts.adherent_id)
        if not emails:
            continue
        context = {
            "facts": facts,
            "due_on": due_on,
            "service_name": settings.SPSTI_SERVICE_NAME,
        }
        queued = outbox.queue_email(
            kind="prevention.duerp.reminder",
            subject=render_to_string("prevention/duerp/email_reminder_subject.txt", context),
            body=render_to_string("prevention/duerp/email_reminder.txt", context),
            to=emails,
            key=reminder_key(facts.adherent_id, week),
        )
        sent += queued is not None
    return sent
