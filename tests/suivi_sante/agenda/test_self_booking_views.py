"""The employer's own booking through the portal pages, and what the secretary sees of it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from suivi_sante.agenda import services as agenda
from suivi_sante.agenda import services_booking
from suivi_sante.models import Slot, Visit
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


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_list_shows_kind_and_date_only_and_the_slots_in_french(world, client_for):
    worker = employed_worker(world, last_name="Durand", first_name="Léa")
    tuesday = next_weekday(2)
    due = make_due(worker, "VIP", due_on=tuesday + datetime.timedelta(days=2))
    make_slot(world, "physician", at(tuesday, 9, 30), self_bookable=True)
    client = client_for("portal_admin")

    listing = client.get(reverse("portal:suivi_sante:booking-list")).content.decode()
    assert str(worker) in listing
    assert "Visite d&#x27;information et de prévention" in listing
    assert f"{due.due_on:%d/%m/%Y}" in listing
    assert "3 mois suivant" not in listing  # the reason is not shown, only kind and date

    page = client.get(reverse("portal:suivi_sante:booking-slots", args=[due.pk]))
    html = page.content.decode()
    assert f"Mardi {tuesday.day} " in html
    assert "09:30–10:00" in html
    assert "Réserver" in html


def test_booking_through_the_page_convenes_and_the_secretary_sees_who_booked(world, client_for):
    worker = employed_worker(world, last_name="Durand", first_name="Léa")
    tuesday = next_weekday(2)
    due = make_due(worker, "VIP", due_on=tuesday)
    slot = make_slot(world, "physician", at(tuesday, 9, 30), self_bookable=True)
    client = client_for("portal_admin")

    response = client.post(
        reverse("portal:suivi_sante:booking-slots", args=[due.pk]), {"slot": slot.pk}, follow=True
    )

    visit = Visit.objects.get(slot=slot)
    assert response.redirect_chain[-1][0] == reverse(
        "portal:suivi_sante:convocation-detail", args=[visit.convocation.pk]
    )
    assert any(m.startswith("Créneau réservé") for m in _messages(response))
    assert "déplacer vers un autre créneau" in response.content.decode()
    week = client_for("secretary").get(
        reverse("backoffice:suivi_sante:agenda"), {"semaine": tuesday.isoformat()}
    )
    admin = world.actors["portal_admin"]
    assert f"réservée par {admin.get_full_name() or admin} (employeur)" in week.content.decode()
    assert "ouvert aux employeurs" in week.content.decode()


def test_a_slot_taken_meanwhile_is_said_in_french(world, client_for):
    tuesday = next_weekday(2)
    due = make_due(employed_worker(world), "VIP", due_on=tuesday)
    slot = make_slot(world, "physician", at(tuesday, 9), self_bookable=True)
    agenda.book_visit(
        actor=ctx_of(world, "secretary"), worker=employed_worker(world), kind="VIP", slot=slot
    )

    response = client_for("portal_admin").post(
        reverse("portal:suivi_sante:booking-slots", args=[due.pk]), {"slot": slot.pk}, follow=True
    )

    assert _messages(response) == ["Ce créneau est déjà pris : choisissez-en un autre."]
    assert Visit.objects.filter(slot=slot).count() == 1


def test_another_members_due_or_slot_is_a_404(world, client_for):
    tuesday = next_weekday(2)
    due = make_due(employed_worker(world), "VIP", due_on=tuesday)
    on_b_site = make_slot(
        world,
        "physician",
        at(tuesday, 9),
        self_bookable=True,
        establishment=world.other_establishment,
    )
    closed = make_slot(world, "physician", at(tuesday, 10))
    url = reverse("portal:suivi_sante:booking-slots", args=[due.pk])

    assert client_for("portal_other").get(url).status_code == 404
    assert client_for("portal_other").post(url, {"slot": on_b_site.pk}).status_code == 404
    client = client_for("portal_admin")
    assert client.post(url, {"slot": on_b_site.pk}).status_code == 404
    assert client.post(url, {"slot": closed.pk}).status_code == 404
    assert client.post(url, {"slot": "x"}).status_code == 404
    assert not Visit.objects.exists()


def test_the_employer_moves_his_visit_through_the_page(world, client_for):
    tuesday = next_weekday(2)
    due = make_due(employed_worker(world), "VIP", due_on=tuesday)
    first = make_slot(world, "physician", at(tuesday, 9), self_bookable=True)
    second = make_slot(world, "physician", at(tuesday, 11), self_bookable=True)
    visit = services_booking.self_book(actor=ctx_of(world, "portal_admin"), due=due, slot=first)
    client = client_for("portal_admin")
    url = reverse("portal:suivi_sante:convocation-move", args=[visit.convocation.pk])

    page = client.get(url).content.decode()
    assert "11:00–11:30" in page
    assert "09:00–09:30" not in page

    response = client.post(url, {"slot": second.pk}, follow=True)

    moved = Visit.objects.get(slot=second)
    assert moved.rebooked_from == visit
    assert _messages(response) == [
        "Visite déplacée : la nouvelle convocation remplace la précédente."
    ]


def test_the_secretary_opens_a_day_from_the_agenda(world, client_for):
    tuesday = next_weekday(2)
    make_slot(world, "physician", at(tuesday, 9))
    make_slot(world, "nurse", at(tuesday, 10))
    response = client_for("secretary").post(
        reverse("backoffice:suivi_sante:slots-self-booking"),
        {"day": tuesday.isoformat(), "is_open": "1"},
        follow=True,
    )
    assert _messages(response) == ["2 créneaux ouverts à la réservation par l'employeur."]
    assert Slot.objects.filter(self_bookable=True).count() == 2


def test_the_booking_pages_answer_in_a_flat_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    active_protocol(world, kinds=("VIP",))
    tuesday = next_weekday(2)
    client = client_for("portal_admin")
    due = make_due(employed_worker(world), "VIP", due_on=tuesday)
    make_slot(world, "physician", at(tuesday, 8), self_bookable=True)
    list_url = reverse("portal:suivi_sante:booking-list")
    slots_url = reverse("portal:suivi_sante:booking-slots", args=[due.pk])
    client.get(list_url)
    with django_assert_max_num_queries(14) as few_list:
        assert client.get(list_url).status_code == 200
    with django_assert_max_num_queries(16) as few_slots:
        assert client.get(slots_url).status_code == 200
    for minutes in range(0, 600, 30):
        make_slot(
            world,
            "nurse" if minutes % 60 else "physician",
            at(tuesday, 9) + datetime.timedelta(minutes=minutes),
            self_bookable=True,
        )
    for _ in range(12):
        make_due(employed_worker(world), "VIP", due_on=tuesday)
    with django_assert_max_num_queries(len(few_list.captured_queries)):
        assert client.get(list_url).status_code == 200
    # One protocol query per day shown, not per slot.
    with django_assert_max_num_queries(len(few_slots.captured_queries) + 1):
        assert client.get(slots_url).status_code == 200


def test_the_secretary_opens_one_slot_and_sees_the_button_to_close_it(world, client_for):
    tuesday = next_weekday(2)
    nine = make_slot(world, "physician", at(tuesday, 9))
    ten = make_slot(world, "physician", at(tuesday, 10))
    client = client_for("secretary")
    response = client.post(
        reverse("backoffice:suivi_sante:slots-self-booking"),
        {"day": tuesday.isoformat(), "slot": ten.pk, "is_open": "1"},
        follow=True,
    )
    assert _messages(response) == ["1 créneau ouvert à la réservation par l'employeur."]
    nine.refresh_from_db()
    ten.refresh_from_db()
    assert (nine.self_bookable, ten.self_bookable) == (False, True)
    html = response.content.decode()
    assert html.count("ouvert aux employeurs</span>") == 1
    assert html.count(">fermer<") == 1
    # A nurse reads the agenda but does not manage it: no button.
    nurse_view = client_for("nurse").get(
        reverse("backoffice:suivi_sante:agenda"), {"semaine": tuesday.isoformat()}
    )
    assert "ouvrir aux employeurs" not in nurse_view.content.decode()


def test_past_the_deadline_the_detail_points_to_the_reschedule_answer(world, client_for):
    soon = timezone.localtime(timezone.now() + datetime.timedelta(hours=30)).replace(
        second=0, microsecond=0
    )
    due = make_due(employed_worker(world), "VIP", due_on=soon.date())
    slot = make_slot(world, "physician", soon, self_bookable=True)
    visit = services_booking.self_book(actor=ctx_of(world, "portal_admin"), due=due, slot=slot)
    client = client_for("portal_admin")

    detail = client.get(
        reverse("portal:suivi_sante:convocation-detail", args=[visit.convocation.pk])
    ).content.decode()
    assert "ne peut plus être déplacé en ligne depuis le" in detail
    assert "déplacer vers un autre créneau" not in detail
    assert "Envoyer ma réponse" in detail  # ask another slot, as before
    page = client.get(reverse("portal:suivi_sante:convocation-move", args=[visit.convocation.pk]))
    assert "ne peut pas être déplacée en ligne depuis le" in page.content.decode()


def test_the_due_list_leads_who_may_answer_convocations_to_the_booking(world, client_for):
    due_list = reverse("portal:suivi_sante:due-list")
    booking_list = reverse("portal:suivi_sante:booking-list")
    html = client_for("portal_admin").get(due_list).content.decode()
    assert f'ouverts : <a href="{booking_list}">réserver une visite</a>' in html
    # A firm with the workers scope only sees the due visits, not the booking.
    assert booking_list not in client_for("firm_unmandated").get(due_list).content.decode()
