"""Permission-matrix rows of the DGT annual survey (dashboards/dgt/urls.py).

The survey covers the whole service: the direction only ("dashboards.dgt:export"), which the
world has no actor for (tests/dashboards/dgt/test_views.py checks its 200). Every staff actor
of the world is refused, the centre's physician included (he or she reads the dashboards of
his or her teams, not the survey).
"""

from tests.matrix import Case, backoffice_for

DIRECTION_ONLY = backoffice_for()

CASES = [
    Case("backoffice:dashboards:dgt", DIRECTION_ONLY),
    Case("backoffice:dashboards:dgt-export", DIRECTION_ONLY, args=lambda world: [2025]),
]
