"""Issue 16's journey in Chromium: the director opens the cockpit, reads a chart, drills down
from the late visits to their list, exports it, and opens the forecast of medical time."""

import datetime
import io
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect

from accounts.enums import StaffRole
from dashboards.facts.services import compute_recent_facts
from dashboards.rules.periods import add_months
from tests.accounts.factories import StaffAssignmentFactory
from tests.suivi_sante.factories import (
    DueVisitFactory,
    ProtocolFactory,
    VisitFactory,
    WorkerFactory,
)
from tests.test_browser_followup import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _late_and_on_time_visits(world, today):
    """Last month: two VIPs still due after their deadline, one reprise held on time."""
    due = add_months(today, -1).replace(day=10)
    late = [WorkerFactory(adherent=world.adherent) for _ in range(2)]
    for worker in late:
        DueVisitFactory(worker=worker, due_on=due)
    held_at = datetime.datetime.combine(
        due - datetime.timedelta(days=3), datetime.time(10), tzinfo=timezone.get_current_timezone()
    )
    VisitFactory(
        worker=WorkerFactory(adherent=world.adherent),
        kind="REPRISE",
        status="held",
        scheduled_at=held_at,
        held_at=held_at,
        due_on=due,
    )
    # Ahead: three VIPs a nurse may hold under the team's signed protocol.
    ProtocolFactory(
        team=world.team,
        signed_by=world.actors["physician"],
        delegated_kinds=["VIP"],
        valid_from=add_months(today, -12),
        valid_until=None,
    )
    for _ in range(3):
        DueVisitFactory(worker=WorkerFactory(adherent=world.adherent), due_on=add_months(today, 2))
    return late


def test_director_reads_the_cockpit_drills_into_late_visits_and_exports(
    browser: Browser, live_server, world
):
    base = live_server.url
    today = timezone.localdate()
    late = _late_and_on_time_visits(world, today)
    compute_recent_facts(today)
    director = StaffAssignmentFactory(center=world.center, role=StaffRole.DIRECTION, team=None).user

    page = staff_page(browser, base, director)
    page.goto(f"{base}/back-office/")
    page.get_by_role("link", name="Ouvrir le pilotage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pilotage")
    card = page.get_by_role("region", name="Visites réalisées dans les délais")
    chart = card.get_by_role("figure")  # the SVG line chart, its summary and its data
    expect(chart).to_be_visible()
    expect(chart.locator("figcaption")).to_contain_text("33,3")  # 1 on time of 3 due
    expect(chart.get_by_role("link")).to_have_count(1)  # last month: a link to its list

    # From the figure to the late visits: the two overdue VIPs, with no worker's name.
    card.get_by_role("link", name="Visites en retard ou non tenues").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Visites en retard ou non tenues")
    table = page.get_by_role("table")
    expect(table.locator("tbody tr")).to_have_count(2)
    for worker in late:
        expect(table).not_to_contain_text(worker.last_name)
    expect(table).to_contain_text(world.adherent.name)

    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter la liste (XLSX)").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Salarié"
    assert len(rows) == 3  # the heading and the two late VIPs
    assert {row[1] for row in rows[1:]} == {world.adherent.name}

    # The forecast: the director picks the team and moves the delegation lever.
    page.get_by_role("link", name="Prévision du temps médical").click()
    page.get_by_label("Équipe").select_option(str(world.team.pk))
    lever = page.get_by_label("Part des visites délégables confiées aux infirmier(e)s (%)")
    lever.fill("0")
    page.get_by_role("button", name="Recalculer").click()
    summary = page.locator("#forecast-summary")
    expect(summary).to_contain_text("Avec 0 % de délégation")
    without = summary.inner_text()
    lever = page.get_by_label("Part des visites délégables confiées aux infirmier(e)s (%)")
    lever.fill("100")
    page.get_by_role("button", name="Recalculer").click()
    expect(summary).to_contain_text("Avec 100 % de délégation")
    assert summary.inner_text() != without  # the nurse-eligible VIPs moved to the nurse
