"""Permission-matrix rows of billing (adherents/billing/urls.py).

Back-office: "adherents.invoice:manage", held by the invoicing agent only. Portal:
"adherents.invoice:view", held by a member's admin and billing people, and by a firm whose
mandate has the invoices scope (firm_mandated, for A); another member's invoice is a 404.
"""

from adherents.models import BankStatementImport
from tests.adherents.factories_billing import TariffFactory, TariffItemFactory, issue_for
from tests.matrix import (
    PORTAL_STAFF_403,
    Case,
    backoffice_for,
)

BILLING = backoffice_for("billing")
PORTAL_INVOICES = {
    "anonymous": 302,
    "portal_admin": 200,
    "portal_other": 200,
    "firm_mandated": 200,
    "firm_unmandated": 403,  # its mandate (for B) has no invoices scope
    **PORTAL_STAFF_403,
}
PORTAL_INVOICES_A = {**PORTAL_INVOICES, "portal_other": 404}


def statement_for(world) -> BankStatementImport:
    return BankStatementImport.objects.create(
        filename="releve.csv",
        sha256=f"{world.adherent.pk:064d}",
        imported_by=world.actors["billing"],
        line_count=1,
        matched_count=0,
        unmatched=[],
    )


BO = "backoffice:adherents"
PO = "portal:adherents"

CASES: list[Case] = [
    Case(f"{BO}:billing-tariff-list", BILLING),
    Case(f"{BO}:billing-tariff-create", BILLING),
    Case(f"{BO}:billing-tariff-edit", BILLING, args=lambda w: [TariffFactory().year]),
    Case(f"{BO}:billing-tariff-item-create", BILLING, args=lambda w: [TariffFactory().year]),
    Case(
        f"{BO}:billing-tariff-item-edit",
        BILLING,
        args=lambda w: [2026, TariffItemFactory(tariff=TariffFactory(year=2026)).pk],
    ),
    Case(f"{BO}:billing-invoice-list", BILLING),
    Case(f"{BO}:billing-invoice-detail", BILLING, args=lambda w: [issue_for(w).pk]),
    Case(f"{BO}:billing-invoice-pdf", BILLING, args=lambda w: [issue_for(w).pk]),
    Case(f"{BO}:billing-payment-create", BILLING, args=lambda w: [issue_for(w).pk]),
    Case(f"{BO}:billing-credit-note-create", BILLING, args=lambda w: [issue_for(w).pk]),
    Case(f"{BO}:billing-member-balance", BILLING, args=lambda w: [w.adherent.pk]),
    Case(f"{BO}:billing-cotisation-issue", BILLING, args=lambda w: [w.adherent.pk]),
    Case(f"{BO}:billing-batch", BILLING),
    Case(f"{BO}:billing-statement-list", BILLING),
    Case(f"{BO}:billing-statement-import", BILLING),
    Case(f"{BO}:billing-statement-detail", BILLING, args=lambda w: [statement_for(w).pk]),
    Case(f"{PO}:billing-invoice-list", PORTAL_INVOICES),
    Case(f"{PO}:billing-invoice-detail", PORTAL_INVOICES_A, args=lambda w: [issue_for(w).pk]),
    Case(f"{PO}:billing-invoice-pdf", PORTAL_INVOICES_A, args=lambda w: [issue_for(w).pk]),
]
