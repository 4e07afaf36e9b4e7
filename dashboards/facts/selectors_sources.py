"""Where each indicator's figures come from: its owning app's `selectors_facts` functions.

The contract of a source (the owning app never imports dashboards; it returns plain data):

`compute(months, today) -> iterable of dicts`, `months` a sorted list of first days of months:
one dict per cell `{"center_id": int, "team_id": int | None, "month": date (first day),
"kind": str ("" if none), "performer": str ("" if none), "numerator": int | Decimal,
"denominator": int | Decimal | None}`. A flow counts the month's events; a stock reads the state
on the month's last day (on `today` for the current month); a histogram puts the value in `kind`
(e.g. "12" days) and the number of cases in `numerator`. Every centre of the service, never
scoped: the dashboards scope what they show. A few grouped queries for the whole range, never
one query per month or per team.

`drill(*, center_ids, team_ids, start, end, kind, performer, part, show_people) ->
(columns, queryset, row)`: the items behind a figure over the days `start..end` (inclusive), in
the centres `center_ids` and, if `team_ids` is not None, those teams only; `kind`/`performer`
"" for all; `part` one of the indicator's drill parts ("num", "rest", "all"); `show_people`
False means the reader may not see who the workers are (management): no worker's name in the
rows. `columns` are French headings, `row(obj)` gives one tuple of cells (str, int, date,
Decimal), the queryset is ordered and bounded in queries (select_related) for a paginated page.
A list of two kinds of items (visits held late and deadlines still due) is an `OrderedUnion`
(spsti.union) instead of a queryset: each kind walked in its index and cut at the page, the
pages reached by key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboards.facts import (
    selectors_sources_members,
    selectors_sources_offers,
    selectors_sources_suivi,
)


@dataclass(frozen=True)
class Source:
    compute: Callable
    drill: Callable | None = None


def sources() -> dict[str, Source]:
    found: dict[str, Source] = {}
    for module in (selectors_sources_suivi, selectors_sources_members, selectors_sources_offers):
        for indicator_id, (compute, drill) in module.SOURCES.items():
            if indicator_id in found:
                raise ValueError(f"{indicator_id}: two sources")
            found[indicator_id] = Source(compute, drill)
    return found
