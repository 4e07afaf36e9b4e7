"""From a figure to the list behind it: the filters travel, workers are named only for their
health professionals, and the list exports."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from accounts.enums import StaffRole
from tests.accounts.factories import StaffAssignmentFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    day = date(2026, 3, 20)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    return day


def director(world):
    user = StaffAssignmentFactory(center=world.center, role=StaffRole.DIRECTION, team=None).user
    return login(Client(), user)


def test_the_director_drills_into_late_items_without_names(world, test_indicators, today):
    url = reverse("backoffice:dashboards:drill", args=["t_flow"])
    page = director(world).get(
        url, {"part": "rest", "du": "2026-01", "au": "2026-02", "ventilation": "VIP"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Visites test à temps — En retard" in html
    assert world.team.name in html
    asked = test_indicators.drilled[-1]
    assert asked["part"] == "rest"
    assert asked["kind"] == "VIP"
    assert asked["show_people"] is False
    assert (asked["start"], asked["end"]) == (date(2026, 1, 1), date(2026, 2, 28))
    assert asked["center_ids"] == {world.center.pk, world.other_center.pk}
    assert asked["team_ids"] is None


def test_a_physician_drills_into_his_team_with_names(world, test_indicators, today, client_for):
    url = reverse("backoffice:dashboards:drill", args=["t_flow"])
    assert client_for("physician").get(url).status_code == 200
    asked = test_indicators.drilled[-1]
    assert asked["team_ids"] == {world.team.pk}
    assert asked["show_people"] is True
    assert asked["part"] == "num"  # the first part when none (or an unknown one) is asked
    assert asked["end"] == today  # the current month is read to date


def test_the_list_exports_and_an_indicator_without_list_is_404(
    world, test_indicators, today, client_for
):
    client = director(world)
    url = reverse("backoffice:dashboards:drill", args=["t_flow"])
    csv = client.get(url, {"part": "rest", "format": "csv"})
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Équipe;Centre;Depuis le"
    assert f"{world.team.name};{world.center.name};05/01/2026" in text
    assert client_for("physician").get(url, {"format": "csv"}).status_code == 404  # no export code
    assert client.get(reverse("backoffice:dashboards:drill", args=["t_stock"])).status_code == 404
    assert client.get(reverse("backoffice:dashboards:drill", args=["unknown"])).status_code == 404
