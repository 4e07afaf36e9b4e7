"""The person's CBI screening: the accessible form (save and resume), the results page with a
careful explanation, the 3114 line and APESA, and the proposal of contact when triggered."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from accounts.gates import portal_view
from tns import perms
from tns.rules import cbi
from tns.screening import selectors, services

TEMPLATES = "tns/screening/portal"


def _questions(screening) -> list[dict]:
    rows = []
    for item in cbi.ITEMS:
        labels = cbi.ANSWER_LABELS[item.answers]
        rows.append(
            {
                "item": item,
                "choices": list(enumerate(labels)),
                "answer": screening.answers.get(item.key),
                "client": item.scale is cbi.Scale.CLIENT,
            }
        )
    return rows


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view(perms.SPACE)
def answer(request: HttpRequest) -> HttpResponse:
    try:
        screening = services.start_or_resume(actor=request.ctx)
    except services.ScreeningError as error:
        messages.error(request, str(error))
        return redirect("portal:tns:space")
    error_message = ""
    if request.method == "POST":
        serves_clients = request.POST.get("serves_clients") == "on"
        raw = {key: value for key, value in request.POST.items() if "_" in key}
        try:
            services.save_answers(
                actor=request.ctx, screening=screening, raw=raw, serves_clients=serves_clients
            )
            if request.POST.get("action") == "submit":
                screening = services.submit(
                    actor=request.ctx, screening=screening, raw=raw, serves_clients=serves_clients
                )
                return redirect("portal:tns:screening-result", screening.pk)
            messages.success(
                request, "Vos réponses sont enregistrées : vous pourrez reprendre plus tard."
            )
            return redirect("portal:tns:space")
        except services.ScreeningError as error:
            error_message = str(error)
            screening.refresh_from_db()
    return render(
        request,
        f"{TEMPLATES}/answer.html",
        {
            "screening": screening,
            "questions": _questions(screening),
            "error_message": error_message,
            "scale_labels": cbi.SCALE_LABELS,
        },
    )


@require_safe
@portal_view(perms.SPACE)
def result(request: HttpRequest, pk: int) -> HttpResponse:
    screening = selectors.own_result(request.ctx, pk)
    proposal = getattr(screening, "proposal", None)
    return render(
        request,
        f"{TEMPLATES}/result.html",
        {"screening": screening, "rows": selectors.scale_rows(screening), "proposal": proposal},
    )
