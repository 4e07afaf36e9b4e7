"""The audit pack: one ZIP with the self-assessment (XLSX), the list of controlled documents,
the non-conformity register and the audit reports, as the certifier asks for them."""

from __future__ import annotations

import io
import zipfile

from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook

from certification.assessments import selectors as assessment_selectors
from certification.assessments.models import Campaign
from certification.audits.models import Audit
from certification.documents.models import ControlledDocument
from certification.nonconformities.models import NonConformity
from spsti.spreadsheet import safe_cell


def _xlsx(title: str, headers: list[str], rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def assessment_xlsx(campaign: Campaign) -> bytes:
    rows = (
        (
            line.criterion.chapter.code,
            line.criterion.code,
            line.criterion.text,
            line.criterion.level,
            line.get_status_display(),
            line.justification,
            line.comment,
            str(line.assessor or ""),
            _date(line.assessed_on),
            " ; ".join(
                e.label + (f" (v{e.document_version.number})" if e.document_version else "")
                for e in line.evidence.all()
            ),
        )
        for line in assessment_selectors.lines_of(campaign)
    )
    headers = [
        "Chapitre", "Critère", "Libellé", "Niveau", "Statut", "Justification", "Commentaire",
        "Évaluateur", "Évalué le", "Éléments de preuve",
    ]  # fmt: skip
    return _xlsx("Auto-évaluation", headers, rows)


def documents_xlsx(center_id: int) -> bytes:
    documents = (
        ControlledDocument.objects.filter(center_id=center_id)
        .select_related("owner", "process")
        .prefetch_related("versions")
    )
    rows = []
    for doc in documents:
        versions = sorted(doc.versions.all(), key=lambda v: -v.number)
        last = versions[0] if versions else None
        rows.append(
            (
                doc.reference,
                doc.title,
                doc.get_kind_display(),
                str(doc.owner),
                doc.process.code if doc.process else "",
                last.number if last else "",
                last.get_status_display() if last else "",
                _date(last.approved_on) if last else "",
                last.sha256 if last else "",
                _date(doc.review_due_on),
            )
        )
    headers = [
        "Référence", "Titre", "Type", "Propriétaire", "Processus", "Version", "Statut",
        "Approuvée le", "SHA-256", "Revue prévue le",
    ]  # fmt: skip
    return _xlsx("Documents maîtrisés", headers, rows)


def register_xlsx(center_id: int) -> bytes:
    ncs = (
        NonConformity.objects.filter(center_id=center_id)
        .select_related("criterion", "complaint", "escalated_at_audit")
        .prefetch_related("actions__owner")
        .order_by("number")
    )
    rows = []
    for nc in ncs:
        actions = " | ".join(
            f"{a.description} ({a.owner}, échéance {_date(a.due_on)}, "
            f"réalisée {_date(a.done_on) or 'non'}, "
            f"efficacité {'vérifiée' if a.checked_on else 'à vérifier'})"
            for a in nc.actions.all()
        )
        rows.append(
            (
                nc.reference,
                nc.get_source_display(),
                nc.title,
                nc.criterion.code if nc.criterion else "",
                nc.get_severity_display(),
                (
                    f"{nc.escalated_at_audit.title} ({_date(nc.escalated_at_audit.starts_on)})"
                    if nc.escalated_at_audit
                    else ""
                ),
                _date(nc.detected_on),
                _date(nc.due_on),
                nc.cause_analysis,
                actions,
                _date(nc.closed_on),
            )
        )
    headers = [
        "N°", "Origine", "Intitulé", "Critère", "Gravité", "Devenue majeure à l'audit",
        "Constatée le", "À solder avant le",
        "Analyse des causes", "Actions correctives", "Soldée le",
    ]  # fmt: skip
    return _xlsx("Registre des NC", headers, rows)


def audit_report(audit: Audit) -> str:
    findings = "\n".join(
        f"- {f.get_kind_display()}"
        + (f" (critère {f.criterion.code})" if f.criterion else "")
        + f" : {f.text}"
        + (f" → {f.nonconformity.reference}" if f.nonconformity else "")
        for f in audit.findings.all()
    )
    lines = [
        f"Rapport d'audit : {audit.title}",
        f"Type : {audit.get_kind_display()}",
        f"Dates : du {_date(audit.starts_on)} au {_date(audit.ends_on)}",
        f"Périmètre : {audit.scope}",
        "Auditeurs : "
        + ", ".join([str(u) for u in audit.auditors.all()] + [audit.external_auditors]).strip(", "),
        f"Critères échantillonnés : {', '.join(c.code for c in audit.sampled_criteria.all())}",
    ]
    if audit.level_obtained:
        lines += [
            f"Certificateur : {audit.certifier}",
            f"Niveau obtenu : {audit.level_obtained}, le {_date(audit.certified_on)}, "
            f"valable jusqu'au {_date(audit.valid_until)}",
            f"Réserves : {audit.reserves or '—'}",
            f"Demandes d'actions correctives immédiates : {audit.immediate_actions or '—'}",
        ]
    lines += ["", "Rapport :", audit.report or "—", "", "Constats :", findings or "—"]
    return "\n".join(lines) + "\n"


def audit_pack(center_id: int) -> tuple[bytes, str]:
    """The ZIP's bytes and its file name."""
    today = timezone.localdate()
    campaign = Campaign.objects.filter(center_id=center_id).order_by("-started_on", "-pk").first()
    audits = Audit.objects.filter(center_id=center_id).prefetch_related(
        "auditors", "sampled_criteria", "findings__criterion", "findings__nonconformity"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if campaign is not None:
            archive.writestr("auto-evaluation.xlsx", assessment_xlsx(campaign))
        archive.writestr("documents-maitrises.xlsx", documents_xlsx(center_id))
        archive.writestr("registre-non-conformites.xlsx", register_xlsx(center_id))
        for audit in audits:
            name = f"rapports-audits/{audit.starts_on:%Y-%m-%d}-{slugify(audit.title)[:60]}.txt"
            archive.writestr(name, audit_report(audit))
    return buffer.getvalue(), f"dossier-audit-{today:%Y-%m-%d}.zip"
