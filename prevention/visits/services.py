"""The "rendez-vous de la prévention" (seed 002): plan, record, write to the employer, seed the FE.

Held by the prevention assistants after membership, within the team's delay (at most six
months); it produces an internal summary for the team and a letter with a synthesis table for
the employer, and can start the FE draft.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from accounts.enums import AdherentRole
from adherents.models import Establishment
from prevention import perms
from prevention.errors import PreventionError
from prevention.fiche import pdf as pdf_fiche
from prevention.fiche import services as fiche_services
from prevention.models import (
    FicheEntreprise,
    FicheHazardEntry,
    FicheUnitEntry,
    FicheVersion,
    Hazard,
    PreventionVisit,
    PreventionVisitUnit,
    VisitLetterRead,
    WorkUnit,
)
from prevention.rules import cadence
from prevention.services_mail import queue_document_mail
from prevention.services_reading import record_first_read
from prevention.visits import selectors
from spsti import documents_storage, outbox

# Seed 002: "dans le délai défini par l'UST (max 6 mois)" after the membership is validated.
# TO VERIFY with the lead: a service target, to move into rules/cadence.py with its tests.
Visit = PreventionVisit
# Who receives the letter by e-mail: the people of the member who read it in the portal
# (accounts.roles: "prevention.visit:view"); HR holds no prevention code.
LETTER_RECIPIENTS = (AdherentRole.ADMIN, AdherentRole.PREVENTION_CONTACT)
LETTER_SENT = "Le courrier a été envoyé à l'employeur : le compte rendu n'est plus modifiable."


def first_visit_due(joined_on: datetime.date) -> datetime.date:
    """The first prevention visit: at most six months after joining (seed 002)."""
    return cadence.first_prevention_visit_due(joined_on).due_on


@dataclass(frozen=True)
class UnitChecklist:
    """What was seen in one work unit during the visit."""

    name: str
    work_unit_id: int | None = None
    hazard_ids: tuple[int, ...] = field(default_factory=tuple)
    existing_prevention: str = ""
    remarks: str = ""


def _locked(visit: PreventionVisit) -> PreventionVisit:
    return (
        Visit.objects.select_for_update(of=("self",))
        .select_related("establishment__adherent")
        .get(pk=visit.pk)
    )


def _require_write(actor: AccessContext, establishment: Establishment) -> None:
    if not perms.can_write_visit(actor, establishment):
        raise PermissionDenied


@transaction.atomic
def plan_visit(
    *,
    actor: AccessContext,
    establishment: Establishment,
    scheduled_on: datetime.date,
    assigned_to=None,
) -> PreventionVisit:
    """Plan a visit; the member's first one is due six months after joining at most."""
    establishment = Establishment.objects.select_related("adherent").get(pk=establishment.pk)
    _require_write(actor, establishment)
    assigned_to = assigned_to or actor.user
    if not selectors.prevention_staff(actor).filter(pk=assigned_to.pk).exists():
        raise PreventionError(
            "Le rendez-vous de la prévention est confié à un assistant de prévention ou à un "
            "IPRP du centre."
        )
    adherent = establishment.adherent
    if scheduled_on < adherent.joined_on:
        raise PreventionError("La date prévue précède l'adhésion de l'entreprise.")
    is_first = (
        not Visit.objects.filter(establishment__adherent=adherent)
        .exclude(status=Visit.Status.CANCELLED)
        .exists()
    )
    with audit.actor_context(actor):
        return Visit.objects.create(
            establishment=establishment,
            scheduled_on=scheduled_on,
            due_on=first_visit_due(adherent.joined_on) if is_first else None,
            assigned_to=assigned_to,
        )


def _checked_units(
    visit: PreventionVisit, units: list[UnitChecklist]
) -> tuple[list[UnitChecklist], dict[int, Hazard]]:
    units = [u for u in units if u.name.strip()]
    if not units:
        raise PreventionError("Renseignez au moins une unité de travail visitée.")
    names = [u.name.strip().lower() for u in units]
    if len(set(names)) != len(names):
        raise PreventionError("Deux unités visitées portent le même nom.")
    if any(len(u.name.strip()) > 120 for u in units):
        raise PreventionError("Le nom d'une unité de travail dépasse 120 caractères.")
    unit_ids = {u.work_unit_id for u in units if u.work_unit_id}
    known = set(
        WorkUnit.objects.filter(
            pk__in=unit_ids, establishment_id=visit.establishment_id
        ).values_list("pk", flat=True)
    )
    if unit_ids - known:
        raise PreventionError("Une unité de travail n'appartient pas à l'établissement visité.")
    hazard_ids = {pk for u in units for pk in u.hazard_ids}
    hazards = Hazard.objects.filter(thesaurus__is_current=True).in_bulk(hazard_ids)
    if hazard_ids - set(hazards):
        raise PreventionError("Les dangers relevés sont choisis dans le thésaurus en vigueur.")
    return units, hazards


