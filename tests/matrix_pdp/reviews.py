"""Permission-matrix rows of pdp: cell reviews (the cell's members only: none of the matrix's
actors is one, so physicians and nurses holding the codes get 403; another centre's: 404)."""

from pdp.models import CellReview
from tests.matrix import Case, backoffice_for
from tests.matrix_pdp.cases import _case

MEMBERS_ONLY = backoffice_for("physician", "physician_other", "nurse", status=403)
ON_A = {**MEMBERS_ONLY, "physician_other": 404}


def _review(world):
    return CellReview.objects.create(center=world.center, held_on="2026-12-10")


def _item(world):
    return [_review(world).items.create(case=_case(world)).pk]


CASES = [
    Case("backoffice:pdp:review-list", MEMBERS_ONLY),
    Case("backoffice:pdp:review-create", MEMBERS_ONLY, method="post"),
    Case("backoffice:pdp:review-detail", ON_A, args=lambda w: [_review(w).pk]),
    Case("backoffice:pdp:review-add-case", ON_A, args=lambda w: [_review(w).pk], method="post"),
    Case("backoffice:pdp:review-attendees", ON_A, args=lambda w: [_review(w).pk], method="post"),
    Case("backoffice:pdp:review-decision", ON_A, args=_item, method="post"),
]
