"""Permission-matrix rows of suivi_sante: workers, declarations, category, duplicates."""

import datetime

from django.utils import timezone

from tests.matrix import BACKOFFICE_CARE, PORTAL_OPEN, Case
from tests.suivi_sante.factories import AbsenceFactory, EmploymentFactory

# Declarations: the member's admin and a firm whose mandate covers the worker list.
PORTAL_DECLARE = {**PORTAL_OPEN, "firm_mandated": 403}
# A declaration about member A's worker: B's users get 404, A's firm without the scope 403.
PORTAL_DECLARE_ON_A = {
    **PORTAL_DECLARE,
    "portal_admin": 302,
    "portal_other": 404,
    "firm_unmandated": 404,
}
MERGE = {**BACKOFFICE_CARE, "nurse": 403, "prevention_assistant": 403}


def _open_employment(world) -> list:
    return [EmploymentFactory(worker=world.worker, establishment=world.establishment).pk]


def _worker_in_post(world) -> list:
    _open_employment(world)
    return [world.worker.pk]


def _ongoing_absence(world) -> list:
    return [AbsenceFactory(worker=world.worker, end_on=None).pk]


def _days_ago(days: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


CASES = [
    Case(
        "portal:suivi_sante:worker-detail",
        {**PORTAL_DECLARE, "portal_other": 404, "firm_unmandated": 404},
        args=lambda w: [w.worker.pk],
    ),
    Case("portal:suivi_sante:worker-hire", PORTAL_DECLARE),
    Case(
        "portal:suivi_sante:worker-update",
        {**PORTAL_DECLARE, "portal_other": 404, "firm_unmandated": 404},
        args=_worker_in_post,
    ),
    Case(
        "portal:suivi_sante:absence-create",
        PORTAL_DECLARE_ON_A,
        args=lambda w: [w.worker.pk],
        method="post",
        data=lambda w: {"cause": "maladie", "start_on": _days_ago(10)},
    ),
    Case(
        "portal:suivi_sante:employment-end",
        PORTAL_DECLARE_ON_A,
        args=_open_employment,
        method="post",
        data=lambda w: {"end_on": _days_ago(1)},
    ),
    Case(
        "portal:suivi_sante:absence-return",
        PORTAL_DECLARE_ON_A,
        args=_ongoing_absence,
        method="post",
        data=lambda w: {"return_on": _days_ago(1)},
    ),
    Case(
        "backoffice:suivi_sante:worker-detail",
        {**BACKOFFICE_CARE, "physician_other": 404, "prevention_assistant": 403},
        args=lambda w: [w.worker.pk],
    ),
    Case(
        "backoffice:suivi_sante:worker-category",
        {
            **BACKOFFICE_CARE,
            "physician": 302,
            "physician_other": 404,
            "nurse": 403,
            "prevention_assistant": 403,
            "secretary": 403,
            "member_service": 403,
            "billing": 403,
        },
        args=lambda w: [w.worker.pk],
        method="post",
        data=lambda w: {"category": "SIA", "reason": "Travail de nuit (décision du médecin)."},
    ),
    Case("backoffice:suivi_sante:duplicate-list", MERGE),
    Case(
        "backoffice:suivi_sante:worker-merge",
        {**MERGE, "physician": 302, "physician_other": 302, "secretary": 302},
        method="post",
        # The gate only: merging is tested in tests/suivi_sante/workers/test_workers.py.
        refused_with=dict.fromkeys(
            ("physician", "physician_other", "secretary"),
            "Choisissez le dossier à conserver et le doublon.",
        ),
    ),
]
CASES.append(
    Case(
        "backoffice:suivi_sante:worker-identity",
        {
            **BACKOFFICE_CARE,
            "physician": 302,
            "physician_other": 404,
            "nurse": 302,
            "prevention_assistant": 403,
            "secretary": 302,
            "member_service": 403,
            "billing": 403,
        },
        args=lambda w: [w.worker.pk],
        method="post",
        data=lambda w: {"identity_status": "provisional"},
    )
)
CASES.append(
    Case(
        "portal:adherents:establishment-preferences",
        # Neither firm holds a convocation scope.
        {**PORTAL_DECLARE_ON_A, "firm_mandated": 403, "firm_unmandated": 403},
        args=lambda w: [w.establishment.pk],
        method="post",
    )
)
