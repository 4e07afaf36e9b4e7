"""Fiche d'entreprise (R4624-46 to R4624-50): open, draft, validate, send, acknowledge.

A draft is edited by the prevention staff; the team's physician validates it, which freezes it
(database triggers); sending renders the PDF once, stores it with its hash and sets the renewal
target. A new version always starts from the last one sent.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from accounts.enums import AdherentRole
from adherents.models import Establishment
from prevention import perms
from prevention.errors import PreventionError
from prevention.fiche import pdf as pdf_fiche
from prevention.fiche import selectors as selectors_fiche
from prevention.models import (
    FicheAcknowledgement,
    FicheEntreprise,
    FicheHazardEntry,
    FicheUnitEntry,
    FicheVersion,
    FicheVersionRead,
    Hazard,
    HazardThesaurus,
)
from prevention.rules import cadence
from prevention.services_mail import queue_document_mail
from prevention.services_reading import record_first_read
from spsti import documents_storage, mail, outbox

Status = FicheVersion.Status
FROZEN_MESSAGE = (
    "Cette version n'est plus un brouillon : une fiche validée par le médecin n'est jamais "
    "modifiée (R4624-50). Commencez une nouvelle version."
)
ALREADY_OPEN = "Une fiche d'entreprise existe déjà pour cet établissement."


def _require_write(actor: AccessContext, fiche: FicheEntreprise) -> None:
    if not perms.can_write(actor, fiche):
        raise PermissionDenied


def _locked_version(version: FicheVersion) -> FicheVersion:
    return (
        FicheVersion.objects.select_for_update(of=("self",))
        .select_related("fiche__establishment__adherent")
        .get(pk=version.pk)
    )


def editable_draft(actor: AccessContext, version: FicheVersion) -> FicheVersion:
    """The draft, locked, after checking the actor may edit it (frozen once validated)."""
    version = _locked_version(version)
    _require_write(actor, version.fiche)
    if version.status != Status.DRAFT:
        raise PreventionError(FROZEN_MESSAGE)
    return version


def touch(actor: AccessContext, version: FicheVersion) -> None:
    """Every edit names its author among the contributors (R4624-46: the team's work)."""
    version.contributors.add(actor.user)
    version.save(update_fields=["updated_at"])


@transaction.atomic
def open_fiche(*, actor: AccessContext, establishment: Establishment) -> FicheEntreprise:
    """Open the FE of an establishment, due within the year after joining (R4624-47)."""
    establishment = Establishment.objects.select_related("adherent").get(pk=establishment.pk)
    if not (
        actor.is_staff
        and actor.has_perm("prevention.fiche:write")
        and actor.sees_team(establishment.adherent.team_id)
    ):
        raise PermissionDenied
    if FicheEntreprise.objects.filter(establishment=establishment).exists():
        raise PreventionError(ALREADY_OPEN)
    due = cadence.first_fiche_due(establishment.adherent.joined_on)
    try:
        with audit.actor_context(actor), transaction.atomic():
            return FicheEntreprise.objects.create(
                establishment=establishment, first_due_on=due.due_on
            )
    except IntegrityError as error:  # opened at the same moment by a colleague
        raise PreventionError(ALREADY_OPEN) from error


def _copy_content(source: FicheVersion, target: FicheVersion) -> None:
    """Copy units and hazards; hazards follow their code into the target's thesaurus."""
    by_code = {h.code: h for h in Hazard.objects.filter(thesaurus=target.thesaurus_id)}
    entries = list(source.units.prefetch_related("hazards__hazard"))
    copies = FicheUnitEntry.objects.bulk_create(
        FicheUnitEntry(
            version=target, work_unit_id=e.work_unit_id, name=e.name, exposed_count=e.exposed_count
        )
        for e in entries
    )
    FicheHazardEntry.objects.bulk_create(
        FicheHazardEntry(
            entry=copy,
            hazard=by_code[h.hazard.code],
            exposed_count=h.exposed_count,
            existing_measures=h.existing_measures,
            is_priority=h.is_priority,
        )
        for entry, copy in zip(entries, copies, strict=True)
        for h in entry.hazards.all()
        if h.hazard.code in by_code  # a hazard withdrawn from the thesaurus is not carried on
    )


@transaction.atomic
def start_version(*, actor: AccessContext, fiche: FicheEntreprise) -> FicheVersion:
    """A new draft numbered after the last, started from the last version sent."""
    fiche = (
        FicheEntreprise.objects.select_for_update(of=("self",))
        .select_related("establishment__adherent")
        .get(pk=fiche.pk)
    )
    _require_write(actor, fiche)
    versions = list(fiche.versions.order_by("-number").only("pk", "number", "status"))
    for pending in versions:
        if pending.status == Status.DRAFT:
            raise PreventionError(
                f"Un brouillon est déjà en cours (version n° {pending.number}) : complétez-le."
            )
        if pending.status == Status.VALIDATED:
            raise PreventionError(
                f"La version n° {pending.number} est validée mais n'a pas été transmise à "
                "l'employeur : transmettez-la avant d'en commencer une nouvelle."
            )
    last_sent = next((v for v in versions if v.status == Status.SENT), None)
    if last_sent is not None:
        last_sent = FicheVersion.objects.get(pk=last_sent.pk)
    thesaurus = HazardThesaurus.objects.get(is_current=True)
    with audit.actor_context(actor):
        try:
            with transaction.atomic():
                version = FicheVersion.objects.create(
                    fiche=fiche,
                    number=(versions[0].number + 1) if versions else 1,
                    thesaurus=thesaurus,
                    drafted_by=actor.user,
                    observations=last_sent.observations if last_sent else "",
                    recommendations=last_sent.recommendations if last_sent else "",
                )
        except IntegrityError as error:  # fe_one_draft: a colleague started one meanwhile
            raise PreventionError("Un brouillon est déjà en cours pour cette fiche.") from error
        version.contributors.add(actor.user)
        if last_sent is not None:
            _copy_content(last_sent, version)
    return version


@transaction.atomic
def validate_version(*, actor: AccessContext, version: FicheVersion) -> FicheVersion:
    """The team's physician validates the draft, which freezes it (R4624-46, R4624-50)."""
    version = _locked_version(version)
    if not perms.can_validate(actor, version.fiche):
        raise PermissionDenied
    if version.status != Status.DRAFT:
        raise PreventionError("Cette version est déjà validée.")
    if not version.units.exists():
        raise PreventionError(
            "La fiche ne comporte aucune unité de travail : ajoutez au moins une unité avant "
            "de la valider."
        )
    with audit.actor_context(actor):
        version.status = Status.VALIDATED
        version.validated_by = actor.user
        version.validated_at = timezone.now()
        version.save(update_fields=["status", "validated_by", "validated_at", "updated_at"])
    return version


@transaction.atomic
def send_version(
    *, actor: AccessContext, version: FicheVersion, today: datetime.date | None = None
) -> FicheVersion:
    """Render the PDF once, store it with its hash, and send the FE to the employer (R4624-48).

    The renewal target follows (settings.SPSTI_FE_RENEWAL_YEARS). ``today`` back-dates the
    sending (time travel in tests only).
    """
    version = _locked_version(version)
    _require_write(actor, version.fiche)
    if version.status == Status.DRAFT:
        raise PreventionError("Le médecin du travail doit valider la fiche avant sa transmission.")
    if version.status == Status.SENT:
        raise PreventionError("Cette version a déjà été transmise à l'employeur.")
    sent_at = (
        timezone.now()
        if today is None
        else timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    )
    sent_on = timezone.localdate(sent_at)
    renewal = cadence.fiche_renewal_due(sent_on, years=settings.SPSTI_FE_RENEWAL_YEARS)
    content = pdf_fiche.render_fiche(version, sent_on=sent_on, renewal_due_on=renewal.due_on)
    stored = documents_storage.store(content, app="prevention", kind="fe", extension="pdf")
    with audit.actor_context(actor):
        version.status = Status.SENT
        version.sent_at = sent_at
        version.pdf, version.sha256 = stored.name, stored.sha256
        version.save(update_fields=["status", "sent_at", "pdf", "sha256", "updated_at"])
        fiche = version.fiche
        fiche.renewal_due_on = renewal.due_on
        fiche.save(update_fields=["renewal_due_on", "updated_at"])
    queue_sent_notice(version)
    return version


def queue_sent_notice(version: FicheVersion) -> bool:
    """Mail the member's administrators the FE just transmitted, its frozen PDF attached
    (R4624-48), in the transaction that transmits it; the outbox row is the proof of sending.
    Once per version (outbox key). False when the member has no administrator to write to."""
    establishment = version.fiche.establishment
    return queue_document_mail(
        establishment=establishment,
        roles=[AdherentRole.ADMIN],
        kind="prevention.fiche.sent",
        subject=f"Fiche d'entreprise transmise — {establishment}",
        template="prevention/fiche/backoffice/sent_email.txt",
        context={"version": version},
        related=version.fiche,
        key=f"prevention:fiche-sent:{version.pk}",
        attachment=outbox.attachment("prevention.fiche.services.frozen_pdf", pk=version.pk),
        portal_path=reverse("portal:prevention:fiche-version-detail", args=[version.pk]),
    )


def frozen_pdf(*, pk: int) -> tuple[str, bytes, str]:
    """The PDF stored when the version was transmitted (an outbox attachment renderer)."""
    version = FicheVersion.objects.only("pdf", "sha256", "number").get(pk=pk)
    content = documents_storage.read(version.pdf.name, version.sha256)  # hash checked
    return f"fiche-entreprise-v{version.number}.pdf", content, "application/pdf"


@transaction.atomic
def acknowledge(*, actor: AccessContext, version: FicheVersion) -> FicheAcknowledgement:
    """The employer acknowledges receipt of its current FE in the portal (R4624-48), once."""
    if not (
        actor.is_portal
        and actor.has_perm("prevention.fiche:acknowledge")
        and FicheVersion.objects.visible_to(actor).filter(pk=version.pk).exists()
    ):
        raise PermissionDenied
    version = _locked_version(version)
    last = (
        FicheVersion.objects.filter(fiche_id=version.fiche_id, status=Status.SENT)
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )
    if version.pk != last:
        raise PreventionError(
            "Cette version a été remplacée par une fiche plus récente : accusez réception de "
            "la dernière version transmise."
        )
    if FicheAcknowledgement.objects.filter(version=version).exists():
        raise PreventionError("Vous avez déjà accusé réception de cette fiche d'entreprise.")
    with audit.actor_context(actor):
        return FicheAcknowledgement.objects.create(
            version=version, acknowledged_by=actor.user, acknowledged_at=timezone.now()
        )


def record_read(*, actor: AccessContext, version: FicheVersion) -> FicheVersionRead:
    """The version's read receipt, at its first opening in the portal (page or PDF): see
    services_reading.record_first_read. Each version sent has its own: a new version starts
    unread."""
    return record_first_read(
        actor=actor,
        code="prevention.fiche:view",
        documents=FicheVersion.objects.all(),  # visible_to: the versions sent only
        pk=version.pk,
        receipts=FicheVersionRead,
        document_field="version",
    )


def send_deadline_alerts(*, today: datetime.date | None = None, week: str | None = None) -> int:
    """E-mail each team's prevention assistants its FEs to establish or renew; once a week.

    One outbox key per team and ISO week (spsti.outbox): a redelivered task never queues
    twice. Returns how many e-mails were queued.
    """
    today = today or timezone.localdate()
    week = week or mail.iso_week(today)
    recipients = selectors_fiche.alert_recipients()
    firsts: dict[int, list] = {}
    for establishment in selectors_fiche.first_fiche_alerts(list(recipients), today=today):
        establishment.first_due_on = selectors_fiche.first_due_of(establishment)
        firsts.setdefault(establishment.adherent.team_id, []).append(establishment)
    renewals: dict[int, list] = {}
    for fiche in selectors_fiche.renewal_alerts(list(recipients), today=today):
        renewals.setdefault(fiche.establishment.adherent.team_id, []).append(fiche)
    sent = 0
    for team_id, emails in recipients.items():
        context = {
            "firsts": firsts.get(team_id, []),
            "renewals": renewals.get(team_id, []),
            "today": today,
            "service_name": settings.SPSTI_SERVICE_NAME,
        }
        key = f"prevention:fiche-alerts:{team_id}:{week}"
        if not (context["firsts"] or context["renewals"]):
            continue
        queued = outbox.queue_email(
            kind="prevention.fiche.deadline_alert",
            audience="staff",
            subject=f"Fiches d'entreprise à établir ou à renouveler — semaine {week}",
            body=render_to_string("prevention/fiche/backoffice/alert_email.txt", context),
            to=emails,
            key=key,
        )
        sent += queued is not None
    return sent
