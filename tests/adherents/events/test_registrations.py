"""Members register their people to the meetings of their centre: capacity, duplicates,
cancellation, confirmation e-mail, trajectory step, scoping."""

import datetime
from html import unescape

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.enums import AdherentRole
from adherents.models import MeetingFormat, MeetingRegistration, StepStatus, TrajectoryStep
from tests.adherents.events.helpers import new_member
from tests.adherents.factories import AdherentMembershipFactory
from tests.adherents.factories_events import MeetingFactory, SessionFactory, in_days
from tests.conftest import login
from tests.matrix_adherents.events import registration_for, session_for

LIST = "portal:adherents:events-registration-list"


def register_url(session) -> str:
    return reverse("portal:adherents:events-register", args=[session.pk])


def text(response) -> str:
    return unescape(response.content.decode())


def post_person(client, session, name="Léa Martin", email="lea.martin@alpha.fr"):
    return client.post(register_url(session), {"attendee_name": name, "attendee_email": email})


def active(session) -> int:
    return MeetingRegistration.objects.filter(session=session, cancelled_at__isnull=True).count()


@pytest.mark.django_db
def test_the_last_place_is_taken_then_the_next_person_is_refused(world, client_for):
    session = session_for(world, capacity=2)
    registration_for(world, session=session)  # one place left
    admin, other = client_for("portal_admin"), client_for("portal_other")

    response = post_person(admin, session)
    assert response.status_code == 302
    assert response.url == reverse(LIST)
    assert active(session) == 2

    refused = post_person(other, session, "Paul Durand", "paul@beta.fr")
    assert refused.status_code == 200
    assert "Cette session est complète." in text(refused)
    assert active(session) == 2
    assert not MeetingRegistration.objects.filter(attendee_email="paul@beta.fr").exists()


@pytest.mark.django_db
def test_the_same_person_twice_is_refused_in_french(world, client_for):
    session = session_for(world)
    client = client_for("portal_admin")
    assert post_person(client, session).status_code == 302

    again = post_person(client, session, "Léa MARTIN", " Lea.Martin@Alpha.fr ")
    assert again.status_code == 200
    assert "Cette personne est déjà inscrite à cette session." in text(again)
    assert active(session) == 1


@pytest.mark.django_db
def test_cancelling_frees_the_place_for_someone_else(world, client_for):
    session = session_for(world, capacity=1)
    admin = client_for("portal_admin")
    assert post_person(admin, session).status_code == 302
    assert "Cette session est complète." in text(
        post_person(client_for("portal_other"), session, "Paul Durand", "paul@beta.fr")
    )
    registration = MeetingRegistration.objects.get(session=session)

    cancel = reverse("portal:adherents:events-registration-cancel", args=[registration.pk])
    assert admin.post(cancel).status_code == 302
    registration.refresh_from_db()
    assert registration.cancelled_at is not None
    assert "Cette inscription est déjà annulée." in text(admin.post(cancel, follow=True))

    assert (
        post_person(client_for("portal_other"), session, "Paul", "paul@beta.fr").status_code == 302
    )
    assert active(session) == 1
    assert (
        MeetingRegistration.objects.get(cancelled_at__isnull=True).attendee_email == "paul@beta.fr"
    )


@pytest.mark.django_db
def test_another_members_registration_cannot_be_cancelled(world, client_for):
    registration = registration_for(world)
    cancel = reverse("portal:adherents:events-registration-cancel", args=[registration.pk])
    assert client_for("portal_other").post(cancel).status_code == 404
    registration.refresh_from_db()
    assert registration.cancelled_at is None


@pytest.mark.django_db
def test_the_form_is_prefilled_and_the_confirmation_mail_gives_date_and_place(
    world, client_for, django_capture_on_commit_callbacks
):
    session = session_for(world, starts_at=in_days(10, hour=14))
    user = world.actors["portal_admin"]
    page = text(client_for("portal_admin").get(register_url(session)))
    assert f'value="{user.email}"' in page
    assert f'value="{user.get_full_name()}"' in page

    with django_capture_on_commit_callbacks(execute=True):
        post_person(client_for("portal_admin"), session)
    (message,) = mail.outbox
    assert message.to == ["lea.martin@alpha.fr"]
    assert session.meeting.title in message.subject
    assert f"{session.starts_at.astimezone(timezone.get_current_timezone()):%d/%m/%Y}" in (
        message.subject
    )
    assert "de 14:00 à 16:00" in message.body
    assert "Lieu : Salle Saône, 2 rue des Écoles, Mâcon" in message.body


