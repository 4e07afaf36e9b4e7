"""Back-office pages of the agenda: week, slots, booking, visit detail, outcome, rebooking."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from suivi_sante.agenda import services as agenda
from suivi_sante.agenda.services_convocations import respond_to_convocation
from suivi_sante.models import Referral, Slot, Visit
from tests.adherents.factories import EstablishmentFactory
from tests.suivi_sante.agenda.support import (
    active_protocol,
    at,
    ctx_of,
    employed_worker,
    make_due,
    make_slot,
    next_weekday,
)

pytestmark = pytest.mark.django_db


def _visit(world, actor="physician", minutes=60) -> Visit:
    slot = make_slot(world, actor, timezone.now() + datetime.timedelta(minutes=minutes))
    return agenda.book_visit(
        actor=ctx_of(world, "secretary"), worker=employed_worker(world), kind="VIP", slot=slot
    )


def test_the_week_lists_each_slot_with_its_booked_visit(world, client_for):
    tuesday = next_weekday(2)
    free = make_slot(world, "nurse", at(tuesday, 8))
    visit = agenda.book_visit(
        actor=ctx_of(world, "secretary"),
        worker=employed_worker(world, last_name="Martin"),
        kind="VIP",
        slot=make_slot(world, "physician", at(tuesday, 9)),
    )
    page = client_for("nurse").get(reverse("backoffice:suivi_sante:agenda"), {"semaine": tuesday})
    html = page.content.decode()
    assert "<caption>Mardi" in html
    assert "08:00–08:30" in html
    assert "Libre" in html
    assert reverse("backoffice:suivi_sante:visit-detail", args=[visit.pk]) in html
    assert "MARTIN" in html
    only_nurse = client_for("nurse").get(
        reverse("backoffice:suivi_sante:agenda"),
        {"semaine": tuesday, "professionnel": free.professional_id},
    )
    assert "MARTIN" not in only_nurse.content.decode()


def test_the_secretary_creates_a_series_from_the_form(world, client_for):
    day = next_weekday(4)
    client = client_for("secretary")
    response = client.post(
        reverse("backoffice:suivi_sante:slot-create"),
        {
            "professional": world.actors["nurse"].pk,
            "day": day.isoformat(),
            "start": "14:00",
            "end": "16:00",
            "duration": "30",
            "mode": "in_person",
            "siret": world.establishment.siret,
        },
    )
    assert response.status_code == 302
    slots = Slot.objects.filter(professional=world.actors["nurse"])
    assert slots.count() == 4
    assert {s.establishment for s in slots} == {world.establishment}
    again = client.post(
        reverse("backoffice:suivi_sante:slot-create"),
        {
            "professional": world.actors["nurse"].pk,
            "day": day.isoformat(),
            "start": "15:00",
            "end": "15:30",
            "duration": "30",
            "mode": "in_person",
        },
    )
    assert again.status_code == 200
    assert "chevauchent un créneau existant" in again.content.decode()


def test_a_siret_outside_the_centre_is_refused_by_the_form(world, client_for):
    stranger = EstablishmentFactory()  # a member of another team
    response = client_for("secretary").post(
        reverse("backoffice:suivi_sante:slot-create"),
        {
            "professional": world.actors["physician"].pk,
            "day": next_weekday(1).isoformat(),
            "start": "09:00",
            "end": "10:00",
            "duration": "30",
            "mode": "in_person",
            "siret": stranger.siret,
        },
    )
    assert "Aucun établissement suivi par ce centre" in response.content.decode()
    assert not Slot.objects.exists()


def test_booking_from_the_page_then_recording_the_teleconsultation_consent(world, client_for):
    worker = employed_worker(world)
    due = make_due(worker)
    tele = make_slot(world, "physician", at(next_weekday(2), 10), mode="teleconsultation")
    client = client_for("secretary")
    url = reverse("backoffice:suivi_sante:visit-book", args=[worker.pk])
    page = client.get(url).content.decode()
    assert f'value="{tele.pk}"' in page
    assert "consentement non recueilli" in page
    refused = client.post(url, {"kind": "VIP", "slot": tele.pk})
    assert "consentement à la téléconsultation" in refused.content.decode()
    consent = client.post(
        reverse("backoffice:suivi_sante:worker-teleconsent", args=[worker.pk]), {"next": url}
    )
    assert consent.url == url
    response = client.post(url, {"kind": "VIP", "slot": tele.pk})
    visit = Visit.objects.get()
    assert response.url == reverse("backoffice:suivi_sante:visit-detail", args=[visit.pk])
    assert (visit.mode, visit.due_on) == ("teleconsultation", due.due_on)


def test_the_visit_page_shows_the_administrative_record_and_history(world, client_for):
    active_protocol(world)
    visit = _visit(world, "nurse")
    html = client_for("secretary").get(
        reverse("backoffice:suivi_sante:visit-detail", args=[visit.pk])
    )
    html = html.content.decode()
    assert "Protocole VIP et visites intermédiaires" in html
    assert "Programmée" in html
    assert "Historique des statuts" in html
    # The secretary may record an absence, not a held visit.
    assert 'value="unexcused_absence"' in html
    assert 'value="held"' not in html


def test_held_by_someone_else_is_a_403_and_by_the_booked_nurse_creates_a_referral(
    world, client_for
):
    active_protocol(world)
    visit = _visit(world, "nurse")
    Visit.objects.filter(pk=visit.pk).update(scheduled_at=timezone.now())  # its hour has come
    url = reverse("backoffice:suivi_sante:visit-outcome", args=[visit.pk])
    assert client_for("physician").post(url, {"status": "held"}).status_code == 403
    response = client_for("nurse").post(
        url, {"status": "held", "referred_to_physician": "on", "note": ""}
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "held"
    assert Referral.objects.get().from_visit == visit


def test_rebooking_from_the_page_links_both_visits(world, client_for):
    visit = _visit(world)
    Visit.objects.filter(pk=visit.pk).update(scheduled_at=timezone.now())  # its hour has come
    client = client_for("secretary")
    client.post(
        reverse("backoffice:suivi_sante:visit-outcome", args=[visit.pk]),
        {"status": "unexcused_absence", "note": "Pas venu"},
    )
    slot = make_slot(world, "physician", at(next_weekday(5), 11))
    response = client.post(
        reverse("backoffice:suivi_sante:visit-rebook", args=[visit.pk]), {"slot": slot.pk}
    )
    new = Visit.objects.get(rebooked_from=visit)
    assert response.url == reverse("backoffice:suivi_sante:visit-detail", args=[new.pk])
    html = client.get(response.url).content.decode()
    assert "Reprogrammations" in html
    assert "Absence non excusée" in html  # the old visit, in the chain


def _list_url(world, name):
    if name == "adherent-convocations":
        return reverse(f"backoffice:suivi_sante:{name}", args=[world.adherent.pk])
    if name == "agenda":
        return f"{reverse('backoffice:suivi_sante:agenda')}?semaine={next_weekday(2)}"
    return reverse(f"backoffice:suivi_sante:{name}")


def _rows(world, count, start):
    """`count` booked visits whose employer asked another slot, on Tuesday from 8:00."""
    portal = ctx_of(world, "portal_admin")
    tuesday = next_weekday(2)
    for n in range(start, start + count):
        slot = make_slot(world, "physician", at(tuesday, 7) + datetime.timedelta(minutes=15 * n))
        visit = agenda.book_visit(
            actor=ctx_of(world, "secretary"), worker=employed_worker(world), kind="VIP", slot=slot
        )
        respond_to_convocation(
            actor=portal,
            convocation=visit.convocation,
            answer="reschedule_requested",
            note="Un autre jour",
        )
        Visit.objects.filter(pk=visit.pk).update(status="held", held_at=F("scheduled_at"))


@pytest.mark.parametrize(
    "name",
    ["agenda", "convocations-to-rebook", "adherent-convocations", "followup-indicators"],
)
def test_back_office_lists_answer_in_a_flat_number_of_queries(
    world, client_for, django_assert_max_num_queries, name
):
    client = client_for("secretary")
    url = _list_url(world, name)
    _rows(world, 1, 0)
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        assert client.get(url).status_code == 200
    _rows(world, 29, 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
