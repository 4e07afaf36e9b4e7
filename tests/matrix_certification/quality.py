"""Permission-matrix rows of the quality certification (certification/urls_backoffice.py).

The shared world holds no quality actor: its staff meet the quality pages with 403 (no
"certification.quality:*" code), and the pilots' and auditors' pages (every staff member holds
"certification.participant:access") with 200 for lists and 404 for a process or an audit that
is not theirs. `EXTRA` gives the statuses of the quality actors (tests/certification/
test_matrix.py): quality manager and direction of A's centre, the quality manager of the other
centre, a pilot and an auditor of A's centre.
"""

import datetime

from django.utils import timezone

from certification.data.spec2217 import SKELETON_VERSION
from certification.models import Finding, ManagementReview, Referential, ReferentialImport
from tests import documents
from tests.certification.factories import (
    AssessmentFactory,
    AuditFactory,
    CampaignFactory,
    ControlledDocumentFactory,
    CorrectiveActionFactory,
    NonConformityFactory,
    ProcessFactory,
)
from tests.matrix import BACKOFFICE_OPEN, Case, backoffice_for
from tests.matrix_adherents.events import complaint_for

QUALITY_ONLY = backoffice_for()  # no actor of the shared world holds a quality code
ALL_STAFF_404 = backoffice_for(
    "physician",
    "physician_other",
    "nurse",
    "prevention_assistant",
    "secretary",
    "member_service",
    "billing",
    status=404,
)

GOOD_FILE = b"chapitre;code;libelle;niveau\n4.1;RH-01;Les competences sont tracees.;1\n"


def _actor(w, name, fallback="physician"):
    return w.actors.get(name) or w.actors[fallback]


def skeleton(w):
    return Referential.objects.get(version=SKELETON_VERSION)


def checked_job(w):
    return ReferentialImport.objects.create(
        version=f"V-matrice-{ReferentialImport.objects.count()}",
        filename="ref.csv",
        **documents.fields(GOOD_FILE, "content", "content_sha256", extension="csv"),
        status=ReferentialImport.Status.CHECKED,
        report={"new": 1, "errors": [], "by_level": {"1": 1}},
        created_by=w.actors["physician"],
    )


def campaign_for(w):
    line = AssessmentFactory(campaign=CampaignFactory(center=w.center))
    return line.campaign


def line_for(w):
    return campaign_for(w).assessments.get()


def nc_for(w):
    return NonConformityFactory(center=w.center)


def action_for(w, **overrides):
    return CorrectiveActionFactory(nonconformity=nc_for(w), **overrides)


def audit_for(w, **overrides):
    audit = AuditFactory(center=w.center, **overrides)
    if "auditor" in w.actors:
        audit.auditors.add(w.actors["auditor"])
    return audit


def process_for(w):
    # In the shared world, the pilot is nobody among the actors.
    return ProcessFactory(
        center=w.center, **({"pilot": w.actors["pilot"]} if "pilot" in w.actors else {})
    )


def document_for(w):
    return ControlledDocumentFactory(center=w.center)


def version_for(w):
    from certification.models import DocumentVersion

    return DocumentVersion.objects.create(
        document=document_for(w),
        number=1,
        filename="procedure.txt",
        **documents.fields(b"texte", "content", "sha256", extension="txt"),
        uploaded_by=w.actors["physician"],
    )


def review_for(w):
    return ManagementReview.objects.create(
        center=w.center,
        year=2025,
        held_on=datetime.date(2026, 1, 15),
        decisions="Poursuivre.",
        held_by=w.actors["physician"],
        **documents.fields(b"%PDF-1.4 revue", "pdf", "sha256"),
    )


def _quality_post(**overrides):
    return {
        "quality": 302,
        "direction": 403,
        "quality_other": 404,
        "pilot": 403,
        "auditor": 403,
        **overrides,
    }


LIST = {"quality": 200, "direction": 200, "quality_other": 200, "pilot": 403, "auditor": 403}
DETAIL = {**LIST, "quality_other": 404}
WRITE_PAGE = {**LIST, "direction": 403}
WRITE_DETAIL = {**WRITE_PAGE, "quality_other": 404}

# url name -> statuses of the quality actors
EXTRA: dict[str, dict[str, int]] = {}


def _case(url_name, standard, extra, **kwargs):
    EXTRA[url_name] = extra
    return Case(url_name, standard, **kwargs)


def _today():
    return timezone.localdate()


