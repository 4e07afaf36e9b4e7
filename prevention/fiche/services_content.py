"""The content of an FE draft: its work units, their hazards, the texts and the photos.

Every write goes through `services.editable_draft` (a validated FE is never modified, R4624-50)
and marks the draft as touched by its author.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts import audit
from accounts.context import AccessContext
from prevention import services_uploads as uploads
from prevention.errors import PreventionError
from prevention.fiche import services
from prevention.models import (
    FicheHazardEntry,
    FichePhoto,
    FicheUnitEntry,
    FicheVersion,
    Hazard,
    WorkUnit,
)
from spsti import documents_storage


def _check_count(value: int, label: str) -> int:
    if value is None or value < 0:
        raise PreventionError(f"{label} : indiquez un nombre positif ou nul.")
    return value


@transaction.atomic
def add_unit_entry(
    *,
    actor: AccessContext,
    version: FicheVersion,
    name: str = "",
    work_unit: WorkUnit | None = None,
    exposed_count: int | None = None,
) -> FicheUnitEntry:
    """Add a work unit to the draft: one of the establishment's units or a free name."""
    version = services.editable_draft(actor, version)
    if work_unit is not None:
        if (
            work_unit.establishment_id != version.fiche.establishment_id
            or work_unit.archived_at is not None
        ):
            raise PreventionError("Cette unité de travail n'appartient pas à l'établissement.")
        name = name.strip() or work_unit.name
        exposed_count = work_unit.headcount if exposed_count is None else exposed_count
    name = name.strip()
    if not name:
        raise PreventionError("Indiquez le nom de l'unité de travail.")
    if len(name) > 120:
        raise PreventionError("Le nom de l'unité de travail dépasse 120 caractères.")
    exposed_count = _check_count(exposed_count or 0, "Effectif de l'unité")
    if version.units.filter(name__iexact=name).exists():
        raise PreventionError(f"L'unité « {name} » figure déjà dans cette version.")
    with audit.actor_context(actor):
        entry = FicheUnitEntry.objects.create(
            version=version, work_unit=work_unit, name=name, exposed_count=exposed_count
        )
        services.touch(actor, version)
    return entry


@transaction.atomic
def update_unit_entry(
    *, actor: AccessContext, entry: FicheUnitEntry, name: str, exposed_count: int
) -> FicheUnitEntry:
    """Rename a unit or change its headcount; never below a hazard's exposed count."""
    version = services.editable_draft(actor, entry.version)
    entry = FicheUnitEntry.objects.get(pk=entry.pk, version=version)
    name = name.strip()
    if not name:
        raise PreventionError("Indiquez le nom de l'unité de travail.")
    exposed_count = _check_count(exposed_count, "Effectif de l'unité")
    if version.units.filter(name__iexact=name).exclude(pk=entry.pk).exists():
        raise PreventionError(f"L'unité « {name} » figure déjà dans cette version.")
    most = max(entry.hazards.values_list("exposed_count", flat=True), default=0)
    if exposed_count < most:
        raise PreventionError(
            f"L'effectif de l'unité ({exposed_count}) ne peut pas être inférieur au nombre de "
            f"salariés exposés à l'un de ses dangers ({most})."
        )
    with audit.actor_context(actor):
        entry.name, entry.exposed_count = name, exposed_count
        entry.save(update_fields=["name", "exposed_count"])
        services.touch(actor, version)
    return entry


@transaction.atomic
def remove_unit_entry(*, actor: AccessContext, entry: FicheUnitEntry) -> None:
    """Take a unit, with its hazards, out of the draft."""
    version = services.editable_draft(actor, entry.version)
    with audit.actor_context(actor):
        FicheHazardEntry.objects.filter(entry_id=entry.pk, entry__version=version).delete()
        FicheUnitEntry.objects.filter(pk=entry.pk, version=version).delete()
        services.touch(actor, version)


def _check_hazard(entry: FicheUnitEntry, exposed_count: int) -> int:
    exposed_count = _check_count(exposed_count, "Salariés exposés")
    if exposed_count > entry.exposed_count:
        raise PreventionError(
            f"Le nombre de salariés exposés ({exposed_count}) ne peut pas dépasser l'effectif "
            f"de l'unité « {entry.name} » ({entry.exposed_count})."
        )
    return exposed_count


