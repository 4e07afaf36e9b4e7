"""A minor non-conformity becomes major at the next certification audit held after its
detection if it is still open then, never because it is late (stand-in Qualiopi rules, domain
note section 3). Concrete dates: detected 31/08/2025, due 28/02/2026."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from certification.audits import services as audit_services
from certification.models import Audit, NonConformity
from certification.nonconformities import services
from certification.nonconformities.tasks import check_open_nonconformities
from spsti import outbox
from tests.certification.factories import NonConformityFactory
from tests.certification.helpers import ctx_of
from tests.conftest import login

D = datetime.date
DETECTED, DUE = D(2025, 8, 31), D(2026, 2, 28)


def _on(time_machine, day: datetime.date) -> None:
    time_machine.move_to(datetime.datetime(day.year, day.month, day.day, 9, tzinfo=datetime.UTC))


def _minor(quality, **fields) -> NonConformity:
    return NonConformityFactory(
        center=quality.center, severity="minor", detected_on=DETECTED, due_on=DUE, **fields
    )


def _audit(quality, starts_on, *, kind="external", title="Audit de certification 2026"):
    return audit_services.plan_audit(
        actor=ctx_of(quality.actors["quality"]),
        kind=kind,
        title=title,
        scope="Ensemble socle",
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=2),
        certifier="Organisme accrédité" if kind == "external" else "",
    )


def _reload(nc) -> NonConformity:
    return NonConformity.objects.get(pk=nc.pk)


@pytest.mark.django_db
def test_a_late_minor_stays_minor_until_a_certification_audit_finds_it_open(quality, time_machine):
    nc = _minor(quality)
    for day in (D(2026, 3, 1), D(2026, 3, 9)):  # late, no audit: told, still minor
        _on(time_machine, day)
        check_open_nonconformities()
        assert _reload(nc).severity == "minor", day
    _on(time_machine, D(2026, 3, 10))
    audit = _audit(quality, D(2026, 3, 10))  # recorded on its first day: major at once
    nc = _reload(nc)
    assert (nc.severity, nc.escalated_at_audit) == ("major", audit)
    assert nc.due_on == DUE  # unchanged
    # The history keeps the change, who recorded the audit, and why (the audit, on the row).
    *_, before, after = nc.events.order_by("pgh_id")
    assert (before.severity, before.escalated_at_audit_id) == ("minor", None)
    assert (after.severity, after.escalated_at_audit_id) == ("major", audit.pk)
    assert after.pgh_context.metadata["user"] == quality.actors["quality"].pk
    # Quality and direction are told, once.
    (row,) = [r for r in outbox.sent_for(nc) if "majeure" in r.subject]
    assert row.subject == f"{nc.reference} devenue majeure"
    told = next(m for m in mail.outbox if m.subject == row.subject)
    assert "Audit de certification 2026" in told.body
    assert "10/03/2026" in told.body
    assert quality.actors["direction"].email in told.to
    assert check_open_nonconformities()["major_at_audit"] == 0


@pytest.mark.django_db
def test_the_audit_and_the_escalation_are_one_transaction(quality, time_machine, monkeypatch):
    nc = _minor(quality)
    _on(time_machine, D(2026, 3, 10))

    def fail(*args, **kwargs):
        raise RuntimeError("outbox lost")

    monkeypatch.setattr(services.notify, "alert", fail)
    with pytest.raises(RuntimeError):
        _audit(quality, D(2026, 3, 10))
    assert not Audit.objects.exists()
    assert (_reload(nc).severity, _reload(nc).escalated_at_audit) == ("minor", None)


@pytest.mark.django_db
def test_one_closed_before_the_audit_stays_minor(quality, time_machine):
    closed = _minor(quality, cause_analysis="Agenda saturé.", closed_on=D(2026, 3, 9))
    # Closed after the audit began (the audit recorded afterwards): it was open at the audit.
    closed_late = _minor(quality, cause_analysis="Agenda saturé.", closed_on=D(2026, 3, 11))
    _on(time_machine, D(2026, 3, 20))
    audit = _audit(quality, D(2026, 3, 10))
    assert (_reload(closed).severity, _reload(closed).escalated_at_audit) == ("minor", None)
    assert (_reload(closed_late).severity, _reload(closed_late).escalated_at_audit) == (
        "major",
        audit,
    )


@pytest.mark.django_db
def test_an_audit_held_before_its_detection_does_not_count(quality, time_machine):
    _on(time_machine, D(2025, 6, 10))
    _audit(quality, D(2025, 6, 2), title="Audit initial 2025")  # before the detection
    _on(time_machine, D(2025, 8, 31))
    _audit(quality, D(2025, 8, 31), title="Audit du jour du constat")  # the same day
    nc = _minor(quality)
    _on(time_machine, D(2026, 3, 1))
    check_open_nonconformities()
    assert _reload(nc).severity == "minor"
    _on(time_machine, D(2026, 9, 1))
    check_open_nonconformities()
    assert _reload(nc).severity == "minor"


@pytest.mark.django_db
def test_an_audit_recorded_ahead_makes_it_major_on_its_first_day(quality, time_machine):
    nc = _minor(quality)
    ahead = _minor(quality)
    _on(time_machine, D(2026, 2, 1))
    audit = _audit(quality, D(2026, 3, 10))  # planned: nothing yet
    assert _reload(nc).severity == "minor"
    _on(time_machine, D(2026, 3, 9))
    check_open_nonconformities()
    assert _reload(nc).severity == "minor"
    ahead.cause_analysis, ahead.closed_on = "Corrigé.", D(2026, 3, 9)
    ahead.save()
    _on(time_machine, D(2026, 3, 10))
    assert check_open_nonconformities()["major_at_audit"] == 1
    nc = _reload(nc)
    assert (nc.severity, nc.escalated_at_audit) == ("major", audit)
    assert nc.events.order_by("pgh_id").last().pgh_context.metadata["service"] == (services.SERVICE)
    assert _reload(ahead).severity == "minor"


@pytest.mark.django_db
def test_internal_and_cross_audits_do_not_grade(quality, time_machine):
    nc = _minor(quality)
    _on(time_machine, D(2026, 3, 10))
    _audit(quality, D(2026, 3, 10), kind="internal", title="Audit interne")
    _audit(quality, D(2026, 3, 10), kind="cross", title="Audit croisé")
    check_open_nonconformities()
    assert _reload(nc).severity == "minor"


@pytest.mark.django_db
def test_a_finding_of_the_audit_is_not_checked_by_that_audit(quality, time_machine):
    actor = ctx_of(quality.actors["quality"])
    _on(time_machine, D(2026, 3, 10))
    audit = _audit(quality, D(2026, 3, 10))
    finding = audit_services.record_finding(
        actor=actor, audit=audit, kind="nonconformity", text="Procédure PDP non tracée."
    )
    _on(time_machine, D(2026, 12, 1))  # long past its due date
    check_open_nonconformities()
    assert _reload(finding.nonconformity).severity == "minor"
    _on(time_machine, D(2027, 3, 1))
    later = _audit(quality, D(2027, 3, 1), title="Audit de surveillance 2027")
    nc = _reload(finding.nonconformity)
    assert (nc.severity, nc.escalated_at_audit) == ("major", later)


@pytest.mark.django_db
def test_the_pages_say_late_and_which_audit_made_it_major(quality, time_machine):
    nc = _minor(quality, title="Convocations hors délai")
    _on(time_machine, D(2026, 3, 1))
    client = login(Client(), quality.actors["quality"])
    badge = 'text-bg-danger">en retard</span>'
    page = client.get(reverse("backoffice:certification:nc-list")).content.decode()
    assert page.count(badge) == 1
    detail_url = reverse("backoffice:certification:nc-detail", args=[nc.pk])
    detail = client.get(detail_url).content.decode()
    assert badge in detail
    assert "devient majeure si elle est encore ouverte au prochain audit" in detail
    audit = _audit(quality, D(2026, 3, 1))
    detail = client.get(detail_url).content.decode()
    assert "Majeure — devenue majeure à l'audit « Audit de certification 2026 »" in detail
    assert "du 01/03/2026" in detail
    audit_page = client.get(
        reverse("backoffice:certification:audit-detail", args=[audit.pk])
    ).content.decode()
    assert "Non-conformités devenues majeures à cet audit" in audit_page
    assert nc.reference in audit_page
