"""The recap e-mail after a new member's welcome call (seed 002: « transmission d'un mail
récapitulatif + lien vers 2 nouveaux outils : la vidéo de présentation, l'inscription à une
rencontre employeur »): queued once, to the member's main contact, through the outbox."""

import datetime
import html

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.enums import StaffRole
from adherents.models import Adherent, Contact, ContactRole, TrajectoryStep
from adherents.trajectory import services, services_welcome
from spsti.models import OutgoingEmail
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories import AdherentFactory
from tests.adherents.factories_trajectory import ctx_of, started
from tests.conftest import login

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
VIDEO = "https://video.example/presentation-du-service"
KIND = "adherents.trajectory.welcome_recap"


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def contact(adherent, role, email, first_name="Camille", **fields) -> Contact:
    return Contact.objects.create(
        adherent=adherent,
        role=role,
        first_name=first_name,
        last_name="Roux",
        email=email,
        phone="03 85 00 00 00",
        **fields,
    )


@pytest.fixture
def member(world) -> Adherent:
    """Member A, validated 20 days ago, with its new-member steps."""
    Adherent.objects.filter(pk=world.adherent.pk).update(joined_on=ago(20))
    world.adherent.refresh_from_db()
    started(world.adherent)
    return world.adherent


def welcome(adherent) -> TrajectoryStep:
    return TrajectoryStep.objects.get(adherent=adherent, definition__code="welcome_call")


