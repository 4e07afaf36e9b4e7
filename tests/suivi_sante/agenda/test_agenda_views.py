"""The agenda as a day view and as one professional's week grid, with previous/next links."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.suivi_sante.agenda.support import at, make_slot
from tests.suivi_sante.factories import SlotFactory

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "backoffice:suivi_sante:agenda"


@pytest.fixture(autouse=True)
def _march_2026():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def week_of_14_april(world):
    """The physician: Tuesday 14 April 9:00 and 9:30, Thursday 16 April 14:00; the nurse:
    Tuesday 9:00; another centre's physician: Tuesday 9:00 (not ours)."""
    make_slot(world, "physician", at(D(2026, 4, 14), 9, 0))
    make_slot(world, "physician", at(D(2026, 4, 14), 9, 30))
    make_slot(world, "physician", at(D(2026, 4, 16), 14, 0))
    make_slot(world, "nurse", at(D(2026, 4, 14), 9, 0))
    SlotFactory(
        center=world.other_center,
        professional=world.actors["physician_other"],
        performer="physician",
        starts_at=at(D(2026, 4, 14), 9, 0),
        ends_at=at(D(2026, 4, 14), 9, 30),
    )


def test_the_day_view_of_one_professional(world, week_of_14_april, client_for):
    physician = world.actors["physician"]
    response = client_for("secretary").get(
        reverse(URL), {"jour": "2026-04-14", "professionnel": physician.pk}
    )
    assert [s.starts_at for s in response.context["slots"]] == [
        at(D(2026, 4, 14), 9, 0),
        at(D(2026, 4, 14), 9, 30),
    ]
    html = response.content.decode()
    assert f"<caption>Créneaux du mardi 14 avril 2026 de {physician}</caption>" in html
    assert '<th scope="row">09:30–10:00</th>' in html
    assert f"?jour=2026-04-13&amp;professionnel={physician.pk}" in html  # previous day
    assert f"?jour=2026-04-15&amp;professionnel={physician.pk}" in html  # next day
    assert f"?semaine=2026-04-13&amp;professionnel={physician.pk}" in html


def test_the_day_view_of_the_whole_centre_and_an_empty_day(world, week_of_14_april, client_for):
    client = client_for("nurse")
    response = client.get(reverse(URL), {"jour": "2026-04-14"})
    assert len(response.context["slots"]) == 3  # not the other centre's
    assert "tous professionnels" in response.content.decode()
    assert (
        "Aucun créneau ce jour."
        in client.get(reverse(URL), {"jour": "2026-04-15"}).content.decode()
    )


def test_another_centres_professional_is_not_a_choice(world, week_of_14_april, client_for):
    response = client_for("secretary").get(
        reverse(URL), {"jour": "2026-04-14", "professionnel": world.actors["physician_other"].pk}
    )
    assert response.context["professional"] is None
    assert len(response.context["slots"]) == 3


def test_one_professionals_week_is_a_grid_of_times_by_days(world, week_of_14_april, client_for):
    physician = world.actors["physician"]
    response = client_for("secretary").get(
        reverse(URL), {"semaine": "2026-04-16", "professionnel": physician.pk}
    )
    grid = response.context["grid"]
    assert grid["columns"] == [D(2026, 4, 13 + n) for n in range(5)]  # Monday to Friday
    assert [time for time, _ in grid["rows"]] == [
        datetime.time(9, 0),
        datetime.time(9, 30),
        datetime.time(14, 0),
    ]
    nine, _, two = (cells for _, cells in grid["rows"])
    assert [len(cell) for cell in nine] == [0, 1, 0, 0, 0]
    assert [len(cell) for cell in two] == [0, 0, 0, 1, 0]
    html = response.content.decode()
    assert f"<caption>Semaine de {physician} du 13/04/2026 au 19/04/2026</caption>" in html
    assert '<th scope="col"><a href="?jour=2026-04-14' in html
    assert f"?semaine=2026-04-06&amp;professionnel={physician.pk}" in html
    assert f"?semaine=2026-04-20&amp;professionnel={physician.pk}" in html


def test_the_agenda_views_answer_in_a_flat_number_of_queries(world, client_for):
    client = client_for("secretary")
    physician = world.actors["physician"]

    def count(params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(URL), params).status_code == 200
        return len(captured)

    day = {"jour": "2026-04-14", "professionnel": physician.pk}
    week = {"semaine": "2026-04-14", "professionnel": physician.pk}
    count(day)
    make_slot(world, "physician", at(D(2026, 4, 14), 9, 0))
    few = (count(day), count(week))
    for hour in range(10, 18):
        make_slot(world, "physician", at(D(2026, 4, 14), hour, 0))
        make_slot(world, "physician", at(D(2026, 4, 15), hour, 0))
    assert (count(day), count(week)) == few
    assert max(few) <= 12
