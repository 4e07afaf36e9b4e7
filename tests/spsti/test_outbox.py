"""The durable outbox (issue 12, item 4): rows in the business transaction, one idempotent
sending task, retries with backoff, and the list shown on the object's page."""

import datetime
import os
import smtplib
import time
from pathlib import Path

import pytest
import time_machine
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from spsti import devservices, outbox, tasks
from spsti.models import OutgoingEmail
from tests.accounts.factories import UserFactory
from tests.workers import celery_worker

pytestmark = pytest.mark.django_db


def _queue(related=None, **extra) -> OutgoingEmail | None:
    fields = {
        "kind": "test.notice",
        "to": ["gerant@alpha.fr"],
        "subject": "Votre  convocation\n du mardi",
        "body": "Bonjour,\n",
        "related": related,
    }
    return outbox.queue_email(**{**fields, **extra})


@pytest.mark.django_db(transaction=True)
def test_the_row_is_written_in_the_business_transaction_and_leaves_with_its_rollback(
    mailoutbox,
):
    user = UserFactory()

    def business_change_that_fails():
        with transaction.atomic():
            assert _queue(user, key="rolled-back") is not None
            assert OutgoingEmail.objects.count() == 1  # inside the transaction, beside the change
            raise RuntimeError("the business change fails")

    with pytest.raises(RuntimeError):
        business_change_that_fails()
    assert not OutgoingEmail.objects.exists()
    assert mailoutbox == []
    with transaction.atomic():
        row = _queue(user, key="rolled-back")  # the key is free again
        assert mailoutbox == []  # nothing leaves before the commit
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT
    (mail,) = mailoutbox
    assert mail.subject == "Votre convocation du mardi"
    assert mail.to == ["gerant@alpha.fr"]


def test_the_task_sends_once_and_marks_the_row_sent(mailoutbox):
    row = _queue(UserFactory())
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, "")
    assert row.sent_at is not None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].extra_headers["X-SPSTI-Outbox"] == str(row.pk)


def test_the_task_delivered_twice_for_one_row_sends_one_mail(mailoutbox):
    row = _queue()
    assert tasks.send_outgoing_email(row.pk) is False
    assert tasks.send_outgoing_email.delay(row.pk).get() is False
    assert len(mailoutbox) == 1


def test_the_same_idempotency_key_queues_one_row(mailoutbox):
    with transaction.atomic():
        first = _queue(key="digest:42:2026-W10")
        assert _queue(key="digest:42:2026-W10", subject="Autre") is None
    assert first is not None
    assert OutgoingEmail.objects.filter(idempotency_key="digest:42:2026-W10").count() == 1
    assert len(mailoutbox) == 1


def test_no_recipient_queues_nothing():
    assert _queue(to=["", "  "]) is None
    assert not OutgoingEmail.objects.exists()


def refuse(self, fail_silently=False):
    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_failed_send_records_the_attempt_then_retries_with_backoff(mailoutbox):
    start = timezone.now()
    smtp_down = pytest.MonkeyPatch()
    smtp_down.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with time_machine.travel(start, tick=False):
        row = _queue()
        row.refresh_from_db()
        assert (row.status, row.attempts) == ("pending", 1)
        assert row.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
        assert row.next_attempt_at == start + datetime.timedelta(minutes=2)
        assert tasks.retry_outgoing_emails() == 0  # its backoff is not over
    with time_machine.travel(start + datetime.timedelta(minutes=3), tick=False):
        assert tasks.retry_outgoing_emails() == 1  # failed again: 2 attempts, 4 minutes wait
        row.refresh_from_db()
        assert row.attempts == 2
        assert row.next_attempt_at == start + datetime.timedelta(minutes=3 + 4)
    smtp_down.undo()
    with time_machine.travel(start + datetime.timedelta(minutes=8), tick=False):
        assert tasks.retry_outgoing_emails() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 3)
    assert len(mailoutbox) == 1


