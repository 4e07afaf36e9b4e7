"""Second level: routing to a partner by a secret link, the partner's answer, overdue ones."""

import datetime
import hashlib
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from adherents.models import (
    Adherent,
    MemberRequest,
    PartnerReferral,
    RequestMessage,
    RequestStatus,
)
from tests.adherents.factories_requests import (
    MemberRequestFactory,
    PartnerFactory,
    ReferralFactory,
    message,
)

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://[^\s]+/partenaires/reponse/([A-Za-z0-9_-]+)/")


def _of_a(world, **extra):
    return MemberRequestFactory(
        adherent=world.adherent,
        created_by=world.actors["portal_admin"],
        subject="Aide financière pour l'atelier",
        body="Existe-t-il une aide pour adapter nos postes ?",
        **extra,
    )


def _route(client, request, partner, **extra):
    return client.post(
        reverse("backoffice:adherents:requests-route", args=[request.pk]),
        {"partner": partner.pk, **extra},
        follow=True,
    )


def _routed(world, client_for, **request_extra):
    """A's request routed to a CARSAT by the member service; returns (request, partner, token)."""
    request = _of_a(world, **request_extra)
    partner = PartnerFactory(name="CARSAT Bourgogne", email="prevention@carsat.example")
    _route(client_for("member_service"), request, partner)
    [email] = [m for m in mail.outbox if m.to == ["prevention@carsat.example"]]
    return request, partner, LINK.search(email.body).group(1)


def test_routing_mails_the_partner_a_secret_link_and_stores_only_its_hash(world, client_for):
    request, partner, token = _routed(world, client_for)
    referral = PartnerReferral.objects.get()
    today = timezone.localdate()
    assert referral.partner == partner
    assert (referral.sent_on, referral.due_on) == (today, today + datetime.timedelta(days=15))
    assert referral.sent_by == world.actors["member_service"]
    assert referral.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in referral.token_hash
    request.refresh_from_db()
    assert request.status == RequestStatus.ROUTED
    [email] = mail.outbox
    assert f"{today + datetime.timedelta(days=15):%d/%m/%Y}" in email.subject
    assert reverse("public:requests-partner-answer", args=[token]) in email.body
    member_page = (
        client_for("portal_admin")
        .get(reverse("portal:adherents:requests-detail", args=[request.pk]))
        .content.decode()
    )
    assert "transmise à CARSAT Bourgogne" in member_page


def test_due_date_is_editable_but_never_before_today(world, client_for):
    request = _of_a(world)
    partner = PartnerFactory()
    client = client_for("member_service")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = _route(client, request, partner, due_on=yesterday.isoformat())
    assert "ne peut pas être antérieure à aujourd&#x27;hui" in response.content.decode()
    assert not PartnerReferral.objects.exists()
    assert not mail.outbox
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW
    later = timezone.localdate() + datetime.timedelta(days=3)
    _route(client, request, partner, due_on=later.isoformat())
    assert PartnerReferral.objects.get().due_on == later


def test_an_inactive_partner_or_a_closed_request_cannot_be_routed(world, client_for):
    client = client_for("member_service")
    request = _of_a(world)
    retired = PartnerFactory(is_active=False)
    response = _route(client, request, retired)
    assert "Ce partenaire n&#x27;est pas (ou plus) actif" in response.content.decode()
    closed = _of_a(world, status=RequestStatus.CLOSED)
    response = _route(client, closed, PartnerFactory())
    assert "Cette demande est close" in response.content.decode()
    assert not PartnerReferral.objects.exists()


