"""The read receipt of the visit's letter (seed 002: « transmission par courrier ou mail (accusé
de lecture) »): the mail links to the letter in the portal, whose first opening by a person of
the member is recorded once; the staff see it, and how many letters are read within 15 days."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.enums import AdherentRole
from prevention import selectors_reading
from prevention.models import PreventionVisit, VisitLetterRead
from prevention.visits import services
from tests.adherents.factories import AdherentMembershipFactory
from tests.conftest import login
from tests.matrix_prevention.fiche import ctx_of, visit

pytestmark = pytest.mark.django_db


def _pdf(pk: int) -> str:
    return reverse("portal:prevention:visit-letter-pdf", args=[pk])


def _detail(pk: int) -> str:
    return reverse("backoffice:prevention:visit-detail", args=[pk])


def test_the_first_opening_by_a_person_of_the_member_is_recorded_once(world, client_for):
    letter = visit(world, letter=True)
    assistant = client_for("prevention_assistant")
    page = assistant.get(_detail(letter.pk)).content.decode()
    assert "pas encore lu" in page

    # The staff open the letter in the back office, or try the member's link: not a read.
    backoffice_pdf = reverse("backoffice:prevention:visit-letter-pdf", args=[letter.pk])
    assert assistant.get(backoffice_pdf).status_code == 200
    assert assistant.get(_pdf(letter.pk)).status_code != 200
    # A HEAD probe (a mail scanner following the link with a session) is not a read either.
    admin = client_for("portal_admin")
    assert admin.head(_pdf(letter.pk)).status_code == 200
    assert not VisitLetterRead.objects.exists()

    assert admin.get(_pdf(letter.pk)).getvalue().startswith(b"%PDF")
    receipt = VisitLetterRead.objects.get(visit=letter)
    assert receipt.read_by == world.actors["portal_admin"]
    first_read_at = receipt.read_at

    # A colleague opens it later: the receipt keeps the first reader and the first time.
    colleague = AdherentMembershipFactory(
        adherent=world.adherent, role=AdherentRole.PREVENTION_CONTACT
    ).user
    assert login(client_for("anonymous"), colleague).get(_pdf(letter.pk)).status_code == 200
    assert admin.get(_pdf(letter.pk)).status_code == 200
    (receipt,) = VisitLetterRead.objects.all()
    assert (receipt.read_by, receipt.read_at) == (world.actors["portal_admin"], first_read_at)

    page = assistant.get(_detail(letter.pk)).content.decode()
    assert "Envoyé le " in page
    assert f"lu le {timezone.localtime(first_read_at):%d/%m/%Y à %H:%M}" in page
    assert f"par {world.actors['portal_admin']}" in page
    assert "pas encore lu" not in page


def test_another_member_gets_a_404_and_records_nothing(world, client_for):
    letter = visit(world, letter=True)
    response = client_for("portal_other").get(_pdf(letter.pk))
    assert response.status_code == 404
    assert client_for("firm_mandated").get(_pdf(letter.pk)).status_code == 403
    assert not VisitLetterRead.objects.exists()


def test_the_service_refuses_the_staff_and_a_letter_not_sent(world):
    letter = visit(world, letter=True)
    with pytest.raises(PermissionDenied):
        services.record_letter_read(
            actor=ctx_of(world.actors["prevention_assistant"]), visit=letter
        )
    with pytest.raises(Http404):
        services.record_letter_read(
            actor=ctx_of(world.actors["portal_admin"]), visit=visit(world, held=True)
        )
    assert not VisitLetterRead.objects.exists()


def test_a_receipt_is_never_changed_nor_deleted(world):
    letter = visit(world, letter=True)
    receipt = services.record_letter_read(actor=ctx_of(world.actors["portal_admin"]), visit=letter)
    for change in (
        lambda: VisitLetterRead.objects.filter(pk=receipt.pk).update(read_at=timezone.now()),
        lambda: VisitLetterRead.objects.filter(pk=receipt.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    assert VisitLetterRead.objects.get().read_at == receipt.read_at


def test_sending_the_letter_dates_it_and_the_mail_links_to_it(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    held = visit(world, held=True)
    assistant = ctx_of(world.actors["prevention_assistant"])
    with django_capture_on_commit_callbacks(execute=True):
        services.send_visit_letter(actor=assistant, visit=held, today=datetime.date(2026, 3, 9))
    held.refresh_from_db()
    assert timezone.localdate(held.letter_sent_at) == datetime.date(2026, 3, 9)
    (mail,) = mailoutbox
    assert _pdf(held.pk) in mail.body
    assert "rien n'est suivi dans ce courriel" in mail.body


def test_the_list_marks_read_and_unread_letters_in_a_flat_number_of_queries(world, client_for):
    client = client_for("prevention_assistant")
    url = reverse("backoffice:prevention:visit-list")
    reader = ctx_of(world.actors["portal_admin"])

    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            assert response.status_code == 200
        return len(captured), response.content.decode()

    services.record_letter_read(actor=reader, visit=visit(world, letter=True))
    visit(world, letter=True)
    count()  # the reading figure, computed once (prevention/selectors_remembered.py)
    few, page = count()
    assert "courrier envoyé (lu)" in page
    assert "courrier envoyé (non lu)" in page
    for _ in range(14):
        services.record_letter_read(actor=reader, visit=visit(world, letter=True))
        visit(world, letter=True)
    many, page = count()
    assert page.count("courrier envoyé (lu)") == 15
    assert page.count("courrier envoyé (non lu)") == 15
    assert many == few
    assert few <= 10  # the shell and the session, the page


def _sent_on(world, day: datetime.date, *, read_after_days: int | None) -> PreventionVisit:
    letter = visit(world, letter=True)
    sent_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    PreventionVisit.objects.filter(pk=letter.pk).update(letter_sent_at=sent_at)
    if read_after_days is not None:
        VisitLetterRead.objects.create(
            visit=letter,
            read_at=sent_at + datetime.timedelta(days=read_after_days),
            read_by=world.actors["portal_admin"],
        )
    return letter


def test_the_share_of_letters_read_within_15_days(world, client_for):
    today = timezone.localdate()
    days = datetime.timedelta
    _sent_on(world, today - days(40), read_after_days=2)  # read in time
    _sent_on(world, today - days(100), read_after_days=15)  # on the 15th day: in time
    _sent_on(world, today - days(60), read_after_days=20)  # read, but late
    _sent_on(world, today - days(200), read_after_days=None)  # never read
    _sent_on(world, today - days(5), read_after_days=1)  # still within its 15 days: waits
    _sent_on(world, today - days(400), read_after_days=1)  # older than 12 months
    reading = selectors_reading.letter_reading(
        ctx_of(world.actors["prevention_assistant"]), today=today
    )
    assert (reading.read, reading.total, reading.percent) == (2, 4, 50)
    # Another centre's staff count none of them.
    other = selectors_reading.letter_reading(ctx_of(world.actors["physician_other"]), today=today)
    assert other.total == 0

    page = client_for("prevention_assistant").get(reverse("backoffice:prevention:visit-list"))
    text = page.content.decode()
    assert (
        "Courriers lus dans les 15 jours suivant leur envoi : <strong>2 sur 4</strong> (50 %)"
        in text
    )
    assert "Définition : parmi les courriers de synthèse envoyés du" in text


def test_the_letters_sent_before_get_their_issue_date_from_the_visits_history(world):
    from importlib import import_module

    backfill = import_module("prevention.migrations.0011_letter_read_receipts")
    held = visit(world, held=True)
    services.send_visit_letter(actor=ctx_of(world.actors["prevention_assistant"]), visit=held)
    issued_at = PreventionVisit.objects.get(pk=held.pk).letter_sent_at
    never_sent = visit(world, held=True)
    with connection.cursor() as cursor:  # as before the field existed
        cursor.execute("UPDATE prevention_preventionvisit SET letter_sent_at = NULL")
        cursor.execute(backfill.BACKFILL_LETTER_SENT_AT)
    backfilled = PreventionVisit.objects.get(pk=held.pk).letter_sent_at
    assert abs(backfilled - issued_at) < datetime.timedelta(seconds=5)  # the same transaction
    assert PreventionVisit.objects.get(pk=never_sent.pk).letter_sent_at is None
