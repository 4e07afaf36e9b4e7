"""The reversibility export, the same download for the member (portal) and the staff."""

from django.http import HttpRequest, HttpResponse

from accounts import audit
from adherents.imports import exports
from adherents.models import Adherent
from spsti.downloads import file_response


def member_archive(request: HttpRequest, adherent: Adherent) -> HttpResponse:
    """The member's administrative data as a ZIP; every download is in the access log."""
    audit.record_read(request.ctx, "adherents.export.download", adherent, request=request)
    archive = exports.member_archive(adherent)
    return file_response(archive, exports.archive_filename(adherent), "application/zip")
