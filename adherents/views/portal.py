"""Member-portal views of the membership area."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.gates import portal_view
from adherents import selectors
from adherents.models import Establishment
from spsti.pagination import paginate_request


@require_GET
@portal_view("adherents.establishment:view")
def establishment_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.establishments_for(request.ctx))
    return render(request, "adherents/portal/establishment_list.html", {"page": page})


@require_GET
@portal_view("adherents.establishment:view")
def establishment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    establishment = get_object_or_404(  # another member's establishment: 404
        Establishment.objects.visible_to(request.ctx).select_related("adherent"), pk=pk
    )
    return render(
        request, "adherents/portal/establishment_detail.html", {"establishment": establishment}
    )
