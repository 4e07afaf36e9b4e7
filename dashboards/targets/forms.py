from django import forms

from dashboards.catalogue.selectors import catalogue
from dashboards.targets.models import Cpom, CpomTarget


class CpomForm(forms.ModelForm):
    class Meta:
        model = Cpom
        fields = ["name", "center", "first_year", "last_year", "signed_on"]
        widgets = {"signed_on": forms.DateInput(attrs={"type": "date"})}
        labels = {"center": "Centre (vide : tout le service)"}

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", "La dernière année précède la première.")
        return data


class TargetForm(forms.ModelForm):
    indicator = forms.ChoiceField(label="Indicateur")

    class Meta:
        model = CpomTarget
        fields = ["indicator", "kind", "year", "value", "note"]
        labels = {"kind": "Ventilation (facultatif, ex. MI_CARRIERE)", "value": "Cible"}

    def __init__(self, *args, cpom: Cpom, **kwargs):
        super().__init__(*args, **kwargs)
        self.cpom = cpom
        self.fields["indicator"].choices = [(i.id, i.name) for i in catalogue().values()]

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year and not (self.cpom.first_year <= year <= self.cpom.last_year):
            self.add_error(
                "year",
                f"Le CPOM couvre {self.cpom.first_year} à {self.cpom.last_year}.",
            )
        indicator = catalogue().get(data.get("indicator", ""))
        value = data.get("value")
        if (
            indicator
            and indicator.unit == "percent"
            and value is not None
            and not 0 <= value <= 100
        ):
            self.add_error("value", "Une cible en pourcentage est comprise entre 0 et 100.")
        return data