def test_partner_page_shows_only_subject_body_and_member_name(world, client_for):
    request, partner, token = _routed(world, client_for)
    message(request, world.actors["member_service"], "NOTE-INTERNE-XYZ", internal=True)
    message(request, world.actors["portal_admin"], "MESSAGE-DU-FIL-XYZ")
    MemberRequest.objects.filter(pk=request.pk).update(
        requester_kind="employee", requester_name="NOM-DU-SALARIE-XYZ"
    )
    response = Client().get(reverse("public:requests-partner-answer", args=[token]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Aide financière pour l&#x27;atelier" in page
    assert "Existe-t-il une aide pour adapter nos postes ?" in page
    assert world.adherent.name in page
    assert "NOTE-INTERNE-XYZ" not in page
    assert "MESSAGE-DU-FIL-XYZ" not in page
    assert "NOM-DU-SALARIE-XYZ" not in page  # an employee's name is for the service only
    assert world.adherent.siren not in page
    assert response["Referrer-Policy"] == "same-origin"  # "no-referrer" breaks the POST's CSRF


def test_wrong_token_is_a_404(world, client_for):
    _routed(world, client_for)
    url = reverse("public:requests-partner-answer", args=["jeton-invente"])
    assert Client().get(url).status_code == 404
    assert Client().post(url, {"answer": "Réponse"}).status_code == 404
    assert not RequestMessage.objects.filter(author_label__gt="").exists()


def test_partner_answers_once_and_the_member_sees_it(
    world, client_for, django_capture_on_commit_callbacks
):
    request, partner, token = _routed(world, client_for)
    client_for("member_service").post(
        reverse("backoffice:adherents:requests-assign", args=[request.pk]),
        {"assignee": world.actors["member_service"].pk},
    )
    mail.outbox.clear()
    url = reverse("public:requests-partner-answer", args=[token])
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(url, {"answer": "Oui : la subvention Prévention TPE."})
    assert "votre réponse a été transmise" in response.content.decode()
    answer = RequestMessage.objects.get(author_label="CARSAT Bourgogne")
    assert (answer.author, answer.is_internal) == (None, False)
    referral = PartnerReferral.objects.get()
    assert referral.answer == "Oui : la subvention Prévention TPE."
    assert referral.answered_at is not None
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert request.first_answered_at is not None
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        [world.actors["member_service"].email, world.actors["portal_admin"].email]
    )
    member_page = (
        client_for("portal_admin")
        .get(reverse("portal:adherents:requests-detail", args=[request.pk]))
        .content.decode()
    )
    assert "Oui : la subvention Prévention TPE." in member_page
    assert "CARSAT Bourgogne (partenaire du service)" in member_page

    again = Client().post(url, {"answer": "Seconde réponse"})
    assert "Vous avez déjà répondu à cette demande le" in again.content.decode()
    assert RequestMessage.objects.filter(author_label="CARSAT Bourgogne").count() == 1
    referral.refresh_from_db()
    assert referral.answer == "Oui : la subvention Prévention TPE."


def test_an_empty_partner_answer_is_refused(world, client_for):
    _, _, token = _routed(world, client_for)
    response = Client().post(
        reverse("public:requests-partner-answer", args=[token]), {"answer": "  "}
    )
    assert "Le champ « Votre réponse » est obligatoire." in response.content.decode()
    assert PartnerReferral.objects.get().answered_at is None


def test_overdue_referrals_are_listed_and_flagged(world, client_for):
    today = timezone.localdate()
    agent = world.actors["member_service"]
    late = ReferralFactory(
        request=_of_a(world),
        partner=PartnerFactory(name="OPPBTP Est"),
        sent_on=today - datetime.timedelta(days=20),
        due_on=today - datetime.timedelta(days=1),
        sent_by=agent,
    )
    ReferralFactory(  # due today: still on time
        request=_of_a(world),
        partner=PartnerFactory(name="ARACT à l'heure"),
        sent_on=today - datetime.timedelta(days=10),
        due_on=today,
        sent_by=agent,
    )
    ReferralFactory(  # answered late: no longer waiting
        request=_of_a(world),
        partner=PartnerFactory(name="DREETS répondue"),
        sent_on=today - datetime.timedelta(days=20),
        due_on=today - datetime.timedelta(days=5),
        answer="Réponse",
        answered_at=timezone.now(),
        sent_by=agent,
    )
    ReferralFactory(  # another centre's
        request=MemberRequestFactory(adherent=Adherent.objects.get(name="Scierie Gamma")),
        partner=PartnerFactory(name="CARSAT Sud"),
        sent_on=today - datetime.timedelta(days=20),
        due_on=today - datetime.timedelta(days=2),
    )
    client = client_for("member_service")
    page = client.get(reverse("backoffice:adherents:requests-referrals-overdue"))
    assert [f.pk for f in page.context["page"].items] == [late.pk]
    inbox = client.get(reverse("backoffice:adherents:requests-inbox"))
    flagged = {r.pk for r in inbox.context["page"].items if r.has_overdue_referral}
    assert flagged == {late.request_id}
    assert "Partenaire en retard" in inbox.content.decode()
