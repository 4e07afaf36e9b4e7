"""The worker's access request (L1111-7 CSP): the whole record as a PDF, logged with its reason."""

import datetime
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from accounts.models import AccessLog
from suivi_sante.dmst import selectors as selectors_dmst
from suivi_sante.documents import pdf as pdf_documents
from suivi_sante.models import ExposureRecord, Measurement, MedicalNote
from tests.matrix_suivi.dmst import ctx_for, stored_document
from tests.suivi_sante.factories import DmstFactory

SECRET = "Le salarié confie une lombalgie chronique depuis 2019."


@pytest.fixture
def full_record(world):
    physician = world.actors["physician"]
    world.worker.identity_status = "qualified"  # a qualified identity carries its INS
    world.worker.nir, world.worker.ins_oid = "184127645108946", "1.2.250.1.213.1.4.8"
    world.worker.save(update_fields=["identity_status", "nir", "ins_oid"])
    dmst = DmstFactory(worker=world.worker, opened_by=physician, treating_physician="Dr Morel")
    MedicalNote.objects.create(dmst=dmst, body=SECRET, author=physician)
    ExposureRecord.objects.create(
        dmst=dmst,
        agent="Fibres d'amiante",
        sir_risk="amiante",
        started_on=datetime.date(1998, 3, 1),
        ended_on=datetime.date(2003, 12, 31),
        author=physician,
    )
    Measurement.objects.create(
        dmst=dmst,
        label="Audiométrie 4 kHz",
        value=Decimal(35),
        unit="dB",
        measured_on=datetime.date(2026, 3, 10),
        author=physician,
    )
    stored_document(world)
    return dmst


@pytest.mark.django_db
def test_export_is_a_pdf_and_logs_one_read_with_the_access_request_reason(
    world, client_for, full_record
):
    response = client_for("physician").get(
        reverse("backoffice:suivi_sante:dmst-export", args=[world.worker.pk]),
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")
    line = AccessLog.objects.get()
    assert line.user == world.actors["physician"]
    assert line.object_id == str(world.worker.pk)
    assert line.reason == "demande d'accès du salarié"
    assert line.ip_address == "192.0.2.10"


@pytest.mark.django_db
def test_export_contains_identity_ins_status_exposures_notes_measurements_and_documents(
    world, full_record
):
    record = selectors_dmst.read_dmst(ctx_for(world.actors["nurse"]), world.worker)
    html = pdf_documents.dmst_export_html(world.worker, record)
    html = unescape(html)
    for text in (
        world.worker.last_name.upper(),
        world.worker.first_name,
        "01/06/1985",
        "Identité qualifiée",
        "Dr Morel",
        "Fibres d'amiante",
        "31/12/2003",
        SECRET,
        "Audiométrie 4 kHz",
        "Attestation de suivi",
        "L. 1111-7",
    ):
        assert text in html, text


@pytest.mark.django_db
def test_export_of_a_worker_without_record_says_so(world):
    html = pdf_documents.dmst_export_html(
        world.worker, selectors_dmst.read_dmst(ctx_for(world.actors["physician"]), world.worker)
    )
    html = unescape(html)
    assert "Aucun dossier médical n'a été ouvert" in html
