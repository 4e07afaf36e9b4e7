"""The member's side: write to the service, follow the thread, reply, rate once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from adherents.models import MemberRequest, RequestChannel, RequestMessage, RequestStatus
from tests.adherents.factories_requests import MemberRequestFactory, message

pytestmark = pytest.mark.django_db


def _request_of_a(world, **extra):
    return MemberRequestFactory(
        adherent=world.adherent, created_by=world.actors["portal_admin"], **extra
    )


def test_member_writes_a_request_and_sees_it_in_its_list(world, client_for):
    client = client_for("portal_admin")
    response = client.post(
        reverse("portal:adherents:requests-create"),
        {"category": "prevention", "subject": "Reprise de l'atelier", "body": "Quelles mesures ?"},
    )
    created = MemberRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:adherents:requests-detail", args=[created.pk])
    assert created.adherent == world.adherent
    assert created.channel == RequestChannel.PORTAL
    assert created.created_by == world.actors["portal_admin"]
    assert created.status == RequestStatus.NEW
    page = client.get(reverse("portal:adherents:requests-list")).content.decode()
    assert "Reprise de l&#x27;atelier" in page
    assert "Reçue" in page


def test_an_empty_request_is_refused_in_french_and_nothing_is_written(client_for, world):
    response = client_for("portal_admin").post(
        reverse("portal:adherents:requests-create"),
        {"category": "question", "subject": "  ", "body": ""},
    )
    assert response.status_code == 200
    assert "Le champ « Votre demande » est obligatoire." in response.content.decode()
    assert not MemberRequest.objects.exists()


def test_another_members_request_is_a_404_and_absent_from_its_list(world, client_for):
    request = _request_of_a(world, subject="Sujet confidentiel de A")
    client = client_for("portal_other")
    assert (
        client.get(reverse("portal:adherents:requests-detail", args=[request.pk])).status_code
        == 404
    )
    assert (
        "Sujet confidentiel de A"
        not in client.get(reverse("portal:adherents:requests-list")).content.decode()
    )
    response = client.post(
        reverse("portal:adherents:requests-reply", args=[request.pk]), {"body": "Intrusion"}
    )
    assert response.status_code == 404
    assert not RequestMessage.objects.exists()


def test_internal_notes_never_reach_the_members_page(world, client_for):
    request = _request_of_a(world)
    message(
        request, world.actors["member_service"], "NOTE-SECRETE : client difficile", internal=True
    )
    message(request, world.actors["member_service"], "Voici notre réponse publique.")
    page = (
        client_for("portal_admin")
        .get(reverse("portal:adherents:requests-detail", args=[request.pk]))
        .content.decode()
    )
    assert "Voici notre réponse publique." in page
    assert "NOTE-SECRETE" not in page
    assert "client difficile" not in page


def test_reply_reopens_an_answered_request_and_a_closed_one_refuses(world, client_for):
    request = _request_of_a(world, status=RequestStatus.ANSWERED)
    client = client_for("portal_admin")
    url = reverse("portal:adherents:requests-reply", args=[request.pk])
    client.post(url, {"body": "Et pour le second atelier ?"})
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    assert request.messages.get().author == world.actors["portal_admin"]

    MemberRequest.objects.filter(pk=request.pk).update(status=RequestStatus.CLOSED)
    response = client.post(url, {"body": "Encore une question"}, follow=True)
    assert "Cette demande est close" in response.content.decode()
    assert request.messages.count() == 1


def test_rating_only_after_an_answer_and_only_once(world, client_for):
    request = _request_of_a(world)
    client = client_for("portal_admin")
    url = reverse("portal:adherents:requests-rate", args=[request.pk])
    detail = reverse("portal:adherents:requests-detail", args=[request.pk])

    assert "Donner mon avis" not in client.get(detail).content.decode()
    response = client.post(url, {"score": 5}, follow=True)
    assert "une fois la demande répondue" in response.content.decode()
    request.refresh_from_db()
    assert request.satisfaction is None

    MemberRequest.objects.filter(pk=request.pk).update(status=RequestStatus.ANSWERED)
    assert "Donner mon avis" in client.get(detail).content.decode()
    client.post(url, {"score": 4, "comment": "Réponse rapide et claire."})
    request.refresh_from_db()
    assert (request.satisfaction, request.satisfaction_comment) == (4, "Réponse rapide et claire.")

    response = client.post(url, {"score": 1, "comment": "Changement d'avis"}, follow=True)
    assert "déjà donné votre avis" in response.content.decode()
    request.refresh_from_db()
    assert (request.satisfaction, request.satisfaction_comment) == (4, "Réponse rapide et claire.")
    assert "Donner mon avis" not in client.get(detail).content.decode()


def test_a_score_outside_one_to_five_is_refused(world, client_for):
    request = _request_of_a(world, status=RequestStatus.CLOSED)
    response = client_for("portal_admin").post(
        reverse("portal:adherents:requests-rate", args=[request.pk]), {"score": 9}, follow=True
    )
    assert "Choisissez une note de 1 à 5." in response.content.decode()
    request.refresh_from_db()
    assert request.satisfaction is None


def test_a_firm_has_no_access_to_the_members_requests(world, client_for):
    request = _request_of_a(world)
    client = client_for("firm_mandated")  # mandate for A, without the requests scope
    assert client.get(reverse("portal:adherents:requests-list")).status_code == 403
    assert (
        client.get(reverse("portal:adherents:requests-detail", args=[request.pk])).status_code
        == 403
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_and_thread_query_counts_are_flat(world, client_for):
    client = client_for("portal_admin")
    request = _request_of_a(world)
    list_url = reverse("portal:adherents:requests-list")
    detail_url = reverse("portal:adherents:requests-detail", args=[request.pk])
    client.get(list_url)
    few_list, few_detail = _count(client, list_url), _count(client, detail_url)
    MemberRequestFactory.create_batch(
        30, adherent=world.adherent, created_by=world.actors["portal_admin"]
    )
    for n in range(30):
        author = world.actors["member_service"] if n % 2 else world.actors["portal_admin"]
        message(request, author, f"Message {n}")
    assert _count(client, list_url) == few_list
    assert _count(client, detail_url) == few_detail
