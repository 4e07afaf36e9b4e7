"""The trajectory's rows of the permission matrix, run on their own."""

import pytest

from tests.conftest import login
from tests.matrix import statuses
from tests.matrix_adherents.trajectory import CASES


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
def test_trajectory_matrix(case, world):
    assert statuses(case, world, login) == case.expected
