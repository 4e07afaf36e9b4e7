"""The member service organises meetings: sessions, cancellation, attendance, the survey to the
people present; scoped to its centre."""

import datetime
import re
from html import unescape

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.enums import StaffRole
from adherents.models import EmployerMeeting, MeetingSession, SurveyInvitation
from spsti.secret_links import token_hash
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories_events import MeetingFactory, SessionFactory, in_days
from tests.conftest import login
from tests.matrix_adherents.events import meeting_for, registration_for, session_for, survey_for
from tests.unchanged import assert_nothing_changed

BO = "backoffice:adherents"


def text(response) -> str:
    return unescape(response.content.decode())


def url(name, *args) -> str:
    return reverse(f"{BO}:{name}", args=args)


def session_data(**overrides):
    return {
        "starts_at": in_days(5, hour=9).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": in_days(5, hour=11).strftime("%Y-%m-%dT%H:%M"),
        "place": "Salle Saône",
        "video_url": "",
        "capacity": "12",
        **overrides,
    }


def past_session(world):
    start = timezone.now() - datetime.timedelta(hours=3)
    return session_for(world, starts_at=start, ends_at=start + datetime.timedelta(hours=2))


@pytest.mark.django_db
def test_member_service_creates_a_meeting_and_a_session(world, client_for):
    client = client_for("member_service")
    response = client.post(
        url("events-meeting-create"),
        {"title": "Découvrir le service", "description": "Missions", "format": "in_person"},
    )
    meeting = EmployerMeeting.objects.get()
    assert response.url == url("events-meeting-detail", meeting.pk)
    assert (meeting.center, meeting.is_published) == (world.center, False)  # box left unticked
    # The edit form posted back as it was shown: nothing changed, no history row.
    shown = {"title": "Découvrir le service", "description": "Missions", "format": "in_person"}
    assert_nothing_changed(
        client, url("events-meeting-edit", meeting.pk), shown, not_said="Rencontre modifiée."
    )

    response = client.post(url("events-session-create", meeting.pk), session_data())
    session = MeetingSession.objects.get()
    assert response.url == url("events-session-detail", session.pk)
    assert (session.capacity, session.place) == (12, "Salle Saône")
    assert timezone.localtime(session.starts_at).hour == 9


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"place": ""}, "Indiquez le lieu : cette rencontre se tient en présentiel."),
        (
            {"ends_at": in_days(5, hour=8).strftime("%Y-%m-%dT%H:%M")},
            "La fin de la session doit être après son début.",
        ),
        (
            {
                "starts_at": in_days(-1).strftime("%Y-%m-%dT%H:%M"),
                "ends_at": in_days(-1, hour=11).strftime("%Y-%m-%dT%H:%M"),
            },
            "Une nouvelle session commence dans le futur.",
        ),
        ({"capacity": "0"}, "Une session compte au moins une place."),
    ],
)
def test_bad_sessions_are_refused_in_french(world, client_for, overrides, message):
    meeting = meeting_for(world)
    response = client_for("member_service").post(
        url("events-session-create", meeting.pk), session_data(**overrides)
    )
    assert response.status_code == 200
    assert message in text(response)
    assert not MeetingSession.objects.exists()


@pytest.mark.django_db
def test_capacity_never_drops_below_the_people_registered(world, client_for):
    session = session_for(world, capacity=5)
    for _ in range(3):
        registration_for(world, session=session)
    response = client_for("member_service").post(
        url("events-session-edit", session.pk), session_data(capacity="2")
    )
    assert "3 personnes sont déjà inscrites" in text(response)
    session.refresh_from_db()
    assert session.capacity == 5


