"""Public path of the affiliation: an individual entrepreneur joins online."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from tns.affiliations import services
from tns.affiliations.forms import SelfEmployedJoinForm
from tns.offer.selectors import price_grid

TEMPLATES = "tns/affiliations/public"


@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    form = SelfEmployedJoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            affiliation = services.join_self_employed(
                services.SelfEmployedApplication(**form.cleaned_data)
            )
        except services.AffiliationError as error:
            form.add_error(None, str(error))
        else:
            request.session["tns.joined"] = affiliation.pk
            return redirect("tns:join-done")
    grid = price_grid(timezone.localdate().year)
    return render(request, f"{TEMPLATES}/join.html", {"form": form, "grid": grid})


@require_safe
def join_done(request: HttpRequest) -> HttpResponse:
    from tns.models import TnsAffiliation

    pk = request.session.get("tns.joined")
    affiliation = (
        TnsAffiliation.objects.select_related("invoice", "person").filter(pk=pk).first()
        if pk
        else None
    )
    return render(request, f"{TEMPLATES}/join_done.html", {"affiliation": affiliation})
