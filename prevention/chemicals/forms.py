"""Forms of the chemical inventory: shape only (services check the rules)."""

from __future__ import annotations

from django import forms

from prevention.actions.forms import DATE_WIDGET
from prevention.chemicals import selectors
from prevention.models import ChemicalProduct
from spsti.forms import StyledForm


class ChemicalForm(StyledForm):
    """A product of the inventory; staff may also classify it CMR by hand."""

    name = forms.CharField(label="Nom du produit", max_length=200)
    supplier = forms.CharField(label="Fournisseur", max_length=200, required=False)
    statements_text = forms.CharField(
        label="Mentions de danger (H)",
        required=False,
        max_length=500,
        help_text="Comme sur la FDS (rubrique 2), séparées par des virgules : H350, H225.",
    )
    sds_date = forms.DateField(
        label="Date de la FDS",
        required=False,
        help_text="Date de révision de la fiche de données de sécurité.",
        **DATE_WIDGET,
    )
    sds_file = forms.FileField(
        label="Fiche de données de sécurité (PDF)",
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, staff: bool, replacing: bool = False, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sds_file"].help_text = f"PDF uniquement, {max_mb} Mo au plus." + (
            " Un nouveau fichier remplace la FDS actuelle." if replacing else ""
        )
        if staff:
            self.fields["marked_cmr"] = forms.BooleanField(
                label="Classer CMR (décision de l'équipe de prévention, même sans mention H CMR)",
                required=False,
            )


class ChemicalFilterForm(StyledForm):
    """Filters of the inventory's list of work units."""

    q = forms.CharField(
        label="Rechercher (unité, adhérent ou SIREN)", required=False, max_length=100
    )
    establishment = forms.ModelChoiceField(
        label="Établissement", queryset=None, required=False, empty_label="Tous"
    )
    flagged = forms.BooleanField(
        label="Seulement les unités avec un CMR ou une FDS à revoir", required=False
    )

    def __init__(self, *args, establishments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if establishments is None:
            del self.fields["establishment"]
        else:
            self.fields["establishment"].queryset = establishments


def chemical_initial(product: ChemicalProduct) -> dict:
    """The edit form's values: statements as typed text, the team's own CMR decision."""
    return {
        "name": product.name,
        "supplier": product.supplier,
        "statements_text": ", ".join(product.hazard_statements),
        "sds_date": product.sds_date,
        "marked_cmr": selectors.manual_cmr(product),
    }
