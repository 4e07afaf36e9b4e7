"""Cell reviews: schedule a review, put cases on its agenda, attendees, decisions."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from accounts import audit
from accounts.context import AccessContext
from pdp import perms
from pdp.errors import PdpError
from pdp.models import CaseStep, CellMember, CellReview, PdpCase, ReviewItem
from pdp.rules import cases as rules


def _check(actor: AccessContext, center_id: int) -> None:
    if not (actor.center_id == center_id and perms.is_cell_member(actor)):
        raise PermissionDenied("Seuls les membres de la cellule préparent ses revues.")


@transaction.atomic
def schedule_review(*, actor: AccessContext, held_on: datetime.date) -> CellReview:
    """A new meeting of the current centre's cell."""
    _check(actor, actor.center_id)
    with audit.actor_context(actor):
        return CellReview.objects.create(center_id=actor.center_id, held_on=held_on)


@transaction.atomic
def add_case(*, actor: AccessContext, review: CellReview, case: PdpCase) -> ReviewItem:
    """Put a case on the review's agenda; a case before that step moves to "cell review"."""
    _check(actor, review.center_id)
    if case.center_id != review.center_id or not case.is_open:
        raise PdpError("Seul un dossier ouvert de la cellule peut être inscrit à la revue.")
    try:
        with transaction.atomic(), audit.actor_context(actor):
            item = ReviewItem.objects.create(review=review, case=case)
    except IntegrityError as error:
        raise PdpError("Ce dossier est déjà à l'ordre du jour de cette revue.") from error
    case = PdpCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if rules.ORDER.index(case.status) < rules.ORDER.index(rules.CELL_REVIEW):
        before, case.status = case.status, rules.CELL_REVIEW
        with audit.actor_context(actor):
            case.save(update_fields=["status", "updated_at"])
        CaseStep.objects.create(
            case=case,
            actor=actor.user,
            from_status=before,
            to_status=case.status,
            note=f"Inscrit à la revue de cellule du {review.held_on:%d/%m/%Y}",
        )
    return item


@transaction.atomic
def set_attendees(*, actor: AccessContext, review: CellReview, users: list) -> CellReview:
    """Who attended: members of the cell only."""
    _check(actor, review.center_id)
    members = set(
        CellMember.objects.active()
        .filter(center_id=review.center_id)
        .values_list("user_id", flat=True)
    )
    if any(user.pk not in members for user in users):
        raise PdpError("Seuls les membres de la cellule figurent parmi les présents.")
    with audit.actor_context(actor):
        review.attendees.set(users)
    return review


@transaction.atomic
def record_decision(*, actor: AccessContext, item: ReviewItem, decision: str) -> ReviewItem:
    """The cell's decision on one case of the agenda."""
    _check(actor, item.review.center_id)
    decision = (decision or "").strip()
    if not decision or "\x00" in decision:
        raise PdpError("Saisissez la décision de la cellule.")
    item.decision = decision[:5000]
    with audit.actor_context(actor):
        item.save(update_fields=["decision", "updated_at"])
    return item
