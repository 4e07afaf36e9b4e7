"""Reversibility: a member's administrative data as a ZIP of CSV files (UTF-8 with BOM, ';',
as Excel FR opens them) plus its invoice PDFs; the centre's member list as XLSX.

Never any follow-up data (workers, visits, documents: suivi_sante) and never a request's
internal notes. Each file is read in one query, whatever the member's size.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal

from django.utils import timezone
from import_export.formats.base_formats import XLSX

from accounts.enums import MandateScope
from adherents.imports.resources import AdherentResource
from adherents.models import (
    AccountingFirmMandate,
    Adherent,
    Contact,
    Establishment,
    Invoice,
    MemberRequest,
    RequestMessage,
    WorkforceDeclaration,
)
from spsti import documents_storage
from spsti.spreadsheet import safe_cell

XLSX_CONTENT_TYPE = XLSX.CONTENT_TYPE

README = """Export des données administratives de {name} (SIREN {siren}), le {day}.

Fichiers CSV en UTF-8, séparateur point-virgule (ouverture directe dans Excel).
- adherent.csv : l'entreprise adhérente
- etablissements.csv : ses établissements
- contacts.csv : les contacts déclarés au service
- mandats.csv : les mandats confiés à des cabinets comptables
- declarations_effectifs.csv : les déclarations d'effectifs (toutes les versions)
- factures.csv et factures/ : les factures et avoirs, avec leur PDF
- demandes.csv et demandes_messages.csv : les demandes adressées au service et leurs échanges

Les données du suivi individuel de santé des salariés ne figurent pas dans cet export :
elles relèvent du secret médical.
"""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def csv_bytes(headers: list[str], rows) -> bytes:
    """A CSV for Excel FR: BOM, ';', CRLF, formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([safe_cell(_text(value)) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _pdf_name(number: str) -> str:
    return "factures/" + re.sub(r"[^\w.-]", "_", number) + ".pdf"


def _member(adherent: Adherent):
    yield [
        adherent.name,
        adherent.siren,
        adherent.naf_code,
        adherent.legal_form,
        adherent.get_kind_display(),
        adherent.get_status_display(),
        adherent.team.name,
        adherent.joined_on,
        adherent.has_cse,
        adherent.activity_description,
    ]


def _files(adherent: Adherent):
    """(name, bytes) of every file of the archive."""
    yield (
        "LISEZMOI.txt",
        README.format(
            name=adherent.name, siren=adherent.siren, day=timezone.localdate().strftime("%d/%m/%Y")
        ).encode("utf-8-sig"),
    )
    yield (
        "adherent.csv",
        csv_bytes(
            [
                "raison_sociale",
                "siren",
                "code_naf",
                "forme_juridique",
                "type",
                "statut",
                "equipe",
                "date_adhesion",
                "cse",
                "activite",
            ],
            _member(adherent),
        ),
    )
    establishments = Establishment.objects.filter(adherent=adherent).order_by("siret")
    yield (
        "etablissements.csv",
        csv_bytes(
            ["siret", "nom", "type", "siege", "adresse", "code_postal", "commune", "horaires"],
            (
                [e.siret, e.name, e.get_kind_display(), e.is_head_office, e.address]
                + [e.postal_code, e.city, e.opening_hours]
                for e in establishments
            ),
        ),
    )
    contacts = Contact.objects.filter(adherent=adherent).select_related("establishment")
    yield (
        "contacts.csv",
        csv_bytes(
            ["role", "prenom", "nom", "email", "telephone", "siret_etablissement", "actif"],
            (
                [c.get_role_display(), c.first_name, c.last_name, c.email, c.phone]
                + [c.establishment.siret if c.establishment else "", c.is_active]
                for c in contacts.order_by("last_name", "pk")
            ),
        ),
    )
    mandates = AccountingFirmMandate.objects.filter(adherent=adherent).select_related("firm")
    yield (
        "mandats.csv",
        csv_bytes(
            [
                "cabinet",
                "siren_cabinet",
                "perimetre",
                "valable_du",
                "valable_jusqu_au",
                "revoque_le",
            ],
            (
                [m.firm.name, m.firm.siren, ", ".join(MandateScope(s).label for s in m.scopes)]
                + [m.valid_from, m.valid_until, m.revoked_at]
                for m in mandates.order_by("valid_from", "pk")
            ),
        ),
    )
    declarations = WorkforceDeclaration.objects.filter(
        establishment__adherent=adherent
    ).select_related("campaign", "establishment")
    yield (
        "declarations_effectifs.csv",
        csv_bytes(
            ["annee", "siret", "version", "nature", "si", "sia", "sir", "total"]
            + ["dirigeants_l4621_4", "declaree_le", "motif"],
            (
                [d.campaign.year, d.establishment.siret, d.version, d.get_kind_display()]
                + [d.headcount_si, d.headcount_sia, d.headcount_sir, d.total]
                + [d.company_heads, d.submitted_at, d.reason]
                for d in declarations.order_by("campaign__year", "establishment__siret", "version")
            ),
        ),
    )
    invoices = list(
        Invoice.objects.filter(adherent=adherent)
        .select_related("credited_invoice")
        .order_by("issued_on", "number")
    )
    yield (
        "factures.csv",
        csv_bytes(
            ["numero", "nature", "annee", "emise_le", "echeance", "montant_total_eur"]
            + ["facture_annulee", "motif", "fichier_pdf"],
            (
                [i.number, i.get_kind_display(), i.year, i.issued_on, i.due_on, i.total]
                + [i.credited_invoice.number if i.credited_invoice else "", i.reason]
                + [_pdf_name(i.number) if i.pdf else ""]
                for i in invoices
            ),
        ),
    )
    for invoice in invoices:
        if invoice.pdf:
            # hash checked: an altered file stops the archive (DocumentIntegrityError, logged)
            yield _pdf_name(invoice.number), documents_storage.read(invoice.pdf, invoice.pdf_sha256)
    requests = MemberRequest.objects.filter(adherent=adherent).order_by("created_at", "pk")
    yield (
        "demandes.csv",
        csv_bytes(
            ["numero", "creee_le", "canal", "categorie", "objet", "demande", "statut", "close_le"],
            (
                [r.pk, r.created_at, r.get_channel_display(), r.get_category_display(), r.subject]
                + [r.body, r.get_status_display(), r.closed_at]
                for r in requests
            ),
        ),
    )
    messages = (
        RequestMessage.objects.filter(request__adherent=adherent, is_internal=False)
        .select_related("author")
        .order_by("request_id", "created_at", "pk")
    )
    yield (
        "demandes_messages.csv",
        csv_bytes(
            ["numero_demande", "date", "auteur", "message"],
            ([m.request_id, m.created_at, _author(m), m.body] for m in messages),
        ),
    )


def _author(message: RequestMessage) -> str:
    if message.author_label:
        return message.author_label
    if message.author is not None and message.author.is_portal:
        return "Adhérent"
    return "Service de santé au travail"


def member_archive(adherent: Adherent) -> bytes:
    """The ZIP of one member (the caller found it through ``visible_to``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in _files(adherent):
            archive.writestr(name, content)
    return buffer.getvalue()


def archive_filename(adherent: Adherent) -> str:
    return f"export-{adherent.siren}-{timezone.localdate():%Y-%m-%d}.zip"


def members_xlsx(ctx) -> bytes:
    """The centre's members through the import resource (same columns as the import file)."""
    queryset = Adherent.objects.visible_to(ctx).select_related("team").order_by("name", "pk")
    dataset = AdherentResource(team_ids=ctx.team_ids).export(queryset)
    return XLSX().export_data(dataset)
