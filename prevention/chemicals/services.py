"""The chemical inventory of a work unit: products, FDS, H statements and the CMR flag.

A CMR product suggests a SIR exposure (R4624-23 I, R4412-60) for the unit's current workers,
to their physician only: never an automatic change of their follow-up.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from prevention import services_uploads as uploads
from prevention.chemicals import selectors
from prevention.errors import PreventionError
from prevention.models import ChemicalProduct, WorkUnit
from prevention.rules import chemicals as rules
from spsti import documents_storage
from suivi_sante.enums import SirRisk
from suivi_sante.suggestions import services as suggestions

STATEMENT_MAX = 10  # ChemicalProduct.hazard_statements: CharField(max_length=10)
# After normalisation: H + 3 digits + the CLP letters (H350i, H360FD); anything else is a typo.
STATEMENT_SHAPE = re.compile(r"^H\d{3}[A-Za-z]{0,2}$")


def can_edit_inventory(actor: AccessContext, unit: WorkUnit) -> bool:
    """The member's own units (portal), or the units of the centre's members (staff)."""
    if not actor.has_perm("prevention.chemical:edit"):
        return False
    adherent = unit.establishment.adherent
    if actor.is_portal:
        return actor.adherent_id is not None and adherent.pk == actor.adherent_id
    return actor.is_staff and actor.sees_team(adherent.team_id)


def parse_statements(text: str) -> list[str]:
    """ "h350, H225; h350 i" -> ["H350", "H225", "H350i"]; a wrong one is refused in French."""
    statements: list[str] = []
    invalid: list[str] = []
    for raw in re.split(r"[,;\n]+", text or ""):
        if not raw.strip():
            continue
        try:
            code = rules.normalise_statement(raw.strip())
        except ValueError:
            invalid.append(raw.strip())
            continue
        if not STATEMENT_SHAPE.match(code) or len(code) > STATEMENT_MAX:
            invalid.append(raw.strip())
        elif code not in statements:
            statements.append(code)
    if invalid:
        listed = ", ".join(f"« {code} »" for code in invalid)
        raise PreventionError(
            f"Mention(s) de danger invalide(s) : {listed}. Saisissez-les comme sur la FDS, "
            "séparées par des virgules (exemple : H350, H225)."
        )
    return statements


def _check_fields(name: str, sds_date: datetime.date | None) -> str:
    name = (name or "").strip()
    if not name:
        raise PreventionError("Indiquez le nom du produit.")
    if sds_date is not None and sds_date > timezone.localdate():
        raise PreventionError("La date de la FDS ne peut pas être dans le futur.")
    return name


def _checked_sds(sds_file: UploadedFile | None) -> uploads.CheckedUpload | None:
    if sds_file is None:
        return None
    return uploads.check_upload(sds_file, allowed=(uploads.PDF,))


def suggest_sir_for_unit(product: ChemicalProduct) -> int:
    """Suggest the CMR risk to the physician for each current post of the product's unit."""
    unit = product.work_unit
    today = timezone.localdate()
    posts = unit.employments.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=today), worker__merged_into__isnull=True
    ).only("pk", "sir_risks")
    source = (
        f"Produit CMR « {product.name} » dans l'unité « {unit.name} » "
        f"(inventaire du {today:%d/%m/%Y})"
    )
    created = suggestions.suggest_exposures(
        employments=list(posts), sir_risk=SirRisk.CMR, source=source
    )
    return len(created)


def _cmr(actor: AccessContext, statements: list[str], marked_cmr: bool) -> bool:
    if marked_cmr and not actor.is_staff:
        raise PermissionDenied  # the CMR classification by hand is the prevention team's
    return rules.is_cmr(statements) or marked_cmr


