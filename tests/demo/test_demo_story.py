"""Issue 17, item 6: the seeded demo tells a true story (histories, declarations, issuer)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.enums import StaffRole
from accounts.models import User
from adherents.models import Adherent, Establishment
from adherents.workforce.models import WorkforceDeclaration
from suivi_sante.enums import ConvocationStatus, VisitKind, VisitStatus
from suivi_sante.models import Convocation, DueVisit, Employment, Visit, Worker


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo seeded once for the module (it takes half a minute), rolled back after it."""
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
        block.__exit__(None, None, None)


def overdue() -> Q:
    return Q(due_on__lt=timezone.localdate()) & ~Q(kind=VisitKind.PRE_REPRISE)


@pytest.mark.django_db
def test_late_workers_are_a_plausible_minority(demo):
    workers = Worker.objects.count()
    late = Worker.objects.filter(
        Exists(DueVisit.objects.filter(overdue(), worker=OuterRef("pk")))
    ).count()
    assert 0 < late < workers * 0.15
    # Nobody owes the VIP of a hiring of 20 years ago by more than a few years' oversight.
    oldest = DueVisit.objects.filter(overdue()).order_by("due_on").first()
    assert oldest.due_on > timezone.localdate() - datetime.timedelta(days=366 * 6)
    assert Visit.objects.filter(status=VisitStatus.HELD).count() > workers * 0.8


@pytest.mark.django_db
def test_most_of_last_years_hires_had_their_first_visit(demo):
    today = timezone.localdate()
    hires = Worker.objects.filter(
        employments__start_on__gte=today - datetime.timedelta(days=365),
        employments__start_on__lt=today - datetime.timedelta(days=120),
    ).distinct()
    seen = hires.filter(
        Exists(
            Visit.objects.filter(
                worker=OuterRef("pk"),
                status=VisitStatus.HELD,
                kind__in=[VisitKind.VIP, VisitKind.EMAE],
            )
        )
    )
    assert hires.count() >= 20
    assert seen.count() >= hires.count() * 0.85


@pytest.mark.django_db
def test_past_convocations_were_confirmed(demo):
    past = Convocation.objects.filter(visit__scheduled_at__lt=timezone.now())
    assert past.count() > 50
    assert set(past.values_list("status", flat=True)) == {ConvocationStatus.CONFIRMED}
    assert not past.filter(responded_at__isnull=True).exists()


@pytest.mark.django_db
def test_every_member_can_be_invoiced(demo):
    from accounts.context import build_context
    from adherents.billing.services import issue_cotisations_for
    from demo.reference import STAFF_DEMO_EMAILS

    year = timezone.localdate().year
    companies = Establishment.objects.filter(adherent__kind=Adherent.Kind.COMPANY)
    declared = WorkforceDeclaration.objects.filter(campaign__year=year)
    assert declared.count() == companies.count()
    billing = User.objects.get(email=STAFF_DEMO_EMAILS[StaffRole.BILLING])
    ctx = build_context(billing, {}, mfa_passed=True)
    # A member who left (radié) is rightly refused; every other one is invoiced.
    members = list(
        Adherent.objects.visible_to(ctx)
        .exclude(status=Adherent.Status.ENDED)
        .values_list("pk", flat=True)
    )
    assert len(members) >= 20

    summary = issue_cotisations_for(members, year=year, actor=ctx, issued_on=timezone.localdate())

    assert summary["refused"] == []
    assert summary["issued"] == len(members)


@pytest.mark.django_db
def test_declared_headcounts_match_the_workers(demo):
    today = timezone.localdate()
    declaration = WorkforceDeclaration.objects.order_by("pk").first()
    current = Employment.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=today), establishment=declaration.establishment
    )
    assert declaration.total == current.values("worker").distinct().count()


def test_the_demo_invoice_names_a_complete_issuer():
    """In development (DEBUG, the demo) the issuer's address, SIRET and IBAN are printed,
    fictitious values; production prints only what the service sets."""
    from django.conf import settings
    from django.template.loader import render_to_string

    html = render_to_string(
        "adherents/billing/pdf/invoice.html",
        {
            "kind": "invoice",
            "kind_label": "Facture",
            "number": "F-2026-000009",
            "member": Adherent(name="Boulangerie Martin"),
            "year": 2026,
            "issued_on": datetime.date(2026, 3, 2),
            "due_on": datetime.date(2026, 4, 1),
            "groups": [],
            "total": 0,
            "center_name": settings.SPSTI_SERVICE_NAME,
            "issuer_details": settings.SPSTI_INVOICE_ISSUER_DETAILS,
            "payment_details": settings.SPSTI_INVOICE_PAYMENT_DETAILS,
        },
    )
    assert "12 rue des Tanneurs, 69007 Lyon" in html
    assert "SIRET 123 456 782 00010" in html
    assert "IBAN FR76 9999 9000 0112 3456 7890 152" in html
