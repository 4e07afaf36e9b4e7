"""Writes on workers: the employer's declarations, the physician's category, staff merges."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from adherents.models import Establishment
from suivi_sante.enums import CategorySource, EndReason, FollowUpCategory, IdentityStatus
from suivi_sante.errors import FollowUpError
from suivi_sante.models import (
    Absence,
    Dmst,
    DueVisit,
    Employment,
    Referral,
    Visit,
    Worker,
)
from suivi_sante.schedule import services as schedule


@dataclass(frozen=True)
class Identity:
    """Who the employer declares: names, birth date, sex, optional NIR."""

    last_name: str
    first_name: str
    birth_date: datetime.date
    sex: str
    nir: str = ""


@dataclass(frozen=True)
class Post:
    """The post taken up: where, what, which contract, and what it exposes to."""

    establishment: Establishment
    job_title: str
    contract: str
    start_on: datetime.date
    end_on: datetime.date | None = None
    pcs_ese_code: str = ""
    is_night_work: bool = False
    # R4624-18: adapted follow-up, VIP before assignment.
    is_exposed_biological_agents_2: bool = False
    is_exposed_electromagnetic_fields: bool = False
    sir_risks: tuple[str, ...] = ()
    aptitude_jobs: tuple[str, ...] = ()
    effective_work_days: int | None = None  # D4625-22, seasonal contracts


@dataclass(frozen=True)
class Situations:
    """Declared situations that adapt the follow-up (R4624-19, R4624-20)."""

    is_disabled: bool = False
    has_invalidity_pension: bool = False
    is_pregnant: bool = False


def hire_parts(data: Mapping) -> dict:
    """declare_hire's identity, post and situations from a hire's cleaned fields (the portal's
    HireForm and the API's HireSerializer name them alike)."""
    return {
        "identity": Identity(
            data["last_name"], data["first_name"], data["birth_date"], data["sex"], data["nir"]
        ),
        "post": Post(
            establishment=data["establishment"],
            job_title=data["job_title"],
            contract=data["contract"],
            start_on=data["start_on"],
            end_on=data["end_on"],
            pcs_ese_code=data["pcs_ese_code"],
            is_night_work=data["is_night_work"],
            is_exposed_biological_agents_2=data["is_exposed_biological_agents_2"],
            is_exposed_electromagnetic_fields=data["is_exposed_electromagnetic_fields"],
            sir_risks=tuple(data["sir_risks"]),
            aptitude_jobs=tuple(data["aptitude_jobs"]),
            effective_work_days=data["effective_work_days"],
        ),
        "situations": Situations(
            data["is_disabled"], data["has_invalidity_pension"], data["is_pregnant"]
        ),
    }


def _require_declarer(actor: AccessContext, adherent_id: int) -> None:
    if not (
        actor.is_portal
        and actor.adherent_id == adherent_id
        and actor.has_perm("suivi_sante.worker:declare")
    ):
        raise PermissionDenied


def duplicates_of(worker: Worker) -> list[Worker]:
    """Other live workers of the same member with this NIR, or these names and birth date."""
    same_identity = Q(
        last_name__iexact=worker.last_name,
        first_name__iexact=worker.first_name,
        birth_date=worker.birth_date,
    )
    if worker.nir:
        same_identity |= Q(nir=worker.nir)
    return list(
        Worker.objects.filter(same_identity, adherent_id=worker.adherent_id, merged_into=None)
        .exclude(pk=worker.pk)
        .order_by("pk")
    )


@transaction.atomic
def declare_hire(
    *, actor: AccessContext, identity: Identity, post: Post, situations: Situations
) -> tuple[Worker, list[Worker]]:
    """The employer declares a hire: a worker, the employment, and what is now due.

    A possible duplicate (same NIR, or same names and birth date) is never merged silently: the
    new record is kept and listed for staff, who merge it if it is the same person.
    """
    _require_declarer(actor, post.establishment.adherent_id)
    if post.end_on and post.end_on < post.start_on:
        raise FollowUpError("La date de sortie précède la date d'embauche.")
    with audit.actor_context(actor):
        worker = Worker.objects.create(
            adherent_id=post.establishment.adherent_id,
            last_name=identity.last_name.strip(),
            first_name=identity.first_name.strip(),
            birth_date=identity.birth_date,
            sex=identity.sex,
            nir=identity.nir,
            is_disabled=situations.is_disabled,
            has_invalidity_pension=situations.has_invalidity_pension,
            is_pregnant=situations.is_pregnant,
        )
        Employment.objects.create(
            worker=worker,
            establishment=post.establishment,
            job_title=post.job_title,
            pcs_ese_code=post.pcs_ese_code,
            contract=post.contract,
            start_on=post.start_on,
            end_on=post.end_on,
            is_night_work=post.is_night_work,
            is_exposed_biological_agents_2=post.is_exposed_biological_agents_2,
            is_exposed_electromagnetic_fields=post.is_exposed_electromagnetic_fields,
            sir_risks=list(post.sir_risks),
            aptitude_jobs=list(post.aptitude_jobs),
            effective_work_days=post.effective_work_days,
            declared_by=actor.user,
        )
        schedule.refresh_due_visits([worker.pk])
    worker.refresh_from_db()
    return worker, duplicates_of(worker)


@transaction.atomic
def declare_departure(
    *,
    actor: AccessContext,
    employment: Employment,
    end_on: datetime.date,
    end_reason: str = EndReason.OTHER,
) -> Employment:
    """The employer declares the worker's last day in this post, and whether the worker leaves
    for retirement (the end-of-career visit of L4624-2-1 is then owed to a worker who is or was
    under SIR)."""
    _require_declarer(actor, employment.worker.adherent_id)
    if end_reason not in EndReason.values:
        raise FollowUpError(f"Motif de sortie inconnu : « {end_reason} ».")
    employment = Employment.objects.select_for_update(of=("self",)).get(pk=employment.pk)
    if end_on < employment.start_on:
        raise FollowUpError("La date de sortie précède la date d'embauche.")
    if employment.end_on is not None:
        raise FollowUpError("Ce départ est déjà déclaré.")
    with audit.actor_context(actor):
        employment.end_on = end_on
        employment.end_reason = end_reason
        employment.save(update_fields=["end_on", "end_reason", "updated_at"])
        schedule.refresh_due_visits([employment.worker_id])
    return employment


@transaction.atomic
def declare_absence(
    *,
    actor: AccessContext,
    worker: Worker,
    cause: str,
    start_on: datetime.date,
    end_on: datetime.date | None,
) -> Absence:
    """The employer declares a work stoppage (its last day when known)."""
    _require_declarer(actor, worker.adherent_id)
    if end_on is not None and end_on < start_on:
        raise FollowUpError("Le dernier jour d'absence précède le premier.")
    overlapping = Absence.objects.filter(worker=worker, start_on__lte=end_on or datetime.date.max)
    if overlapping.filter(Q(end_on__isnull=True) | Q(end_on__gte=start_on)).exists():
        raise FollowUpError("Une absence déjà déclarée couvre une partie de ces dates.")
    with audit.actor_context(actor):
        absence = Absence.objects.create(
            worker=worker, cause=cause, start_on=start_on, end_on=end_on, declared_by=actor.user
        )
        schedule.refresh_due_visits([worker.pk])
    return absence


@transaction.atomic
def declare_return(*, actor: AccessContext, absence: Absence, return_on: datetime.date) -> Absence:
    """The employer declares the day the worker comes back: the absence ends the day before."""
    _require_declarer(actor, absence.worker.adherent_id)
    absence = Absence.objects.select_for_update(of=("self",)).get(pk=absence.pk)
    if absence.end_on is not None:
        raise FollowUpError("Le retour de cette absence est déjà déclaré.")
    if return_on <= absence.start_on:
        raise FollowUpError("Le retour doit suivre le premier jour d'absence.")
    with audit.actor_context(actor):
        absence.end_on = return_on - datetime.timedelta(days=1)
        absence.save(update_fields=["end_on", "updated_at"])
        schedule.refresh_due_visits([absence.worker_id])
    return absence


@transaction.atomic
def set_category(
    *,
    actor: AccessContext,
    worker: Worker,
    category: str,
    reason: str,
    periodicity_months: int | None = None,
) -> Worker:
    """The physician confirms or overrides the category, with a written reason, and may
    shorten the periodicity (never beyond the law's maximum: the engine caps it)."""
    if not (
        actor.is_staff
        and actor.has_perm("suivi_sante.category:override")
        and actor.sees_team(worker.adherent.team_id)
    ):
        raise PermissionDenied
    if category not in FollowUpCategory.values:
        raise FollowUpError("Catégorie de suivi inconnue.")
    if not reason.strip():
        raise FollowUpError("Indiquez le motif de votre décision : il est conservé au dossier.")
    if periodicity_months is not None and not 1 <= periodicity_months <= 60:
        raise FollowUpError("La périodicité se compte en mois, de 1 à 60.")
    worker = Worker.objects.select_for_update(of=("self",)).get(pk=worker.pk)
    with audit.actor_context(actor):
        worker.category = category
        worker.category_source = CategorySource.PHYSICIAN
        worker.category_override_reason = reason.strip()
        worker.physician_periodicity_months = periodicity_months
        worker.save(
            update_fields=[
                "category",
                "category_source",
                "category_override_reason",
                "physician_periodicity_months",
                "updated_at",
            ]
        )
        schedule.refresh_due_visits([worker.pk])
    return worker


@transaction.atomic
def update_identity(
    *,
    actor: AccessContext,
    worker: Worker,
    nir: str,
    ins_oid: str,
    identity_status: str,
    email: str | None = None,
    phone: str | None = None,
) -> Worker:
    """Identity vigilance: NIR, INS OID and the RNIV status, set by the service's staff;
    with the worker's own e-mail and phone (None: unchanged), to convene them directly.

    A qualified identity needs the INS (matricule and OID) checked against the national
    teleservice; the database refuses a qualified identity without them.
    """
    if not (
        actor.is_staff
        and actor.has_perm("suivi_sante.identity:manage")
        and actor.sees_team(worker.adherent.team_id)
    ):
        raise PermissionDenied
    if identity_status == IdentityStatus.QUALIFIED and not (nir and ins_oid):
        raise FollowUpError(
            "Une identité qualifiée exige le NIR (matricule INS) et l'OID de l'INS."
        )
    worker = Worker.objects.select_for_update(of=("self",)).get(pk=worker.pk)
    with audit.actor_context(actor):
        worker.nir, worker.ins_oid, worker.identity_status = nir, ins_oid, identity_status
        fields = ["nir", "ins_oid", "identity_status", "updated_at"]
        for name, value in (("email", email), ("phone", phone)):
            if value is not None:
                setattr(worker, name, value.strip())
                fields.append(name)
        worker.save(update_fields=fields)
    return worker


@transaction.atomic
def merge_workers(*, actor: AccessContext, keep: Worker, duplicate: Worker) -> Worker:
    """Staff merge a duplicate into the record that carries on; nothing is deleted.

    Employments, absences, visits and open referrals move to the kept record. Issued documents
    and DMST entries are immutable: they stay on the duplicate, which points to the kept record
    (`merged_into`) and is shown from it. A DMST moves only when the kept record has none.
    """
    if not (actor.is_staff and actor.has_perm("suivi_sante.worker:merge")):
        raise PermissionDenied
    locked = {
        w.pk: w
        for w in Worker.objects.select_for_update(of=("self",)).filter(
            pk__in=[keep.pk, duplicate.pk]
        )
    }
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    if keep.pk == duplicate.pk or keep.adherent_id != duplicate.adherent_id:
        raise FollowUpError(
            "Seuls deux dossiers distincts du même adhérent peuvent être fusionnés."
        )
    if not actor.sees_team(keep.adherent.team_id):
        raise PermissionDenied
    if keep.merged_into_id or duplicate.merged_into_id:
        raise FollowUpError("Un de ces dossiers est déjà fusionné.")
    if keep.nir and duplicate.nir and keep.nir != duplicate.nir:
        raise FollowUpError("Les NIR diffèrent : ce ne sont pas la même personne.")
    with audit.actor_context(actor, merged=duplicate.pk):
        for model in (Employment, Absence, Visit, Referral):
            for row in model.objects.filter(worker=duplicate):  # row by row: history per row
                row.worker = keep
                row.save(update_fields=["worker", "updated_at"])
        if not Dmst.objects.filter(worker=keep).exists():
            for record in Dmst.objects.filter(worker=duplicate):
                record.worker = keep
                record.save(update_fields=["worker", "updated_at"])
        DueVisit.objects.filter(worker=duplicate).delete()
        if not keep.nir and duplicate.nir:
            keep.nir = duplicate.nir
            keep.save(update_fields=["nir", "updated_at"])
        duplicate.merged_into = keep
        duplicate.merged_at = timezone.now()
        duplicate.save(update_fields=["merged_into", "merged_at", "updated_at"])
        schedule.refresh_due_visits([keep.pk])
    return keep
