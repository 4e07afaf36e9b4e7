"""Back-office: a staff member's own personal access tokens for the indicators (issue 18)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from api.enums import scopes_within
from api.models import ApiToken
from api.tokens import forms, services
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
    scopes = scopes_within(request.ctx.permissions, staff=True)
    form = forms.TokenForm(request.POST or None, scopes=scopes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = services.create_staff_token(
                request.ctx,
                name=data["name"],
                scopes=data["scopes"],
                expires_on=data["expires_on"],
            )
        except services.TokenError as error:
            form.add_error(None, str(error))
        else:
            # The secret is shown on this page only: never stored, never shown again.
            response = render(
                request, "api/tokens/staff_token_created.html", {"token": token, "secret": secret}
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/tokens/staff_token_create.html", {"form": form})


@require_POST
@backoffice_view(KPI_VIEW)
def staff_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.visible_to(request.ctx), pk=pk)
    try:
        services.revoke_token(request.ctx, token)
    except services.TokenError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Jeton « {token.name} » révoqué : il ne donne plus accès à l'API."
        )
    return redirect("backoffice:api:staff-token-list")