@transaction.atomic
def record_visit(
    *,
    actor: AccessContext,
    visit: PreventionVisit,
    held_on: datetime.date,
    units: list[UnitChecklist],
    employer_expectations: str = "",
    knowledge_level: str = "",
    training_needs: str = "",
    internal_summary: str = "",
    proposal: str = "",
    restitution_mode: str = "",
) -> PreventionVisit:
    """Record the checklist by unit, the employer's expectations, the team's summary, and the
    support proposed to the employer with the restitution mode it prefers (seed 002)."""
    visit = _locked(visit)
    _require_write(actor, visit.establishment)
    if visit.status == Visit.Status.CANCELLED:
        raise PreventionError("Ce rendez-vous a été annulé.")
    if visit.letter_sha256:
        raise PreventionError(LETTER_SENT)
    if held_on > timezone.localdate():
        raise PreventionError("La date de réalisation ne peut pas être dans le futur.")
    if knowledge_level and knowledge_level not in Visit.Knowledge.values:
        raise PreventionError("Niveau de connaissance inconnu.")
    if restitution_mode and restitution_mode not in Visit.RestitutionMode.values:
        raise PreventionError("Modalité de restitution inconnue.")
    units, hazards = _checked_units(visit, units)
    with audit.actor_context(actor):
        for old in visit.units.all():
            old.hazards.clear()
        visit.units.all().delete()
        for unit in units:
            row = PreventionVisitUnit.objects.create(
                visit=visit,
                work_unit_id=unit.work_unit_id,
                name=unit.name.strip(),
                existing_prevention=unit.existing_prevention.strip(),
                remarks=unit.remarks.strip(),
            )
            row.hazards.set([hazards[pk] for pk in unit.hazard_ids])
        visit.status = Visit.Status.HELD
        visit.held_on = held_on
        visit.employer_expectations = employer_expectations.strip()
        visit.knowledge_level = knowledge_level
        visit.training_needs = training_needs.strip()
        visit.internal_summary = internal_summary.strip()
        visit.proposal = proposal.strip()
        visit.restitution_mode = restitution_mode
        visit.save()
        # The member trajectory's step "rendez-vous de la prévention" is done (seed 002).
        from adherents.trajectory import services as trajectory

        trajectory.complete_step_if_open(
            adherent_id=visit.establishment.adherent_id,
            code="prevention_visit",
            on=held_on,
            by=actor.user,
        )
        # And the member is asked how it went (the satisfaction survey after a visit).
        from adherents.events import services_surveys as events_surveys

        events_surveys.invite_after_visit_on_commit(
            visit.establishment.adherent_id, f"Rendez-vous de la prévention du {held_on:%d/%m/%Y}"
        )
    return visit


@transaction.atomic
def send_visit_letter(
    *, actor: AccessContext, visit: PreventionVisit, today: datetime.date | None = None
) -> PreventionVisit:
    """Render once the employer's letter (synthesis table by unit, proposal), store it with
    its hash, and queue its e-mail to the member (seed 002: "transmission par courrier ou
    mail"), in the same transaction."""
    visit = _locked(visit)
    _require_write(actor, visit.establishment)
    if visit.status != Visit.Status.HELD:
        raise PreventionError("Le courrier suit la réalisation du rendez-vous : enregistrez-la.")
    if visit.letter_sha256:
        raise PreventionError("Le courrier a déjà été envoyé ; il n'est jamais réémis.")
    sent_at = (
        timezone.now()
        if today is None
        else timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    )
    content = pdf_fiche.render_visit_letter(visit, issued_on=timezone.localdate(sent_at))
    with audit.actor_context(actor):
        stored = documents_storage.store(
            content, app="prevention", kind="visit_letter", extension="pdf"
        )
        visit.letter_pdf, visit.letter_sha256 = stored.name, stored.sha256
        visit.letter_sent_at = sent_at
        visit.save(update_fields=["letter_pdf", "letter_sha256", "letter_sent_at", "updated_at"])
    queue_letter_email(visit)
    return visit