@transaction.atomic
def add_product(
    *,
    actor: AccessContext,
    work_unit: WorkUnit,
    name: str,
    supplier: str = "",
    statements_text: str = "",
    sds_date: datetime.date | None = None,
    sds_file: UploadedFile | None = None,
    marked_cmr: bool = False,
) -> ChemicalProduct:
    """Add a product to a unit's inventory; a CMR one suggests SIR to the workers' physician."""
    if not can_edit_inventory(actor, work_unit):
        raise PermissionDenied
    if work_unit.archived_at is not None:
        raise PreventionError("Cette unité de travail est archivée : aucun produit à y ajouter.")
    name = _check_fields(name, sds_date)
    statements = parse_statements(statements_text)
    sds = _checked_sds(sds_file)
    if sds is not None and sds_date is None:
        raise PreventionError("Indiquez la date de la FDS déposée (elle figure sur sa 1re page).")
    stored = sds.store("sds") if sds else None
    with audit.actor_context(actor):
        product = ChemicalProduct.objects.create(
            work_unit=work_unit,
            name=name,
            supplier=(supplier or "").strip(),
            sds_date=sds_date,
            sds_filename=sds.filename if sds else "",
            sds_content=stored.name if stored else "",
            sds_sha256=stored.sha256 if stored else "",
            hazard_statements=statements,
            is_cmr=_cmr(actor, statements, marked_cmr),
            recorded_by=actor.user,
        )
        if product.is_cmr:
            suggest_sir_for_unit(product)
    return product


@transaction.atomic
def update_product(
    *,
    actor: AccessContext,
    product: ChemicalProduct,
    name: str,
    supplier: str = "",
    statements_text: str = "",
    sds_date: datetime.date | None = None,
    sds_file: UploadedFile | None = None,
    marked_cmr: bool | None = None,
) -> ChemicalProduct:
    """Edit a current product; a new FDS replaces the old one. Becoming CMR suggests SIR.

    `marked_cmr` None (the member's form) keeps a flag the team set by hand.
    """
    product = (
        ChemicalProduct.objects.select_for_update(of=("self",))
        .select_related("work_unit__establishment__adherent")
        .get(pk=product.pk)
    )
    if not can_edit_inventory(actor, product.work_unit):
        raise PermissionDenied
    if product.archived_at is not None:
        raise PreventionError("Ce produit a été retiré de l'inventaire : il ne se modifie plus.")
    name = _check_fields(name, sds_date)
    statements = parse_statements(statements_text)
    sds = _checked_sds(sds_file)
    if (sds is not None or product.sds_filename) and sds_date is None:
        raise PreventionError("Indiquez la date de la FDS (elle figure sur sa 1re page).")
    if marked_cmr is None:
        marked_cmr = selectors.manual_cmr(product)
        is_cmr = rules.is_cmr(statements) or marked_cmr
    else:
        is_cmr = _cmr(actor, statements, marked_cmr)
    became_cmr = is_cmr and not product.is_cmr
    product.name = name
    product.supplier = (supplier or "").strip()
    product.sds_date = sds_date
    product.hazard_statements = statements
    product.is_cmr = is_cmr
    fields = ["name", "supplier", "sds_date", "hazard_statements", "is_cmr", "updated_at"]
    replaced = product.sds_content.name
    if sds is not None:
        stored = sds.store("sds")
        product.sds_filename, product.sds_content = sds.filename, stored.name
        product.sds_sha256 = stored.sha256
        fields += ["sds_filename", "sds_content", "sds_sha256"]
        if replaced:  # the replaced sheet is no legal document: its file goes
            transaction.on_commit(lambda: documents_storage.delete(replaced))
    with audit.actor_context(actor):
        product.save(update_fields=fields)
        if became_cmr:
            suggest_sir_for_unit(product)
    return product


@transaction.atomic
def archive_product(*, actor: AccessContext, product: ChemicalProduct) -> ChemicalProduct:
    """Withdraw a product from the inventory: the row and its FDS stay (never deleted)."""
    product = (
        ChemicalProduct.objects.select_for_update(of=("self",))
        .select_related("work_unit__establishment__adherent")
        .get(pk=product.pk)
    )
    if not can_edit_inventory(actor, product.work_unit):
        raise PermissionDenied
    if product.archived_at is not None:
        raise PreventionError(
            f"Ce produit a déjà été retiré le {timezone.localtime(product.archived_at):%d/%m/%Y}."
        )
    product.archived_at = timezone.now()
    with audit.actor_context(actor):
        product.save(update_fields=["archived_at", "updated_at"])
    return product
