"""The direction's cockpit and one page per domain."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import backoffice_view
from dashboards import perms
from dashboards import selectors_reference as reference
from dashboards.catalogue.selectors import DOMAINS, by_domain, key_indicators
from dashboards.cockpit import selectors
from dashboards.cockpit.views_common import page_filters, with_month_links
from dashboards.drill.exports import FORMATS, table_response
from dashboards.facts import tasks
from dashboards.facts.selectors import last_run
from dashboards.rules.periods import add_months


@require_safe
@backoffice_view(perms.KPI_VIEW)
@reference.read_together
def cockpit(request: HttpRequest) -> HttpResponse:
    page = page_filters(request)
    run = last_run()
    cards = with_month_links(selectors.cards(key_indicators(), page.selection, run), page)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        if not request.ctx.has_perm(perms.KPI_EXPORT):
            raise Http404
        return table_response(
            "Pilotage vue d'ensemble", COLUMNS, _export_rows(cards, page.selection), fmt
        )
    return render(
        request,
        "dashboards/cockpit/backoffice/cockpit.html",
        {
            "page": page,
            "cards": cards,
            "domains": DOMAINS,
            "run": run,
        },
    )


COLUMNS = [
    "Indicateur",
    "Ventilée par",
    "Ligne",
    "Valeur",
    "Numérateur",
    "Dénominateur",
    "Unité",
    "Période",
]


def _export_rows(cards, selection):
    period = f"{selection.start:%m/%Y} – {selection.end:%m/%Y}"
    for card in cards:
        indicator = card.indicator
        rows = [("", "Total", card.figure)]
        for by, table in card.breakdowns.items():
            rows += [(selectors.BREAKDOWN_TITLES[by], r.label, r.figure) for r in table]
        for by, label, figure in rows:
            yield (
                indicator.name,
                by,
                label,
                figure.value,
                figure.numerator,
                figure.denominator,
                indicator.unit_label,
                period,
            )


@require_safe
@backoffice_view(perms.KPI_VIEW)
@reference.read_together
def domain(request: HttpRequest, domain: str) -> HttpResponse:
    if domain not in DOMAINS:
        raise Http404
    page = page_filters(request)
    run = last_run()
    cards = with_month_links(
        selectors.detailed_cards(
            by_domain(domain), page.selection, page.team_names, page.center_names, run
        ),
        page,
    )
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        if not request.ctx.has_perm(perms.KPI_EXPORT):
            raise Http404
        return table_response(
            f"Pilotage {DOMAINS[domain]}", COLUMNS, _export_rows(cards, page.selection), fmt
        )
    return render(
        request,
        "dashboards/cockpit/backoffice/domain.html",
        {
            "page": page,
            "domain": domain,
            "domain_label": DOMAINS[domain],
            "cards": cards,
            "domains": DOMAINS,
            "titles": selectors.BREAKDOWN_TITLES,
            "run": run,
        },
    )


@require_POST
@backoffice_view(perms.KPI_EXPORT)
def recompute(request: HttpRequest) -> HttpResponse:
    """Recompute the facts now (the night does it anyway): the last 13 months, whole service."""
    today = timezone.localdate()
    first, last = add_months(today, -12).replace(day=1), today
    transaction.on_commit(
        lambda: tasks.compute_facts_between.delay(first.isoformat(), last.isoformat())
    )
    messages.success(
        request, "Le recalcul des indicateurs est lancé ; les chiffres seront à jour d'ici peu."
    )
    return redirect("backoffice:dashboards:cockpit")
