import pytest

from suivi_sante.rules.delegation import (
    PHYSICIAN_ONLY_KINDS,
    nurse_may_hold,
    orientation_required,
    performers_for,
)
from suivi_sante.rules.kinds import Performer, VisitKind

PHYSICIAN = (Performer.PHYSICIAN,)
EITHER = (Performer.PHYSICIAN, Performer.NURSE)


def test_physician_only_kinds_are_the_emae_its_renewal_and_the_end_of_career_visit():
    assert {VisitKind.EMAE, VisitKind.SIR_PERIODIQUE, VisitKind.FIN_CARRIERE} == set(
        PHYSICIAN_ONLY_KINDS
    )


@pytest.mark.parametrize(
    ("kind", "nurse", "performers"),
    [
        (VisitKind.VIP, True, EITHER),
        (VisitKind.EMAE, False, PHYSICIAN),
        (VisitKind.VISITE_INTERMEDIAIRE, True, EITHER),
        (VisitKind.SIR_PERIODIQUE, False, PHYSICIAN),
        (VisitKind.REPRISE, True, EITHER),
        (VisitKind.PRE_REPRISE, True, EITHER),
        (VisitKind.MI_CARRIERE, True, EITHER),
        (VisitKind.FIN_CARRIERE, False, PHYSICIAN),
        (VisitKind.DEMANDE, True, EITHER),
    ],
)
def test_nurse_holds_every_visit_but_the_physicians_own(kind, nurse, performers):
    assert nurse_may_hold(kind) is nurse
    assert performers_for(kind) == performers


def test_physician_only_posts_keep_even_a_vip_for_the_physician():
    assert performers_for(VisitKind.VIP, physician_only=True) == PHYSICIAN


@pytest.mark.parametrize(
    ("kind", "performer", "disabled", "pension", "required"),
    [
        (VisitKind.VIP, Performer.NURSE, True, False, True),  # R4624-20
        (VisitKind.VIP, Performer.NURSE, False, True, True),
        (VisitKind.VIP, Performer.NURSE, False, False, False),  # the nurse's judgement
        (VisitKind.VIP, Performer.PHYSICIAN, True, True, False),  # already the physician
        (VisitKind.REPRISE, Performer.NURSE, True, False, False),  # R4624-20 is about the VIP
    ],
)
def test_a_disabled_worker_or_pension_holder_is_oriented_after_a_nurses_vip(
    kind, performer, disabled, pension, required
):
    assert (
        orientation_required(kind, performer, disabled=disabled, invalidity_pension=pension)
        is required
    )
