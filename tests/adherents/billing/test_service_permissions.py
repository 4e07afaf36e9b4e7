"""Billing services check their own permission and scope (issue 12): a task, the API or a shell
calling them directly cannot do what the back-office view refuses, and nothing is written."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.enums import StaffRole
from adherents.billing import services
from adherents.billing import services_payments as payments
from adherents.billing import services_tariff as tariffs
from adherents.models import Adherent, Invoice, Payment, Tariff
from adherents.rules import cotisation as rules
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories_billing import billing_ctx, ctx_of, issue_for

LINE = rules.line(rules.COMPLEMENTARY, "Prestation", 1, Decimal("100.00"))
DAY = datetime.date(2026, 1, 15)


def _other_centre_billing(world):
    user = StaffAssignmentFactory(
        center=world.other_center, role=StaffRole.BILLING, team=world.other_team
    ).user
    return ctx_of(user)


def _gamma(world) -> Adherent:
    return Adherent.objects.get(team=world.other_team)


@pytest.mark.parametrize("actor", ["member_service", "secretary", "portal_admin", "firm_mandated"])
def test_an_actor_without_the_billing_code_issues_nothing(world, actor):
    ctx = ctx_of(world.actors[actor])
    with pytest.raises(PermissionDenied):
        services.issue_invoice(adherent=world.adherent, year=2026, lines=[LINE], actor=ctx)
    with pytest.raises(PermissionDenied):
        services.issue_cotisation(adherent=world.adherent, year=2026, actor=ctx)
    with pytest.raises(PermissionDenied):
        services.issue_cotisations_for([world.adherent.pk], year=2026, actor=ctx, issued_on=DAY)
    with pytest.raises(PermissionDenied):
        tariffs.create_tariff(actor=ctx, year=2026, per_worker_si=Decimal("90"))
    with pytest.raises(PermissionDenied):
        payments.import_statement(actor=ctx, filename="releve.csv", content=b"x")
    assert not Invoice.objects.exists()
    assert not Tariff.objects.exists()


def test_without_the_code_no_payment_nor_credit_note_is_written(world):
    invoice = issue_for(world)
    ctx = ctx_of(world.actors["member_service"])
    with pytest.raises(PermissionDenied):
        payments.record_payment(
            actor=ctx, invoice=invoice, amount=Decimal("10"), paid_on=DAY, method="transfer"
        )
    with pytest.raises(PermissionDenied):
        services.issue_credit_note(invoice=invoice, reason="Geste", actor=ctx)
    assert not Payment.objects.exists()
    assert Invoice.objects.count() == 1


def test_another_centres_member_is_not_found_and_nothing_is_written(world):
    ctx = billing_ctx(world)
    gamma = _gamma(world)
    with pytest.raises(Http404):
        services.issue_invoice(adherent=gamma, year=2026, lines=[LINE], actor=ctx)
    with pytest.raises(Http404):
        services.issue_cotisation(adherent=gamma, year=2026, actor=ctx)
    summary = services.issue_cotisations_for([gamma.pk], year=2026, actor=ctx, issued_on=DAY)
    assert summary == {"issued": 0, "already": 0, "refused": []}  # left out of the call
    assert not Invoice.objects.exists()


def test_another_centres_invoice_takes_no_payment_nor_credit_note(world):
    theirs = services.issue_invoice(
        adherent=_gamma(world), year=2026, lines=[LINE], actor=_other_centre_billing(world)
    )
    ctx = billing_ctx(world)
    with pytest.raises(Http404):
        payments.record_payment(
            actor=ctx, invoice=theirs, amount=Decimal("10"), paid_on=DAY, method="transfer"
        )
    with pytest.raises(Http404):
        services.issue_credit_note(invoice=theirs, reason="Geste", actor=ctx)
    assert not Payment.objects.exists()
    assert list(Invoice.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_invoices_are_visible_to_the_member_the_firm_and_the_centre_only(world):
    ours, theirs = (
        issue_for(world),
        services.issue_invoice(
            adherent=_gamma(world), year=2026, lines=[LINE], actor=_other_centre_billing(world)
        ),
    )

    def seen(actor: str) -> set[int]:
        return set(
            Invoice.objects.visible_to(ctx_of(world.actors[actor])).values_list("pk", flat=True)
        )

    assert seen("billing") == {ours.pk}
    assert seen("portal_admin") == {ours.pk}
    assert seen("firm_mandated") == {ours.pk}  # its mandate names the invoices
    assert seen("portal_other") == set()  # another member
    assert seen("firm_unmandated") == set()  # a mandate without the invoices scope
    assert seen("physician_other") == {theirs.pk}  # another centre sees its own only


def test_an_invoice_of_an_online_joining_goes_only_to_a_member_of_the_person_joining(world):
    """issue_joining_invoice has no staff in the loop (the TNS affiliation bills itself): it
    bills only a member the joining person belongs to, never another one."""
    own = services.issue_joining_invoice(
        adherent=world.adherent,
        year=2026,
        lines=[LINE],
        author=ctx_of(world.actors["portal_admin"]),
    )
    assert own.adherent == world.adherent
    with pytest.raises(PermissionDenied):
        services.issue_joining_invoice(
            adherent=_gamma(world),
            year=2026,
            lines=[LINE],
            author=ctx_of(world.actors["portal_admin"]),
        )
    with pytest.raises(PermissionDenied):
        services.issue_joining_invoice(
            adherent=world.adherent,
            year=2026,
            lines=[LINE],
            author=ctx_of(world.actors["member_service"]),
        )
    assert Invoice.objects.filter(adherent=_gamma(world)).count() == 0
    assert Invoice.objects.count() == 1