@pytest.mark.django_db
def test_a_video_session_mails_its_link(world, client_for, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(center=world.center, format=MeetingFormat.VIDEO)
    session = SessionFactory(meeting=meeting, place="", video_url="https://visio.exemple.fr/abc")
    with django_capture_on_commit_callbacks(execute=True):
        post_person(client_for("portal_admin"), session)
    assert "Lien de visioconférence : https://visio.exemple.fr/abc" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_new_members_registration_completes_its_meeting_step(world, client_for):
    new_member(world)
    step = TrajectoryStep.objects.get(
        adherent=world.adherent, definition__code="meeting_invitation"
    )
    assert step.status == StepStatus.TODO
    post_person(client_for("portal_admin"), session_for(world))
    step.refresh_from_db()
    assert (step.status, step.done_on) == (StepStatus.DONE, timezone.localdate())
    assert step.done_by == world.actors["portal_admin"]
    assert "Léa Martin" in step.note


@pytest.mark.django_db
def test_the_member_sees_the_published_sessions_to_come_of_its_centre_only(world, client_for):
    mine = session_for(world, capacity=3)
    registration_for(world, session=mine)
    other_centre = SessionFactory(meeting=MeetingFactory(center=world.other_center))
    unpublished = session_for(
        world, meeting=MeetingFactory(center=world.center, is_published=False)
    )
    past = session_for(world, starts_at=in_days(-3))
    cancelled = session_for(world, is_cancelled=True)

    page = client_for("portal_admin").get(reverse("portal:adherents:events-session-list"))
    items = page.context["page"].items
    assert [s.pk for s in items] == [mine.pk]
    assert (items[0].remaining, items[0].mine) == (2, 1)
    for hidden in (other_centre, unpublished):
        assert client_for("portal_admin").get(register_url(hidden)).status_code == 404
    for closed, message in (
        (past, "Cette session a déjà commencé : les inscriptions sont closes."),
        (cancelled, "Cette session est annulée."),
    ):
        assert message in text(post_person(client_for("portal_admin"), closed))
    assert active(past) == active(cancelled) == 0


@pytest.mark.django_db
def test_a_hr_contact_registers_but_a_billing_contact_cannot(world):
    session = session_for(world)
    hr = AdherentMembershipFactory(adherent=world.adherent, role=AdherentRole.HR).user
    billing = AdherentMembershipFactory(adherent=world.adherent, role=AdherentRole.BILLING).user
    assert post_person(login(Client(), hr), session).status_code == 302
    assert login(Client(), billing).get(register_url(session)).status_code == 403


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_portal_lists_answer_in_a_flat_number_of_queries(world, client_for):
    sessions, registrations = reverse("portal:adherents:events-session-list"), reverse(LIST)
    session = session_for(world)
    registration_for(world, session=session)
    client = client_for("portal_admin")
    few = (count_queries(client, sessions), count_queries(client, registrations))
    for _ in range(29):
        registration_for(world, session=session_for(world))
    assert (count_queries(client, sessions), count_queries(client, registrations)) == few
    assert max(few) <= 10


@pytest.mark.django_db
def test_a_session_that_began_keeps_its_registrations(world, client_for):
    session = session_for(world, starts_at=timezone.now() - datetime.timedelta(minutes=5))
    registration = registration_for(world, session=session)
    cancel = reverse("portal:adherents:events-registration-cancel", args=[registration.pk])
    response = client_for("portal_admin").post(cancel, follow=True)
    assert "La session a commencé : l'inscription ne peut plus être annulée." in text(response)
    registration.refresh_from_db()
    assert registration.cancelled_at is None
