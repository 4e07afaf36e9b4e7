"""Back-office: a staff member's own personal access tokens for the indicators (issue 18)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from api.enums import scopes_within
from api.models import ApiToken
from api.tokens import services, views_common
from dashboards.perms import KPI_VIEW
from spsti.pagination import paginate_request


@require_safe
@backoffice_view(KPI_VIEW)
def staff_token_list(request: HttpRequest) -> HttpResponse:
    tokens = ApiToken.objects.visible_to(request.ctx).select_related("center")
    return render(
        request,
        "api/tokens/staff_token_list.html",
        {"page": paginate_request(request, tokens)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(KPI_VIEW)
def staff_token_create(request: HttpRequest) -> HttpResponse:
    return views_common.create_page(
        request,
        scopes=scopes_within(request.ctx.permissions, staff=True),
        create=services.create_staff_token,
        templates=("api/tokens/staff_token_create.html", "api/tokens/staff_token_created.html"),
    )


@require_POST
@backoffice_view(KPI_VIEW)
def staff_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return views_common.revoke(request, pk, back_to="backoffice:api:staff-token-list")
