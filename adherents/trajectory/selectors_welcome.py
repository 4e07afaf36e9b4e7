"""Reads of the recap e-mail sent after a new member's welcome call (seed 002): to whom it goes,
and what was queued for a call already recorded."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from adherents.members.selectors import main_contact
from adherents.models import Adherent, Contact, StepStatus, TrajectoryStep
from adherents.trajectory.selectors import WELCOME_CALL
from spsti import outbox
from spsti.models import OutgoingEmail


def recap_key(step_id: int) -> str:
    """The outbox key of a welcome call's recap: one e-mail per call, whatever happens next."""
    return f"adherents:welcome-recap:{step_id}"


def presentation_video_url() -> str:
    """The service's presentation video the recap links to ("" when none: the line is left out)."""
    return settings.SPSTI_PRESENTATION_VIDEO_URL.strip()


def is_welcome_call(step: TrajectoryStep) -> bool:
    """The new-member track's welcome call (the yearly cycle has no such step)."""
    return step.definition.code == WELCOME_CALL and step.cycle_year is None


def gets_recap(adherent: Adherent) -> bool:
    """A company gets the recap; a self-employed member has no employees to follow nor employer
    meetings to attend (the TNS offer has its own workshops)."""
    return adherent.kind != Adherent.Kind.TNS


@dataclass(frozen=True)
class WelcomeRecap:
    """The recap as the trajectory page shows it, next to the welcome call."""

    step: TrajectoryStep
    recipient: Contact | None  # the member's main contact today (None: nobody to write to)
    mails: list[OutgoingEmail]  # what was queued when the call was recorded (its key's row)


def welcome_recap(adherent: Adherent, steps: Iterable[TrajectoryStep]) -> WelcomeRecap | None:
    """For the member's welcome call, open or done: its main contact, and the recap queued
    (two queries at most); None when there is no such step, it was classed « sans objet », or
    the member is self-employed."""
    step = next((s for s in steps if is_welcome_call(s)), None)
    if step is None or step.status == StepStatus.SKIPPED or not gets_recap(adherent):
        return None
    mails = outbox.sent_for(step) if step.status == StepStatus.DONE else []
    return WelcomeRecap(step, main_contact(adherent.pk), mails)
