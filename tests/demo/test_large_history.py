"""The benchmark dataset's history (demo/large_history.py), written at a tiny scale: complete
rows (the COPY path fills every NOT NULL column and passes the CHECK constraints), national
proportions, idempotence, and the nightly facts have something to count."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

from adherents.billing.models import Invoice, Payment
from dashboards.facts.models import Fact
from dashboards.facts.services import compute_recent_facts
from demo.large import write_large
from demo.large_history import HISTORY_REASON, history_present, write_large_history
from prevention.models import DuerpVersion, FicheVersion, PreventionAction
from suivi_sante.models import Convocation, DueVisit, Visit, Worker

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.django_db
def test_the_history_writes_consistent_rows_the_facts_count():
    call_command("seed_demo", stdout=StringIO())
    with transaction.atomic():
        write_large(7, TODAY, lambda _: None, adherents_total=80, workers_total=1_300)
        assert write_large_history(7, TODAY, lambda _: None)
    workers = Worker.objects.count()
    visits = Visit.objects.filter(due_reason=HISTORY_REASON)
    # About 0.45 visits a worker a year over 13 months, and a few booked ahead.
    assert 0.35 * workers < visits.count() < 0.75 * workers
    held = visits.filter(status="held")
    assert held.filter(performer="nurse").exists()
    assert held.filter(performer="physician").exists()
    assert held.filter(mode="teleconsultation").exists()
    assert not held.filter(performer="nurse", protocol__isnull=True).exists()
    assert not held.filter(performer="nurse", kind__in=["EMAE", "SIR_PERIODIQUE"]).exists()
    assert visits.filter(status="unexcused_absence").exists()
    assert visits.filter(status="planned", scheduled_at__date__gt=TODAY).exists()
    assert not held.filter(held_at__date__gt=TODAY).exists()
    assert Convocation.objects.filter(visit__in=visits).count() > 0.8 * visits.count()
    still_due = DueVisit.objects.filter(reason=HISTORY_REASON)
    assert still_due.filter(due_on__lt=TODAY).exists()
    assert still_due.filter(due_on__gt=TODAY).exists()
    assert FicheVersion.objects.filter(status="sent", sent_at__date__lte=TODAY).exists()
    assert DuerpVersion.objects.exists()
    assert PreventionAction.objects.filter(kind="duerp_support").exists()
    invoices = Invoice.objects.filter(number__startswith="FB-")
    assert invoices.exists()
    assert not invoices.filter(issued_on__gt=TODAY).exists()
    unpaid = invoices.filter(payments__isnull=True, due_on__lt=TODAY)
    assert 0 < unpaid.count() < invoices.count() // 2
    assert Payment.objects.filter(invoice__in=invoices, paid_on__gt=TODAY).count() == 0

    # Idempotent: a second run writes nothing.
    count = Visit.objects.count()
    with transaction.atomic():
        assert history_present()
        assert not write_large_history(7, TODAY, lambda _: None)
    assert Visit.objects.count() == count

    compute_recent_facts(TODAY)
    first = datetime.date(2025, 11, 1)
    # The facts add up to the rows: visits held over the 13 months, per kind and profession.
    held_in_window = Visit.objects.filter(
        status="held", held_at__date__gte=first, held_at__date__lte=TODAY
    ).count()
    assert (
        Fact.objects.filter(indicator="visits_held").aggregate(n=Sum("numerator"))["n"]
        == held_in_window
    )
    for indicator in ("visits_on_time", "no_show", "tele_share", "nurse_share", "fe_made"):
        assert Fact.objects.filter(indicator=indicator, numerator__gt=0).exists(), indicator
    for indicator in ("billed", "paid", "receivables_past_due", "duerp_dated", "actions_made"):
        assert Fact.objects.filter(indicator=indicator, numerator__gt=0).exists(), indicator
