"""Member-portal view of the reversibility export: the member's own administrative data."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from accounts.gates import portal_view
from adherents.imports import views_common as common
from adherents.models import Adherent


@require_safe
@portal_view("adherents.export:download")
def member_export(request: HttpRequest) -> HttpResponse:
    adherent = get_object_or_404(
        Adherent.objects.visible_to(request.ctx).select_related("team"),
        pk=request.ctx.adherent_id,
    )
    return common.member_archive(request, adherent)
