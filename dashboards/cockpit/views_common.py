"""What every management page reads from the request: the reader's scope and the filters."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from dashboards.cockpit.forms import FilterForm
from dashboards.facts.selectors import Selection
from dashboards.scope import Scope, scope_for

FILTER_KEYS = ("centre", "equipe", "du", "au", "realise_par")


@dataclass(frozen=True)
class Page:
    scope: Scope
    form: FilterForm
    selection: Selection
    query: str  # the filters as a query string, carried by every link of the page

    @property
    def team_names(self) -> dict:
        return {pk: name for pk, name, _ in self.scope.teams}

    @property
    def center_names(self) -> dict:
        return dict(self.scope.centers)


def page_filters(request) -> Page:
    scope = scope_for(request.ctx)
    if scope is None:
        raise PermissionDenied("Aucun centre ni aucune équipe à piloter pour votre rôle.")
    form = FilterForm(request.GET or None, scope=scope, today=timezone.localdate())
    selection = form.selection()
    kept = request.GET.copy()
    for key in list(kept):
        if key not in FILTER_KEYS or not kept[key]:
            del kept[key]
    return Page(scope, form, selection, kept.urlencode())


def with_month_links(cards: list, page: Page) -> list:
    """Each card's months linked to the list behind that month's figure."""
    queries: dict = {}  # each month's query string, the same for every card

    def month_query(month) -> str:
        if month not in queries:
            query = QueryDict(page.query, mutable=True)
            query["du"] = query["au"] = f"{month:%Y-%m}"
            queries[month] = query.urlencode()
        return queries[month]

    linked = []
    for card in cards:
        if not card.indicator.drill:
            linked.append(card)
            continue
        url = reverse("backoffice:dashboards:drill", args=[card.indicator.id])
        links = [f"{url}?{month_query(month)}" for month, _ in card.months]
        linked.append(replace(card, links=links))
    return linked
