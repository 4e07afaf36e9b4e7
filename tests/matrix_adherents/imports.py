"""Permission-matrix rows of the imports area: back-office imports and reversibility exports."""

from __future__ import annotations

from adherents.models import ImportJob
from tests import documents
from tests.matrix import (
    PORTAL_STAFF_403,
    Case,
    backoffice_for,
)

# Imports and the centre's exports: the member service only ("adherents.import:run",
# "adherents.export:download"); another centre's physician lacks the code too.
MEMBER_SERVICE_ONLY = backoffice_for("member_service")


def job_of(world) -> ImportJob:
    """A dry run of A's centre, still pending."""
    job = ImportJob.objects.filter(center=world.center).first()
    return job or ImportJob.objects.create(
        kind="adherents",
        center=world.center,
        filename="adherents.csv",
        **documents.fields(b"raison_sociale;siren\r\n", "content", "content_sha256"),
        created_by=world.actors["member_service"],
    )


CASES = [
    Case(
        "portal:adherents:imports-export",
        {  # the member's own account admin, never a firm
            "anonymous": 302,
            "portal_admin": 200,
            "portal_other": 200,
            "firm_mandated": 403,
            "firm_unmandated": 403,
            **PORTAL_STAFF_403,
        },
    ),
    Case("backoffice:adherents:imports-job-list", MEMBER_SERVICE_ONLY),
    Case("backoffice:adherents:imports-job-create", MEMBER_SERVICE_ONLY),
    Case(
        "backoffice:adherents:imports-job-detail",
        MEMBER_SERVICE_ONLY,
        args=lambda w: [job_of(w).pk],
    ),
    Case(
        "backoffice:adherents:imports-job-confirm",
        {**MEMBER_SERVICE_ONLY, "member_service": 302},  # refused (not checked): back to the job
        args=lambda w: [job_of(w).pk],
        method="post",
        refused_with={
            "member_service": "Seule une simulation terminée sans erreur peut être confirmée."
        },
    ),
    Case(
        "backoffice:adherents:imports-template",
        MEMBER_SERVICE_ONLY,
        args=lambda w: ["adherents"],
    ),
    Case("backoffice:adherents:imports-members-xlsx", MEMBER_SERVICE_ONLY),
    Case(
        "backoffice:adherents:imports-member-export",
        MEMBER_SERVICE_ONLY,
        args=lambda w: [w.adherent.pk],
    ),
]