def letter_mail_key(visit: PreventionVisit) -> str:
    """The outbox key of the letter's e-mail: the letter is written once, so is its e-mail."""
    return f"prevention:visit-letter:{visit.pk}"


def queue_letter_email(visit: PreventionVisit) -> bool:
    """Mail the member's administrators and prevention contacts the letter just frozen, its PDF
    attached, in the transaction that stores it (spsti.outbox sends it after the commit).
    Once per visit (outbox key). False when the member has nobody to write to."""
    establishment = visit.establishment
    return queue_document_mail(
        establishment=establishment,
        roles=LETTER_RECIPIENTS,
        kind="prevention.visit.letter_sent",
        subject=f"Rendez-vous de la prévention : courrier de synthèse — {establishment}",
        template="prevention/visits/backoffice/letter_email.txt",
        context={"visit": visit},
        related=visit,
        key=letter_mail_key(visit),
        attachment=outbox.attachment("prevention.visits.services.frozen_letter", pk=visit.pk),
        # The letter itself: the portal has no other page of it, and opening it there is read.
        portal_path=reverse("portal:prevention:visit-letter-pdf", args=[visit.pk]),
    )


def record_letter_read(*, actor: AccessContext, visit: PreventionVisit) -> VisitLetterRead:
    """The letter's read receipt, at its first opening in the portal: see
    services_reading.record_first_read."""
    return record_first_read(
        actor=actor,
        code="prevention.visit:view",
        documents=Visit.objects.filter(letter_sha256__gt=""),  # a letter issued
        pk=visit.pk,
        receipts=VisitLetterRead,
        document_field="visit",
    )


def frozen_letter(*, pk: int) -> tuple[str, bytes, str]:
    """The letter stored when it was issued (an outbox attachment renderer)."""
    visit = Visit.objects.only("letter_pdf", "letter_sha256").get(pk=pk)
    content = documents_storage.read(visit.letter_pdf.name, visit.letter_sha256)  # hash checked
    return f"rendez-vous-prevention-{visit.pk}.pdf", content, "application/pdf"


@transaction.atomic
def seed_fiche_from_visit(*, actor: AccessContext, visit: PreventionVisit) -> FicheVersion:
    """Create or fill the FE draft with the units and hazards seen at the visit."""
    visit = _locked(visit)
    _require_write(actor, visit.establishment)
    if visit.status != Visit.Status.HELD:
        raise PreventionError("Enregistrez d'abord le compte rendu du rendez-vous.")
    fiche = FicheEntreprise.objects.filter(establishment_id=visit.establishment_id).first()
    if fiche is None:
        fiche = fiche_services.open_fiche(actor=actor, establishment=visit.establishment)
    draft = fiche.versions.filter(status=FicheVersion.Status.DRAFT).first()
    if draft is None:
        draft = fiche_services.start_version(actor=actor, fiche=fiche)
    draft = fiche_services.editable_draft(actor, draft)
    by_code = {h.code: h for h in Hazard.objects.filter(thesaurus_id=draft.thesaurus_id)}
    entries = {e.name.lower(): e for e in draft.units.prefetch_related("hazards")}
    units = selectors.visit_content(visit).units.all()
    headcounts = dict(
        WorkUnit.objects.filter(
            pk__in=[u.work_unit_id for u in units if u.work_unit_id]
        ).values_list("pk", "headcount")
    )
    with audit.actor_context(actor):
        for unit in units:
            entry = entries.get(unit.name.lower())
            present = {h.hazard_id for h in entry.hazards.all()} if entry else set()
            if entry is None:
                entry = FicheUnitEntry.objects.create(
                    version=draft,
                    work_unit_id=unit.work_unit_id,
                    name=unit.name,
                    exposed_count=headcounts.get(unit.work_unit_id, 0),
                )
            FicheHazardEntry.objects.bulk_create(
                FicheHazardEntry(
                    entry=entry,
                    hazard=by_code[seen.code],
                    existing_measures=unit.existing_prevention,
                )
                for seen in unit.hazards.all()
                if seen.code in by_code and by_code[seen.code].pk not in present
            )
        draft.from_visit = visit
        draft.save(update_fields=["from_visit", "updated_at"])
        draft.contributors.add(actor.user, visit.assigned_to)
    return draft
