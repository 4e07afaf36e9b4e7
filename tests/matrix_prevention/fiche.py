"""Permission-matrix rows of prevention: the FE and the prevention visit (plus their builders).

The builders are shared with tests/prevention/test_fiche*.py and test_visit*.py.
"""

from __future__ import annotations

import datetime
import io

from django.conf import settings
from django.utils import timezone

from accounts.context import build_context
from prevention.models import (
    FicheEntreprise,
    FicheHazardEntry,
    FichePhoto,
    FicheUnitEntry,
    FicheVersion,
    PreventionVisit,
)
from prevention.rules.dates import add_years
from tests import documents
from tests.matrix import BACKOFFICE_CARE, PORTAL_OPEN, Case
from tests.prevention.factories import FicheFactory, FicheVersionFactory, hazard

FAKE_PDF = b"%PDF-1.7 test document"


def ctx_of(user):
    """The access context a user gets after login (staff: MFA passed)."""
    return build_context(user, {}, mfa_passed=True)


def png_bytes(size: tuple[int, int] = (4, 3)) -> bytes:
    """A real PNG image."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def fiche_of(world, establishment=None) -> FicheEntreprise:
    establishment = establishment or world.establishment
    existing = FicheEntreprise.objects.filter(establishment=establishment).first()
    return existing or FicheFactory(establishment=establishment)


def draft(world, *, establishment=None, number: int | None = None, unit: bool = True):
    """A draft version with one unit ("Atelier", 5 people) exposed to slips (3 people)."""
    fiche = fiche_of(world, establishment)
    if number is None:
        number = (
            fiche.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
    version = FicheVersionFactory(
        fiche=fiche, number=number, drafted_by=world.actors["prevention_assistant"]
    )
    if unit:
        entry = FicheUnitEntry.objects.create(version=version, name="Atelier", exposed_count=5)
        FicheHazardEntry.objects.create(
            entry=entry, hazard=hazard("CHU-PP"), exposed_count=3, existing_measures="Tapis"
        )
    return version


def validated(world, **kwargs) -> FicheVersion:
    version = draft(world, **kwargs)
    FicheVersion.objects.filter(pk=version.pk).update(
        status="validated", validated_by=world.actors["physician"], validated_at=timezone.now()
    )
    return FicheVersion.objects.get(pk=version.pk)


def sent(world, *, sent_on: datetime.date | None = None, **kwargs) -> FicheVersion:
    """A version sent to the employer (a stand-in PDF: the real one is tested in test_fiche_pdf)."""
    version = validated(world, **kwargs)
    moment = (
        timezone.make_aware(datetime.datetime.combine(sent_on, datetime.time(12)))
        if sent_on
        else timezone.now()
    )
    FicheVersion.objects.filter(pk=version.pk).update(
        status="sent", sent_at=moment, **documents.fields(FAKE_PDF, "pdf", "sha256")
    )
    renewal = add_years(timezone.localdate(moment), settings.SPSTI_FE_RENEWAL_YEARS)
    FicheEntreprise.objects.filter(pk=version.fiche_id).update(renewal_due_on=renewal)
    return FicheVersion.objects.get(pk=version.pk)


def photo(world) -> FichePhoto:
    version = draft(world)
    return FichePhoto.objects.create(
        version=version,
        caption="Allée encombrée",
        content_type="image/png",
        **documents.fields(png_bytes(), "content", "sha256", extension="png"),
        uploaded_by=world.actors["prevention_assistant"],
    )


def visit(world, *, held: bool = False, letter: bool = False) -> PreventionVisit:
    return PreventionVisit.objects.create(
        establishment=world.establishment,
        scheduled_on=datetime.date(2026, 3, 2),
        assigned_to=world.actors["prevention_assistant"],
        status="held" if held or letter else "planned",
        held_on=datetime.date(2026, 3, 2) if held or letter else None,
        internal_summary="Employeur réticent",
        **(documents.fields(FAKE_PDF, "letter_pdf", "letter_sha256") if letter else {}),
        letter_sent_at=timezone.now() if letter else None,
    )


# The member's admin and prevention contact; firms hold no prevention code.
PORTAL_PREVENTION = {**PORTAL_OPEN, "firm_mandated": 403, "firm_unmandated": 403}
PORTAL_ON_A = {**PORTAL_PREVENTION, "portal_other": 404}
# Health teams read prevention; the secretary does not; another centre gets 404.
BACKOFFICE_READ = {**BACKOFFICE_CARE, "physician_other": 404, "secretary": 403}
BACKOFFICE_LIST = {**BACKOFFICE_CARE, "secretary": 403}
# Prevention staff write; the physician, the nurse and another centre lack the code.
BACKOFFICE_WRITE = {**BACKOFFICE_READ, "physician": 403, "physician_other": 403, "nurse": 403}
PREVENTION_ONLY_302 = {**BACKOFFICE_WRITE, "prevention_assistant": 302}

CASES = [
    Case("backoffice:prevention:fiche-list", BACKOFFICE_LIST),
    Case(
        "backoffice:prevention:fiche-detail",
        BACKOFFICE_READ,
        args=lambda w: [fiche_of(w).pk],
    ),
    Case(
        "backoffice:prevention:fiche-open",
        PREVENTION_ONLY_302,
        args=lambda w: [w.establishment.pk],
        method="post",
    ),
    Case(
        "backoffice:prevention:fiche-version-start",
        PREVENTION_ONLY_302,
        args=lambda w: [sent(w).fiche_id],
        method="post",
    ),
    Case(
        "backoffice:prevention:fiche-version-edit",
        BACKOFFICE_READ,
        args=lambda w: [draft(w).pk],
    ),
    Case(
        "backoffice:prevention:fiche-version-validate",
        {  # the physician of A's team; another centre's physician holds the code: 404
            **BACKOFFICE_READ,
            "physician": 302,
            "nurse": 403,
            "prevention_assistant": 403,
        },
        args=lambda w: [draft(w).pk],
        method="post",
    ),
    Case(
        "backoffice:prevention:fiche-version-send",
        PREVENTION_ONLY_302,
        args=lambda w: [draft(w).pk],  # refused (not validated): back to the editor
        method="post",
        refused_with={
            "prevention_assistant": "Le médecin du travail doit valider la fiche avant sa"
        },
    ),
    Case(
        "backoffice:prevention:fiche-version-pdf",
        BACKOFFICE_READ,
        args=lambda w: [sent(w).pk],
    ),
    Case("backoffice:prevention:fiche-photo", BACKOFFICE_READ, args=lambda w: [photo(w).pk]),
    Case("backoffice:prevention:visit-list", BACKOFFICE_LIST),
    Case("backoffice:prevention:visit-create", BACKOFFICE_WRITE),
    Case("backoffice:prevention:visit-detail", BACKOFFICE_READ, args=lambda w: [visit(w).pk]),
    Case(
        "backoffice:prevention:visit-record",
        {**BACKOFFICE_WRITE, "prevention_assistant": 200},  # empty form: shown again
        args=lambda w: [visit(w).pk],
        method="post",
    ),
    Case(
        "backoffice:prevention:visit-letter",
        PREVENTION_ONLY_302,
        args=lambda w: [visit(w).pk],  # not held: refused, back to the visit
        method="post",
        refused_with={"prevention_assistant": "Le courrier suit la réalisation du rendez-vous"},
    ),
    Case(
        "backoffice:prevention:visit-letter-pdf",
        BACKOFFICE_READ,
        args=lambda w: [visit(w, letter=True).pk],
    ),
    Case(
        "backoffice:prevention:visit-seed-fiche",
        PREVENTION_ONLY_302,
        args=lambda w: [visit(w).pk],  # not held: refused, back to the visit
        method="post",
        refused_with={"prevention_assistant": "Enregistrez d'abord le compte rendu du rendez-vous"},
    ),
    Case("portal:prevention:fiche-list", PORTAL_PREVENTION),
    Case(
        "portal:prevention:fiche-version-detail",
        PORTAL_ON_A,
        args=lambda w: [sent(w).pk],
    ),
    Case(
        "portal:prevention:fiche-version-pdf",
        PORTAL_ON_A,
        args=lambda w: [sent(w).pk],
    ),
    Case(
        "portal:prevention:fiche-acknowledge",
        {**PORTAL_ON_A, "portal_admin": 302},
        args=lambda w: [sent(w).pk],
        method="post",
    ),
    Case(
        "portal:prevention:visit-letter-pdf",
        PORTAL_ON_A,
        args=lambda w: [visit(w, letter=True).pk],
    ),
]
