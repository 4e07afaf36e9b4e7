"""The billing area's rows of the permission matrix, run on their own."""

import pytest

from tests.conftest import login
from tests.matrix import statuses
from tests.matrix_adherents.billing import CASES


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.method}-{case.url_name}")
def test_billing_matrix(case, world):
    assert statuses(case, world, login) == case.expected


def test_every_billing_url_has_a_row():
    from adherents.urls import billing

    names = {f"backoffice:adherents:{p.name}" for p in billing.backoffice_patterns}
    names |= {f"portal:adherents:{p.name}" for p in billing.portal_patterns}
    assert names == {case.url_name for case in CASES}
