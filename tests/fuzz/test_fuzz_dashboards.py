"""The direction's dashboards pages (DGT survey, monthly reports) fuzzed as the direction (the
shared world has no direction actor): hostile query parameters and form values, never a 500,
nothing written when refused."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.enums import StaffRole
from tests.accounts.factories import StaffAssignmentFactory
from tests.conftest import login
from tests.fuzz.test_fuzz_shells import fuzz_page
from tests.matrix_dashboards import dgt, report

PAGES = [case for case in [*dgt.CASES, *report.CASES] if case.method == "get"]


@pytest.mark.parametrize("case", PAGES, ids=lambda case: case.url_name)
def test_the_direction_pages_resist_hostile_input(case, world):
    director = StaffAssignmentFactory(center=world.center, role=StaffRole.DIRECTION).user
    url = reverse(case.url_name, args=case.args(world))
    findings: list[str] = []
    fuzz_page(login(Client(), director), url, findings, "direction", set())
    assert not findings, "\n".join(findings)
