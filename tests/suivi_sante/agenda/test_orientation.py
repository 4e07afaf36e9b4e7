"""A disabled worker or an invalidity pension holder seen by a nurse for the VIP is oriented to
the physician without delay (R4624-20): the referral is recorded with the visit whatever the
box says, the page says so instead of offering the box, and the physician visit is due."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from suivi_sante.agenda import services as agenda
from suivi_sante.models import DueVisit, Referral, Visit
from tests.suivi_sante.agenda.support import active_protocol, ctx_of, employed_worker, make_slot

pytestmark = pytest.mark.django_db


def _nurse_vip(world, **situation) -> Visit:
    active_protocol(world)
    slot = make_slot(world, "nurse", timezone.now() + datetime.timedelta(hours=1))
    visit = agenda.book_visit(
        actor=ctx_of(world, "secretary"),
        worker=employed_worker(world, **situation),
        kind="VIP",
        slot=slot,
    )
    Visit.objects.filter(pk=visit.pk).update(scheduled_at=timezone.now())  # its hour has come
    visit.refresh_from_db()
    return visit


@pytest.mark.parametrize("situation", ["is_disabled", "has_invalidity_pension"])
def test_the_nurses_vip_orients_by_law_and_the_page_says_it(world, client_for, settings, situation):
    settings.SPSTI_REFERRAL_DELAY_DAYS = 15
    visit = _nurse_vip(world, **{situation: True})
    nurse = client_for("nurse")
    page = nurse.get(reverse("backoffice:suivi_sante:visit-detail", args=[visit.pk]))
    html = page.content.decode()
    assert "obligatoire</strong> à l'issue de cette VIP" in html
    assert "art. R4624-20" in html
    assert 'name="referred_to_physician"' not in html  # nothing to tick

    # The box left unticked: the orientation is recorded all the same.
    response = nurse.post(
        reverse("backoffice:suivi_sante:visit-outcome", args=[visit.pk]),
        {"status": "held", "note": ""},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.referred_to_physician) == ("held", True)
    referral = Referral.objects.get(from_visit=visit)
    held_on = timezone.localtime(visit.held_at).date()
    assert referral.due_on == held_on + datetime.timedelta(days=15)
    # The physician visit is due at once in the worker's schedule.
    due = DueVisit.objects.get(worker=visit.worker, due_on=referral.due_on)
    assert due.performers == ["physician"]


def test_other_workers_keep_the_nurses_judgement(world, client_for):
    visit = _nurse_vip(world)
    html = (
        client_for("nurse")
        .get(reverse("backoffice:suivi_sante:visit-detail", args=[visit.pk]))
        .content.decode()
    )
    assert 'name="referred_to_physician"' in html
    assert "art. R4624-20" not in html
    agenda.record_outcome(actor=ctx_of(world, "nurse"), visit=visit, status="held")
    visit.refresh_from_db()
    assert visit.referred_to_physician is False
    assert not Referral.objects.exists()
