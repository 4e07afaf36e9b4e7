"""The imports area's permission-matrix rows, run on their own."""

import pytest

from tests.conftest import login
from tests.matrix import statuses
from tests.matrix_adherents.imports import CASES


@pytest.mark.parametrize("case", CASES, ids=[case.url_name for case in CASES])
def test_imports_matrix(case, world):
    assert statuses(case, world, login) == case.expected
