"""Documents live in the "documents" storage, not in the database (issue 12, item 5).

Invoices, FE versions and photos, attestations and avis, letters, safety data sheets, action
attachments and import files are written here once, under a unique name that is never reused
(`<app>/<kind>/<yyyy>/<uuid>.<ext>`); the row keeps that name and the SHA-256 of the bytes. Every
read checks the bytes against that hash: a file changed, truncated or lost in the storage is
refused with a clear message and logged, never handed out as the document.

The storage is the `documents` alias of `settings.STORAGES`: a folder of the local filesystem by
default, an S3-compatible bucket (django-storages) when `SPSTI_S3_BUCKET` is set.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import uuid
from dataclasses import dataclass

import pgtrigger
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.http import FileResponse, HttpResponse
from django.template import loader
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header

DOCUMENTS = "documents"  # the STORAGES alias
CHUNK = 64 * 1024
SPOOL_IN_MEMORY = 8 * 1024 * 1024  # larger downloads spill to a temporary file while checked

logger = logging.getLogger(__name__)


class DocumentIntegrityError(Exception):
    """A stored document is missing or its bytes no longer match the hash kept in the database."""


class NeverOverwriteFileSystemStorage(FileSystemStorage):
    """The local folder of documents: a name already taken is refused, never overwritten nor
    silently renamed (our names are fresh UUIDs: a clash means a bug, not bad luck)."""

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        if self.exists(name):
            raise FileExistsError(f"document déjà présent dans le stockage : {name}")
        return super().get_available_name(name, max_length=max_length)


class _DocumentsStorage(LazyObject):
    """`storages["documents"]`, looked up at use (tests point STORAGES at a temporary folder)."""

    def _setup(self) -> None:
        self._wrapped = storages[DOCUMENTS]


_documents = _DocumentsStorage()


def documents_storage() -> Storage:
    """The storage of every document field (a callable: migrations name it, not a folder)."""
    return _documents


@receiver(setting_changed)
def _reset_when_storages_change(*, setting: str, **kwargs) -> None:
    if setting in {"STORAGES", "MEDIA_ROOT"}:
        _documents._wrapped = empty


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class StoredDocument:
    name: str
    sha256: str
    size: int


def store(
    content: bytes, *, app: str, kind: str, extension: str, sha256: str = ""
) -> StoredDocument:
    """Write new bytes under a fresh name; return that name and their SHA-256.

    `sha256`, when given (bytes moved from the database with their hash), must match the bytes.
    A transaction that rolls back after this call leaves an unreferenced file behind, never a
    row without its file.
    """
    digest = sha256_of(bytes(content))
    if sha256 and sha256 != digest:
        raise DocumentIntegrityError(
            f"{app}/{kind} : l'empreinte SHA-256 enregistrée ne correspond pas au contenu"
        )
    extension = extension.lower().lstrip(".") or "bin"
    name = f"{app}/{kind}/{timezone.now():%Y}/{uuid.uuid4().hex}.{extension}"
    saved = _documents.save(name, ContentFile(bytes(content)))
    return StoredDocument(name=saved, sha256=digest, size=len(content))


def _checked_file(name: str, sha256: str) -> tempfile.SpooledTemporaryFile:
    """The stored bytes in a spooled file (memory, then disk), after their hash was checked."""
    if not name:
        raise DocumentIntegrityError("aucun document n'est enregistré")
    if not sha256:
        raise DocumentIntegrityError(f"{name} : aucune empreinte SHA-256 enregistrée")
    digest = hashlib.sha256()
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - returned
    try:
        with _documents.open(name, "rb") as stored:
            while chunk := stored.read(CHUNK):
                digest.update(chunk)
                spool.write(chunk)
    except FileNotFoundError as error:
        spool.close()
        logger.error("document absent du stockage : %s", name)
        raise DocumentIntegrityError(f"{name} : absent du stockage") from error
    if digest.hexdigest() != sha256:
        spool.close()
        logger.error("document altéré : %s (attendu %s, lu %s)", name, sha256, digest.hexdigest())
        raise DocumentIntegrityError(f"{name} : le contenu ne correspond plus à son empreinte")
    spool.seek(0)
    return spool


def read(name: str, sha256: str) -> bytes:
    """The document's bytes, checked against its SHA-256 (DocumentIntegrityError otherwise)."""
    with _checked_file(str(name), sha256) as checked:
        return checked.read()


def delete(name: str) -> None:
    """Erase a stored file that is not a legal document (import files, a draft's photo)."""
    if name:
        _documents.delete(str(name))


def refused_response() -> HttpResponse:
    html = loader.get_template("errors/document.html").render()
    return HttpResponse(html, status=500)


def download(
    name: str, sha256: str, filename: str, content_type: str = "application/pdf", *, inline=False
) -> HttpResponse:
    """Stream a stored document to the browser once its hash checks out (`private, no-store`);
    a missing or altered file is refused with a French page (status 500) and logged."""
    try:
        checked = _checked_file(str(name), sha256)
    except DocumentIntegrityError:
        return refused_response()
    response = FileResponse(checked, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def document_field(verbose_name: str) -> models.FileField:
    """The column of a stored document: its name in the documents storage ("" = none yet).
    The bytes' SHA-256 lives in a field of its own beside it."""
    return models.FileField(
        verbose_name, blank=True, default="", max_length=200, storage=documents_storage
    )


def written_once(name: str, field: str, sha256_field: str) -> pgtrigger.Protect:
    """A trigger: once a document's name is set, neither it nor its hash ever changes (setting
    it once, from empty, is the only update allowed)."""
    return pgtrigger.Protect(
        name=name,
        operation=pgtrigger.Update,
        condition=~pgtrigger.Q(**{f"old__{field}": ""})
        & (
            pgtrigger.Q(**{f"new__{field}__df": pgtrigger.F(f"old__{field}")})
            | pgtrigger.Q(**{f"new__{sha256_field}__df": pgtrigger.F(f"old__{sha256_field}")})
        ),
    )
