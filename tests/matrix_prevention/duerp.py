"""Permission-matrix rows of prevention: the DUERP workspace, its versions and exports."""

from accounts.context import build_context
from prevention.duerp import services
from prevention.models import Duerp, DuerpAction
from tests.matrix import BACKOFFICE_CARE, PORTAL_OPEN, Case
from tests.prevention.factories import DuerpFactory, DuerpRiskFactory

# Portal: the member's users holding prevention codes; firms have none (403).
DUERP_PORTAL = {**PORTAL_OPEN, "firm_mandated": 403, "firm_unmandated": 403}
# About A's workspace: B's employer has none of its own here, or it is A's object: 404.
ON_A = {**DUERP_PORTAL, "portal_other": 404}
POSTED_ON_A = {**ON_A, "portal_admin": 302}
# Back-office: every health-team member reads the DUERP, except the medical secretary.
DUERP_STAFF = {**BACKOFFICE_CARE, "secretary": 403}
STAFF_ON_A = {**DUERP_STAFF, "physician_other": 404}
# Edits on the member's behalf: the prevention staff only.
STAFF_EDIT = {**DUERP_STAFF, "physician": 403, "physician_other": 403, "nurse": 403}
STAFF_POSTED = {**STAFF_EDIT, "prevention_assistant": 302}


def _duerp(world) -> Duerp:
    return Duerp.objects.filter(adherent=world.adherent).first() or DuerpFactory(
        adherent=world.adherent
    )


def _risk(world):
    return DuerpRiskFactory(duerp=_duerp(world))


def _action(world) -> DuerpAction:
    return DuerpAction.objects.create(duerp=_duerp(world), title="Tapis antidérapant")


def _version(world):
    """Version 1 of A's DUERP, published by its employer."""
    duerp = _risk(world).duerp
    actor = build_context(world.actors["portal_admin"], {}, mfa_passed=True)
    return services.publish_version(actor=actor, duerp=duerp)


def _then(make, result):
    """Create A's objects, then give the URL arguments."""

    def args(world):
        make(world)
        return result(world) if callable(result) else result

    return args


P = "portal:prevention"
B = "backoffice:prevention"

CASES = [
    Case(f"{P}:duerp-workspace", DUERP_PORTAL),
    Case(
        f"{P}:duerp-open",
        {**DUERP_PORTAL, "portal_admin": 302, "portal_other": 302},
        method="post",
        data=lambda w: {"headcount": 4},
    ),
    Case(
        f"{P}:duerp-headcount",
        POSTED_ON_A,
        args=_then(_duerp, []),
        method="post",
        data=lambda w: {"headcount": 12},
    ),
    Case(
        f"{P}:duerp-unit-create",
        POSTED_ON_A,
        args=_then(_duerp, []),
        method="post",
        data=lambda w: {"establishment": w.establishment.pk, "name": "Quai", "headcount": 0},
    ),
    Case(f"{P}:duerp-risk-create", ON_A, args=_then(_duerp, [])),
    Case(f"{P}:duerp-risk-update", ON_A, args=lambda w: [_risk(w).pk]),
    Case(f"{P}:duerp-risk-delete", POSTED_ON_A, args=lambda w: [_risk(w).pk], method="post"),
    Case(f"{P}:duerp-action-create", ON_A, args=_then(_duerp, [])),
    Case(f"{P}:duerp-action-update", ON_A, args=lambda w: [_action(w).pk]),
    Case(f"{P}:duerp-action-delete", POSTED_ON_A, args=lambda w: [_action(w).pk], method="post"),
    Case(f"{P}:duerp-publish", POSTED_ON_A, args=_then(_risk, []), method="post"),
    Case(f"{P}:duerp-version-detail", ON_A, args=lambda w: [_version(w).pk]),
    Case(f"{P}:duerp-version-pdf", ON_A, args=lambda w: [_version(w).pk]),
    Case(f"{P}:duerp-version-xlsx", ON_A, args=lambda w: [_version(w).pk]),
    Case(f"{B}:duerp-list", DUERP_STAFF),
    Case(f"{B}:duerp-detail", STAFF_ON_A, args=lambda w: [_duerp(w).pk]),
    Case(
        f"{B}:duerp-unit-create",
        STAFF_POSTED,
        args=lambda w: [_duerp(w).pk],
        method="post",
        data=lambda w: {"establishment": w.establishment.pk, "name": "Quai", "headcount": 0},
    ),
    Case(f"{B}:duerp-risk-create", STAFF_EDIT, args=lambda w: [_duerp(w).pk]),
    Case(f"{B}:duerp-risk-update", STAFF_EDIT, args=lambda w: [_risk(w).pk]),
    Case(f"{B}:duerp-risk-delete", STAFF_POSTED, args=lambda w: [_risk(w).pk], method="post"),
    Case(f"{B}:duerp-action-create", STAFF_EDIT, args=lambda w: [_duerp(w).pk]),
    Case(f"{B}:duerp-action-update", STAFF_EDIT, args=lambda w: [_action(w).pk]),
    Case(f"{B}:duerp-action-delete", STAFF_POSTED, args=lambda w: [_action(w).pk], method="post"),
    Case(f"{B}:duerp-version-detail", STAFF_ON_A, args=lambda w: [_version(w).pk]),
    Case(f"{B}:duerp-version-pdf", STAFF_ON_A, args=lambda w: [_version(w).pk]),
    Case(f"{B}:duerp-version-xlsx", STAFF_ON_A, args=lambda w: [_version(w).pk]),
]
