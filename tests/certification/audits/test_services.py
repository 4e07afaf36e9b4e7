import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from certification.assessments import services as assessment_services
from certification.audits import services
from certification.audits.tasks import send_certification_expiry_alerts
from certification.errors import CertificationError
from certification.models import Finding, NonConformity
from certification.nonconformities import services as nc_services
from spsti import outbox
from spsti.models import OutgoingEmail
from tests.certification.factories import AuditFactory
from tests.certification.helpers import ctx_of, small_referential
from tests.conftest import login
from tests.matrix_adherents.events import complaint_for


@pytest.mark.django_db
def test_a_finding_becomes_a_nonconformity_or_stays_an_observation(quality):
    actor = ctx_of(quality.actors["quality"])
    referential = small_referential()
    criterion = referential.criteria.first()
    audit = services.plan_audit(
        actor=actor,
        kind="internal",
        title="Audit interne SIS",
        scope="Suivi individuel",
        starts_on=datetime.date(2026, 1, 5),
        ends_on=datetime.date(2026, 1, 6),
        auditors=[quality.actors["nurse"]],
        sampled_criteria=[criterion],
    )
    finding = services.record_finding(
        actor=actor,
        audit=audit,
        kind="nonconformity",
        text="Pas de traçabilité.",
        criterion=criterion,
        severity="minor",
    )
    assert finding.nonconformity.source == "internal_audit"
    assert finding.nonconformity.criterion == criterion
    observation = services.record_finding(actor=actor, audit=audit, kind="observation", text="Ok")
    assert observation.nonconformity is None


@pytest.mark.django_db
def test_certification_validity_and_expiry_alerts(quality, time_machine):
    actor = ctx_of(quality.actors["quality"])
    audit = AuditFactory(
        center=quality.center,
        kind="external",
        certifier="Organisme accrédité",
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2025, 4, 3),
    )
    services.record_certification(
        actor=actor,
        audit=audit,
        level=1,
        certified_on=datetime.date(2025, 4, 30),
        reserves="Procédure PDP à formaliser.",
    )
    audit.refresh_from_db()
    assert audit.valid_until == datetime.date(2027, 4, 29)
    time_machine.move_to(datetime.datetime(2026, 4, 29, 7, 0, tzinfo=datetime.UTC))
    assert send_certification_expiry_alerts() == 1
    assert send_certification_expiry_alerts() == 0
    time_machine.move_to(datetime.datetime(2026, 10, 29, 7, 0, tzinfo=datetime.UTC))
    assert send_certification_expiry_alerts() == 1
    assert [m.subject for m in mail.outbox] == [
        "Certification : fin de validité dans 12 mois",
        "Certification : fin de validité dans 6 mois",
    ]
    assert "non renouvelable" in mail.outbox[0].body
    # Through the outbox, filed under the audit, once per level of alert.
    rows = outbox.sent_for(audit)
    assert [(r.subject, r.status) for r in rows] == [
        ("Certification : fin de validité dans 6 mois", OutgoingEmail.Status.SENT),
        ("Certification : fin de validité dans 12 mois", OutgoingEmail.Status.SENT),
    ]
    audit.refresh_from_db()
    assert audit.alerts_sent == [6, 12]


