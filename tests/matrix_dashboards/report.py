"""Permission-matrix rows of the monthly management reports (dashboards/report/urls.py).

"dashboards.kpi:export": the direction (every centre) and a centre manager (own centre), neither
in the world (tests/dashboards/report/test_views.py checks their 200 and scope). The world's
physician reads the dashboards of his or her teams but exports nothing: 403 like every other
staff actor.
"""

import datetime

from dashboards.report.models import MonthlyReport
from tests.matrix import Case, backoffice_for

MANAGEMENT_ONLY = backoffice_for()


def _report(world) -> list[int]:
    report = MonthlyReport.objects.create(
        month=datetime.date(2026, 1, 1), center=world.center, file="", sha256=""
    )
    return [report.pk]


CASES = [
    Case("backoffice:dashboards:reports", MANAGEMENT_ONLY),
    Case("backoffice:dashboards:report-download", MANAGEMENT_ONLY, args=_report),
]