@pytest.mark.django_db
def test_another_centres_meetings_are_404(world, client_for):
    theirs = SessionFactory(meeting=MeetingFactory(center=world.other_center))
    mine = session_for(world)
    client = client_for("member_service")
    for name, pk in [
        ("events-meeting-detail", theirs.meeting_id),
        ("events-meeting-edit", theirs.meeting_id),
        ("events-session-create", theirs.meeting_id),
        ("events-session-detail", theirs.pk),
        ("events-session-edit", theirs.pk),
    ]:
        assert client.get(url(name, pk)).status_code == 404, name
    assert client.post(url("events-session-cancel", theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_cancelled

    other_agent = StaffAssignmentFactory(
        center=world.other_center, role=StaffRole.MEMBER_SERVICE, team=world.other_team
    ).user
    other = login(Client(), other_agent)
    assert other.get(url("events-session-detail", mine.pk)).status_code == 404
    listed = other.get(url("events-meeting-list")).context["page"].items
    assert [m.pk for m in listed] == [theirs.meeting_id]


@pytest.mark.django_db
def test_cancelling_a_session_mails_each_registered_person_once(
    world, client_for, django_capture_on_commit_callbacks
):
    session = session_for(world)
    kept = [registration_for(world, session=session) for _ in range(2)]
    registration_for(world, session=session, cancelled_at=timezone.now())
    client = client_for("member_service")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("events-session-cancel", session.pk)).status_code == 302
    session.refresh_from_db()
    assert session.is_cancelled
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.attendee_email for r in kept)
    assert "annulée" in mail.outbox[0].subject

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("events-session-cancel", session.pk), follow=True)
    assert "Cette session est déjà annulée." in text(response)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_attendance_is_noted_once_the_session_began(world, client_for):
    future = session_for(world)
    registration = registration_for(world, session=future)
    client = client_for("member_service")
    response = client.post(
        url("events-session-attendance", future.pk),
        {f"presence-{registration.pk}": "present"},
        follow=True,
    )
    assert "La présence se note une fois la session commencée." in text(response)
    registration.refresh_from_db()
    assert registration.attended is None

    session = past_session(world)
    came, missed, unknown = (registration_for(world, session=session) for _ in range(3))
    foreign = registration_for(world)  # another session's
    refused = client.post(
        url("events-session-attendance", session.pk),
        {f"presence-{came.pk}": "present", f"presence-{foreign.pk}": "absent"},
        follow=True,
    )
    assert "Une des inscriptions n'appartient pas à cette session." in text(refused)
    client.post(
        url("events-session-attendance", session.pk),
        {f"presence-{came.pk}": "present", f"presence-{missed.pk}": "absent"},
    )
    for registration, expected in ((came, True), (missed, False), (unknown, None), (foreign, None)):
        registration.refresh_from_db()
        assert registration.attended is expected


@pytest.mark.django_db
def test_the_event_survey_goes_to_the_people_present_once(
    world, client_for, django_capture_on_commit_callbacks
):
    session = past_session(world)
    came = registration_for(world, session=session, attended=True)
    registration_for(world, session=session, attended=False)
    registration_for(world, session=session, attended=None)
    survey = survey_for(world)
    client = client_for("member_service")

    for _ in range(2):  # sent twice: one invitation only
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("events-session-survey", session.pk), {"survey": survey.pk})
        assert response.status_code == 302
    invitation = SurveyInvitation.objects.get()
    assert (invitation.email, invitation.session, invitation.adherent) == (
        came.attendee_email,
        session,
        world.adherent,
    )
    (message,) = mail.outbox
    assert message.to == [came.attendee_email]
    token = re.search(r"/enquete-satisfaction/([\w-]+)/", message.body).group(1)
    assert invitation.token_hash == token_hash(token) != token
    assert session.meeting.title in invitation.context_label


@pytest.mark.django_db
def test_no_survey_before_the_end_or_without_anyone_present(world, client_for):
    survey = survey_for(world)
    client = client_for("member_service")
    future = session_for(world)
    registration_for(world, session=future)
    response = client.post(
        url("events-session-survey", future.pk), {"survey": survey.pk}, follow=True
    )
    assert "Envoyez l'enquête une fois la session terminée." in text(response)
    nobody = past_session(world)
    registration_for(world, session=nobody, attended=False)
    response = client.post(
        url("events-session-survey", nobody.pk), {"survey": survey.pk}, follow=True
    )
    assert "Aucun participant n'est noté présent" in text(response)
    assert not SurveyInvitation.objects.exists()


def count_queries(client, target) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_back_office_meeting_pages_have_a_flat_query_count(world, client_for):
    meeting = meeting_for(world)
    session = session_for(world, meeting=meeting, capacity=40)
    registration_for(world, session=session)
    client = client_for("member_service")
    pages = [
        url("events-meeting-list"),
        url("events-meeting-detail", meeting.pk),
        url("events-session-detail", session.pk),
    ]
    few = [count_queries(client, page) for page in pages]
    for _ in range(29):
        meeting_for(world)
        session_for(world, meeting=meeting)
        registration_for(world, session=session)
    assert [count_queries(client, page) for page in pages] == few
    assert max(few) <= 12
