"""The measures letter lives in the documents storage: hash checked on every download, an
altered file refused on both sides, its name and hash written once."""

import datetime
import logging
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import DatabaseError, transaction
from django.urls import reverse

from accounts.context import build_context
from pdp.models import MeasuresLetter
from pdp.plans import services
from tests import documents
from tests.pdp.factories import PdpCaseFactory


def _path(name: str) -> Path:
    return Path(django_settings.STORAGES["documents"]["OPTIONS"]["location"]) / name


def _issued(world, coordinator, django_capture_on_commit_callbacks) -> MeasuresLetter:
    actor = build_context(coordinator, {}, mfa_passed=True)
    case = PdpCaseFactory(worker=world.worker)
    services.add_measure(
        actor=actor, case=case, kind="workstation_adjustment", employer_text="Poste assis-debout"
    )
    with django_capture_on_commit_callbacks(execute=True):
        letter = services.issue_letter(actor=actor, case=case)
    letter.refresh_from_db()  # rendered and stored by the task queued on commit
    return letter


@pytest.mark.django_db
def test_an_altered_measures_letter_is_refused_to_the_employer_and_the_cell(
    world, coordinator, client_for, client_as, django_capture_on_commit_callbacks, caplog
):
    letter = _issued(world, coordinator, django_capture_on_commit_callbacks)
    assert letter.pdf.name.startswith("pdp/measures_letter/")
    assert len(letter.pdf_sha256) == 64
    content = documents.read(letter.pdf, letter.pdf_sha256)
    assert content.startswith(b"%PDF")
    portal = client_for("portal_admin")
    cell = client_as(coordinator)
    urls = (
        (portal, reverse("portal:pdp:letter-download", args=[letter.pk])),
        (cell, reverse("backoffice:pdp:letter-download", args=[letter.pk])),
    )
    for client, url in urls:
        good = client.get(url)
        assert good.status_code == 200
        assert good["Cache-Control"] == "private, no-store"
        assert good.getvalue() == content

    path = _path(letter.pdf.name)
    path.write_bytes(path.read_bytes() + b"%% ajout")  # altered in the storage
    with caplog.at_level(logging.ERROR, logger="spsti.documents_storage"):
        for client, url in urls:
            refused = client.get(url)
            assert refused.status_code == 500
            assert refused["Content-Type"].startswith("text/html")
            assert "ne correspond plus à l'empreinte" in refused.content.decode()
    assert caplog.text.count(f"document altéré : {letter.pdf.name}") == 2


@pytest.mark.django_db
def test_a_letter_is_stored_once_and_never_rewritten(
    world, coordinator, django_capture_on_commit_callbacks
):
    letter = _issued(world, coordinator, django_capture_on_commit_callbacks)
    name, sha = letter.pdf.name, letter.pdf_sha256
    assert services.store_letter_pdf(letter=letter, content=b"%PDF-1.7 autre") is False
    with pytest.raises(DatabaseError), transaction.atomic():
        MeasuresLetter.objects.filter(pk=letter.pk).update(pdf="pdp/measures_letter/x.pdf")
    with pytest.raises(DatabaseError), transaction.atomic():
        MeasuresLetter.objects.filter(pk=letter.pk).update(pdf_sha256="0" * 64)
    letter.refresh_from_db()
    assert (letter.pdf.name, letter.pdf_sha256) == (name, sha)


@pytest.mark.django_db
def test_the_employers_letter_list_makes_as_many_queries_for_six_letters_as_for_one(
    world, coordinator, client_for, django_assert_max_num_queries
):
    def letter_for_a_new_case() -> None:
        case = PdpCaseFactory(
            worker=world.worker,
            status="closed",
            outcome="kept_in_post",
            closed_on=datetime.date(2026, 10, 1),
        )
        MeasuresLetter.objects.create(
            case=case,
            adherent=world.adherent,
            number=1,
            issued_by=coordinator,
            **documents.fields(b"%PDF-1.7 lettre", "pdf", "pdf_sha256", kind="measures_letter"),
        )

    portal = client_for("portal_admin")
    url = reverse("portal:pdp:letter-list")
    letter_for_a_new_case()
    with django_assert_max_num_queries(12) as one:
        assert portal.get(url).status_code == 200
    for _ in range(5):
        letter_for_a_new_case()
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = portal.get(url).content.decode()
    for letter in MeasuresLetter.objects.all():
        assert reverse("portal:pdp:letter-download", args=[letter.pk]) in page
