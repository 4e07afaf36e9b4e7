"""The chart tags render accessible SVG with their summary and data table (issue 16, item 4)."""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

from django.template import engines

NB = "\u00a0"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data):
        if self._open and data.strip():
            self.text[self._open[-1]] = self.text.get(self._open[-1], "") + data.strip()

    def all(self, name):
        return [attrs for tag, attrs in self.tags if tag == name]


def _render(source: str, **context) -> str:
    return engines["django"].from_string("{% load dashboards_charts %}" + source).render(context)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


MONTHS = ["oct. 2025", "nov. 2025", "déc. 2025", "janv. 2026"]


def test_a_line_chart_is_an_image_with_its_title_summary_and_data():
    points = list(zip(MONTHS, [Decimal("41.5"), None, Decimal("45"), Decimal("47.2")], strict=True))
    html = _render(
        '{% line_chart points title="Visites dans les délais" unit="percent" target=goal %}',
        points=points,
        goal=Decimal(50),
    )
    tags = _parse(html)
    (svg,) = tags.all("svg")
    assert svg["role"] == "img"
    (title,) = tags.all("title")
    (desc,) = tags.all("desc")
    assert svg["aria-labelledby"] == title["id"]
    assert svg["aria-describedby"] == desc["id"]
    assert tags.text["title"] == "Visites dans les délais"
    summary = f"Dernier mois : 47,2{NB}% ; cible 50{NB}% ; tendance en hausse sur 4 mois"
    assert tags.text["desc"] == summary
    assert summary in tags.text["figcaption"]
    # the target is dashed and labelled, not a colour only
    targets = [a for a in tags.all("line") if a.get("class") == "chart-target"]
    assert len(targets) == 1
    assert targets[0]["stroke-dasharray"]
    assert f"Cible 50{NB}%" in html
    # the gap at nov. 2025 splits the line: one run of one point (none) and one of two
    assert len(tags.all("path")) == 1
    assert len(tags.all("circle")) == 3
    # the data, readable by all
    assert "<summary>Données du graphique</summary>" in html
    cells = re.findall(r"<td>([^<]*)</td>", html)
    assert cells == [
        f"41,5{NB}%",
        f"50{NB}%",
        "–",
        f"50{NB}%",
        f"45{NB}%",
        f"50{NB}%",
        f"47,2{NB}%",
        f"50{NB}%",
    ]
    # no inline style (the CSP refuses it), no script
    assert "style=" not in html
    assert "<script" not in html


def test_points_with_links_are_keyboard_links_named_by_month_and_value():
    points = list(zip(MONTHS, [Decimal(3), Decimal(5), None, Decimal(8)], strict=True))

    def href(index, label):
        return f"/liste/?mois={index}" if index != 1 else None

    href.do_not_call_in_templates = True  # Django calls a context's callables otherwise
    html = _render(
        '{% line_chart points title="Retards" unit="count" href=href %}', points=points, href=href
    )
    tags = _parse(html)
    (svg,) = tags.all("svg")
    # an image's children are hidden from screen readers: with links the SVG is a group
    assert svg["role"] == "group"
    links = [a for a in tags.all("a") if "aria-label" in a]
    # nov. has no URL, déc. no value (no point to click)
    assert [(a["href"], a["aria-label"]) for a in links] == [
        ("/liste/?mois=0", "oct. 2025 : 3"),
        ("/liste/?mois=3", "janv. 2026 : 8"),
    ]
    # the table links the same months (déc. too: its list may say why it is empty)
    table_links = re.findall(r'<th scope="row"><a href="([^"]+)">', html)
    assert table_links == ["/liste/?mois=0", "/liste/?mois=2", "/liste/?mois=3"]


def test_a_list_of_targets_and_of_urls_is_read_point_by_point():
    points = list(zip(MONTHS, [Decimal(30), Decimal(35), Decimal(38), Decimal(39)], strict=True))
    html = _render(
        "{% line_chart points title='Téléconsultation' unit='percent' target=goals href=urls %}",
        points=points,
        goals=[Decimal(40), Decimal(45), Decimal(50), Decimal(50)],
        urls=["/a", "/b", "", None],
    )
    tags = _parse(html)
    assert [a["href"] for a in tags.all("a") if "aria-label" in a] == ["/a", "/b"]
    assert len([p for p in tags.all("path") if p.get("class") == "chart-target"]) == 1
    assert f"cible 50{NB}%" in tags.text["desc"]
    assert f"Cible 50{NB}%" in html


def test_a_bar_chart_lists_its_bars_and_links():
    bars = [("Centre Nord", Decimal(120), "/nord"), ("Centre Sud", Decimal(40), None)]
    html = _render("{% bar_chart bars title='Visites par centre' unit='count' %}", bars=bars)
    tags = _parse(html)
    (svg,) = tags.all("svg")
    assert svg["role"] == "group"
    assert [r["width"] for r in tags.all("rect")] == ["216", "72"]  # 120 and 40 of 200 on 360 px
    assert [(a["href"], a.get("aria-label")) for a in tags.all("a")] == [
        ("/nord", "Centre Nord : 120"),
        ("/nord", None),  # the table's link
    ]
    assert (
        tags.text["desc"]
        == "2 barres ; la plus haute : Centre Nord (120) ; la plus basse : Centre Sud (40)"
    )
    assert re.findall(r"<td>([^<]*)</td>", html) == ["120", "40"]


def test_two_charts_on_a_page_have_distinct_ids():
    html = _render(
        "{% bar_chart bars title='A' %}{% bar_chart bars title='B' %}", bars=[("x", 1, None)]
    )
    ids = [attrs["id"] for attrs in _parse(html).all("figure")]
    assert len(set(ids)) == 2
    assert _parse(html).all("svg")[0]["role"] == "img"


def test_month_dates_are_written_as_french_months():
    points = [(datetime.date(2025, 12, 1), Decimal(3)), (datetime.date(2026, 1, 1), Decimal(4))]
    html = _render("{% line_chart points title='Visites' %}", points=points)
    assert re.findall(r'<th scope="row">([^<]*)</th>', html) == ["déc. 2025", "janv. 2026"]
