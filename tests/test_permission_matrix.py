"""Every view of both shells against every actor (tests/matrix.py)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import login
from tests.matrix import SHELL_CASES, statuses
from tests.matrix_adherents import (
    billing,
    events,
    firms,
    imports,
    joining,
    requests,
    trajectory,
    workforce,
)
from tests.matrix_prevention import actions, duerp, fiche, workunits
from tests.matrix_suivi import agenda, dmst, due, workers

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
    *trajectory.CASES,
    *firms.CASES,
    *workforce.CASES,
    *billing.CASES,
    *imports.CASES,
    *events.CASES,
    *requests.CASES,
]


def _shell_url_names(resolver=None, prefix="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _shell_url_names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{prefix}{entry.name}")
    return {n for n in names if n.startswith(("portal:", "backoffice:"))}


def test_every_shell_view_is_in_the_matrix():
    declared = {case.url_name for case in CASES}
    missing = _shell_url_names() - declared
    assert not missing, f"views without a row in tests/matrix.py: {sorted(missing)}"
    assert len(declared) == len(CASES), "a URL name appears twice in the matrix"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
def test_view_answers_each_actor_as_the_matrix_says(case, world):
    assert statuses(case, world, login) == case.expected
