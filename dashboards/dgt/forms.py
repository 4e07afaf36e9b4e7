"""The DGT rubrics' editing (order, wording, exported) and the loading of the official list."""

from django import forms

from dashboards.dgt.models import DgtField


class DgtFieldForm(forms.ModelForm):
    class Meta:
        model = DgtField
        fields = ["order", "label", "active"]
        widgets = {
            "order": forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": 0}),
            "label": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "active": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }


DgtFieldFormSet = forms.modelformset_factory(
    DgtField, form=DgtFieldForm, extra=0, can_delete=False, max_num=2000, validate_max=True
)


class FieldListForm(forms.Form):
    file = forms.FileField(
        label="Liste officielle des rubriques (CSV)",
        help_text="Une ligne par rubrique : ordre;indicateur;ventilation;libellé (séparateur "
        "point-virgule, UTF-8). Exemple : 10;visits_on_time;performer:nurse;Visites tenues "
        "dans les délais par les infirmiers.",
    )
    deactivate_others = forms.BooleanField(
        label="Ne plus exporter les rubriques absentes du fichier", required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError("Le fichier dépasse 1 Mo.")
        return upload
