"""One way to hand a stored file to the browser: an attachment no shared cache keeps."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def file_response(content: bytes, filename: str, content_type: str = "application/pdf"):
    """A download of bytes (legal, medical or member documents): `private, no-store`."""
    response = HttpResponse(bytes(content), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def stored_file_response(
    name, sha256: str, filename: str, content_type: str = "application/pdf", *, inline=False
):
    """A download of a document of the documents storage, streamed once its SHA-256 matches
    the one kept in the database; refused (French page, logged) when missing or altered."""
    from spsti import documents_storage

    return documents_storage.download(name, sha256, filename, content_type, inline=inline)
