"""What the portal's and the back-office's token pages share: creating a token (its secret shown
once, never stored) and revoking one the actor sees; each space keeps its own gate, scopes,
templates and service."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from api.models import ApiToken
from api.tokens import forms, services


def create_page(
    request: HttpRequest, *, scopes: list, create: Callable, templates: tuple[str, str]
) -> HttpResponse:
    """The creation form (templates[0]); once created, the secret's page (templates[1])."""
    form = forms.TokenForm(request.POST or None, scopes=scopes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = create(
                request.ctx,
                name=data["name"],
                scopes=data["scopes"],
                expires_on=data["expires_on"],
            )
        except services.TokenError as error:
            form.add_error(None, str(error))
        else:
            # The secret is shown on this page only: never stored, never shown again.
            response = render(request, templates[1], {"token": token, "secret": secret})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, templates[0], {"form": form})


def revoke(request: HttpRequest, pk: int, *, back_to: str) -> HttpResponse:
    """Revoke a token the actor sees (another one: 404), then back to the list."""
    token = get_object_or_404(ApiToken.objects.visible_to(request.ctx), pk=pk)
    try:
        services.revoke_token(request.ctx, token)
    except services.TokenError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Jeton « {token.name} » révoqué : il ne donne plus accès à l'API."
        )
    return redirect(back_to)
