"""The employer states the days and half-day it prefers for convocations, per establishment."""

import html

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_employer_sets_preferences_and_a_bad_day_changes_nothing(world, client_for):
    employer = client_for("portal_admin")
    url = reverse("portal:adherents:establishment-preferences", args=[world.establishment.pk])
    employer.post(url, {"weekdays": ["2", "4"], "half_day": "am"})
    world.establishment.refresh_from_db()
    assert world.establishment.convocation_weekdays == [2, 4]
    assert world.establishment.convocation_half_day == "am"

    refused = employer.post(url, {"weekdays": ["7"], "half_day": "pm"}, follow=True)
    assert "Préférences non enregistrées" in html.unescape(refused.content.decode())
    world.establishment.refresh_from_db()
    assert (world.establishment.convocation_weekdays, world.establishment.convocation_half_day) == (
        [2, 4],
        "am",
    )
    page = employer.get(
        reverse("portal:adherents:establishment-detail", args=[world.establishment.pk])
    )
    assert "Mardi Jeudi" in page.content.decode()
