"""Cotisation and invoicing: tariff, invoices and credit notes, payments, bank statements.

Invoices and credit notes are legal documents: numbered from a per-year, per-kind sequence in
the same transaction that writes them (a rolled-back invoice rolls back its number, a written one
is never deleted or changed: triggers), their PDF rendered once and kept with its SHA-256.
Amounts are Decimal euros. The headings follow the shared invoicing headings the national network
proposes (seed 003); they are data (`InvoiceHeading`), so a service can rename them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

from adherents import scope
from spsti.documents_storage import document_field
from spsti.french import euros
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class InvoiceHeading(models.TextChoices):
    """Shared invoicing headings (seed 003: Présanse proposal; TO VERIFY once published)."""

    CORE_PER_WORKER = "core_per_worker", "Cotisation offre socle — par salarié suivi"
    CORE_MINIMUM = "core_minimum", "Cotisation offre socle — complément au minimum par adhérent"
    TNS = "tns", "Offre spécifique travailleurs indépendants"
    COMPLEMENTARY = "complementary", "Offre complémentaire"
    CREDIT = "credit", "Avoir"


class TariffQuerySet(models.QuerySet["Tariff"]):
    def visible_to(self, ctx: AccessContext) -> TariffQuerySet:
        """Staff of a centre only: the service-wide tariff of each year."""
        return scope.staff_only(self, ctx)


@pghistory.track()
class Tariff(TimeStampedModel):
    """The year's prices, set by the board.

    The core cotisation is "proportionnelle au nombre de travailleurs suivis comptant chacun pour
    une unité" (L4622-6 since loi 2021-1018): by default **one rate per worker followed**,
    ``per_worker_si``, for SI, SIA and SIR alike. A weighting by category (``category_weighting``:
    then ``per_worker_sia`` and ``per_worker_sir`` apply) or a minimum per member
    (``member_minimum``) exists only as an explicit choice of the service's board, off by default
    and recorded with its deliberation (``board_decision``); whether such a choice survives the
    2021 text is legally contested, and the tariff page says so. Tariffs written before this
    rule with a weighting or a minimum are kept as they were (their invoices never change) and
    flagged ``board_choice_to_confirm`` until someone records the board's decision.
    """

    year = models.PositiveSmallIntegerField("année", unique=True)
    per_worker_si = models.DecimalField("par salarié suivi (€)", max_digits=9, decimal_places=2)
    per_worker_sia = models.DecimalField("par salarié en SIA (€)", max_digits=9, decimal_places=2)
    per_worker_sir = models.DecimalField("par salarié en SIR (€)", max_digits=9, decimal_places=2)
    minimum_per_member = models.DecimalField(
        "minimum par adhérent (€)", max_digits=9, decimal_places=2
    )
    tns_amount = models.DecimalField("offre TNS, par an (€)", max_digits=9, decimal_places=2)
    payment_days = models.PositiveSmallIntegerField("délai de paiement (jours)", default=30)
    category_weighting = models.BooleanField(
        "pondération par catégorie (choix du conseil d'administration)", default=False
    )
    member_minimum = models.BooleanField(
        "minimum par adhérent (choix du conseil d'administration)", default=False
    )
    board_decision = models.CharField(
        "délibération du conseil d'administration", max_length=200, blank=True, default=""
    )
    board_choice_to_confirm = models.BooleanField(
        "choix à confirmer par le conseil d'administration", default=False
    )

    objects = TariffQuerySet.as_manager()

    class Meta:
        verbose_name = "tarif"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(per_worker_si__gte=0)
                & Q(per_worker_sia__gte=0)
                & Q(per_worker_sir__gte=0)
                & Q(minimum_per_member__gte=0)
                & Q(tns_amount__gte=0),
                name="tariff_amounts_positive",
            ),
            # L4622-6: one rate per worker unless the board chose a weighting by category.
            models.CheckConstraint(
                condition=Q(category_weighting=True)
                | Q(
                    per_worker_sia=models.F("per_worker_si"),
                    per_worker_sir=models.F("per_worker_si"),
                ),
                name="tariff_one_rate_unless_weighted",
            ),
            # No minimum per member unless the board chose one (not set by the Code).
            models.CheckConstraint(
                condition=Q(member_minimum=True) | Q(minimum_per_member=0),
                name="tariff_no_minimum_unless_chosen",
            ),
            # A board choice is recorded with its deliberation, or flagged as to confirm.
            models.CheckConstraint(
                condition=Q(category_weighting=False, member_minimum=False)
                | ~Q(board_decision="")
                | Q(board_choice_to_confirm=True),
                name="tariff_board_choice_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"Tarif {self.year}"


class TariffItemQuerySet(models.QuerySet["TariffItem"]):
    def visible_to(self, ctx: AccessContext) -> TariffItemQuerySet:
        """Staff of a centre; and a portal user acting for a member, who reads the same price
        list (seed 004: the complementary offer is shown to every member). Writes stay staff's
        (services_tariff checks the staff code)."""
        if ctx.is_portal and ctx.adherent_id:
            return self.all()
        return scope.staff_only(self, ctx)


@pghistory.track()
class TariffItem(TimeStampedModel):
    """A priced service of the complementary offer (e.g. a mediation, seed 004)."""

    tariff = models.ForeignKey(Tariff, on_delete=models.PROTECT, related_name="items")
    code = models.SlugField("code", max_length=40)
    label = models.CharField("libellé", max_length=200)
    unit_price = models.DecimalField("prix unitaire (€)", max_digits=9, decimal_places=2)

    objects = TariffItemQuerySet.as_manager()

    class Meta:
        verbose_name = "prestation de l'offre complémentaire"
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["tariff", "code"], name="tariff_item_code_unique"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="tariff_item_price_pos"),
        ]

    def __str__(self) -> str:
        return self.label


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", "Facture"
    CREDIT_NOTE = "credit_note", "Avoir"


class InvoiceSequence(models.Model):
    """The last number used, per kind and year; locked while an invoice is written."""

    kind = models.CharField(max_length=12, choices=InvoiceKind)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="invoice_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class InvoiceQuerySet(models.QuerySet["Invoice"]):
    def visible_to(self, ctx: AccessContext) -> InvoiceQuerySet:
        """Portal: the member acted for, if its role or mandate shows invoices; staff: centre."""
        return scope.of_member(self, ctx, portal_code="adherents.invoice:view")


class Invoice(models.Model):
    """An invoice or a credit note, as issued: number, lines, total and PDF never change."""

    kind = models.CharField("nature", max_length=12, choices=InvoiceKind)
    number = models.CharField("numéro", max_length=20, unique=True)  # F-2026-000001, AV-2026-…
    adherent = models.ForeignKey(
        "adherents.Adherent", on_delete=models.PROTECT, related_name="invoices"
    )
    year = models.PositiveSmallIntegerField("année de cotisation")
    issued_on = models.DateField("émise le")
    due_on = models.DateField("échéance")
    total = models.DecimalField("montant total (€)", max_digits=11, decimal_places=2)
    credited_invoice = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name="facture annulée",
    )
    reason = models.TextField("motif", blank=True)  # of a credit note
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf = document_field("PDF")  # its name in the documents storage, never rewritten
    pdf_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = "facture"
        ordering = ["-issued_on", "-number"]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="invoice_total_positive"),
            models.CheckConstraint(
                condition=Q(kind="invoice", credited_invoice__isnull=True)
                | Q(kind="credit_note", credited_invoice__isnull=False),
                name="credit_note_has_invoice",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("issued_on")), name="invoice_due_after_issue"
            ),
        ]
        indexes = [
            models.Index(fields=["adherent", "issued_on"], name="invoice_adherent_idx"),
            # The back office's list, latest first, read backwards by key (spsti.pagination):
            # without it, each page sorted every invoice of the centre.
            models.Index(fields=["issued_on", "number", "id"], name="invoice_list_order_idx"),
            models.Index(fields=["year", "kind"], name="invoice_year_idx"),
            models.Index(fields=["due_on"], name="invoice_due_idx"),
        ]
        triggers = [
            pgtrigger.Protect(name="invoice_no_update", operation=pgtrigger.Update),
            pgtrigger.Protect(name="invoice_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class InvoiceLineQuerySet(models.QuerySet["InvoiceLine"]):
    def visible_to(self, ctx: AccessContext) -> InvoiceLineQuerySet:
        return scope.of_member(self, ctx, "invoice__adherent", portal_code="adherents.invoice:view")


class InvoiceLine(models.Model):
    """A line of an invoice under one heading; written with its invoice, never changed."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    heading = models.CharField("rubrique", max_length=20, choices=InvoiceHeading)
    label = models.CharField("libellé", max_length=200)
    quantity = models.DecimalField("quantité", max_digits=9, decimal_places=2)
    unit_price = models.DecimalField("prix unitaire (€)", max_digits=9, decimal_places=2)
    amount = models.DecimalField("montant (€)", max_digits=11, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    objects = InvoiceLineQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        triggers = [
            pgtrigger.Protect(name="invoice_line_no_update", operation=pgtrigger.Update),
            pgtrigger.Protect(name="invoice_line_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return self.label


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", "Virement"
    DIRECT_DEBIT = "direct_debit", "Prélèvement"
    CHEQUE = "cheque", "Chèque"
    CARD = "card", "Carte bancaire"


class BankStatementQuerySet(models.QuerySet["BankStatementImport"]):
    def visible_to(self, ctx: AccessContext) -> BankStatementQuerySet:
        """Statements imported by staff of the current centre (the model has no centre field)."""
        if not (ctx.is_staff and ctx.center_id):
            return self.none()
        return self.filter(imported_by__staff_assignments__center_id=ctx.center_id).distinct()


class BankStatementImport(models.Model):
    """A bank statement CSV imported once (its hash is unique): payments point to it."""

    filename = models.CharField("fichier", max_length=200)
    sha256 = models.CharField(max_length=64, unique=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    line_count = models.PositiveIntegerField("lignes")
    matched_count = models.PositiveIntegerField("paiements rapprochés")
    unmatched = models.JSONField("lignes non rapprochées", default=list, blank=True)

    objects = BankStatementQuerySet.as_manager()

    class Meta:
        verbose_name = "relevé bancaire importé"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.filename


class PaymentQuerySet(models.QuerySet["Payment"]):
    def visible_to(self, ctx: AccessContext) -> PaymentQuerySet:
        return scope.of_member(self, ctx, "invoice__adherent", portal_code="adherents.invoice:view")


class Payment(models.Model):
    """A payment received against an invoice; a mistake is corrected by a negative payment."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField("montant (€)", max_digits=11, decimal_places=2)
    paid_on = models.DateField("payé le")
    method = models.CharField("mode", max_length=12, choices=PaymentMethod)
    reference = models.CharField("référence", max_length=100, blank=True)
    statement = models.ForeignKey(
        BankStatementImport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = "paiement"
        ordering = ["paid_on"]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="payment_not_zero")]
        indexes = [
            models.Index(fields=["invoice", "paid_on"], name="payment_invoice_idx"),
            # The payments by day: the dashboards' list of payments walks it to the page.
            models.Index(fields=["paid_on", "id"], name="payment_day_idx"),
        ]
        triggers = [
            pgtrigger.Protect(name="payment_no_update", operation=pgtrigger.Update),
            pgtrigger.Protect(name="payment_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{euros(self.amount)} le {self.paid_on:%d/%m/%Y}"


class InvoiceReminder(models.Model):
    """A payment reminder sent for an unpaid invoice, once per level."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="reminders")
    level = models.PositiveSmallIntegerField("niveau de relance")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invoice", "level"], name="invoice_reminder_once")
        ]

    def __str__(self) -> str:
        return f"Relance {self.level} — {self.invoice_id}"