CASES = [
    _case("backoffice:certification:referential-list", QUALITY_ONLY, LIST),
    _case(
        "backoffice:certification:referential-detail",
        QUALITY_ONLY,
        LIST,  # the referential is the same text for every centre
        args=lambda w: [skeleton(w).pk],
    ),
    _case("backoffice:certification:referential-import-create", QUALITY_ONLY, WRITE_PAGE),
    _case(
        "backoffice:certification:referential-import-detail",
        QUALITY_ONLY,
        LIST,
        args=lambda w: [checked_job(w).pk],
    ),
    _case(
        "backoffice:certification:referential-import-confirm",
        QUALITY_ONLY,
        {**_quality_post(), "quality_other": 302},
        args=lambda w: [checked_job(w).pk],
        method="post",
    ),
    _case("backoffice:certification:campaign-list", QUALITY_ONLY, LIST),
    _case("backoffice:certification:campaign-create", QUALITY_ONLY, WRITE_PAGE),
    _case(
        "backoffice:certification:campaign-detail",
        QUALITY_ONLY,
        DETAIL,
        args=lambda w: [campaign_for(w).pk],
    ),
    _case(
        "backoffice:certification:campaign-readiness",
        QUALITY_ONLY,
        DETAIL,
        args=lambda w: [campaign_for(w).pk],
    ),
    _case(
        "backoffice:certification:campaign-close",
        QUALITY_ONLY,
        _quality_post(),
        args=lambda w: [campaign_for(w).pk],
        method="post",
    ),
    _case(
        "backoffice:certification:assessment-edit",
        QUALITY_ONLY,
        WRITE_DETAIL,
        args=lambda w: [line_for(w).pk],
    ),
    _case("backoffice:certification:nc-list", QUALITY_ONLY, LIST),
    _case("backoffice:certification:nc-create", QUALITY_ONLY, WRITE_PAGE),
    _case(
        "backoffice:certification:nc-from-complaint",
        QUALITY_ONLY,
        WRITE_DETAIL,
        args=lambda w: [complaint_for(w).pk],
    ),
    _case(
        "backoffice:certification:nc-detail", QUALITY_ONLY, DETAIL, args=lambda w: [nc_for(w).pk]
    ),
    _case(
        "backoffice:certification:nc-action-create",
        QUALITY_ONLY,
        _quality_post(),
        args=lambda w: [nc_for(w).pk],
        method="post",
        data=lambda w: {
            "description": "Former les secrétariats.",
            "owner": _actor(w, "quality").pk,
            "due_on": (_today() + datetime.timedelta(days=30)).isoformat(),
        },
    ),
    _case(
        "backoffice:certification:nc-close",
        QUALITY_ONLY,
        _quality_post(),
        args=lambda w: [nc_for(w).pk],
        method="post",
        refused_with={"quality": "Non soldée"},
    ),
    _case(
        "backoffice:certification:nc-my-actions",
        BACKOFFICE_OPEN,  # every staff member may own an action: the page lists theirs
        {**LIST, "pilot": 200, "auditor": 200},
    ),
    _case(
        "backoffice:certification:nc-action-done",
        ALL_STAFF_404,  # owners record their own actions done; this one is nobody's of them
        _quality_post(direction=404, pilot=404, auditor=404),
        args=lambda w: [action_for(w).pk],
        method="post",
        data=lambda w: {"done_on": _today().isoformat()},
    ),
    _case(
        "backoffice:certification:nc-action-check",
        QUALITY_ONLY,
        _quality_post(),
        args=lambda w: [action_for(w, done_on=_today()).pk],
        method="post",
        data=lambda w: {"is_effective": "oui", "note": "Plus de réclamation depuis."},
    ),
    _case(
        "backoffice:certification:audit-list",
        BACKOFFICE_OPEN,  # every staff member may be an auditor: the list holds their audits
        {**LIST, "pilot": 200, "auditor": 200},
    ),
    _case("backoffice:certification:audit-create", QUALITY_ONLY, WRITE_PAGE),
    _case(
        "backoffice:certification:audit-detail",
        ALL_STAFF_404,
        {**DETAIL, "pilot": 404, "auditor": 200},
        args=lambda w: [audit_for(w).pk],
    ),
    _case(
        "backoffice:certification:audit-finding-create",
        QUALITY_ONLY,
        _quality_post(),
        args=lambda w: [audit_for(w).pk],
        method="post",
        data=lambda w: {"kind": Finding.Kind.OBSERVATION, "text": "Procédure à relire."},
    ),
    _case(
        "backoffice:certification:audit-certification",
        QUALITY_ONLY,
        _quality_post(),
        args=lambda w: [audit_for(w, kind="external", certifier="Certificateur").pk],
        method="post",
        data=lambda w: {"level": "2", "certified_on": "2025-04-15"},
    ),
    _case("backoffice:certification:audit-pack", QUALITY_ONLY, LIST),
    _case("backoffice:certification:document-list", QUALITY_ONLY, LIST),
    _case("backoffice:certification:document-create", QUALITY_ONLY, WRITE_PAGE),
    _case(
        "backoffice:certification:document-detail",
        QUALITY_ONLY,
        DETAIL,
        args=lambda w: [document_for(w).pk],
    ),
    _case(
        "backoffice:certification:document-version-file",
        QUALITY_ONLY,
        DETAIL,
        args=lambda w: [version_for(w).pk],
    ),
    _case(
        "backoffice:certification:document-version-move",
        QUALITY_ONLY,
        _quality_post(),
        args=lambda w: [version_for(w).pk],
        method="post",
        data=lambda w: {"target": "review"},
    ),
    _case(
        "backoffice:certification:process-list",
        BACKOFFICE_OPEN,  # every staff member may pilot a process: the map holds theirs
        {**LIST, "pilot": 200, "auditor": 200},
    ),
    _case("backoffice:certification:process-create", QUALITY_ONLY, WRITE_PAGE),
    _case(
        "backoffice:certification:process-detail",
        ALL_STAFF_404,
        {**DETAIL, "pilot": 200, "auditor": 404},
        args=lambda w: [process_for(w).pk],
    ),
    _case(
        "backoffice:certification:process-edit",
        ALL_STAFF_404,
        {**DETAIL, "direction": 403, "pilot": 200, "auditor": 404},
        args=lambda w: [process_for(w).pk],
    ),
    _case("backoffice:certification:review-list", QUALITY_ONLY, LIST),
    _case("backoffice:certification:review-create", QUALITY_ONLY, LIST),
    _case(
        "backoffice:certification:review-detail",
        QUALITY_ONLY,
        DETAIL,
        args=lambda w: [review_for(w).pk],
    ),
    _case(
        "backoffice:certification:review-pdf",
        QUALITY_ONLY,
        DETAIL,
        args=lambda w: [review_for(w).pk],
    ),
]
