"""Permission-matrix rows of prevention: work units (member and prevention staff)."""

from tests.matrix import BACKOFFICE_CARE, PORTAL_OPEN, Case
from tests.prevention.factories import WorkUnitFactory

# The member's admin and prevention contact; firms hold no prevention scope.
PORTAL_PREVENTION = {**PORTAL_OPEN, "firm_mandated": 403, "firm_unmandated": 403}
PORTAL_ON_A = {**PORTAL_PREVENTION, "portal_other": 404}
# Health teams read prevention; the secretary does not.
BACKOFFICE_READ = {**BACKOFFICE_CARE, "physician_other": 404, "secretary": 403}
# Prevention staff edit; a physician of another centre lacks the code before the scope.
BACKOFFICE_EDIT = {
    **BACKOFFICE_READ,
    "physician": 403,
    "physician_other": 403,
    "nurse": 403,
}


def _unit(world) -> list:
    return [WorkUnitFactory(establishment=world.establishment).pk]


CASES = [
    Case("portal:prevention:workunit-list", PORTAL_ON_A, args=lambda w: [w.establishment.pk]),
    Case("portal:prevention:workunit-edit", PORTAL_ON_A, args=_unit),
    Case(
        "portal:prevention:workunit-archive",
        {**PORTAL_ON_A, "portal_admin": 302},
        args=_unit,
        method="post",
    ),
    Case(
        "backoffice:prevention:workunit-list",
        BACKOFFICE_READ,
        args=lambda w: [w.establishment.pk],
    ),
    Case("backoffice:prevention:workunit-edit", BACKOFFICE_EDIT, args=_unit),
    Case(
        "backoffice:prevention:workunit-archive",
        {**BACKOFFICE_EDIT, "prevention_assistant": 302},
        args=_unit,
        method="post",
    ),
]
