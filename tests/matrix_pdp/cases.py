"""Permission-matrix rows of pdp: cases and consents.

None of the matrix's actors is a member of the PDP cell: the worker's own physician and nurse
(centre 1, the worker's team) read a case and its list, never work on it (403); another centre's
physician gets 404; staff outside care hold no PDP code (403). The cell members' own access is
tested in tests/pdp/cases/test_views_backoffice.py.
"""

import datetime

from tests.matrix import Case, backoffice_for
from tests.pdp.factories import ConsentFactory, PdpCaseFactory

# Physicians and nurses hold the PDP codes; another centre's physician sees its own (empty) list.
OPEN = backoffice_for("physician", "physician_other", "nurse", "secretary")
# A case of centre 1: its worker's physician and nurse read it; another centre's: 404.
# The medical secretary holds the codes too, but reads a case only once a member of the cell.
READ_ON_A = {**OPEN, "physician_other": 404, "secretary": 404}
# Working on a case: the cell only; the worker's own physician and nurse are refused.
WRITE_ON_A = {**READ_ON_A, "physician": 403, "nurse": 403}


def _case(world):
    return PdpCaseFactory(worker=world.worker)


def _case_arg(world):
    return [_case(world).pk]


def _closed_follow_up(world):
    case = PdpCaseFactory(
        worker=world.worker,
        status="closed",
        outcome="kept_in_post",
        closed_on=datetime.date(2026, 1, 2),
        received_on=datetime.date(2026, 1, 1),
    )
    return [case.follow_ups.create(months=6, due_on=datetime.date(2026, 7, 2)).pk]


def _consent(world):
    return [ConsentFactory(case=_case(world)).pk]


CASES = [
    Case("backoffice:pdp:case-list", OPEN),
    # The member service refers too (a member's request), without seeing the workers' records.
    Case("backoffice:pdp:case-refer-person", {**OPEN, "member_service": 200}),
    Case(
        "backoffice:pdp:case-refer",
        {**READ_ON_A, "member_service": 404, "secretary": 200},
        args=lambda w: [w.worker.pk],
    ),
    Case("backoffice:pdp:case-detail", READ_ON_A, args=_case_arg),
    Case("backoffice:pdp:case-take", WRITE_ON_A, args=_case_arg, method="post"),
    Case("backoffice:pdp:case-status", WRITE_ON_A, args=_case_arg, method="post"),
    Case("backoffice:pdp:case-first-contact", WRITE_ON_A, args=_case_arg, method="post"),
    Case("backoffice:pdp:case-risk", WRITE_ON_A, args=_case_arg, method="post"),
    Case("backoffice:pdp:case-opposition", WRITE_ON_A, args=_case_arg, method="post"),
    Case("backoffice:pdp:case-liaison", WRITE_ON_A, args=_case_arg, method="post"),
    Case("backoffice:pdp:case-close", WRITE_ON_A, args=_case_arg, method="post"),
    Case("backoffice:pdp:follow-up-record", WRITE_ON_A, args=_closed_follow_up, method="post"),
    Case("backoffice:pdp:consent-create", WRITE_ON_A, args=_case_arg, method="post"),
    Case("backoffice:pdp:consent-withdraw", WRITE_ON_A, args=_consent, method="post"),
    # An oral consent has no file: its readers get 404 too (nothing to download).
    Case(
        "backoffice:pdp:consent-proof", {**READ_ON_A, "physician": 404, "nurse": 404}, args=_consent
    ),
]
