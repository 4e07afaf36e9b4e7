"""Daily reminders: level 1 then 2, once each, to the billing contacts or else the admins."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from accounts.enums import AdherentRole
from adherents.billing import services, tasks
from adherents.billing import services_payments as payments
from adherents.models import Contact, ContactRole, InvoiceReminder
from tests.adherents.factories import AdherentMembershipFactory
from tests.adherents.factories_billing import billing_ctx, issue_for

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def overdue(world, adherent=None, *, days_late: int, amount="500.00"):
    """An invoice whose due date (30 days after issue) is `days_late` days ago."""
    issued_on = today() - datetime.timedelta(days=30 + days_late)
    return issue_for(world, adherent, amount=amount, issued_on=issued_on)


def billing_contact(adherent, email="compta@alpha.example", **kwargs):
    return Contact.objects.create(
        adherent=adherent,
        role=ContactRole.BILLING,
        first_name="Claire",
        last_name="Compta",
        email=email,
        **kwargs,
    )


def test_level_one_then_two_once_each_to_the_billing_contacts(world):
    billing_contact(world.adherent)
    billing_contact(world.adherent, email="ancien@alpha.example", is_active=False)
    invoice = overdue(world, days_late=20)
    assert tasks.send_invoice_reminders.delay().get() == {"sent": 1, "no_recipient": 0}
    assert tasks.send_invoice_reminders.delay().get() == {"sent": 0, "no_recipient": 0}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["compta@alpha.example"]
    assert invoice.number in message.subject
    assert "500,00\u00a0€" in message.body
    assert list(InvoiceReminder.objects.values_list("invoice_id", "level")) == [(invoice.pk, 1)]

    # 30 days after the first reminder and 50 days late: the second level, once.
    InvoiceReminder.objects.filter(invoice=invoice).update(
        sent_at=timezone.now() - datetime.timedelta(days=30)
    )
    later = today() + datetime.timedelta(days=30)
    assert payments.send_reminders(today=later) == {"sent": 1, "no_recipient": 0}
    assert payments.send_reminders(today=later) == {"sent": 0, "no_recipient": 0}
    assert "deuxième relance" in mail.outbox[1].body.lower()
    assert sorted(InvoiceReminder.objects.values_list("level", flat=True)) == [1, 2]


def test_admins_get_it_without_billing_contact_and_paid_invoices_none(world):
    hr = AdherentMembershipFactory(adherent=world.other_adherent, role=AdherentRole.HR)
    late = overdue(world, world.other_adherent, days_late=16)
    paid = overdue(world, days_late=16)
    payments.record_payment(
        actor=billing_ctx(world),
        invoice=paid,
        amount=Decimal("500.00"),
        paid_on=today(),
        method="transfer",
    )
    credited = overdue(world, days_late=16)
    services.issue_credit_note(invoice=credited, reason="Radiation", actor=billing_ctx(world))
    overdue(world, days_late=14)  # not yet 15 days late
    assert payments.send_reminders(today=today()) == {"sent": 1, "no_recipient": 0}
    (message,) = mail.outbox
    assert message.to == [world.actors["portal_other"].email]
    assert hr.user.email not in message.to
    assert late.number in message.subject


def test_no_recipient_no_reminder_written(world):
    from adherents.models import AdherentMembership

    invoice = overdue(world, days_late=20)
    AdherentMembership.objects.filter(adherent=world.adherent).update(is_active=False)
    assert payments.send_reminders(today=today()) == {"sent": 0, "no_recipient": 1}
    assert not InvoiceReminder.objects.filter(invoice=invoice).exists()
    assert mail.outbox == []


def test_reminder_days_setting(world, settings):
    settings.SPSTI_REMINDER_DAYS = [5]
    billing_contact(world.adherent)
    overdue(world, days_late=6)
    assert payments.send_reminders(today=today()) == {"sent": 1, "no_recipient": 0}
