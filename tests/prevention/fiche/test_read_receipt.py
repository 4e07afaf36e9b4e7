"""The read receipt of a sent FE (seed 002: « accusé de lecture »): the mail links to the
version's page in the portal, whose first opening (page or PDF) by a person of the member is
recorded once per version; a new version starts unread; the staff see it on the FE's page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prevention import selectors_reading
from prevention.fiche import services
from prevention.models import FicheVersionRead
from tests.adherents.factories import EstablishmentFactory
from tests.matrix_prevention.fiche import ctx_of, sent, validated

pytestmark = pytest.mark.django_db


def _page(version) -> str:
    return reverse("portal:prevention:fiche-version-detail", args=[version.pk])


def _pdf(version) -> str:
    return reverse("portal:prevention:fiche-version-pdf", args=[version.pk])


def _detail(version) -> str:
    return reverse("backoffice:prevention:fiche-detail", args=[version.fiche_id])


def test_the_first_opening_is_recorded_once_and_a_new_version_starts_unread(world, client_for):
    first = sent(world, sent_on=datetime.date(2026, 1, 5))
    assistant, member = client_for("prevention_assistant"), client_for("portal_admin")
    assert assistant.get(reverse("backoffice:prevention:fiche-version-pdf", args=[first.pk]))
    assert "pas encore lue" in assistant.get(_detail(first)).content.decode()
    assert not FicheVersionRead.objects.exists()

    assert member.get(_pdf(first)).status_code == 200  # the PDF counts as the page does
    receipt = FicheVersionRead.objects.get(version=first)
    assert receipt.read_by == world.actors["portal_admin"]
    assert member.get(_page(first)).status_code == 200
    assert FicheVersionRead.objects.get().read_at == receipt.read_at  # never overwritten

    page = assistant.get(_detail(first)).content.decode()
    assert "envoyée le 05/01/2026 à 12:00" in page
    assert f"lue le {timezone.localtime(receipt.read_at):%d/%m/%Y à %H:%M}" in page
    assert f"par {world.actors['portal_admin']}" in page

    second = sent(world, sent_on=datetime.date(2026, 3, 2))  # a new version, sent again
    page = assistant.get(_detail(second)).content.decode()
    assert "n° 2 : envoyée le 02/03/2026 à 12:00 — pas encore lue" in page
    assert page.count("pas encore lue") == 2  # the summary and the new version's row
    assert member.get(_page(second)).status_code == 200
    assert FicheVersionRead.objects.get(version=second).read_by == world.actors["portal_admin"]
    assert FicheVersionRead.objects.count() == 2


def test_another_member_and_the_staff_record_nothing(world, client_for):
    version = sent(world)
    for url in (_page(version), _pdf(version)):
        assert client_for("portal_other").get(url).status_code == 404
        assert client_for("firm_mandated").get(url).status_code == 403
        assert client_for("prevention_assistant").get(url).status_code != 200
    not_sent = validated(world, establishment=EstablishmentFactory(adherent=world.adherent))
    assert client_for("portal_admin").get(_page(not_sent)).status_code == 404
    assert not FicheVersionRead.objects.exists()


def test_the_mail_links_to_the_versions_page(world, mailoutbox, django_capture_on_commit_callbacks):
    version = validated(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_version(actor=ctx_of(world.actors["prevention_assistant"]), version=version)
    (mail,) = mailoutbox
    assert _page(version) in mail.body
    assert "accusé de lecture" in mail.body


def test_the_fe_page_reads_the_receipts_in_a_flat_number_of_queries(world, client_for):
    assistant = client_for("prevention_assistant")
    reader = ctx_of(world.actors["portal_admin"])

    def count(version) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert assistant.get(_detail(version)).status_code == 200
        return len(captured)

    services.record_read(actor=reader, version=sent(world))
    few = count(sent(world))
    for _ in range(10):
        services.record_read(actor=reader, version=sent(world))
    assert count(sent(world)) == few


def test_the_share_of_fe_read_within_15_days_is_on_the_fe_list(world, client_for):
    today = timezone.localdate()
    read_in_time = sent(world, sent_on=today - datetime.timedelta(days=30))
    FicheVersionRead.objects.create(
        version=read_in_time,
        read_at=read_in_time.sent_at + datetime.timedelta(days=3),
        read_by=world.actors["portal_admin"],
    )
    other = EstablishmentFactory(adherent=world.adherent)
    sent(world, establishment=other, sent_on=today - datetime.timedelta(days=90))  # unread
    reading = selectors_reading.fiche_reading(
        ctx_of(world.actors["prevention_assistant"]), today=today
    )
    assert (reading.read, reading.total, reading.percent) == (1, 2, 50)
    page = client_for("prevention_assistant").get(reverse("backoffice:prevention:fiche-list"))
    text = page.content.decode()
    assert "Fiches lues dans les 15 jours suivant leur envoi : <strong>1 sur 2</strong>" in text
    assert "Définition : parmi les versions de fiche d'entreprise transmises" in text
