"""Permission-matrix rows of pdp: the caseload page (the cell's members only; none of the
matrix's actors is one) and the coordinator's threshold (another centre's member: 404)."""

from tests.matrix import Case
from tests.matrix_pdp.reviews import MEMBERS_ONLY, ON_A
from tests.pdp.factories import cell_member


def _member(world):
    cell_member(world.center)
    return [world.center.pdp_cell_members.get().pk]


CASES = [
    Case("backoffice:pdp:caseload", MEMBERS_ONLY),
    Case("backoffice:pdp:member-threshold", ON_A, args=_member, method="post"),
]
