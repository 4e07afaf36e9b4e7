"""The firm area's rows of the permission matrix, run on their own."""

import pytest

from tests.conftest import login
from tests.matrix import statuses
from tests.matrix_adherents.firms import CASES


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.method}-{case.url_name}")
def test_firms_matrix(case, world):
    assert statuses(case, world, login) == case.expected
