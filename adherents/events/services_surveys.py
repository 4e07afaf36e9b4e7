"""Writes of satisfaction surveys (seed 002, objective 5, action 1): surveys and questions,
invitations with a secret link, and the answers given through it.

A person answers without an account: the link carries a random token (secrets.token_urlsafe)
of which only the SHA-256 is stored. Other apps invite after a visit or an action with
`invite(survey, adherent, email, context_label)` — from a task or `transaction.on_commit`, since
the e-mail leaves as soon as the invitation is written.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from adherents.events import tasks
from adherents.events.selectors import admin_emails
from adherents.events.services import EventsError, queue_message, require_staff
from adherents.models import (
    Adherent,
    MeetingSession,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyKind,
    SurveyQuestion,
)
from adherents.rules import events as rules
from adherents.trajectory.services import complete_step_if_open
from spsti import secret_links

MANAGE = "adherents.survey:manage"
FROZEN = "Des invitations sont parties : les questions ne changent plus, créez une autre enquête."
# Steps an answer to the yearly survey completes: the new member's, and the yearly cycle's.
YEARLY_STEPS = ("satisfaction", "yearly_satisfaction")


class SurveyAnswerError(EventsError):
    """Answers refused question by question (question id -> French message)."""

    def __init__(self, errors: dict[int, str]):
        super().__init__("Certaines réponses sont à corriger : rien n'a été enregistré.")
        self.errors = errors


@transaction.atomic
def save_survey(
    *, actor: AccessContext, survey: Survey | None = None, title: str, kind: str, is_active: bool
) -> Survey:
    require_staff(actor, MANAGE)
    title = title.strip()
    if not title:
        raise EventsError("Donnez un titre à l'enquête.")
    if kind not in SurveyKind.values:
        raise EventsError("Choisissez le type d'enquête.")
    if survey is None:
        survey = Survey()
    elif kind != survey.kind and survey.invitations.exists():
        raise EventsError("Des invitations sont parties : le type de l'enquête ne change plus.")
    survey.title, survey.kind, survey.is_active = title, kind, is_active
    with audit.actor_context(actor):
        survey.save()
    return survey


@transaction.atomic
def add_question(
    *,
    actor: AccessContext,
    survey: Survey,
    text: str,
    kind: str,
    required: bool,
    position: int | None = None,
) -> SurveyQuestion:
    """Add a question, at the end unless a position is given; only before the first invitation."""
    require_staff(actor, MANAGE)
    Survey.objects.select_for_update().get(pk=survey.pk)  # invitations wait for the questions
    if survey.invitations.exists():
        raise EventsError(FROZEN)
    text = text.strip()
    if not text:
        raise EventsError("Écrivez la question.")
    if kind not in QuestionKind.values:
        raise EventsError("Choisissez le type de réponse attendu.")
    if position is None:
        last = survey.questions.aggregate(last=Max("position"))["last"]
        position = 10 if last is None else last + 10
    return SurveyQuestion.objects.create(
        survey=survey, text=text, kind=kind, required=required, position=position
    )


@transaction.atomic
def remove_question(*, actor: AccessContext, question: SurveyQuestion) -> None:
    require_staff(actor, MANAGE)
    Survey.objects.select_for_update().get(pk=question.survey_id)
    if SurveyInvitation.objects.filter(survey_id=question.survey_id).exists():
        raise EventsError(FROZEN)
    question.delete()


def _survey_url(token: str) -> str:
    return f"{settings.SPSTI_SITE_URL}{reverse('public:events-survey-answer', args=[token])}"


def invite(
    survey: Survey,
    adherent: Adherent,
    email: str,
    context_label: str = "",
    *,
    session: MeetingSession | None = None,
) -> SurveyInvitation | None:
    """Invite one person of a member to answer `survey`, and mail the secret link.

    The invitation and its e-mail go together: a failed send leaves no invitation (the task
    retries). Returns None when the person was already invited after this session, or about
    this subject (the database's "invitation_once_*" constraints decide).
    """
    email = email.strip().lower()
    if not survey.is_active:
        raise EventsError("Cette enquête n'est plus active.")
    if not survey.questions.exists():
        raise EventsError("Cette enquête n'a encore aucune question.")
    token, digest = secret_links.new_token()
    with transaction.atomic():
        try:
            with transaction.atomic():
                invitation = SurveyInvitation.objects.create(
                    survey=survey,
                    adherent=adherent,
                    email=email,
                    token_hash=digest,
                    session=session,
                    context_label=context_label[:200],
                )
        except IntegrityError:
            return None  # "invitation_once_per_session" or "_per_subject": already invited
        context = {"survey": survey, "invitation": invitation, "url": _survey_url(token)}
        queue_message(
            "survey_invitation",
            context,
            [email],
            related=invitation,
            key=f"adherents:events:survey-invitation:{invitation.pk}",
            erase_body_once_sent=True,  # the secret link answers the survey
        )
    return invitation


def request_session_survey(*, actor: AccessContext, session: MeetingSession, survey: Survey) -> int:
    """Queue the invitations of the people noted present; returns how many are present."""
    require_staff(actor, MANAGE)
    if session.meeting.center_id != actor.center_id:
        raise EventsError("Cette session n'est pas celle de votre centre.")
    if survey.kind != SurveyKind.EVENT or not survey.is_active:
        raise EventsError("Choisissez une enquête active « après une rencontre employeurs ».")
    if session.is_cancelled:
        raise EventsError("Cette session est annulée.")
    if session.ends_at > timezone.now():
        raise EventsError("Envoyez l'enquête une fois la session terminée.")
    present = session.registrations.filter(cancelled_at__isnull=True, attended=True).count()
    if not present:
        raise EventsError("Aucun participant n'est noté présent : notez d'abord les présences.")
    if not survey.questions.exists():
        raise EventsError("Cette enquête n'a encore aucune question.")
    transaction.on_commit(lambda: tasks.invite_session_attendees.delay(survey.pk, session.pk))
    return present


def invite_session_attendees(survey_id: int, session_id: int) -> int:
    """Invite everyone noted present at a session, once per person (the task's body)."""
    survey = Survey.objects.get(pk=survey_id)
    if not survey.is_active:  # closed between the click and the task
        return 0
    session = MeetingSession.objects.select_related("meeting").get(pk=session_id)
    label = f"{session.meeting.title} du {timezone.localtime(session.starts_at):%d/%m/%Y}"
    present = session.registrations.filter(cancelled_at__isnull=True, attended=True).select_related(
        "adherent"
    )
    sent = 0
    for registration in present:
        invitation = invite(
            survey, registration.adherent, registration.attendee_email, label, session=session
        )
        sent += invitation is not None
    return sent


def request_yearly_survey(*, actor: AccessContext, survey: Survey, year: int) -> None:
    """Queue the yearly survey to every active member of the actor's centre (after commit)."""
    require_staff(actor, MANAGE)
    if survey.kind != SurveyKind.YEARLY or not survey.is_active:
        raise EventsError("Seule une enquête annuelle active s'envoie à tous les adhérents.")
    if not survey.questions.exists():
        raise EventsError("Cette enquête n'a encore aucune question.")
    center_id = actor.center_id
    transaction.on_commit(lambda: tasks.send_yearly_survey.delay(survey.pk, center_id, year))


def send_yearly_invitations(*, survey_id: int, adherent_ids: list[int], year: int) -> int:
    """Invite the admins of these members to the yearly survey, once per person and year.

    A chunk delivered twice waits on the member's lock, then finds the invitations written.
    """
    survey = Survey.objects.get(pk=survey_id)
    if not survey.is_active:  # closed between the click and the task
        return 0
    label = rules.yearly_label(year)
    sent = 0
    for adherent_id, emails in admin_emails(adherent_ids).items():
        with transaction.atomic():
            adherent = Adherent.objects.select_for_update(no_key=True).get(pk=adherent_id)
            done = set(
                SurveyInvitation.objects.filter(
                    survey=survey, adherent=adherent, context_label=label
                ).values_list("email", flat=True)
            )
            for email in emails:
                if email not in done:
                    invite(survey, adherent, email, label)
                    done.add(email)
                    sent += 1
    return sent


def answer(*, token: str, raw: dict[int, str]) -> SurveyInvitation:
    """Record the answers given through a link, all or none, once.

    Raises SurveyInvitation.DoesNotExist on an unknown token (the view answers 404).
    """
    with transaction.atomic():
        invitation = (
            SurveyInvitation.objects.select_for_update(of=("self",))
            .select_related("survey")
            .get(token_hash=secret_links.token_hash(token))
        )
        if invitation.answered_at is not None:
            raise EventsError(rules.ALREADY_ANSWERED)
        if not invitation.survey.is_active:
            raise EventsError("Cette enquête est close : elle n'accepte plus de réponses.")
        questions = list(invitation.survey.questions.order_by("position", "pk"))
        clean, errors = rules.clean_answers(
            [rules.QuestionSpec(q.pk, q.kind, q.required) for q in questions], raw
        )
        if errors:
            raise SurveyAnswerError(errors)
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(
                invitation=invitation,
                question_id=item.question_id,
                rating=item.rating,
                yes=item.yes,
                text=item.text,
            )
            for item in clean
        )
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["answered_at"])
        if invitation.survey.kind == SurveyKind.YEARLY:
            for code in YEARLY_STEPS:
                complete_step_if_open(
                    adherent_id=invitation.adherent_id,
                    code=code,
                    on=timezone.localdate(),
                    note=f"Réponse à « {invitation.survey.title} » ({invitation.email}).",
                )
    return invitation


