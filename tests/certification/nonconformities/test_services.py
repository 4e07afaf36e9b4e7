import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from certification.errors import CertificationError
from certification.nonconformities import services
from certification.nonconformities.tasks import check_open_nonconformities
from spsti import outbox
from spsti.models import OutgoingEmail
from tests.certification.factories import NonConformityFactory
from tests.certification.helpers import ctx_of
from tests.matrix_adherents.events import complaint_for


@pytest.mark.django_db
def test_a_complaint_becomes_a_nonconformity_once_with_its_due_date(quality):
    actor = ctx_of(quality.actors["quality"])
    complaint = complaint_for(quality, received_on=datetime.date(2026, 1, 10))
    nc = services.nonconformity_from_complaint(actor=actor, complaint=complaint, severity="major")
    assert (nc.source, nc.complaint, nc.number) == ("complaint", complaint, 1)
    assert nc.due_on == datetime.date(2026, 4, 10)  # major: 3 months (stand-in rule)
    assert complaint.nonconformity == nc
    with pytest.raises(CertificationError, match="déjà"):
        services.nonconformity_from_complaint(actor=actor, complaint=complaint, severity="minor")


@pytest.mark.django_db
def test_another_centres_complaint_is_refused(quality):
    other = ctx_of(quality.actors["quality_other"])
    with pytest.raises(PermissionDenied):
        services.nonconformity_from_complaint(
            actor=other, complaint=complaint_for(quality), severity="minor"
        )


@pytest.mark.django_db
def test_closing_needs_causes_and_effective_actions(quality):
    actor = ctx_of(quality.actors["quality"])
    nc = services.raise_nonconformity(
        actor=actor,
        source="incident",
        title="Convocation hors délai",
        description="Deux salariés convoqués la veille.",
        severity="minor",
        detected_on=datetime.date(2026, 1, 5),
    )
    with pytest.raises(CertificationError, match="causes"):
        services.close_nonconformity(actor=actor, nonconformity=nc)
    services.record_cause_analysis(actor=actor, nonconformity=nc, cause_analysis="Agenda saturé.")
    action = services.add_action(
        actor=actor,
        nonconformity=nc,
        description="Ouvrir des créneaux.",
        owner=quality.actors["nurse"],
        due_on=datetime.date(2026, 3, 1),
    )
    with pytest.raises(CertificationError, match="réalisée"):
        services.check_action(actor=actor, action=action, is_effective=True, note="ok")
    # the owner records completion
    services.complete_action(
        actor=ctx_of(quality.actors["nurse"]), action=action, done_on=datetime.date(2026, 2, 1)
    )
    services.check_action(actor=actor, action=action, is_effective=False, note="Encore 1 cas.")
    with pytest.raises(CertificationError, match="efficacité"):
        services.close_nonconformity(actor=actor, nonconformity=nc)
    action.refresh_from_db()
    action.is_effective = True
    action.save()
    assert services.close_nonconformity(actor=actor, nonconformity=nc).closed_on


@pytest.mark.django_db
def test_a_late_minor_nonconformity_is_told_once_and_stays_minor(quality, time_machine):
    """Detected 31/08/2025, due 28/02/2026: late on 01/03/2026, told once, still minor."""
    nc = NonConformityFactory(
        center=quality.center,
        detected_on=datetime.date(2025, 8, 31),
        due_on=datetime.date(2026, 2, 28),
    )
    time_machine.move_to(datetime.datetime(2026, 2, 28, 9, 0, tzinfo=datetime.UTC))
    assert check_open_nonconformities() == {"major_at_audit": 0, "late": 0}  # due day: on time
    nc.refresh_from_db()
    assert not nc.is_late
    time_machine.move_to(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC))
    assert check_open_nonconformities() == {"major_at_audit": 0, "late": 1}
    assert check_open_nonconformities() == {"major_at_audit": 0, "late": 0}
    nc.refresh_from_db()
    assert (nc.severity, nc.late_alerted_on, nc.escalated_at_audit) == (
        "minor",
        datetime.date(2026, 3, 1),
        None,
    )
    assert nc.is_late
    time_machine.move_to(datetime.datetime(2026, 9, 1, 9, 0, tzinfo=datetime.UTC))
    assert check_open_nonconformities() == {"major_at_audit": 0, "late": 0}
    nc.refresh_from_db()
    assert nc.severity == "minor"  # six months late, no audit: still minor
    assert len(mail.outbox) == 1
    assert quality.actors["quality"].email in mail.outbox[0].to
    assert quality.actors["direction"].email in mail.outbox[0].to
    assert "reste mineure" in mail.outbox[0].body
    # Through the outbox, filed under the non-conformity and sent after the commit.
    (row,) = outbox.sent_for(nc)
    assert (row.subject, row.status) == (f"{nc.reference} en retard", OutgoingEmail.Status.SENT)
    assert mail.outbox[0].extra_headers["X-SPSTI-Outbox"] == str(row.pk)


@pytest.mark.django_db
def test_a_lateness_alert_that_fails_queues_no_mail(quality, time_machine, monkeypatch):
    """The mark and its mail are one transaction: a failure leaves neither."""
    nc = NonConformityFactory(
        center=quality.center,
        detected_on=datetime.date(2025, 1, 1),
        due_on=datetime.date(2025, 7, 1),
    )
    time_machine.move_to(datetime.datetime(2025, 7, 2, 9, 0, tzinfo=datetime.UTC))
    real_alert = services.notify.alert

    def alert_then_fail(*args, **kwargs):
        real_alert(*args, **kwargs)
        raise RuntimeError("worker lost")

    monkeypatch.setattr(services.notify, "alert", alert_then_fail)
    with pytest.raises(RuntimeError):
        check_open_nonconformities()
    nc.refresh_from_db()
    assert (nc.severity, nc.late_alerted_on) == ("minor", None)
    assert outbox.sent_for(nc) == []
    assert mail.outbox == []
    monkeypatch.undo()
    assert check_open_nonconformities()["late"] == 1  # the next run marks and tells
    assert len(outbox.sent_for(nc)) == 1


@pytest.mark.django_db
def test_the_owner_records_their_action_done_from_their_page(quality):
    from django.test import Client
    from django.urls import reverse

    from tests.certification.factories import CorrectiveActionFactory
    from tests.conftest import login

    owner = quality.actors["secretary"]
    action = CorrectiveActionFactory(
        nonconformity=NonConformityFactory(center=quality.center), owner=owner
    )
    client = login(Client(), owner)
    page = client.get(reverse("backoffice:certification:nc-my-actions")).content.decode()
    assert action.description in page
    response = client.post(
        reverse("backoffice:certification:nc-action-done", args=[action.pk]),
        {"done_on": timezone.localdate().isoformat()},
    )
    assert response["Location"] == reverse("backoffice:certification:nc-my-actions")
    action.refresh_from_db()
    assert action.done_on is not None
