"""The centre's inbox: scoping, filters, logging a call, assigning, answering, notes, closing."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.enums import StaffRole
from adherents.models import (
    Adherent,
    MemberRequest,
    RequestCategory,
    RequestChannel,
    RequestMessage,
    RequestStatus,
)
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories_requests import MemberRequestFactory, ReferralFactory, set_times
from tests.conftest import login

pytestmark = pytest.mark.django_db
INBOX = "backoffice:adherents:requests-inbox"


def _of_a(world, **extra):
    return MemberRequestFactory(
        adherent=world.adherent, created_by=world.actors["portal_admin"], **extra
    )


def _other_centre_agent(world):
    return StaffAssignmentFactory(
        center=world.other_center, team=world.other_team, role=StaffRole.MEMBER_SERVICE
    ).user


def test_other_centres_requests_are_invisible_and_a_404(world, client_for):
    mine = _of_a(world, subject="Demande du Centre Nord")
    gamma = Adherent.objects.get(name="Scierie Gamma")  # followed by the other centre
    theirs = MemberRequestFactory(adherent=gamma, subject="Demande du Centre Sud")
    client = client_for("member_service")
    page = client.get(reverse(INBOX)).content.decode()
    assert "Demande du Centre Nord" in page
    assert "Demande du Centre Sud" not in page
    detail = "backoffice:adherents:requests-detail"
    assert client.get(reverse(detail, args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("backoffice:adherents:requests-answer", args=[theirs.pk]), {"body": "Réponse"}
    )
    assert response.status_code == 404
    assert not RequestMessage.objects.exists()

    other = login(Client(), _other_centre_agent(world))
    assert other.get(reverse(detail, args=[mine.pk])).status_code == 404
    assert "Demande du Centre Nord" not in other.get(reverse(INBOX)).content.decode()


def test_filters_status_category_channel_mine_and_late(world, client_for):
    agent = world.actors["member_service"]
    now = timezone.now()
    late = set_times(
        _of_a(world, subject="Vieille question"), created_at=now - datetime.timedelta(days=6)
    )
    recent = _of_a(
        world, subject="Question du jour", assigned_to=agent, status=RequestStatus.IN_PROGRESS
    )
    answered_old = set_times(
        _of_a(world, subject="Ancienne répondue", status=RequestStatus.ANSWERED),
        created_at=now - datetime.timedelta(days=10),
        first_answered_at=now - datetime.timedelta(days=9),
    )
    phone = _of_a(
        world,
        subject="Appel sur les effectifs",
        channel=RequestChannel.PHONE,
        category=RequestCategory.WORKFORCE_CORRECTION,
    )
    client = client_for("member_service")

    def subjects(**params):
        page = client.get(reverse(INBOX), params).context["page"]
        return {r.subject for r in page.items}

    assert subjects() == {late.subject, recent.subject, answered_old.subject, phone.subject}
    assert subjects(late="on") == {late.subject}
    assert subjects(mine="on") == {recent.subject}
    assert subjects(status="answered") == {answered_old.subject}
    assert subjects(channel="phone") == {phone.subject}
    assert subjects(category="workforce_correction") == {phone.subject}
    flags = {r.subject: r.is_late for r in client.get(reverse(INBOX)).context["page"].items}
    assert flags == {
        late.subject: True,
        recent.subject: False,
        answered_old.subject: False,
        phone.subject: False,
    }
    assert "En retard" in client.get(reverse(INBOX)).content.decode()


def test_late_delay_follows_the_setting(world, client_for, settings):
    settings.SPSTI_REQUEST_ANSWER_DAYS = 10
    set_times(_of_a(world), created_at=timezone.now() - datetime.timedelta(days=6))
    page = client_for("member_service").get(reverse(INBOX), {"late": "on"}).context["page"]
    assert page.items == []


def test_logging_a_phone_call_for_a_member(world, client_for):
    agent = world.actors["member_service"]
    response = client_for("member_service").post(
        reverse("backoffice:adherents:requests-log"),
        {
            "siren": world.adherent.siren,
            "channel": "phone",
            "requester_kind": "employer",
            "category": "follow_up",
            "subject": "Appel : convocation de M. Martin",
            "body": "L'employeur demande à décaler la visite.",
        },
    )
    logged = MemberRequest.objects.get()
    assert response.status_code == 302
    assert (logged.adherent, logged.channel, logged.created_by) == (
        world.adherent,
        RequestChannel.PHONE,
        agent,
    )
    assert logged.status == RequestStatus.NEW


def test_logging_for_another_centres_member_is_refused_in_french(world, client_for):
    gamma = Adherent.objects.get(name="Scierie Gamma")
    response = client_for("member_service").post(
        reverse("backoffice:adherents:requests-log"),
        {
            "siren": gamma.siren,
            "channel": "email",
            "requester_kind": "employer",
            "category": "question",
            "subject": "Test",
            "body": "Test",
        },
    )
    assert response.status_code == 200
    assert f"Aucun adhérent suivi par votre centre n&#x27;a le SIREN {gamma.siren}" in (
        response.content.decode()
    )
    assert not MemberRequest.objects.exists()


def test_assign_to_a_handler_of_the_centre_only(world, client_for):
    request = _of_a(world)
    client = client_for("member_service")
    url = reverse("backoffice:adherents:requests-assign", args=[request.pk])
    client.post(url, {"assignee": world.actors["member_service"].pk})
    request.refresh_from_db()
    assert request.assigned_to == world.actors["member_service"]
    assert request.status == RequestStatus.IN_PROGRESS
    client.post(url, {"assignee": world.actors["physician"].pk})  # cannot handle requests
    request.refresh_from_db()
    assert request.assigned_to == world.actors["member_service"]


def test_first_level_answer_is_visible_and_mailed_to_the_writer(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    request = _of_a(world, subject="Masques en atelier")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("member_service").post(
            reverse("backoffice:adherents:requests-answer", args=[request.pk]),
            {"body": "Voici les recommandations pour votre atelier."},
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert request.first_answered_at is not None
    answer = request.messages.get()
    assert (answer.is_internal, answer.author) == (False, world.actors["member_service"])
    [mail] = mailoutbox
    assert mail.to == [world.actors["portal_admin"].email]
    assert "Masques en atelier" in mail.subject
    assert reverse("portal:adherents:requests-detail", args=[request.pk]) in mail.body
    assert "Voici les recommandations" not in mail.body  # read after logging in

    first = request.first_answered_at
    client_for("member_service").post(
        reverse("backoffice:adherents:requests-answer", args=[request.pk]), {"body": "Complément"}
    )
    request.refresh_from_db()
    assert request.first_answered_at == first


def test_answer_of_a_logged_call_goes_to_the_members_admins(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    request = MemberRequestFactory(
        adherent=world.adherent,
        created_by=world.actors["member_service"],
        channel=RequestChannel.PHONE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for("member_service").post(
            reverse("backoffice:adherents:requests-answer", args=[request.pk]), {"body": "Réponse"}
        )
    assert [m.to for m in mailoutbox] == [[world.actors["portal_admin"].email]]


def test_internal_note_and_close(world, client_for):
    request = _of_a(world)
    client = client_for("member_service")
    client.post(
        reverse("backoffice:adherents:requests-note", args=[request.pk]), {"body": "Rappeler jeudi"}
    )
    note = request.messages.get()
    assert note.is_internal
    detail = client.get(reverse("backoffice:adherents:requests-detail", args=[request.pk]))
    assert "Note interne" in detail.content.decode()
    assert "Rappeler jeudi" in detail.content.decode()
    client.post(reverse("backoffice:adherents:requests-close", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
    assert request.closed_at is not None
    response = client.post(
        reverse("backoffice:adherents:requests-answer", args=[request.pk]),
        {"body": "Trop tard"},
        follow=True,
    )
    assert "Cette demande est close" in response.content.decode()
    assert request.messages.count() == 1


def test_empty_answer_is_refused_and_nothing_written(world, client_for):
    request = _of_a(world)
    response = client_for("member_service").post(
        reverse("backoffice:adherents:requests-answer", args=[request.pk]),
        {"body": "   "},
        follow=True,
    )
    assert "est obligatoire" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW
    assert not request.messages.exists()


def test_workforce_correction_links_to_the_page_that_applies_it(world, client_for):
    request = _of_a(world, category=RequestCategory.WORKFORCE_CORRECTION)
    page = (
        client_for("member_service")
        .get(reverse("backoffice:adherents:requests-detail", args=[request.pk]))
        .content.decode()
    )
    target = reverse("backoffice:adherents:workforce-correction-apply", args=[request.pk])
    assert f'href="{target}">appliquer la correction</a>' in page


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_inbox_and_request_page_query_counts_are_flat(world, client_for):
    client = client_for("member_service")
    request = _of_a(world)
    detail = reverse("backoffice:adherents:requests-detail", args=[request.pk])
    client.get(reverse(INBOX))
    few_inbox, few_detail = _count(client, reverse(INBOX)), _count(client, detail)
    for n in range(30):
        _of_a(world, assigned_to=world.actors["member_service"])
        ReferralFactory(request=request, sent_by=world.actors["member_service"])
        RequestMessage.objects.create(
            request=request,
            author=world.actors["member_service"],
            body=f"m{n}",
            is_internal=bool(n % 2),
        )
    assert _count(client, reverse(INBOX)) == few_inbox
    assert _count(client, detail) == few_detail
