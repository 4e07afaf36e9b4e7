"""Member portal: the API's personal access tokens of the current organisation (issue 18)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import portal_view
from api.enums import scopes_within
from api.models import ApiToken
from api.tokens import services, views_common
from spsti.pagination import paginate_request

MANAGE = "api.token:manage"


@require_safe
@portal_view(MANAGE)
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = ApiToken.objects.visible_to(request.ctx).select_related("user", "firm", "revoked_by")
    return render(
        request,
        "api/tokens/token_list.html",
        {"page": paginate_request(request, tokens)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view(MANAGE)
def token_create(request: HttpRequest) -> HttpResponse:
    return views_common.create_page(
        request,
        scopes=scopes_within(request.ctx.permissions),
        create=services.create_token,
        templates=("api/tokens/token_create.html", "api/tokens/token_created.html"),
    )


@require_POST
@portal_view(MANAGE)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return views_common.revoke(request, pk, back_to="portal:api:token-list")
