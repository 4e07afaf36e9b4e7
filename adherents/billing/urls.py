"""URLs of billing (names prefixed "billing-"): tariff, invoices, payments, credit notes, the
yearly call for cotisations, bank statements; the member's invoices in the portal."""

from django.urls import path

from adherents.billing import views_backoffice as bo
from adherents.billing import views_backoffice_tariff as tariff
from adherents.billing import views_portal as portal

public_patterns: list = []  # mounted at the site root, namespace "public"

portal_patterns: list = [  # under /espace-adherent/, namespace "portal:adherents"
    path("factures/", portal.invoice_list, name="billing-invoice-list"),
    path("factures/<int:pk>/", portal.invoice_detail, name="billing-invoice-detail"),
    path("factures/<int:pk>/pdf/", portal.invoice_pdf, name="billing-invoice-pdf"),
]

backoffice_patterns: list = [  # under /back-office/, namespace "backoffice:adherents"
    path("facturation/tarifs/", tariff.tariff_list, name="billing-tariff-list"),
    path("facturation/tarifs/nouveau/", tariff.tariff_create, name="billing-tariff-create"),
    path("facturation/tarifs/<int:year>/", tariff.tariff_edit, name="billing-tariff-edit"),
    path(
        "facturation/tarifs/<int:year>/prestations/nouvelle/",
        tariff.tariff_item_create,
        name="billing-tariff-item-create",
    ),
    path(
        "facturation/tarifs/<int:year>/prestations/<int:pk>/",
        tariff.tariff_item_edit,
        name="billing-tariff-item-edit",
    ),
    path("facturation/factures/", bo.invoice_list, name="billing-invoice-list"),
    path("facturation/factures/<int:pk>/", bo.invoice_detail, name="billing-invoice-detail"),
    path("facturation/factures/<int:pk>/pdf/", bo.invoice_pdf, name="billing-invoice-pdf"),
    path(
        "facturation/factures/<int:pk>/paiement/", bo.payment_create, name="billing-payment-create"
    ),
    path(
        "facturation/factures/<int:pk>/avoir/",
        bo.credit_note_create,
        name="billing-credit-note-create",
    ),
    path(
        "facturation/adherents/<int:adherent_pk>/",
        bo.member_balance,
        name="billing-member-balance",
    ),
    path(
        "facturation/adherents/<int:adherent_pk>/cotisation/",
        bo.cotisation_issue,
        name="billing-cotisation-issue",
    ),
    path("facturation/appel-de-cotisations/", bo.batch, name="billing-batch"),
    path("facturation/releves/", bo.statement_list, name="billing-statement-list"),
    path("facturation/releves/importer/", bo.statement_import, name="billing-statement-import"),
    path("facturation/releves/<int:pk>/", bo.statement_detail, name="billing-statement-detail"),
]
