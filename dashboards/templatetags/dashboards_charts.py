"""Server-side SVG charts (issue 16, item 4): `{% load dashboards_charts %}` then

    {% line_chart points title="Visites dans les délais" unit="percent" target=cible href=urls %}
    {% bar_chart bars title="Visites par centre" unit="count" %}

- `points`: (label, value) pairs in order, e.g. ("janv. 2026", Decimal("47.2")); a None value
  leaves a gap. A date label is written as its month ("janv. 2026"), so that
  `[(month, figure.value) for month, figure in facts.selectors.series(...)]` can be given as is.
- `target`: one value (a horizontal dashed line, labelled) or one value (or None) per point.
- `href`: one URL (or None) per point, or a callable `href(index, label)` returning one (give it
  `do_not_call_in_templates = True`, or Django calls it without arguments); each point is then a
  link reachable with the keyboard, named by its label and value, and so is its table row.
- `bars`: (label, value, href or None) triples, drawn as horizontal bars in the order given.

Each renders a <figure>: the SVG (role="img", its <title> and <desc>), a <figcaption> with the
one-line summary, and the data in a <details> table, readable by everyone.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence

from django import template

from dashboards.rules import charts

register = template.Library()
_ids = itertools.count(1)
UNIT_LABELS = {"percent": "en %", "euros": "en €", "days": "en jours", "count": ""}


def _chart_id(given: str | None) -> str:
    return given or f"chart-{next(_ids)}"


def _label(label) -> str:
    return charts.month_label(label) if isinstance(label, datetime.date) else str(label)


def _hrefs(href, points: Sequence) -> list[str | None]:
    if href is None:
        return [None] * len(points)
    if callable(href):
        return [href(i, label) or None for i, (label, _) in enumerate(points)]
    hrefs = [h or None for h in href]
    return (hrefs + [None] * len(points))[: len(points)]


@register.inclusion_tag("dashboards/charts/line.html")
def line_chart(points, title="", unit="count", target=None, href=None, chart_id=None):
    points = [(_label(label), value) for label, value in points]
    if isinstance(target, (list, tuple)):
        target = list(target)
    geometry = charts.line_geometry(points, unit=unit, target=target)
    links = _hrefs(href, points)
    rows = [
        {"point": point, "href": link, "x_label_y": geometry.frame.baseline + 18}
        for point, link in zip(geometry.points, links, strict=True)
    ]
    single = target if not isinstance(target, list) else None
    has_target = single is not None or any(p.target is not None for p in geometry.points)
    return {
        "id": _chart_id(chart_id),
        "title": title,
        "unit_label": UNIT_LABELS.get(unit, ""),
        "summary": charts.line_summary(points, unit=unit, target=target),
        "g": geometry,
        "rows": rows,
        "has_target": has_target,
        "has_links": any(row["href"] and row["point"].y for row in rows),
        "target_text": charts.format_number(single, unit) if single is not None else "",
        "last_target_text": next(
            (p.target_text for p in reversed(geometry.points) if p.target is not None), ""
        ),
        "zero_text": charts.format_number(0, unit),
        "right": geometry.frame.width - geometry.frame.right,
    }


@register.inclusion_tag("dashboards/charts/bars.html")
def bar_chart(bars, title="", unit="count", chart_id=None):
    bars = [(str(label), value, href) for label, value, href in bars]
    geometry = charts.bar_geometry(bars, unit=unit)
    return {
        "id": _chart_id(chart_id),
        "title": title,
        "unit_label": UNIT_LABELS.get(unit, ""),
        "summary": charts.bar_summary(bars, unit=unit),
        "g": geometry,
        "label_x": geometry.label_width - 6,
        "has_links": any(bar.href for bar in geometry.bars),
    }
