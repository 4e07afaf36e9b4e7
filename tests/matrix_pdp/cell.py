"""Permission-matrix rows of pdp: the cell's members page (every holder of the cell's codes in
its centre reads it) and its writes, for the coordinator and the direction only: none of the
matrix's actors is either (403); another centre's member: 404."""

from tests.matrix import Case, backoffice_for
from tests.pdp.factories import cell_member

CELL_READERS = backoffice_for("physician", "physician_other", "nurse", "secretary")
MANAGERS_ONLY = backoffice_for(status=403)
ON_A = {**MANAGERS_ONLY, "physician_other": 404}


def _member(world):
    cell_member(world.center)
    return [world.center.pdp_cell_members.get().pk]


CASES = [
    Case("backoffice:pdp:cell-members", CELL_READERS),
    Case("backoffice:pdp:cell-member-add", MANAGERS_ONLY, method="post"),
    Case("backoffice:pdp:cell-member-coordinator", ON_A, args=_member, method="post"),
    Case("backoffice:pdp:cell-member-end", ON_A, args=_member, method="post"),
]
