"""Reads of employer meetings and complaints: what each context may see, ready for a list.

Staff see the meetings and complaints of their current centre; a member sees the published
meetings of the centre that follows it, and its own registrations. Anything else is a 404.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Avg,
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Min,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import Greatest, RowNumber
from django.utils import timezone

from accounts.enums import AdherentRole
from adherents.members.selectors import member_emails
from adherents.models import (
    Adherent,
    Complaint,
    EmployerMeeting,
    MeetingRegistration,
    MeetingSession,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
)
from adherents.rules import events as rules

ACTIVE = Q(registrations__cancelled_at__isnull=True)


def with_places(sessions: QuerySet[MeetingSession]) -> QuerySet[MeetingSession]:
    """Annotate `taken` (active registrations) and `remaining` (free places, never negative)."""
    return sessions.annotate(taken=Count("registrations", filter=ACTIVE)).annotate(
        remaining=Greatest(F("capacity") - F("taken"), Value(0))
    )


def meeting_list(ctx) -> QuerySet[EmployerMeeting]:
    """The centre's meetings with their session count and next session (one query per page)."""
    now = timezone.now()
    return (
        EmployerMeeting.objects.visible_to(ctx)
        .annotate(
            session_count=Count("sessions"),
            next_start=Min(
                "sessions__starts_at",
                filter=Q(sessions__starts_at__gte=now, sessions__is_cancelled=False),
            ),
        )
        .order_by("title", "pk")
    )


def sessions_of(meeting: EmployerMeeting) -> QuerySet[MeetingSession]:
    """A meeting's sessions, latest first, with their registration count."""
    return with_places(meeting.sessions.all()).order_by("-starts_at", "-pk")


def registrations_of(session: MeetingSession) -> list[MeetingRegistration]:
    """Active registrations of a session (bounded by its capacity), with the member's name."""
    return list(
        session.registrations.filter(cancelled_at__isnull=True)
        .select_related("adherent")
        .order_by("attendee_name", "pk")
    )


def upcoming_sessions_for_member(ctx) -> QuerySet[MeetingSession]:
    """Sessions to come of the member's centre, with places taken and this member's people."""
    return (
        with_places(
            MeetingSession.objects.visible_to(ctx).filter(
                starts_at__gt=timezone.now(), is_cancelled=False
            )
        )
        .annotate(
            mine=Count(
                "registrations",
                filter=ACTIVE & Q(registrations__adherent_id=ctx.adherent_id),
            )
        )
        .select_related("meeting")
        .order_by("starts_at", "pk")
    )


def registrations_for_member(ctx) -> QuerySet[MeetingRegistration]:
    """The member's registrations, the most recent sessions first."""
    cancellable = Q(
        cancelled_at__isnull=True,
        session__is_cancelled=False,
        session__starts_at__gt=timezone.now(),
    )
    return (
        MeetingRegistration.objects.visible_to(ctx)
        .select_related("session__meeting")
        .annotate(can_cancel=ExpressionWrapper(cancellable, output_field=BooleanField()))
        .order_by("-session__starts_at", "attendee_name", "pk")
    )


