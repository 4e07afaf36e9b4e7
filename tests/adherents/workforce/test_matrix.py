"""The workforce area's rows of the permission matrix, run on their own."""

import pytest

from tests.conftest import login
from tests.matrix import statuses
from tests.matrix_adherents.workforce import CASES


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.method}-{case.url_name}")
def test_workforce_matrix(case, world):
    assert statuses(case, world, login) == case.expected
