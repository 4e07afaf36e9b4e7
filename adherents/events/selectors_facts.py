"""Monthly facts of the satisfaction surveys (issue 16; seeds 001, 002): satisfied answers.

Every answer to a rating question (1 to 5) counts, in the month its invitation was answered;
satisfied: a rating of `SATISFIED_FROM` or more. Broken down by kind of survey (after a
meeting, after a visit or an action, yearly). Yes/no and free-text questions are left out: a
"yes" does not always mean satisfied. One grouped query.
"""

from __future__ import annotations

from django.db.models import Count, DateField, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from adherents.members.selectors_facts import between, in_scope
from adherents.models import QuestionKind, SurveyAnswer
from adherents.rules import facts

SATISFIED_FROM = 4  # "satisfait" or "très satisfait" on the 1-5 scale (TO VERIFY: quality team)


def _rated():
    return SurveyAnswer.objects.filter(
        question__kind=QuestionKind.RATING,
        rating__isnull=False,
        invitation__answered_at__isnull=False,
    )


def _answered_between(qs, first, last):
    return between(qs, "invitation__answered_at", first, last)


def satisfaction_facts(months, today):
    rows = (
        _answered_between(_rated(), months[0], facts.month_end(months[-1]))
        .annotate(month=TruncMonth("invitation__answered_at", output_field=DateField()))
        .order_by()
        .values(
            "invitation__adherent__team__center_id",
            "invitation__adherent__team_id",
            "month",
            "question__survey__kind",
        )
        .annotate(num=Count("pk", filter=Q(rating__gte=SATISFIED_FROM)), den=Count("pk"))
    )
    return [
        {
            "center_id": r["invitation__adherent__team__center_id"],
            "team_id": r["invitation__adherent__team_id"],
            "month": r["month"],
            "kind": r["question__survey__kind"],
            "performer": "",
            "numerator": r["num"],
            "denominator": r["den"],
        }
        for r in rows
    ]


def satisfaction_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    """The ratings given in [start, end] (never the free texts)."""
    qs = in_scope(_answered_between(_rated(), start, end), center_ids, team_ids,
                  "invitation__adherent__")  # fmt: skip
    if kind:
        qs = qs.filter(question__survey__kind=kind)
    if part == "num":
        qs = qs.filter(rating__gte=SATISFIED_FROM)
    elif part == "rest":
        qs = qs.filter(rating__lt=SATISFIED_FROM)
    columns = ["Répondu le", "Adhérent", "Équipe", "Enquête", "Question", "Note sur 5"]

    def row(a: SurveyAnswer) -> tuple:
        return (
            timezone.localtime(a.invitation.answered_at).date(),
            a.invitation.adherent.name,
            a.invitation.adherent.team.name,
            a.question.survey.title,
            a.question.text,
            a.rating,
        )

    ordered = qs.select_related("invitation__adherent__team", "question__survey").order_by(
        "invitation__answered_at", "pk"
    )
    return columns, ordered, row