def test_after_the_last_attempt_the_row_stays_failed(mailoutbox):
    with pytest.MonkeyPatch.context() as smtp_down:
        smtp_down.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
        row = _queue()
        OutgoingEmail.objects.filter(pk=row.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
        assert outbox.send(row.pk) is False
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", outbox.MAX_ATTEMPTS, None)
    assert row.last_error.startswith("SMTPServerDisconnected")
    assert outbox.due_for_retry(timezone.now() + datetime.timedelta(days=1)) == []
    assert tasks.send_outgoing_email(row.pk) is False
    assert mailoutbox == []


def test_an_enqueue_lost_at_commit_is_sent_by_the_beat_job(mailoutbox, monkeypatch):
    monkeypatch.setattr(outbox, "enqueue", lambda pk: None)  # the broker was down
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        row = _queue()
    assert mailoutbox == []
    with time_machine.travel(start + datetime.timedelta(minutes=4), tick=False):
        assert tasks.retry_outgoing_emails() == 0  # perhaps only slow: not yet
    with time_machine.travel(start + outbox.LOST_AFTER, tick=False):
        assert tasks.retry_outgoing_emails() == 1
    row.refresh_from_db()
    assert row.status == "sent"
    assert len(mailoutbox) == 1


def test_a_personal_link_is_erased_once_sent(mailoutbox):
    row = _queue(body="Votre lien : https://portail/activer/secret\n", erase_body_once_sent=True)
    row.refresh_from_db()
    assert "secret" in mailoutbox[0].body
    assert row.body == outbox.ERASED_BODY


def test_an_attachment_renderer_outside_the_project_apps_is_refused():
    with pytest.raises(ValueError, match="Unknown attachment renderer"):
        outbox.attachment("os.system", command="true")


def test_the_list_of_an_object_is_one_query_and_hides_internal_mails_on_the_portal(
    django_assert_num_queries,
):
    user, other = UserFactory(), UserFactory()
    for audience in ("member", "staff", "worker"):
        _queue(user, audience=audience, subject=f"Pour {audience}")
    _queue(other)
    outbox.sent_for(user)  # the content type, cached once per process
    with django_assert_num_queries(1):
        rows = outbox.sent_for(user)
    assert sorted(row.subject for row in rows) == ["Pour member", "Pour staff", "Pour worker"]
    assert [row.subject for row in outbox.sent_for(user, portal=True)] == ["Pour member"]


# --- A real Celery worker -----------------------------------------------------------------


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    return tmp_path / "mails"


@pytest.fixture
def worker_queue(mail_dir):
    """A Celery worker process (two children) on a fresh queue, on the test database, writing
    each mail it sends as a file of `mail_dir`."""
    env = {
        **os.environ,
        "DATABASE_URL": devservices.with_database(
            os.environ["DATABASE_URL"], connection.settings_dict["NAME"]
        ),
        "CONN_MAX_AGE": "0",
        "EMAIL_URL": f"filemail:///{mail_dir}",
    }
    with celery_worker(env=env, concurrency=2) as queue:
        yield queue


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_redelivered_task_never_sends_twice_through_a_real_worker(worker_queue, mail_dir):
    row = OutgoingEmail.objects.create(  # as queue_email writes it, its enqueue not yet done
        kind="test.notice", to=["gerant@alpha.fr"], subject="Relance", body="Bonjour,\n"
    )
    # The same message delivered again (acks_late after a lost worker), and a twin at once:
    # the same task id three times, two of them running in parallel on two children.
    for _ in range(3):
        tasks.send_outgoing_email.apply_async(args=[row.pk], queue=worker_queue, task_id="same")
    deadline = time.monotonic() + 90
    while OutgoingEmail.objects.get(pk=row.pk).status != "sent":
        assert time.monotonic() < deadline, "the worker did not send the row"
        time.sleep(0.3)
    later = tasks.send_outgoing_email.apply_async(args=[row.pk], queue=worker_queue)
    assert later.get(timeout=60) is False  # a late redelivery finds the row sent
    sent = list(mail_dir.iterdir())
    assert len(sent) == 1
    assert "Subject: Relance" in sent[0].read_text()
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 1)


# --- The pages show what was sent ---------------------------------------------------------


def _page(client, url: str) -> str:
    import html  # noqa: PLC0415

    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_visit_page_shows_the_convocation_sent_and_when(world, client_for):
    from tests.suivi_sante.agenda.test_convocations import _convocation  # noqa: PLC0415

    convocation = _convocation(world)
    row = OutgoingEmail.objects.get(object_id=convocation.visit_id)
    assert row.status == "sent"
    assert row.idempotency_key == f"suivi_sante:convocation:{convocation.pk}:employer"
    url = reverse("backoffice:suivi_sante:visit-detail", args=[convocation.visit_id])
    page = _page(client_for("secretary"), url)
    assert "Courriels envoyés" in page
    assert f"{timezone.localtime(row.sent_at):%d/%m/%Y à %H:%M}" in page
    assert world.actors["portal_admin"].email in page
    assert row.subject in page
    assert "Envoyé" in page
    listed = page.split('id="outbox-sent-title"')[1]
    assert "Visite d'information et de prévention (VIP)" not in listed  # never the text


def test_a_convocation_is_queued_once_whatever_the_retries(world, mailoutbox):
    from suivi_sante.agenda import services_convocations as convocations
    from suivi_sante.schedule.tasks import send_convocation_email  # noqa: PLC0415
    from tests.suivi_sante.agenda.test_convocations import _convocation  # noqa: PLC0415

    convocation = _convocation(world)
    assert convocations.send_convocation_email(convocation.pk) == 0
    assert send_convocation_email.delay(convocation.pk).get() == 0  # an old message, redelivered
    assert len(mailoutbox) == 1
    ((name, content, _),) = mailoutbox[0].attachments
    assert name == f"convocation-{convocation.pk}.pdf"
    assert content.startswith(b"%PDF")