@transaction.atomic
def add_hazard_entry(
    *,
    actor: AccessContext,
    entry: FicheUnitEntry,
    hazard: Hazard,
    exposed_count: int,
    existing_measures: str = "",
    is_priority: bool = False,
) -> FicheHazardEntry:
    """Record a hazard of a unit, from the version's thesaurus, with its exposed workers."""
    version = services.editable_draft(actor, entry.version)
    entry = FicheUnitEntry.objects.get(pk=entry.pk, version=version)
    if hazard.thesaurus_id != version.thesaurus_id:
        raise PreventionError(
            "Ce danger n'appartient pas au thésaurus des dangers utilisé par cette version."
        )
    exposed_count = _check_hazard(entry, exposed_count)
    if entry.hazards.filter(hazard=hazard).exists():
        raise PreventionError(f"Le danger « {hazard.label} » est déjà relevé pour cette unité.")
    with audit.actor_context(actor):
        created = FicheHazardEntry.objects.create(
            entry=entry,
            hazard=hazard,
            exposed_count=exposed_count,
            existing_measures=existing_measures.strip(),
            is_priority=is_priority,
        )
        services.touch(actor, version)
    return created


@transaction.atomic
def update_hazard_entry(
    *,
    actor: AccessContext,
    hazard_entry: FicheHazardEntry,
    exposed_count: int,
    existing_measures: str,
    is_priority: bool,
) -> FicheHazardEntry:
    """Change a hazard's exposed count, existing measures or priority flag."""
    version = services.editable_draft(actor, hazard_entry.entry.version)
    hazard_entry = FicheHazardEntry.objects.select_related("entry").get(
        pk=hazard_entry.pk, entry__version=version
    )
    exposed_count = _check_hazard(hazard_entry.entry, exposed_count)
    with audit.actor_context(actor):
        hazard_entry.exposed_count = exposed_count
        hazard_entry.existing_measures = existing_measures.strip()
        hazard_entry.is_priority = is_priority
        hazard_entry.save(update_fields=["exposed_count", "existing_measures", "is_priority"])
        services.touch(actor, version)
    return hazard_entry


@transaction.atomic
def remove_hazard_entry(*, actor: AccessContext, hazard_entry: FicheHazardEntry) -> None:
    """Take a hazard out of a unit of the draft."""
    version = services.editable_draft(actor, hazard_entry.entry.version)
    with audit.actor_context(actor):
        FicheHazardEntry.objects.filter(pk=hazard_entry.pk, entry__version=version).delete()
        services.touch(actor, version)


@transaction.atomic
def update_texts(
    *, actor: AccessContext, version: FicheVersion, observations: str, recommendations: str
) -> FicheVersion:
    """The team's observations and its recommendations to the employer."""
    version = services.editable_draft(actor, version)
    with audit.actor_context(actor):
        version.observations = observations.strip()
        version.recommendations = recommendations.strip()
        version.save(update_fields=["observations", "recommendations", "updated_at"])
        version.contributors.add(actor.user)
    return version


@transaction.atomic
def add_photo(
    *, actor: AccessContext, version: FicheVersion, upload: UploadedFile, caption: str
) -> FichePhoto:
    """Store a photo of the draft: JPEG, PNG or WebP by its bytes, within the size cap."""
    version = services.editable_draft(actor, version)
    caption = caption.strip()
    if not caption:
        raise PreventionError("Indiquez une légende pour la photo.")
    if len(caption) > 200:
        raise PreventionError("La légende de la photo dépasse 200 caractères.")
    checked = uploads.check_upload(upload, allowed=uploads.IMAGE_KINDS)
    stored = checked.store("fe_photo")
    with audit.actor_context(actor):
        photo = FichePhoto.objects.create(
            version=version,
            caption=caption,
            content_type=checked.content_type,
            content=stored.name,
            sha256=stored.sha256,
            uploaded_by=actor.user,
        )
        services.touch(actor, version)
    return photo


@transaction.atomic
def remove_photo(*, actor: AccessContext, photo: FichePhoto) -> None:
    """Take a photo out of the draft."""
    version = services.editable_draft(actor, photo.version)
    with audit.actor_context(actor):
        deleted, _ = FichePhoto.objects.filter(pk=photo.pk, version=version).delete()
        services.touch(actor, version)
    if deleted:  # a draft's photo is no legal document yet: its file goes with it
        transaction.on_commit(lambda: documents_storage.delete(photo.content.name))
