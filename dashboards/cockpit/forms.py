"""The filters every management page shares: centre, team, period, performer."""

from __future__ import annotations

import datetime

from django import forms

from dashboards.cockpit.selectors_filters import filter_errors, scoped_selection
from dashboards.facts.selectors import Selection
from dashboards.scope import Scope

PERFORMERS = [("", "Tous"), ("physician", "Médecin"), ("nurse", "Infirmier(e)")]


class FilterForm(forms.Form):
    centre = forms.TypedChoiceField(label="Centre", required=False, coerce=int, empty_value=None)
    equipe = forms.TypedChoiceField(label="Équipe", required=False, coerce=int, empty_value=None)
    du = forms.DateField(
        label="Du mois",
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    au = forms.DateField(
        label="Au mois",
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    realise_par = forms.ChoiceField(label="Réalisé par", required=False, choices=PERFORMERS)

    def __init__(self, data, *, scope: Scope, today: datetime.date):
        super().__init__(data)
        self.scope = scope
        self.today = today
        if scope.all_centres:
            self.fields["centre"].choices = [("", "Tous les centres"), *scope.centers]
        else:
            del self.fields["centre"]
        names = dict(scope.centers)
        teams = [
            (pk, f"{name} ({names.get(center_id, '')})" if scope.all_centres else name)
            for pk, name, center_id in scope.teams
        ]
        everyone = "Toutes les équipes" if scope.whole_centres else "Toutes mes équipes"
        self.fields["equipe"].choices = [("", everyone), *teams]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        errors = filter_errors(
            self.scope,
            center=data.get("centre"),
            team=data.get("equipe"),
            start=data.get("du"),
            end=data.get("au"),
        )
        for name, message in errors.items():
            if name in self.fields:
                self.add_error(name, message)
        return data

    def selection(self) -> Selection:
        """The filters as a Selection within the scope: the last twelve months by default; an
        invalid filter falls back to its default (the form shows its error)."""
        data = self.cleaned_data if self.is_valid() else {}
        return scoped_selection(
            self.scope,
            today=self.today,
            center=data.get("centre"),
            team=data.get("equipe"),
            start=data.get("du"),
            end=data.get("au"),
            performer=data.get("realise_par") or "",
        )
