"""Loading the referential: a dry run that reports per line, then the confirmed load of the
same file into a new version (all or nothing). Earlier versions and their assessments stay."""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import unicodedata

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.db import transaction
from import_export.formats.base_formats import XLSX

from accounts.audit import actor_context
from certification import perms
from certification.data.spec2217 import SKELETON_VERSION
from certification.errors import CertificationError
from certification.referential.models import Chapter, Referential, ReferentialImport
from certification.referential.resources import LABELS, OPTIONAL, REQUIRED, CriterionResource
from spsti import documents_storage

logger = logging.getLogger(__name__)
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000


def _header(value) -> str:
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    return "_".join(text.strip().lower().replace("'", " ").split())


def read_dataset(filename: str, content: bytes) -> tablib.Dataset:
    """The file as a dataset with normalised headers, or CertificationError (French)."""
    if not content:
        raise CertificationError("Le fichier est vide.")
    if len(content) > MAX_BYTES:
        raise CertificationError("Le fichier dépasse 5 Mo.")
    extension = os.path.splitext(filename.lower())[1]
    if content.startswith(b"PK\x03\x04"):
        try:
            source = XLSX().create_dataset(content)
        except Exception as error:  # openpyxl raises many kinds on a damaged file
            logger.info("XLSX illisible : %r", error)
            raise CertificationError("Le classeur XLSX est illisible ou endommagé.") from None
        headers, rows = list(source.headers or []), [list(r) for r in source]
    elif extension in (".csv", ".txt"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
        delimiter = ";" if text.split("\n", 1)[0].count(";") >= 1 else ","
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        if not records:
            raise CertificationError("Le fichier est vide.")
        headers, rows = records[0], records[1:]
    else:
        raise CertificationError("Format non pris en charge : déposez un fichier CSV ou XLSX.")
    headers = [_header(h) for h in headers]
    if missing := [c for c in REQUIRED if c not in headers]:
        raise CertificationError(f"Colonnes obligatoires absentes : {', '.join(missing)}.")
    kept = [i for i, h in enumerate(headers) if h in REQUIRED + OPTIONAL]
    dataset = tablib.Dataset(headers=[headers[i] for i in kept])
    for row in rows:
        cells = [row[i] if i < len(row) else "" for i in kept]
        if all(str(c or "").strip() == "" for c in cells):
            continue
        dataset.append(cells)
    if not len(dataset):
        raise CertificationError("Le fichier ne contient aucun critère sous l'en-tête.")
    if len(dataset) > MAX_ROWS:
        raise CertificationError(f"Le fichier dépasse {MAX_ROWS} lignes.")
    return dataset


def _copy_chapters(target: Referential) -> None:
    """A new version starts from the latest version's chapters (the skeleton at first)."""
    source = (
        Referential.objects.exclude(pk=target.pk).filter(is_skeleton=False).first()
        or Referential.objects.filter(version=SKELETON_VERSION).first()
    )
    if source is None:
        return
    Chapter.objects.bulk_create(
        Chapter(referential=target, code=c.code, title=c.title, position=c.position)
        for c in source.chapters.all()
    )


def _run(dataset: tablib.Dataset, version: str, published_on, user) -> tuple[Referential, dict]:
    """Create the version and its criteria; the caller keeps or rolls back the transaction."""
    referential = Referential.objects.create(
        version=version, published_on=published_on, loaded_by=user
    )
    _copy_chapters(referential)
    resource = CriterionResource(referential=referential)
    seen: dict[str, int] = {}
    errors: list[dict] = []
    for index, row in enumerate(dataset.dict, start=2):
        code = " ".join(str(row.get("code") or "").split())
        if code in seen:
            errors.append(
                {"line": index, "column": "code", "message": f"déjà présent ligne {seen[code]}."}
            )
        seen.setdefault(code, index)
    if errors:
        return referential, {"errors": errors, "new": 0, "by_level": {}}
    result = resource.import_data(dataset, dry_run=False, use_transactions=False)
    by_level: dict[str, int] = {}
    new = 0
    for line, row in enumerate(result.rows, start=2):
        if row.import_type == "new":
            new += 1
            key = str(row.instance.level)
            by_level[key] = by_level.get(key, 0) + 1
        elif row.import_type == "invalid":
            error = row.validation_error
            texts = (
                error.message_dict
                if hasattr(error, "error_dict")
                else {NON_FIELD_ERRORS: error.messages}
            )
            for key, messages in texts.items():
                column = None if key == NON_FIELD_ERRORS else LABELS.get(key, key)
                errors.extend({"line": line, "column": column, "message": m} for m in messages)
        elif row.errors:
            errors.append({"line": line, "column": None, "message": "ligne refusée."})
    return referential, {"errors": errors, "new": new, "by_level": by_level}


def check_referential_file(
    *, actor, version: str, published_on, filename: str, content: bytes
) -> ReferentialImport:
    """Dry run: load the file into a version that is rolled back, keep the report and the file."""
    if not perms.manages_quality(actor):
        raise PermissionDenied
    version = version.strip()
    if Referential.objects.filter(version=version).exists():
        raise CertificationError(f"La version « {version} » existe déjà : nommez la nouvelle.")
    dataset = read_dataset(filename, content)
    with transaction.atomic():
        _referential, report = _run(dataset, version, published_on, actor.user)
        transaction.set_rollback(True)
    status = (
        ReferentialImport.Status.REJECTED
        if report["errors"]
        else (ReferentialImport.Status.CHECKED)
    )
    stored = documents_storage.store(
        content,
        app="certification",
        kind="referential_import",
        extension=re.sub(r"[^a-z0-9]", "", os.path.splitext(filename)[1].lower())[:10],
    )
    with actor_context(actor):
        return ReferentialImport.objects.create(
            version=version,
            published_on=published_on,
            filename=filename[:200],
            content=stored.name,
            content_sha256=stored.sha256,
            status=status,
            report=report,
            created_by=actor.user,
        )


@transaction.atomic
def load_referential(*, actor, job: ReferentialImport) -> Referential:
    """The confirmed load of a checked file into its new version (all or nothing)."""
    if not perms.manages_quality(actor):
        raise PermissionDenied
    job = ReferentialImport.objects.select_for_update().get(pk=job.pk)
    if job.status != ReferentialImport.Status.CHECKED:
        raise CertificationError("Seul un fichier simulé sans erreur peut être chargé.")
    if Referential.objects.filter(version=job.version).exists():
        raise CertificationError(f"La version « {job.version} » existe déjà.")
    try:
        content = documents_storage.read(job.content.name, job.content_sha256)
    except documents_storage.DocumentIntegrityError as error:
        raise CertificationError(
            "Le fichier simulé est indisponible ou a été modifié : relancez une simulation."
        ) from error
    dataset = read_dataset(job.filename, content)
    sid = transaction.savepoint()
    with actor_context(actor):
        referential, report = _run(dataset, job.version, job.published_on, actor.user)
        if report["errors"]:
            transaction.savepoint_rollback(sid)
            raise CertificationError("Le fichier comporte des erreurs : relancez une simulation.")
        job.status, job.referential, job.report = (
            ReferentialImport.Status.LOADED,
            referential,
            report,
        )
        job.save(update_fields=["status", "referential", "report", "updated_at"])
    return referential
