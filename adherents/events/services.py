"""Writes of employer meetings (seed 002, objective 1, action 4): meetings and their sessions,
registrations of the members' people, attendance, and the e-mails that go with them.

Places are counted under a lock on the session row (select_for_update): two members taking the
last place at the same time get one registration and one "Cette session est complète.".
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from adherents import perms
from adherents.events import selectors, tasks
from adherents.models import (
    Adherent,
    EmployerMeeting,
    MeetingFormat,
    MeetingRegistration,
    MeetingSession,
)
from adherents.rules import events as rules
from adherents.rules.identifiers import normalize
from adherents.trajectory.services import complete_step_if_open
from spsti import outbox
from spsti.errors import DomainError

MANAGE = "adherents.meeting:manage"
REGISTER = "adherents.meeting:register"
MAILS = "adherents/events/mail"


class EventsError(DomainError):
    """A meeting, survey or complaint action the rules refuse (French message)."""


require_staff = perms.require_staff


def _require_member(actor: AccessContext) -> None:
    perms.require_portal(actor, REGISTER)


def member_by_siren(actor: AccessContext, siren: str) -> Adherent | None:
    """The member of the actor's centre with this SIREN; None when blank; refused when unknown."""
    siren = normalize(siren or "")
    if not siren:
        return None
    member = Adherent.objects.visible_to(actor).filter(siren=siren).first()
    if member is None:
        raise EventsError(f"Aucun adhérent suivi par votre centre ne porte le SIREN {siren}.")
    return member


def _own_meeting(actor: AccessContext, meeting: EmployerMeeting) -> None:
    require_staff(actor, MANAGE)
    perms.visible(EmployerMeeting.objects, actor, meeting.pk)  # another centre's: 404


@transaction.atomic
def save_meeting(
    *,
    actor: AccessContext,
    meeting: EmployerMeeting | None = None,
    title: str,
    description: str,
    format: str,  # noqa: A002 - the model's field name
    is_published: bool,
) -> EmployerMeeting:
    """Create a meeting of the actor's centre, or change one of its meetings."""
    require_staff(actor, MANAGE)
    title = title.strip()
    if not title:
        raise EventsError("Donnez un titre à la rencontre.")
    if format not in MeetingFormat.values:
        raise EventsError("Choisissez le format : en présentiel ou en visioconférence.")
    if meeting is None:
        meeting = EmployerMeeting(center_id=actor.center_id)
    else:
        _own_meeting(actor, meeting)
        if format != meeting.format and meeting.sessions.exists():
            raise EventsError(
                "Des sessions existent déjà : créez une nouvelle rencontre pour changer de format."
            )
    meeting.title, meeting.description = title, description.strip()
    meeting.format, meeting.is_published = format, is_published
    with audit.actor_context(actor):
        meeting.save()
    return meeting


def _active_count(session_id: int) -> int:
    return MeetingRegistration.objects.filter(
        session_id=session_id, cancelled_at__isnull=True
    ).count()


@transaction.atomic
def save_session(
    *,
    actor: AccessContext,
    meeting: EmployerMeeting,
    session: MeetingSession | None = None,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    video_url: str = "",
    capacity: int,
) -> MeetingSession:
    """Add a session to a meeting, or change one (never below the people already registered)."""
    _own_meeting(actor, meeting)
    place, video_url = place.strip(), video_url.strip()
    if ends_at <= starts_at:
        raise EventsError("La fin de la session doit être après son début.")
    if meeting.format == MeetingFormat.IN_PERSON and not place:
        raise EventsError("Indiquez le lieu : cette rencontre se tient en présentiel.")
    if meeting.format == MeetingFormat.VIDEO and not video_url:
        raise EventsError(
            "Indiquez le lien de visioconférence : cette rencontre se tient à distance."
        )
    if capacity is None or capacity < 1:
        raise EventsError("Une session compte au moins une place.")
    if session is None:
        if starts_at <= timezone.now():
            raise EventsError("Une nouvelle session commence dans le futur.")
        session = MeetingSession(meeting=meeting)
    else:
        session = MeetingSession.objects.select_for_update().get(pk=session.pk, meeting=meeting)
        if session.is_cancelled:
            raise EventsError("Cette session est annulée : elle ne se modifie plus.")
        taken = _active_count(session.pk)
        if capacity < taken:
            raise EventsError(
                f"{taken} personnes sont déjà inscrites : la capacité ne peut pas être inférieure."
            )
    session.starts_at, session.ends_at, session.capacity = starts_at, ends_at, capacity
    session.place, session.video_url = place, video_url
    with audit.actor_context(actor):
        session.save()
    return session


@transaction.atomic
def cancel_session(*, actor: AccessContext, session: MeetingSession) -> MeetingSession:
    """Cancel a session to come; every registered person is told by e-mail (after commit)."""
    session = (
        MeetingSession.objects.select_for_update().select_related("meeting").get(pk=session.pk)
    )
    _own_meeting(actor, session.meeting)
    if session.is_cancelled:
        raise EventsError("Cette session est déjà annulée.")
    if session.ends_at <= timezone.now():
        raise EventsError("Cette session est terminée : elle ne peut plus être annulée.")
    session.is_cancelled = True
    with audit.actor_context(actor):
        session.save(update_fields=["is_cancelled", "updated_at"])
    transaction.on_commit(lambda: tasks.notify_session_cancelled.delay(session.pk))
    return session


