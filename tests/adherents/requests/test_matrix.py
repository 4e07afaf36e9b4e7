"""The requests rows of the permission matrix, run on their own (tests/matrix.py)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import login
from tests.matrix import statuses
from tests.matrix_adherents.requests import CASES


def _names(resolver=None, prefix="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{prefix}{entry.name}")
    return names


def test_every_requests_view_has_a_row():
    shell = {
        n
        for n in _names()
        if n.startswith(("portal:adherents:requests-", "backoffice:adherents:requests-"))
    }
    declared = [case.url_name for case in CASES]
    assert shell == set(declared)
    assert len(declared) == len(set(declared))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
def test_requests_matrix(case, world):
    assert statuses(case, world, login) == case.expected