def test_the_fe_page_shows_the_fe_sent_to_the_employer(world, client_for, mailoutbox):
    from prevention.fiche import services
    from spsti import documents_storage  # noqa: PLC0415
    from tests.matrix_prevention.fiche import validated  # noqa: PLC0415
    from tests.suivi_sante.agenda.support import ctx_of  # noqa: PLC0415

    version = validated(world)
    services.send_version(actor=ctx_of(world, "prevention_assistant"), version=version)
    (mail,) = mailoutbox
    assert mail.to == [world.actors["portal_admin"].email]
    ((name, content, mimetype),) = mail.attachments
    version.refresh_from_db()
    assert (name, content, mimetype) == (
        f"fiche-entreprise-v{version.number}.pdf",
        documents_storage.read(version.pdf.name, version.sha256),
        "application/pdf",
    )
    url = reverse("backoffice:prevention:fiche-detail", args=[version.fiche_id])
    page = _page(client_for("prevention_assistant"), url)
    assert "Courriels envoyés" in page
    assert "Fiche d'entreprise transmise" in page
    assert world.actors["portal_admin"].email in page


def test_the_invoice_page_shows_its_reminders_sent(world, client_for):
    from adherents.billing import tasks as billing_tasks
    from tests.adherents.billing.test_reminders import billing_contact, overdue  # noqa: PLC0415

    billing_contact(world.adherent)
    invoice = overdue(world, days_late=20)
    assert billing_tasks.send_invoice_reminders.delay().get()["sent"] == 1
    url = reverse("backoffice:adherents:billing-invoice-detail", args=[invoice.pk])
    page = _page(client_for("billing"), url)
    assert "Courriels envoyés" in page
    assert "compta@alpha.example" in page
    assert invoice.number in page.split('id="outbox-sent-title"')[1]


def test_the_joining_application_page_lists_its_mails(world, client_for):
    from adherents.joining import services_review as joining_review
    from tests.adherents.factories_joining import submitted_application  # noqa: PLC0415
    from tests.suivi_sante.agenda.support import ctx_of  # noqa: PLC0415

    application, _token = submitted_application()
    joining_review.reject(
        actor=ctx_of(world, "member_service"), application=application, reason="Hors secteur"
    )
    (row,) = OutgoingEmail.objects.filter(object_id=application.pk, status="sent")
    assert row.kind == "adherents.joining.rejected"
    url = reverse("backoffice:adherents:joining-application-detail", args=[application.pk])
    page = _page(client_for("member_service"), url).split('id="outbox-sent-title"')[1]
    assert row.subject in page
    assert application.applicant_email in page
    assert "Hors secteur" not in page  # the list never shows a mail's text


def test_the_applications_page_makes_as_many_queries_for_one_mail_as_for_six(
    world, client_for, django_assert_max_num_queries
):
    from django.db import connection as db  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from tests.adherents.factories_joining import submitted_application  # noqa: PLC0415

    application, _token = submitted_application()
    _queue(application, to=["gerant@delta.fr"])
    client = client_for("member_service")
    url = reverse("backoffice:adherents:joining-application-detail", args=[application.pk])
    client.get(url)
    with CaptureQueriesContext(db) as one:
        client.get(url)
    for n in range(5):
        _queue(application, to=[f"associe{n}@delta.fr"])
    with django_assert_max_num_queries(len(one)):
        page = _page(client, url)
    assert page.count("@delta.fr</td>") == 6


def test_the_beat_job_is_scheduled_every_two_minutes():
    from spsti.celery import app  # noqa: PLC0415

    entry = app.conf.beat_schedule["spsti.retry_outgoing_emails"]
    assert entry["task"] == tasks.retry_outgoing_emails.name
    assert entry["schedule"].minute == set(range(0, 60, 2))


def test_a_superuser_sees_the_failed_rows_without_their_text_and_sends_them_again(mailoutbox):
    from django.test import Client  # noqa: PLC0415

    from tests.accounts.factories import StaffUserFactory  # noqa: PLC0415
    from tests.conftest import login  # noqa: PLC0415

    with pytest.MonkeyPatch.context() as smtp_down:
        smtp_down.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
        row = _queue(body="Texte confidentiel\n")
    OutgoingEmail.objects.filter(pk=row.pk).update(status="failed", attempts=outbox.MAX_ATTEMPTS)
    client = login(Client(), StaffUserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/spsti/outgoingemail/?status__exact=failed").content.decode()
    assert "gerant@alpha.fr" in page
    detail = client.get(f"/admin/spsti/outgoingemail/{row.pk}/change/").content.decode()
    assert "SMTPServerDisconnected" in detail
    assert "Texte confidentiel" not in detail
    response = client.post(
        "/admin/spsti/outgoingemail/",
        {"action": "send_again", "_selected_action": [row.pk]},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 1)
    assert len(mailoutbox) == 1
