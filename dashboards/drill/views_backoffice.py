"""From any figure to the scoped list behind it (issue 16, item 3), paginated or exported."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.gates import backoffice_view
from dashboards import perms
from dashboards.catalogue.selectors import indicator as find_indicator
from dashboards.cockpit.views_common import page_filters
from dashboards.drill.exports import FORMATS, table_response
from dashboards.facts.selectors_sources import sources
from dashboards.rules.periods import month_end
from spsti.db_router import reporting_alias
from spsti.pagination import keyset_ready, paginate_keyset_request, paginate_request
from spsti.union import OrderedUnion, paginate_union_request

EXPORT_LIMIT = 100_000  # rows in one download; a larger list is narrowed by the filters first


def _show_people(page) -> bool:
    """Workers are named only if the reader may see them in every team of the list."""
    selection = page.selection
    if selection.team_ids is not None:
        teams = selection.team_ids
    else:
        teams = {pk for pk, _, center in page.scope.teams if center in selection.center_ids}
    return bool(teams) and set(teams) <= page.scope.named_team_ids


def _page(request: HttpRequest, rows):
    """The page asked: deep pages by key where the list's order allows it (every list walked
    in an index: page 20,000 reads one page), else by number."""
    if isinstance(rows, OrderedUnion):  # a list of two kinds of items (spsti.union)
        return paginate_union_request(request, rows)
    if keyset_ready(rows):
        return paginate_keyset_request(request, rows)
    return paginate_request(request, rows)


@require_safe
@backoffice_view(perms.KPI_VIEW)
def drill(request: HttpRequest, indicator_id: str) -> HttpResponse:
    indicator = find_indicator(indicator_id)
    source = sources().get(indicator_id)
    if indicator is None or source is None or source.drill is None or not indicator.drill:
        raise Http404
    page = page_filters(request)
    part = request.GET.get("part", "")
    if part not in indicator.drill:
        part = next(iter(indicator.drill))
    kind = request.GET.get("ventilation", "")[:40]
    selection = page.selection
    end = min(month_end(selection.end), timezone.localdate())
    columns, queryset, row = source.drill(
        center_ids=selection.center_ids,
        team_ids=selection.team_ids,
        start=selection.start,
        end=end,
        kind=kind,
        performer=selection.performer,
        part=part,
        show_people=_show_people(page),
    )
    queryset = queryset.using(reporting_alias())  # the read replica when there is one
    title = f"{indicator.name} — {indicator.drill[part]}"
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        if not request.ctx.has_perm(perms.KPI_EXPORT):
            raise Http404
        rows = (row(obj) for obj in queryset[:EXPORT_LIMIT].iterator(chunk_size=2000))
        return table_response(title, columns, rows, fmt)
    listing = _page(request, queryset)
    return render(
        request,
        "dashboards/drill/backoffice/drill.html",
        {
            "page": page,
            "indicator": indicator,
            "part": part,
            "kind": kind,
            "kind_label": indicator.label(kind) if kind else "",
            "title": title,
            "columns": columns,
            "rows": [row(obj) for obj in listing.items],
            "listing": listing,
            "end": end,
            "hidden": [("part", part), *([("ventilation", kind)] if kind else [])],
        },
    )
