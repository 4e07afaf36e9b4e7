"""The partner's page, reached by the secret link of its e-mail (no account): the question,
never the case's medical content, and an answer form. Unknown link: 404; expired: 410."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from pdp.errors import PdpError
from pdp.plans import forms, services
from spsti import secret_links


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def partner_answer(request: HttpRequest, token: str) -> HttpResponse:
    partner_request = services.request_by_token(token)
    if partner_request is None:
        raise Http404("Lien inconnu.")
    days = settings.SPSTI_PARTNER_LINK_DAYS
    if secret_links.is_expired(partner_request.sent_on, days, timezone.localdate()):
        return secret_links.expired_page(
            request,
            title="Lien de réponse expiré",
            explanation=(
                f"Cette sollicitation vous a été transmise le {partner_request.sent_on:%d/%m/%Y} ;"
                f" son lien n'est valable que {days} jours. Contactez directement "
                f"{settings.SPSTI_SERVICE_NAME}."
            ),
        )
    form = forms.PartnerAnswerForm(request.POST or None)
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_answer(request=partner_request, answer=form.cleaned_data["answer"])
        except PdpError as error:
            form.add_error(None, str(error))
        else:
            done = True
    response = render(
        request,
        "pdp/plans/partner_answer.html",
        {
            "req": partner_request,
            "form": form,
            "done": done,
            "service_name": settings.SPSTI_SERVICE_NAME,
        },
    )
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
