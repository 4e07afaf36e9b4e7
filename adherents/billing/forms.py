"""Forms of billing (shape only; the rules are in services/billing*.py and rules/)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings

from adherents.models import InvoiceKind, PaymentMethod
from adherents.rules import invoice_payment as status_rules
from spsti.forms import StyledForm

MAX_AMOUNT = Decimal("9999999.99")


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def money(label: str, *, required: bool = True, minimum: Decimal | None = Decimal("0")):
    """An amount in euros; the decimal comma is accepted (localized field)."""
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=9,
        decimal_places=2,
        min_value=minimum,
        max_value=MAX_AMOUNT,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class TariffForm(StyledForm):
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    per_worker_si = money("Par salarié suivi, en € (chaque salarié compte pour une unité)")
    category_weighting = forms.BooleanField(
        label="Pondération par catégorie (SI, SIA, SIR) décidée par le conseil d'administration",
        required=False,
        help_text=(
            "Désactivée par défaut : un même montant pour chaque salarié suivi (art. L4622-6). "
            "Juridiquement contestée depuis la loi 2021-1018."
        ),
    )
    per_worker_sia = money(
        "Si pondération : par salarié en suivi individuel adapté (SIA), en €", required=False
    )
    per_worker_sir = money(
        "Si pondération : par salarié en suivi individuel renforcé (SIR), en €", required=False
    )
    member_minimum = forms.BooleanField(
        label="Minimum de cotisation par adhérent décidé par le conseil d'administration",
        required=False,
        help_text="Désactivé par défaut : le Code du travail ne le prévoit pas. Contesté.",
    )
    minimum_per_member = money("Si minimum : minimum par adhérent, en €", required=False)
    board_decision = forms.CharField(
        label="Délibération du conseil d'administration (date, référence)",
        max_length=200,
        required=False,
        help_text="Obligatoire si une pondération ou un minimum est choisi.",
    )
    tns_amount = money("Offre spécifique travailleur indépendant, par an, en €")
    payment_days = forms.IntegerField(
        label="Délai de paiement (jours)",
        min_value=0,
        max_value=60,  # B2B: at most 60 days from the invoice date (art. L441-10 C. com.)
        initial=30,
        help_text="60 jours au plus à compter de la date de la facture (art. L441-10 C. com.).",
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:  # a tariff's year never changes
            del self.fields["year"]

    def clean(self):
        data = super().clean()
        weighted, minimum = data.get("category_weighting"), data.get("member_minimum")
        if weighted:
            for name in ("per_worker_sia", "per_worker_sir"):
                if data.get(name) is None:
                    self.add_error(name, "Montant obligatoire avec une pondération par catégorie.")
        if minimum and data.get("minimum_per_member") is None:
            self.add_error("minimum_per_member", "Montant obligatoire avec un minimum.")
        if (weighted or minimum) and not (data.get("board_decision") or "").strip():
            self.add_error(
                "board_decision",
                "Indiquez la délibération du conseil d'administration qui fait ce choix.",
            )
        return data


class TariffItemForm(StyledForm):
    code = forms.SlugField(
        label="Code", max_length=40, help_text="Lettres, chiffres et tirets, sans espace."
    )
    label = forms.CharField(label="Libellé", max_length=200)
    unit_price = money("Prix unitaire, en €")


class InvoiceFilterForm(StyledForm):
    year = forms.IntegerField(label="Année", required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[("", "Tous")] + list(status_rules.STATUS_LABELS.items()),
    )
    kind = forms.ChoiceField(
        label="Nature", required=False, choices=[("", "Factures et avoirs"), *InvoiceKind.choices]
    )
    member = forms.CharField(label="Adhérent (nom)", required=False, max_length=100)


class PaymentForm(StyledForm):
    amount = money(
        "Montant, en €",
        minimum=-MAX_AMOUNT,
        # negative: the correction of a wrongly recorded payment (payments are never deleted)
    )
    paid_on = forms.DateField(label="Date du paiement", widget=date_widget())
    method = forms.ChoiceField(label="Mode de paiement", choices=PaymentMethod.choices)
    reference = forms.CharField(
        label="Référence (n° de chèque, libellé du virement…)", required=False, max_length=100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "amount"
        ].help_text = "Un montant négatif corrige un paiement enregistré par erreur."


class CreditNoteForm(StyledForm):
    amount = money(
        "Montant de l'avoir, en €",
        required=False,
        minimum=Decimal("0.01"),
    )
    reason = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].help_text = "Laissez vide pour annuler tout le montant restant."


class CotisationForm(StyledForm):
    year = forms.IntegerField(label="Année de cotisation", min_value=2000, max_value=2100)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:  # the complementary offer of the year, optional quantities
            self.fields[f"item_{item.code}"] = forms.IntegerField(
                label=f"{item.label} (quantité)", required=False, min_value=0, max_value=10000
            )
            self.fields[f"item_{item.code}"].widget.attrs["class"] = "form-control"

    def complementary(self) -> list[tuple[str, int]]:
        return [
            (item.code, self.cleaned_data.get(f"item_{item.code}") or 0)
            for item in self.items
            if self.cleaned_data.get(f"item_{item.code}")
        ]


class BatchForm(StyledForm):
    year = forms.IntegerField(label="Année de cotisation", min_value=2000, max_value=2100)


# One line the parser (adherents/rules/bank_statement.py) accepts, shown as the example.
STATEMENT_EXAMPLE = "15/01/2026;VIR SEPA BOULANGERIE MARTIN F-2026-000012;1 234,56"


class StatementForm(StyledForm):
    file = forms.FileField(
        label="Relevé bancaire (CSV : date;libellé;montant)",
        help_text=(
            "Fichier CSV, séparateur point-virgule, encodage UTF-8 ou Windows-1252. Première "
            "ligne : l'en-tête « date;libellé;montant » ; puis une ligne par mouvement : date "
            "JJ/MM/AAAA (ou AAAA-MM-JJ), libellé, montant en euros avec une virgule ou un point "
            "(un débit en négatif). Exemple : « " + STATEMENT_EXAMPLE + " ». Un numéro de "
            "facture (F-AAAA-NNNNNN) dans le libellé rapproche le paiement de sa facture."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.SPSTI_UPLOAD_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(f"Fichier trop volumineux : {limit} Mo au plus.")
        return upload
