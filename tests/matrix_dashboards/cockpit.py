"""Permission-matrix rows of the management dashboards (dashboards/*/urls.py).

In the world, the physicians read their own team's figures (each in his or her own centre); the
other staff actors hold no dashboards code. The direction, centre manager and CMT actors are not
in the world: tests/dashboards/ checks them (scope, exports, targets) with their own users.
Exports (`?format=`) and writes are refused to the physicians by code (404 / 403).
"""

from tests.matrix import Case, backoffice_for

READERS = backoffice_for("physician", "physician_other")
NOBODY = backoffice_for()  # direction only (not in the world)


def _cpom(world):
    from dashboards.targets.models import Cpom

    return [Cpom.objects.get_or_create(name="CPOM matrice", first_year=2024, last_year=2027)[0].pk]


CASES = [
    Case("backoffice:dashboards:cockpit", READERS),
    Case("backoffice:dashboards:domain", READERS, args=lambda world: ["suivi"]),
    Case("backoffice:dashboards:catalogue", READERS),
    Case("backoffice:dashboards:drill", READERS, args=lambda world: ["visits_on_time"]),
    Case("backoffice:dashboards:cpom", READERS),
    Case("backoffice:dashboards:recompute", NOBODY, method="post"),
    Case("backoffice:dashboards:cpom-create", NOBODY, method="post"),
    Case("backoffice:dashboards:cpom-target", NOBODY, args=_cpom, method="post"),
]
