"""Factories and helpers of billing: tariffs, workforce declarations to invoice, invoices.

`issue_for` goes through the service (number, PDF, hash); `InvoiceRowFactory` writes a row
directly (a fake PDF) for list tests that need many invoices quickly.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import zlib
from decimal import Decimal

import factory

from accounts.context import CENTER_SESSION_KEY, build_context
from accounts.enums import StaffRole
from accounts.models import StaffAssignment
from adherents.billing import services
from adherents.models import (
    DeclarationCampaign,
    DeclarationKind,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    Tariff,
    TariffItem,
    WorkforceDeclaration,
)
from adherents.rules import cotisation as rules
from tests import documents
from tests.accounts.factories import StaffAssignmentFactory, UserFactory

FAKE_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


class TariffFactory(factory.django.DjangoModelFactory):
    """2026: SI 100 €, SIA 120 €, SIR 150 €, minimum 200 €, TNS 180 €, 30 days.

    A tariff whose board chose a weighting by category and a minimum per member (both contested
    since loi 2021-1018, off by default): the tests of the default single rate set
    ``category_weighting=False, member_minimum=False`` and equal amounts."""

    class Meta:
        model = Tariff
        django_get_or_create = ("year",)

    year = 2026
    per_worker_si = Decimal("100.00")
    per_worker_sia = Decimal("120.00")
    per_worker_sir = Decimal("150.00")
    minimum_per_member = Decimal("200.00")
    tns_amount = Decimal("180.00")
    payment_days = 30
    category_weighting = True
    member_minimum = True
    board_decision = "Conseil d'administration du 10/12/2025"


class TariffItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TariffItem

    tariff = factory.SubFactory(TariffFactory)
    code = factory.Sequence(lambda n: f"prestation-{n}")
    label = factory.Sequence(lambda n: f"Prestation {n}")
    unit_price = Decimal("90.00")


class InvoiceRowFactory(factory.django.DjangoModelFactory):
    """An invoice row written directly (fake PDF, no line): for list and query-count tests."""

    class Meta:
        model = Invoice

    kind = InvoiceKind.INVOICE
    number = factory.Sequence(lambda n: f"F-2000-{n:06d}")
    year = 2026
    issued_on = datetime.date(2026, 1, 15)
    due_on = datetime.date(2026, 2, 14)
    total = Decimal("500.00")
    pdf = factory.LazyFunction(lambda: documents.stored(FAKE_PDF)["name"])
    pdf_sha256 = hashlib.sha256(FAKE_PDF).hexdigest()


def ctx_of(user):
    """The access context a user gets after login (staff: MFA passed)."""
    return build_context(user, {}, mfa_passed=True)


def billing_ctx(world):
    return ctx_of(world.actors["billing"])


def billing_ctx_of(world, adherent):
    """The billing staff of the centre that follows this member (the service checks it)."""
    center_id = adherent.team.center_id
    if center_id == world.center.pk:
        return billing_ctx(world)
    assignment = StaffAssignment.objects.filter(
        center_id=center_id, role=StaffRole.BILLING, ended_on__isnull=True
    ).first() or StaffAssignmentFactory(
        center=adherent.team.center, role=StaffRole.BILLING, team=adherent.team
    )
    return build_context(assignment.user, {CENTER_SESSION_KEY: center_id}, mfa_passed=True)


def campaign(year: int = 2026) -> DeclarationCampaign:
    found, _ = DeclarationCampaign.objects.get_or_create(
        year=year,
        defaults={
            "opens_on": datetime.date(year, 1, 1),
            "closes_on": datetime.date(year, 3, 31),
        },
    )
    return found


def declare(establishment, *, si=0, sia=0, sir=0, heads=0, year: int = 2026, user=None):
    """A new version of the establishment's declaration for the year (superseding the last)."""
    last = (
        WorkforceDeclaration.objects.filter(campaign__year=year, establishment=establishment)
        .order_by("-version")
        .first()
    )
    if user is None:
        membership = establishment.adherent.memberships.first()
        user = membership.user if membership else UserFactory()
    return WorkforceDeclaration.objects.create(
        campaign=campaign(year),
        establishment=establishment,
        version=last.version + 1 if last else 1,
        kind=DeclarationKind.UPDATE if last else DeclarationKind.CAMPAIGN,
        supersedes=last,
        headcount_si=si,
        headcount_sia=sia,
        headcount_sir=sir,
        company_heads=heads,
        prefilled_from_workers=False,
        submitted_by=user,
    )


def issue_for(world, adherent=None, *, amount="500.00", issued_on=None, year=2026) -> Invoice:
    """A real invoice of one complementary line, through the service."""
    line = rules.line(rules.COMPLEMENTARY, "Prestation", 1, Decimal(amount))
    adherent = adherent or world.adherent
    return services.issue_invoice(
        adherent=adherent,
        year=year,
        lines=[line],
        actor=billing_ctx_of(world, adherent),
        issued_on=issued_on or datetime.date(2026, 1, 15),
    )


def line_rows(invoice: Invoice) -> list[InvoiceLine]:
    return list(invoice.lines.order_by("position"))


def pdf_texts(pdf: bytes) -> list[str]:
    """The text strings WeasyPrint writes as UTF-16 in a PDF (document title, bookmarks of the
    headings), read from its compressed object streams: enough to find an invoice number."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            continue
        for hex_text in re.findall(rb"<feff([0-9a-fA-F]+)>", data):
            texts.append(bytes.fromhex(hex_text.decode()).decode("utf-16-be"))
        texts += [t.decode("latin-1") for t in re.findall(rb"/Title \(([^)]*)\)", data)]
    return texts