def complaint_list(
    ctx,
    *,
    status: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[Complaint]:
    """The centre's complaints, the latest received first (index center+status)."""
    qs = Complaint.objects.visible_to(ctx)
    if status:
        qs = qs.filter(status=status)
    if since:
        qs = qs.filter(received_on__gte=since)
    if until:
        qs = qs.filter(received_on__lte=until)
    return qs.select_related("adherent").order_by("-received_on", "-pk")


def yearly_member_ids(center_id: int, after: int, *, limit: int) -> list[int]:
    """Active members of a centre, by keyset on the id (for the yearly survey's chunks)."""
    return list(
        Adherent.objects.filter(
            team__center_id=center_id, status=Adherent.Status.ACTIVE, pk__gt=after
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def admin_emails(adherent_ids: list[int]) -> dict[int, list[str]]:
    """E-mails of the active admins of these members, active members only, by member."""
    active = Adherent.objects.filter(pk__in=adherent_ids, status=Adherent.Status.ACTIVE)
    return member_emails(active.values("pk"), [AdherentRole.ADMIN])


# --- Satisfaction surveys ---------------------------------------------------------------------
# Surveys belong to the whole service (the model has no centre); their invitations and answers
# are read per centre, through the invited member's team.

LATEST_TEXTS = 10


def _in_center(ctx, prefix: str) -> Q:
    if not (ctx.is_staff and ctx.center_id):
        return Q(pk__in=[])
    return Q(**{f"{prefix}adherent__team_id__in": ctx.team_ids})


def survey_list(ctx) -> QuerySet[Survey]:
    """Every survey with the invitations sent to, and answered by, the centre's members."""
    mine = _in_center(ctx, "invitations__")
    return (
        Survey.objects.visible_to(ctx)
        .annotate(
            sent=Count("invitations", filter=mine),
            answered=Count("invitations", filter=mine & Q(invitations__answered_at__isnull=False)),
        )
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class QuestionResult:
    question: SurveyQuestion
    count: int
    average: float | None
    distribution: list[tuple[int, int, float | None]]  # (rating, answers, percent)
    yes: int
    yes_share: float | None
    texts: list[SurveyAnswer]


@dataclass(frozen=True)
class SurveyResults:
    sent: int
    answered: int
    rate: float | None
    questions: list[QuestionResult]


def survey_results(ctx, survey: Survey) -> SurveyResults:
    """Figures of the centre's answers: three queries whatever the number of questions.

    One aggregate over every question (count, average, 1..5 distribution, yes), one window
    query for the latest free texts of each question, one for the response rate.
    """
    mine = _in_center(ctx, "answers__invitation__")
    ratings = {
        f"r{value}": Count("answers", filter=mine & Q(answers__rating=value))
        for value in range(rules.RATING_MIN, rules.RATING_MAX + 1)
    }
    rows = survey.questions.annotate(
        n=Count("answers", filter=mine),
        avg=Avg("answers__rating", filter=mine),
        yes_n=Count("answers", filter=mine & Q(answers__yes=True)),
        yes_no_n=Count("answers", filter=mine & Q(answers__yes__isnull=False)),
        **ratings,
    ).order_by("position", "pk")
    latest = (
        SurveyAnswer.objects.filter(
            _in_center(ctx, "invitation__"),
            question__survey=survey,
            question__kind=QuestionKind.TEXT,
        )
        .exclude(text="")
        .select_related("invitation")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("question_id")],
                order_by=[F("invitation__answered_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=LATEST_TEXTS)
        .order_by("question_id", "rank")
    )
    texts: dict[int, list[SurveyAnswer]] = {}
    for answer in latest:
        texts.setdefault(answer.question_id, []).append(answer)
    questions = []
    for row in rows:
        rated = sum(getattr(row, key) for key in ratings)
        questions.append(
            QuestionResult(
                question=row,
                count=row.n,
                average=round(row.avg, 2) if row.avg is not None else None,
                distribution=[
                    (
                        value,
                        getattr(row, f"r{value}"),
                        rules.share(getattr(row, f"r{value}"), rated),
                    )
                    for value in range(rules.RATING_MIN, rules.RATING_MAX + 1)
                ],
                yes=row.yes_n,
                yes_share=rules.share(row.yes_n, row.yes_no_n),
                texts=texts.get(row.pk, []),
            )
        )
    totals = (
        SurveyInvitation.objects.visible_to(ctx)
        .filter(survey=survey)
        .aggregate(sent=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    )
    return SurveyResults(
        sent=totals["sent"],
        answered=totals["answered"],
        rate=rules.response_rate(totals["sent"], totals["answered"]),
        questions=questions,
    )
