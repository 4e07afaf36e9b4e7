"""Which health professional may hold which visit (R4623-14 as rewritten by décret 2022-679)."""

from suivi_sante.rules.kinds import Performer, VisitKind

# R4623-14: under written protocols the nurse may hold every visit except the EMAE, its SIR
# renewals and the end-of-career / post-exposure visit; those stay the physician's.
PHYSICIAN_ONLY_KINDS: frozenset[VisitKind] = frozenset(
    {VisitKind.EMAE, VisitKind.SIR_PERIODIQUE, VisitKind.FIN_CARRIERE}
)


def nurse_may_hold(kind: VisitKind) -> bool:
    """Whether a nurse may hold this kind of visit under a protocol (R4623-14, décret 2022-679)."""
    return kind not in PHYSICIAN_ONLY_KINDS


def performers_for(kind: VisitKind, *, physician_only: bool = False) -> tuple[Performer, ...]:
    """Professionals who may hold this visit; ``physician_only`` for posts the physician keeps.

    CACES and electrical-clearance posts are seen by the physician (décret 2025-355), whatever
    the kind of visit.
    """
    if physician_only or not nurse_may_hold(kind):
        return (Performer.PHYSICIAN,)
    return (Performer.PHYSICIAN, Performer.NURSE)


def orientation_required(
    kind: VisitKind, performer: Performer, *, disabled: bool, invalidity_pension: bool
) -> bool:
    """Whether the visit just held orients the worker to the physician whatever the nurse
    judges: a disabled worker, or one who holds an invalidity pension, is oriented "sans délai,
    à l'issue de la visite d'information et de prévention" to the physician when another
    professional held it (R4624-20). Any other orientation is the nurse's judgement, within
    the protocol (R4624-13, R4623-14)."""
    return (
        kind is VisitKind.VIP
        and performer is not Performer.PHYSICIAN
        and (disabled or invalidity_pension)
    )
