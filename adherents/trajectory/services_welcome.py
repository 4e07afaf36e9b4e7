"""The recap e-mail after a new member's welcome call (seed 002: « transmission d'un mail
récapitulatif + lien vers 2 nouveaux outils : la vidéo de présentation, l'inscription à une
rencontre employeur »)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Team
from adherents.members.selectors import main_contact
from adherents.models import TrajectoryStep
from adherents.trajectory.selectors_welcome import (
    gets_recap,
    is_welcome_call,
    presentation_video_url,
    recap_key,
)
from spsti import outbox
from spsti.models import OutgoingEmail


def portal_url(name: str) -> str:
    return settings.SPSTI_SITE_URL + reverse(name)


def queue_welcome_recap(step: TrajectoryStep) -> OutgoingEmail | None:
    """Queue, in the transaction that records the call, its recap to the member's main contact:
    the service's contacts, the employer meetings' registration page, the presentation video.
    Once per call (outbox key); None when nothing is queued: not a welcome call, a
    self-employed member, no contact to write to, or queued already."""
    adherent = step.adherent
    if not is_welcome_call(step) or not gets_recap(adherent):
        return None
    contact = main_contact(adherent.pk)
    if contact is None:
        return None
    team = Team.objects.select_related("center").get(pk=adherent.team_id)
    context = {
        "contact": contact,
        "adherent": adherent,
        "called_on": step.done_on,
        "team": team,
        "center": team.center,
        "service_name": settings.SPSTI_SERVICE_NAME,
        "service_details": settings.SPSTI_INVOICE_ISSUER_DETAILS,
        "service_url": portal_url("portal:adherents:service"),
        "meetings_url": portal_url("portal:adherents:events-session-list"),
        "requests_url": portal_url("portal:adherents:requests-list"),
        "video_url": presentation_video_url(),
    }
    return outbox.queue_email(
        kind="adherents.trajectory.welcome_recap",
        to=[contact.email],
        subject=f"{settings.SPSTI_SERVICE_NAME} : récapitulatif de notre appel de bienvenue",
        body=render_to_string("adherents/trajectory/welcome_recap_email.txt", context),
        related=step,
        key=recap_key(step.pk),
    )