def page(client, adherent) -> str:
    response = client.get(reverse("backoffice:adherents:trajectory-view", args=[adherent.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def mark_done(client, adherent, step, code="fait"):
    url = reverse(
        f"backoffice:adherents:trajectory-step-{'done' if code == 'fait' else 'skip'}",
        args=[adherent.pk, step.pk],
    )
    data = {"done_on": ago(1), "note": "Appel passé, RAS"} if code == "fait" else {"note": "x"}
    return client.post(url, {f"{code}-{step.pk}-{k}": v for k, v in data.items()}, follow=True)


def recaps() -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(kind=KIND))


@override_settings(SPSTI_PRESENTATION_VIDEO_URL=VIDEO)
def test_the_welcome_call_done_mails_its_recap_once_to_the_main_contact(
    member, world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    contact(member, ContactRole.BILLING, "compta@alpha.fr")
    contact(member, ContactRole.HR, "rh@alpha.fr")
    contact(member, ContactRole.MANAGER, "ancien@alpha.fr", is_active=False)
    contact(member, ContactRole.MANAGER, "gerant@alpha.fr", first_name="Paul")
    contact(world.other_adherent, ContactRole.MANAGER, "gerant@beta.fr")
    agent = client_for("member_service")
    step = welcome(member)

    before = page(agent, member)
    assert (
        "Une fois l'appel enregistré comme fait, un courriel récapitulatif part à Paul Roux "
        "(Dirigeant, gerant@alpha.fr) : les coordonnées du service, le lien d'inscription à une "
        "rencontre employeurs et la vidéo de présentation du service." in before
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = mark_done(agent, member, step)
    after = html.unescape(response.content.decode())
    assert "Courriel récapitulatif de l'appel envoyé à gerant@alpha.fr." in after

    (row,) = recaps()
    assert (row.to, row.object_id, row.audience, row.status) == (
        ["gerant@alpha.fr"],
        step.pk,
        "member",
        "sent",
    )
    (mail,) = [m for m in mailoutbox if m.subject == row.subject]
    assert (
        mail.subject == f"{settings.SPSTI_SERVICE_NAME} : récapitulatif de notre appel de bienvenue"
    )
    assert mail.to == ["gerant@alpha.fr"]
    assert mail.body.startswith("Bonjour Paul Roux,")
    assert f"Merci pour notre échange téléphonique du {ago(1):%d/%m/%Y}" in mail.body
    assert f"l'équipe pluridisciplinaire {member.team.name} ({world.center.name})" in mail.body
    assert settings.SPSTI_SITE_URL + reverse("portal:adherents:service") in mail.body
    assert settings.SPSTI_SITE_URL + reverse("portal:adherents:events-session-list") in mail.body
    assert "La vidéo de présentation du service : ce qu'est" in mail.body
    assert VIDEO in mail.body
    assert "Deux outils pour bien démarrer" in mail.body
    assert "Appel passé, RAS" not in mail.body  # the call's report stays internal
    assert "Courriel récapitulatif de l'appel de bienvenue" in after
    assert "à gerant@alpha.fr" in after

    # Recording it again is refused; the recap is never queued twice.
    assert mark_done(agent, member, step).status_code == 200
    with pytest.raises(services.TrajectoryError, match="est déjà close"):
        services.complete_step(actor=ctx_of(world.actors["member_service"]), step=step, on=ago(1))
    assert services_welcome.queue_welcome_recap(welcome(member)) is None
    assert len(recaps()) == 1


@override_settings(SPSTI_PRESENTATION_VIDEO_URL="")
def test_without_a_video_the_recap_has_no_video_line(member, world, client_for):
    contact(member, ContactRole.HR, "rh@alpha.fr")
    before = page(client_for("member_service"), member)
    assert "le lien d'inscription à une rencontre employeurs." in before
    assert "vidéo" not in before
    services.complete_step(
        actor=ctx_of(world.actors["member_service"]), step=welcome(member), on=ago(1)
    )
    (row,) = recaps()
    assert row.to == ["rh@alpha.fr"]  # no manager: human resources
    assert "vidéo" not in row.body
    assert "Deux outils" not in row.body
    assert "\nPour bien démarrer\n- L'inscription à une rencontre employeurs" in row.body
    assert reverse("portal:adherents:events-session-list") in row.body


def test_no_recap_without_a_contact_and_the_page_says_so(member, client_for):
    contact(member, ContactRole.BILLING, "compta@alpha.fr")  # invoices only
    contact(member, ContactRole.MANAGER, "ancien@alpha.fr", is_active=False)
    agent = client_for("member_service")
    assert (
        "Aucun courriel récapitulatif ne pourra être envoyé après l'appel : l'adhérent n'a "
        "aucun contact actif avec une adresse e-mail" in page(agent, member)
    )

    response = mark_done(agent, member, welcome(member))
    after = html.unescape(response.content.decode())
    assert "Aucun courriel récapitulatif n'a été envoyé : l'adhérent n'a aucun contact" in after
    assert "Aucun courriel récapitulatif n'a été envoyé pour cet appel." in after
    assert welcome(member).status == "done"
    assert recaps() == []


def test_no_recap_for_the_other_steps_nor_a_skipped_call(member, world, client_for):
    contact(member, ContactRole.MANAGER, "gerant@alpha.fr")
    agent = client_for("member_service")
    invitation = TrajectoryStep.objects.get(adherent=member, definition__code="meeting_invitation")
    mark_done(agent, member, invitation)
    mark_done(agent, member, welcome(member), code="so")
    assert welcome(member).status == "skipped"
    assert recaps() == []
    assert "Courriel récapitulatif de l'appel de bienvenue" not in page(agent, member)


def test_no_recap_for_a_self_employed_member(world):
    tns = AdherentFactory(team=world.team, kind=Adherent.Kind.TNS, joined_on=ago(20))
    contact(tns, ContactRole.MANAGER, "independant@exemple.fr")
    step = started(tns)["welcome_call"]
    services.complete_step(actor=ctx_of(world.actors["member_service"]), step=step, on=ago(1))
    assert recaps() == []


def test_another_centres_member_service_cannot_record_the_call(member, world):
    contact(member, ContactRole.MANAGER, "gerant@alpha.fr")
    elsewhere = StaffAssignmentFactory(
        center=world.other_center, team=None, role=StaffRole.MEMBER_SERVICE
    ).user
    step = welcome(member)
    url = reverse("backoffice:adherents:trajectory-step-done", args=[member.pk, step.pk])
    response = login(Client(), elsewhere).post(url, {f"fait-{step.pk}-done_on": ago(1)})
    assert response.status_code == 404
    assert welcome(member).status == "todo"
    assert recaps() == []
