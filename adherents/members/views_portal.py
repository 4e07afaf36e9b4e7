"""Member-portal views of the membership area: establishments, and « Votre service »."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import portal_view
from adherents.billing import selectors as billing_selectors
from adherents.members import selectors, services
from adherents.members.forms import ConvocationPreferencesForm
from adherents.models import Establishment
from spsti.forms import unchanged
from spsti.pagination import paginate_request


@require_safe
@portal_view("adherents.establishment:view")
def establishment_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.establishment_list(request.ctx))
    return render(request, "adherents/members/portal/establishment_list.html", {"page": page})


@require_safe
@portal_view("adherents.establishment:view")
def establishment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    establishment = get_object_or_404(  # another member's establishment: 404
        Establishment.objects.visible_to(request.ctx).select_related("adherent"), pk=pk
    )
    form = ConvocationPreferencesForm(initial=_preferences(establishment))
    return render(
        request,
        "adherents/members/portal/establishment_detail.html",
        {"establishment": establishment, "preferences_form": form},
    )


def _preferences(establishment: Establishment) -> dict:
    return {
        "weekdays": establishment.convocation_weekdays,
        "half_day": establishment.convocation_half_day,
    }


@require_POST
@portal_view("adherents.establishment:manage")
def establishment_preferences(request: HttpRequest, pk: int) -> HttpResponse:
    establishment = get_object_or_404(Establishment.objects.visible_to(request.ctx), pk=pk)
    form = ConvocationPreferencesForm(request.POST, initial=_preferences(establishment))
    if unchanged(request, form):
        pass
    elif form.is_valid():
        services.set_convocation_preferences(
            actor=request.ctx,
            establishment=establishment,
            weekdays=form.cleaned_data["weekdays"],
            half_day=form.cleaned_data["half_day"],
        )
        messages.success(request, "Préférences de convocation enregistrées.")
    else:
        messages.error(
            request, "Préférences non enregistrées : choisissez parmi les jours proposés."
        )
    return redirect("portal:adherents:establishment-detail", pk=establishment.pk)


@require_safe
@portal_view("adherents.adherent:view")  # every portal role and every mandated firm holds it
def service(request: HttpRequest) -> HttpResponse:
    """The member's team and centre, who is who, the core offer and this year's complementary
    offer with its prices (seeds 002 and 004)."""
    year = timezone.localdate().year
    return render(
        request,
        "adherents/members/portal/service.html",
        {
            "service": selectors.portal_service(request.ctx),
            "service_name": settings.SPSTI_SERVICE_NAME,
            "service_details": settings.SPSTI_INVOICE_ISSUER_DETAILS,
            "offer_year": year,
            "offer_items": billing_selectors.complementary_offer(request.ctx, year=year),
        },
    )
