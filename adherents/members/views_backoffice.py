"""Staff back-office views of the membership area."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from accounts.gates import backoffice_view
from adherents.members import selectors
from adherents.models import AccountingFirmMandate, Adherent
from spsti.pagination import paginate_keyset_request
from spsti.params import search_param


@require_safe
@backoffice_view("adherents.adherent:view")
def adherent_list(request: HttpRequest) -> HttpResponse:
    search = search_param(request)
    page = paginate_keyset_request(
        request, selectors.adherent_list(request.ctx, search=search), selectors.LIST_ORDER
    )
    return render(
        request, "adherents/members/backoffice/adherent_list.html", {"page": page, "search": search}
    )


@require_safe
@backoffice_view("adherents.adherent:view")
def adherent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    adherent = get_object_or_404(  # a member of another centre: 404
        Adherent.objects.visible_to(request.ctx).select_related("team__center"), pk=pk
    )
    return render(
        request,
        "adherents/members/backoffice/adherent_detail.html",
        {
            "adherent": adherent,
            "establishments": adherent.establishments.all(),
            "mandates": AccountingFirmMandate.objects.active()
            .filter(adherent=adherent)
            .select_related("firm"),
        },
    )
