"""Permission-matrix rows of the member trajectory (back-office only)."""

from tests.adherents.factories_trajectory import definition, welcome_step
from tests.matrix import (
    BACKOFFICE_OPEN,
    BACKOFFICE_PORTAL_403,
    Case,
    backoffice_for,
)

# Every staff member reads the trajectory of its centre's members; another centre: 404.
ON_A = {**BACKOFFICE_OPEN, "physician_other": 404}
# A step is closed by its owner role (the welcome call: the member service) or a manager.
OWNER_ONLY = {
    "anonymous": 302,
    **BACKOFFICE_PORTAL_403,
    "physician": 403,
    "physician_other": 404,
    "nurse": 403,
    "prevention_assistant": 403,
    "secretary": 403,
    "member_service": 302,  # done, back to the member's trajectory
    "billing": 403,
}
# The configuration of the steps: "adherents.trajectory:manage" (the member service).
MANAGERS = backoffice_for("member_service")


def _step_args(world) -> list:
    return [world.adherent.pk, welcome_step(world).pk]


CASES = [
    Case(
        "backoffice:adherents:trajectory-view",
        ON_A,
        args=lambda w: [w.adherent.pk],
    ),
    Case(
        "backoffice:adherents:trajectory-step-done",
        OWNER_ONLY,
        args=_step_args,
        method="post",
        data=lambda w: {
            f"fait-{welcome_step(w).pk}-done_on": "2024-01-20",
            f"fait-{welcome_step(w).pk}-note": "Appel de bienvenue passé",
        },
    ),
    Case(
        "backoffice:adherents:trajectory-step-skip",
        OWNER_ONLY,
        args=_step_args,
        method="post",
        data=lambda w: {f"so-{welcome_step(w).pk}-note": "Adhérent déjà rencontré au salon"},
    ),
    Case("backoffice:adherents:trajectory-overdue", BACKOFFICE_OPEN),
    Case("backoffice:adherents:trajectory-board", BACKOFFICE_OPEN),
    Case("backoffice:adherents:trajectory-definition-list", MANAGERS),
    Case("backoffice:adherents:trajectory-definition-create", MANAGERS),
    Case(
        "backoffice:adherents:trajectory-definition-edit",
        MANAGERS,
        args=lambda w: [definition("welcome_call").pk],
    ),
]