@pytest.mark.django_db
def test_the_audit_pack_holds_assessment_documents_register_and_reports(quality):
    actor = ctx_of(quality.actors["quality"])
    referential = small_referential()
    campaign = assessment_services.open_campaign(
        actor=actor, referential=referential, title="2026", started_on=datetime.date(2026, 1, 5)
    )
    line = campaign.assessments.first()
    assessment_services.assess(actor=actor, assessment=line, status="met", comment="=1+1")
    complaint = complaint_for(quality, subject="Convocation tardive")
    nc_services.nonconformity_from_complaint(actor=actor, complaint=complaint, severity="minor")
    audit = services.plan_audit(
        actor=actor,
        kind="internal",
        title="Audit interne SIS",
        scope="Suivi",
        starts_on=datetime.date(2026, 1, 5),
        ends_on=datetime.date(2026, 1, 6),
    )
    services.record_finding(actor=actor, audit=audit, kind="observation", text="Bonne pratique")
    client = login(Client(), quality.actors["direction"])
    response = client.get(reverse("backoffice:certification:audit-pack"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {
        "auto-evaluation.xlsx",
        "documents-maitrises.xlsx",
        "registre-non-conformites.xlsx",
        "rapports-audits/2026-01-05-audit-interne-sis.txt",
    } <= names
    sheet = load_workbook(io.BytesIO(archive.read("auto-evaluation.xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Chapitre", "Critère", "Libellé", "Niveau", "Statut")
    assert len(rows) == 5
    assert rows[1][4] == "Satisfait"
    assert rows[1][6] == "'=1+1"
    register = load_workbook(io.BytesIO(archive.read("registre-non-conformites.xlsx"))).active
    nc_rows = list(register.iter_rows(values_only=True))
    assert nc_rows[1][:3] == ("NC-0001", "Réclamation", "Réclamation : Convocation tardive")
    report = archive.read("rapports-audits/2026-01-05-audit-interne-sis.txt").decode()
    assert "Observation : Bonne pratique" in report
    assert NonConformity.objects.count() == 1
    assert Finding.objects.count() == 1


@pytest.mark.django_db
def test_an_auditor_reads_the_audit_only_within_its_dates(quality, time_machine):
    auditor = quality.actors["nurse"]
    audit = AuditFactory(
        center=quality.center,
        starts_on=datetime.date(2026, 3, 2),
        ends_on=datetime.date(2026, 3, 3),
    )
    audit.auditors.add(auditor)
    url = reverse("backoffice:certification:audit-detail", args=[audit.pk])
    for moment, status in (("2026-03-01", 404), ("2026-03-02", 200), ("2026-03-04", 404)):
        time_machine.move_to(datetime.datetime.fromisoformat(f"{moment}T09:00:00+00:00"))
        assert login(Client(), auditor).get(url).status_code == status, moment


def _certification_audit(quality, starts_on):
    return AuditFactory(
        center=quality.center,
        kind="external",
        certifier="Organisme accrédité",
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=2),
    )


@pytest.mark.django_db
def test_only_level_3_is_renewable(quality):
    """A level 1 certificate (01/05/2025, valid to 30/04/2027) is not followed by another
    level 1 (D4622-47-1, arrêté of 27 July 2023): level 2 or 3; level 2 by level 3; level 3 by
    level 3."""
    actor = ctx_of(quality.actors["quality"])
    first = _certification_audit(quality, datetime.date(2025, 4, 14))
    services.record_certification(
        actor=actor, audit=first, level=1, certified_on=datetime.date(2025, 5, 1)
    )
    first.refresh_from_db()
    assert first.valid_until == datetime.date(2027, 4, 30)
    renewal = _certification_audit(quality, datetime.date(2027, 3, 15))
    with pytest.raises(CertificationError) as refused:
        services.record_certification(
            actor=actor, audit=renewal, level=1, certified_on=datetime.date(2027, 4, 1)
        )
    message = str(refused.value)
    assert "Certificat précédent : niveau 1 du 01/05/2025" in message
    assert "niveau 2 ou 3" in message
    assert "D4622-47-1" in message
    assert "27 juillet 2023" in message
    renewal.refresh_from_db()
    assert renewal.level_obtained is None
    services.record_certification(
        actor=actor, audit=renewal, level=2, certified_on=datetime.date(2027, 4, 1)
    )
    third = _certification_audit(quality, datetime.date(2030, 3, 1))
    with pytest.raises(CertificationError, match="niveau 3, pas de niveau 2"):
        services.record_certification(
            actor=actor, audit=third, level=2, certified_on=datetime.date(2030, 3, 15)
        )
    services.record_certification(
        actor=actor, audit=third, level=3, certified_on=datetime.date(2030, 3, 15)
    )
    fourth = _certification_audit(quality, datetime.date(2035, 2, 1))
    services.record_certification(
        actor=actor, audit=fourth, level=3, certified_on=datetime.date(2035, 3, 1)
    )
    # Recording the same decision again on its audit compares it with the others only.
    services.record_certification(
        actor=actor, audit=fourth, level=3, certified_on=datetime.date(2035, 3, 1)
    )
    # A certificate entered out of order must be one the next certificate may follow.
    earlier = _certification_audit(quality, datetime.date(2026, 6, 1))
    with pytest.raises(CertificationError, match="Certificat suivant : niveau 2 du 01/04/2027"):
        services.record_certification(
            actor=actor, audit=earlier, level=2, certified_on=datetime.date(2026, 6, 15)
        )


@pytest.mark.django_db
def test_another_centres_certificate_is_not_the_previous_one(quality):
    services.record_certification(
        actor=ctx_of(quality.actors["quality_other"]),
        audit=AuditFactory(
            center=quality.other_center,
            kind="external",
            certifier="Organisme accrédité",
            starts_on=datetime.date(2025, 4, 14),
        ),
        level=1,
        certified_on=datetime.date(2025, 5, 1),
    )
    audit = _certification_audit(quality, datetime.date(2025, 4, 14))
    services.record_certification(
        actor=ctx_of(quality.actors["quality"]),
        audit=audit,
        level=1,
        certified_on=datetime.date(2025, 5, 1),
    )
    audit.refresh_from_db()
    assert audit.level_obtained == 1


@pytest.mark.django_db
def test_the_decision_form_names_the_previous_certificate_and_refuses(quality):
    actor = ctx_of(quality.actors["quality"])
    first = _certification_audit(quality, datetime.date(2025, 4, 14))
    services.record_certification(
        actor=actor, audit=first, level=1, certified_on=datetime.date(2025, 5, 1)
    )
    renewal = _certification_audit(quality, datetime.date(2027, 3, 15))
    client = login(Client(), quality.actors["quality"])
    url = reverse("backoffice:certification:audit-detail", args=[renewal.pk])
    page = client.get(url).content.decode()
    assert "Certificat précédent : niveau 1 du 01/05/2025" in page
    assert "le suivant est de niveau 2 ou 3" in page
    response = client.post(
        reverse("backoffice:certification:audit-certification", args=[renewal.pk]),
        {"level": "1", "certified_on": "2027-04-01"},
        follow=True,
    )
    assert "n&#x27;est pas renouvelable" in response.content.decode()
    renewal.refresh_from_db()
    assert renewal.level_obtained is None