def invitation_for(token: str) -> SurveyInvitation:
    """The invitation of a link with its survey and questions (DoesNotExist when unknown)."""
    return (
        SurveyInvitation.objects.select_related("survey")
        .prefetch_related("survey__questions")
        .get(token_hash=secret_links.token_hash(token))
    )


def invite_after_visit(adherent_id: int, context_label: str) -> int:
    """After a visit or an action at a member: invite its admins to the current "visit" survey
    (the latest active one with questions), once per address and visit label; returns how many.
    No such survey: nobody is invited."""
    survey = (
        Survey.objects.filter(kind=SurveyKind.VISIT, is_active=True, questions__isnull=False)
        .order_by("-created_at")
        .first()
    )
    adherent = Adherent.objects.filter(pk=adherent_id).first()
    if survey is None or adherent is None:
        return 0
    sent = 0
    for email in admin_emails([adherent_id]).get(adherent_id, []):
        sent += invite(survey, adherent, email, context_label) is not None
    return sent


def invite_after_visit_on_commit(adherent_id: int, context_label: str) -> None:
    """What another app calls when a visit or an action at a member is done: once its
    transaction commits, a task runs `invite_after_visit` (other apps use this service, never
    `adherents.tasks` directly: the dependency rules in pyproject.toml)."""
    transaction.on_commit(lambda: tasks.invite_after_visit.delay(adherent_id, context_label))
