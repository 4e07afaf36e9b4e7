"""The monthly management report (issue 16, item 3): its figures against hand counts, its
charts drawn in the PDF, its versions kept."""

import datetime
import re
import zlib
from decimal import Decimal

import pytest
from django.db import ProgrammingError, transaction

from dashboards.report import pdf, services
from dashboards.report.models import MonthlyReport
from dashboards.report.selectors import report_sections
from spsti import documents_storage
from spsti.celery import app
from tests.accounts.factories import HealthCenterFactory, TeamFactory
from tests.dashboards.support_catalogue import fact, month, small_catalogue  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_catalogue")]
NB = "\u00a0"
JANUARY = month(2026, 1)


@pytest.fixture
def centres():
    """A (with a team) and B; facts of Feb 2025 to Jan 2026, and one outside (Jan 2025)."""
    a, b = HealthCenterFactory(name="Centre A"), HealthCenterFactory(name="Centre B")
    team = TeamFactory(center=a)
    # visits on time in January 2026: A 6/8 (physician), B 3/4 (nurse) → 9/12 = 75 %
    fact("visits_on_time", a, JANUARY, 6, 8, team=team, kind="vip", performer="physician")
    fact("visits_on_time", b, JANUARY, 3, 4, kind="vip", performer="nurse")
    # December 2025: A 1/2 → 50 %; March 2025: A 2/5 → 40 %; January 2025 is out of the 12 months
    fact("visits_on_time", a, month(2025, 12), 1, 2, team=team, kind="vip", performer="nurse")
    fact("visits_on_time", a, month(2025, 3), 2, 5, team=team, kind="vip", performer="nurse")
    fact("visits_on_time", a, month(2025, 1), 0, 9, team=team, kind="vip", performer="nurse")
    # invoiced: January 2026 A 1 500 € + B 250,50 €
    fact("invoiced", a, JANUARY, "1500", team=team)
    fact("invoiced", b, JANUARY, "250.50")
    return a, b


def _line(sections, indicator_id):
    return next(line for s in sections for line in s.lines if line.indicator.id == indicator_id)


def test_each_indicator_has_its_month_its_twelve_months_and_its_target(centres):
    a, b = centres
    sections = report_sections(JANUARY, frozenset({a.pk, b.pk}), targets={"visits_on_time": 80})
    assert [s.title for s in sections] == ["Suivi individuel", "Facturation"]
    line = _line(sections, "visits_on_time")
    assert line.value_text == f"75{NB}%"
    assert line.detail == "9 / 12"
    assert line.target_text == f"80{NB}%"
    assert line.target_met is False  # 75 < 80, higher is better
    assert [label for label, _ in line.points][0] == "févr. 2025"
    assert [label for label, _ in line.points][-1] == "janv. 2026"
    values = [value for _, value in line.points]
    assert values == [None, Decimal("40.0")] + [None] * 8 + [Decimal("50.0"), Decimal("75.0")]
    assert line.trend == "en hausse"
    assert _line(sections, "invoiced").value_text == f"1{NB}750,50{NB}€"
    # no fact: an empty figure, no trend
    assert _line(sections, "workers_followed").value_text == "–"


def test_a_centre_report_counts_its_centre_only(centres):
    a, _ = centres
    sections = report_sections(JANUARY, frozenset({a.pk}))
    assert _line(sections, "visits_on_time").value_text == f"75{NB}%"  # 6/8
    assert _line(sections, "visits_on_time").detail == "6 / 8"
    assert _line(sections, "invoiced").value_text == f"1{NB}500{NB}€"


def test_the_report_html_holds_the_figures_and_the_charts(centres):
    a, b = centres
    html = pdf.report_html(
        JANUARY,
        center_ids=frozenset({a.pk, b.pk}),
        scope_label="Tout le service (tous les centres)",
        targets={"visits_on_time": Decimal(80)},
    )
    assert "Rapport mensuel de gestion — janv. 2026" in html
    assert html.count("<svg") == 4  # one chart per indicator
    assert f"80{NB}% — non atteinte" in html
    assert f"Dernier mois : 75{NB}% ; cible 80{NB}% ; tendance en hausse sur 12 mois" in html
    assert "9 / 12" in html


def _pdf_streams(content: bytes) -> str:
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            found.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(found)


def test_the_pdf_draws_the_svg_charts(centres):
    a, b = centres
    content = pdf.report_pdf(
        JANUARY,
        center_ids=frozenset({a.pk, b.pk}),
        scope_label="Tout le service",
        targets={"visits_on_time": Decimal(80)},
    )
    assert content.startswith(b"%PDF")
    drawing = _pdf_streams(content)
    # the line (#0b3d6b) and the dashed target (#a4161a) are stroked as vectors
    assert "0.043137 0.239216 0.419608 RG" in drawing
    assert "0.643137 0.086275 0.101961 RG" in drawing
    assert re.search(r"\[[\d. ]+\] [\d.]+ d", drawing)  # a dash pattern


def test_a_report_made_again_is_a_new_version_and_the_first_stays(centres):
    a, _ = centres
    first = services.generate_report(JANUARY, a)
    second = services.generate_report(JANUARY, a)
    service_wide = services.generate_report(JANUARY)
    assert (first.version, second.version, service_wide.version) == (1, 2, 1)
    assert first.file.name != second.file.name
    assert documents_storage.read(first.file.name, first.sha256).startswith(b"%PDF")
    assert first.filename == f"rapport-gestion-2026-01-centre-{a.pk}-v1.pdf"
    assert service_wide.filename == "rapport-gestion-2026-01-service-v1.pdf"
    with pytest.raises(ProgrammingError, match="Cannot update"), transaction.atomic():
        MonthlyReport.objects.filter(pk=first.pk).update(file=second.file.name)


def test_the_second_of_the_month_makes_last_months_reports(centres):
    a, b = centres
    reports = services.generate_last_month(datetime.date(2026, 2, 2))
    assert [(r.month, r.center_id) for r in reports] == [
        (JANUARY, None),
        (JANUARY, a.pk),
        (JANUARY, b.pk),
    ]
    assert services.last_month(datetime.date(2026, 1, 2)) == month(2025, 12)


def test_the_beat_runs_the_report_task_on_the_second():
    entry = app.conf.beat_schedule["dashboards.generate_monthly_reports"]
    assert entry["task"] == "dashboards.report.tasks.generate_monthly_reports"
    assert entry["schedule"].day_of_month == {2}


def test_without_targets_given_the_report_reads_the_cpom_of_the_year(centres):
    from dashboards.targets.models import Cpom, CpomTarget

    a, b = centres
    cpom = Cpom.objects.create(name="CPOM", first_year=2025, last_year=2027)
    CpomTarget.objects.create(cpom=cpom, indicator="visits_on_time", year=2026, value=70)
    CpomTarget.objects.create(cpom=cpom, indicator="visits_on_time", year=2025, value=95)
    line = _line(report_sections(JANUARY, frozenset({a.pk, b.pk})), "visits_on_time")
    assert line.target_text == f"70{NB}%"  # 2026's, not 2025's
    assert line.target_met is True  # 75 ≥ 70
