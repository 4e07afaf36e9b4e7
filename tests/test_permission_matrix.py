"""Every view of both shells, the public pages and the admin against every actor
(tests/matrix.py)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import login
from tests.matrix import SHELL_CASES, answers, matches
from tests.matrix_adherents import (
    billing,
    events,
    firms,
    imports,
    joining,
    members,
    requests,
    trajectory,
    workforce,
)
from tests.matrix_api import tokens as api_tokens
from tests.matrix_certification import quality
from tests.matrix_dashboards import cockpit as dashboards_cockpit
from tests.matrix_dashboards import dgt as dashboards_dgt
from tests.matrix_dashboards import forecast as dashboards_forecast
from tests.matrix_dashboards import report as dashboards_report
from tests.matrix_pdp import caseload as pdp_caseload
from tests.matrix_pdp import cases as pdp_cases
from tests.matrix_pdp import cell as pdp_cell
from tests.matrix_pdp import plans as pdp_plans
from tests.matrix_pdp import referrals as pdp_referrals
from tests.matrix_pdp import reviews as pdp_reviews
from tests.matrix_prevention import actions, duerp, fiche, workunits
from tests.matrix_public import CASES as PUBLIC_CASES
from tests.matrix_suivi import agenda, dmst, due, workers
from tests.matrix_tns import offer as tns_offer

# The shell's rows plus one module per area, so that areas grow apart.
CASES = [
    *SHELL_CASES,
    *workers.CASES,
    *agenda.CASES,
    *dmst.CASES,
    *due.CASES,
    *workunits.CASES,
    *fiche.CASES,
    *duerp.CASES,
    *actions.CASES,
    *joining.CASES,
    *members.CASES,
    *trajectory.CASES,
    *firms.CASES,
    *workforce.CASES,
    *billing.CASES,
    *imports.CASES,
    *events.CASES,
    *requests.CASES,
    *quality.CASES,
    *pdp_cases.CASES,
    *pdp_plans.CASES,
    *pdp_reviews.CASES,
    *pdp_caseload.CASES,
    *pdp_cell.CASES,
    *pdp_referrals.CASES,
    *PUBLIC_CASES,
    *tns_offer.CASES,
    *dashboards_cockpit.CASES,
    *dashboards_forecast.CASES,
    *dashboards_dgt.CASES,
    *dashboards_report.CASES,
    *api_tokens.CASES,
]


def _shell_url_names(resolver=None, prefix="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _shell_url_names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{prefix}{entry.name}")
    return {n for n in names if n.startswith(("portal:", "backoffice:", "public:"))} | {
        n for n in names if ":" not in n and not n.startswith(("account_", "mfa_"))
    }


def test_every_shell_view_is_in_the_matrix():
    """Both shells, the public pages (allauth's own pages aside) and the admin's door."""
    declared = {case.url_name for case in CASES}
    missing = (_shell_url_names() | {"admin:index"}) - declared
    assert not missing, f"views without a row in tests/matrix.py: {sorted(missing)}"
    assert len(declared) == len(CASES), "a URL name appears twice in the matrix"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
def test_view_answers_each_actor_as_the_matrix_says(case, world):
    got, wrong_redirects = answers(case, world, login)
    assert matches(got, case.expected), got
    assert not wrong_redirects


@pytest.mark.parametrize("case", requests.SCOPED_CASES, ids=lambda case: case.url_name)
def test_requests_under_a_firms_requests_scope(case, world):
    """The member's requests again, the firms' mandates widened to « Demandes au service »."""
    requests.grant_requests_scope(world)
    got, wrong_redirects = answers(case, world, login)
    assert matches(got, case.expected), got
    assert not wrong_redirects
