"""Test helpers for documents of the documents storage (spsti/documents_storage.py)."""

from __future__ import annotations

from spsti import documents_storage


def stored(content: bytes, *, kind: str = "document", extension: str = "pdf") -> dict:
    """Write bytes in the (temporary) documents storage; return {"name", "sha256"}."""
    document = documents_storage.store(content, app="tests", kind=kind, extension=extension)
    return {"name": document.name, "sha256": document.sha256}


def fields(content: bytes, file_field: str, sha256_field: str, **options) -> dict:
    """The two column values of a document stored for a row: {file_field: name, sha: hash}."""
    document = stored(content, **options)
    return {file_field: document["name"], sha256_field: document["sha256"]}


def read(field_file, sha256: str) -> bytes:
    """A stored document's bytes, hash checked."""
    return documents_storage.read(field_file.name, sha256)
