"""Member-portal view of the reversibility export: the member's own administrative data."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from accounts import audit
from accounts.gates import portal_view
from adherents.members import exports
from adherents.models import Adherent
from spsti.downloads import file_response


@require_GET
@portal_view("adherents.export:download")
def member_export(request: HttpRequest) -> HttpResponse:
    adherent = get_object_or_404(
        Adherent.objects.visible_to(request.ctx).select_related("team"),
        pk=request.ctx.adherent_id,
    )
    audit.record_read(request.ctx, "adherents.export.download", adherent, request=request)
    archive = exports.member_archive(adherent)
    return file_response(archive, exports.archive_filename(adherent), "application/zip")
