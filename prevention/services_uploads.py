"""Uploaded files: the type is read from the bytes (never trusted from the name) and the size
is capped by settings.SPSTI_UPLOAD_MAX_MB; refusals are French and nothing is written."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from prevention.errors import PreventionError
from spsti import documents_storage

PDF = "pdf"
JPEG = "jpeg"
PNG = "png"
WEBP = "webp"
XLSX = "xlsx"
DOCX = "docx"


@dataclass(frozen=True)
class FileKind:
    """A file type the service accepts: its French label, MIME type and usual extensions."""

    label: str
    content_type: str
    extensions: tuple[str, ...]


KINDS: dict[str, FileKind] = {
    PDF: FileKind("PDF", "application/pdf", (".pdf",)),
    JPEG: FileKind("JPEG", "image/jpeg", (".jpg", ".jpeg")),
    PNG: FileKind("PNG", "image/png", (".png",)),
    WEBP: FileKind("WebP", "image/webp", (".webp",)),
    XLSX: FileKind(
        "Excel (XLSX)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (".xlsx",),
    ),
    DOCX: FileKind(
        "Word (DOCX)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
    ),
}
DOCUMENT_KINDS = (PDF, JPEG, PNG, WEBP, XLSX, DOCX)
IMAGE_KINDS = (JPEG, PNG, WEBP)
FILENAME_MAX = 200


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose type and size were checked: ready to be stored."""

    filename: str
    kind: str
    content_type: str
    content: bytes

    def store(self, kind: str) -> documents_storage.StoredDocument:
        """Write the checked bytes in the documents storage (name and SHA-256 for the row)."""
        extension = KINDS[self.kind].extensions[0] if self.kind in KINDS else ""
        return documents_storage.store(
            self.content, app="prevention", kind=kind, extension=extension
        )


def sniff(head: bytes, content: bytes) -> str | None:
    """The kind the magic bytes announce, or None; zips must hold an Office part to count."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(content)
    return None


def _office_kind(content: bytes) -> str | None:
    # Only the central directory is read: nothing is decompressed (no zip bomb).
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "xl/workbook.xml" in names:
        return XLSX
    if "word/document.xml" in names:
        return DOCX
    return None


def _labels(kinds: Iterable[str]) -> str:
    return ", ".join(KINDS[k].label for k in kinds)


def clean_filename(name: str, kind: str) -> str:
    """The file's base name without path nor control characters, at most 200 characters."""
    base = os.path.basename(name.replace("\\", "/")).strip()
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')
    stem, ext = os.path.splitext(base)
    ext = ext.lower() or KINDS[kind].extensions[0]
    stem = (stem or "document")[: FILENAME_MAX - len(ext)]
    return stem + ext


def check_upload(
    upload: UploadedFile, *, allowed: Iterable[str] = DOCUMENT_KINDS, max_mb: int | None = None
) -> CheckedUpload:
    """Read and check one upload: accepted type by its bytes, name consistent, size capped."""
    allowed = tuple(allowed)
    name = upload.name or "document"
    limit_mb = max_mb if max_mb is not None else settings.SPSTI_UPLOAD_MAX_MB
    if upload.size is not None and upload.size > limit_mb * 1024 * 1024:
        raise PreventionError(f"Le fichier « {name} » dépasse la taille maximale de {limit_mb} Mo.")
    if not upload.size:
        raise PreventionError(f"Le fichier « {name} » est vide.")
    upload.seek(0)
    content = upload.read()
    if len(content) > limit_mb * 1024 * 1024:  # the declared size is not trusted either
        raise PreventionError(f"Le fichier « {name} » dépasse la taille maximale de {limit_mb} Mo.")
    kind = sniff(content[:16], content)
    if kind is None or kind not in allowed:
        raise PreventionError(
            f"Le fichier « {name} » n'est pas d'un type accepté ({_labels(allowed)})."
        )
    ext = os.path.splitext(name)[1].lower()
    if ext and ext not in KINDS[kind].extensions:
        raise PreventionError(
            f"Le fichier « {name} » porte l'extension {ext} mais son contenu est un fichier "
            f"{KINDS[kind].label} : renommez-le ou déposez le bon fichier."
        )
    return CheckedUpload(clean_filename(name, kind), kind, KINDS[kind].content_type, content)


def check_uploads(
    uploads: Iterable[UploadedFile], *, allowed: Iterable[str] = DOCUMENT_KINDS
) -> list[CheckedUpload]:
    """Check every file before any is stored: one refused file refuses the whole batch."""
    allowed = tuple(allowed)
    return [check_upload(upload, allowed=allowed) for upload in uploads]
