"""The events area's rows of the permission matrix, run on their own (tests/matrix_adherents)."""

import pytest

from tests.conftest import login
from tests.matrix import statuses
from tests.matrix_adherents.events import CASES


def test_every_events_url_has_one_row():
    from adherents.urls import events

    names = {p.name for p in [*events.portal_patterns, *events.backoffice_patterns]}
    rows = {case.url_name.rsplit(":", 1)[1] for case in CASES}
    assert names == rows
    assert len(rows) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
def test_events_matrix(case, world):
    assert statuses(case, world, login) == case.expected