def register(
    *, actor: AccessContext, session: MeetingSession, attendee_name: str, attendee_email: str
) -> MeetingRegistration:
    """Register one person of the member to a session of its centre, if a place is left.

    A new member's first registration completes its "meeting_invitation" trajectory step.
    """
    _require_member(actor)
    name, email = attendee_name.strip(), attendee_email.strip().lower()
    if not name or not email:
        raise EventsError("Indiquez le nom et l'e-mail de la personne à inscrire.")
    with transaction.atomic():
        # The lock serialises the registrations of one session: the count below stays true.
        session = (
            MeetingSession.objects.visible_to(actor)
            .select_for_update(of=("self",))
            .select_related("meeting")
            .get(pk=session.pk)
        )
        counts = MeetingRegistration.objects.filter(
            session=session, cancelled_at__isnull=True
        ).aggregate(taken=Count("pk"), same=Count("pk", filter=Q(attendee_email__iexact=email)))
        refusal = rules.registration_refusal(
            capacity=session.capacity,
            taken=counts["taken"],
            already_registered=counts["same"] > 0,
            cancelled=session.is_cancelled,
            starts_at=session.starts_at,
            now=timezone.now(),
        )
        if refusal:
            raise EventsError(refusal)
        with audit.actor_context(actor):
            registration = MeetingRegistration.objects.create(
                session=session,
                adherent_id=actor.adherent_id,
                attendee_name=name,
                attendee_email=email,
                registered_by=actor.user,
            )
            complete_step_if_open(
                adherent_id=actor.adherent_id,
                code="meeting_invitation",
                on=timezone.localdate(),
                by=actor.user,
                note=f"Inscription de {name} à « {session.meeting.title} » "
                f"du {timezone.localtime(session.starts_at):%d/%m/%Y}.",
            )
        transaction.on_commit(lambda: tasks.send_registration_confirmation.delay(registration.pk))
    return registration


@transaction.atomic
def cancel_registration(
    *, actor: AccessContext, registration: MeetingRegistration
) -> MeetingRegistration:
    """The member cancels one of its registrations before the session: the place is free again."""
    _require_member(actor)
    registration = (
        MeetingRegistration.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("session")
        .get(pk=registration.pk)
    )
    if registration.cancelled_at is not None:
        raise EventsError("Cette inscription est déjà annulée.")
    if registration.session.starts_at <= timezone.now():
        raise EventsError("La session a commencé : l'inscription ne peut plus être annulée.")
    registration.cancelled_at = timezone.now()
    with audit.actor_context(actor):
        registration.save(update_fields=["cancelled_at", "updated_at"])
    return registration


@transaction.atomic
def mark_attendance(
    *, actor: AccessContext, session: MeetingSession, presence: dict[int, bool | None]
) -> int:
    """Note who came (True), who did not (False) or not yet noted (None); returns rows noted."""
    _own_meeting(actor, session.meeting)
    if session.is_cancelled:
        raise EventsError("Cette session est annulée : il n'y a pas de présence à noter.")
    if session.starts_at > timezone.now():
        raise EventsError("La présence se note une fois la session commencée.")
    active = MeetingRegistration.objects.filter(session=session, cancelled_at__isnull=True)
    known = set(active.filter(pk__in=list(presence)).values_list("pk", flat=True))
    if set(presence) - known:
        raise EventsError("Une des inscriptions n'appartient pas à cette session.")
    noted = 0
    with audit.actor_context(actor):
        for value in (True, False, None):
            ids = [pk for pk, attended in presence.items() if attended is value]
            if ids:
                noted += active.filter(pk__in=ids).update(attended=value)
    return noted


# --- E-mails, sent by the tasks of adherents/events/tasks.py -----------------------------------


def queue_message(
    template: str, context: dict, to: list[str], *, related, key: str | None = None, **options
) -> bool:
    """Queue one mail of the events area in the outbox; False when `key` was queued before."""
    context = {**context, "service_name": settings.SPSTI_SERVICE_NAME}
    return (
        outbox.queue_email(
            kind=f"adherents.events.{template}",
            to=to,
            subject=render_to_string(f"{MAILS}/{template}_subject.txt", context),
            body=render_to_string(f"{MAILS}/{template}.txt", context),
            related=related,
            key=key,
            **options,
        )
        is not None
    )


def send_registration_confirmation(registration_id: int) -> int:
    """Confirm a registration to the person (date, place or link); once per registration."""
    registration = MeetingRegistration.objects.select_related("session__meeting").get(
        pk=registration_id
    )
    if registration.cancelled_at is not None or registration.session.is_cancelled:
        return 0
    return int(
        queue_message(
            "registration",
            {"registration": registration, "session": registration.session},
            [registration.attendee_email],
            related=registration,
            key=f"adherents:events:registration:{registration_id}",
        )
    )


def send_cancellation_notices(session_id: int) -> int:
    """Tell each person registered to a cancelled session; once per person."""
    session = MeetingSession.objects.select_related("meeting").get(pk=session_id)
    if not session.is_cancelled:
        return 0
    sent = 0
    for registration in selectors.registrations_of(session):
        sent += queue_message(
            "session_cancelled",
            {"registration": registration, "session": session},
            [registration.attendee_email],
            related=registration,
            key=f"adherents:events:cancelled:{session_id}:{registration.pk}",
        )
    return sent
