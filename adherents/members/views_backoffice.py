"""Staff back-office views of the membership area."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.gates import backoffice_view
from adherents.members import selectors
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
    member = selectors.member_file(request.ctx, pk)
    if member is None:  # a member of another centre: 404
        raise Http404("Adhérent introuvable.")
    return render(
        request,
        "adherents/members/backoffice/adherent_detail.html",
        {
            "adherent": member.adherent,
            "establishments": member.establishments,
            "contacts": member.contacts,
            "mandates": member.mandates,
            "application": member.application,
            "isolated_count": member.isolated_count,
        },
    )
