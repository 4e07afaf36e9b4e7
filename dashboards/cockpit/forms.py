"""The filters every management page shares: centre, team, period, performer."""

from __future__ import annotations

import datetime

from django import forms

from dashboards.facts.selectors import Selection
from dashboards.rules.periods import add_months
from dashboards.scope import Scope

PERFORMERS = [("", "Tous"), ("physician", "Médecin"), ("nurse", "Infirmier(e)")]
MAX_MONTHS = 60  # five years on one page at most


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
        start, end = data.get("du"), data.get("au")
        if start and end and start > end:
            self.add_error("au", "Le mois de fin précède le mois de début.")
        if start and end and add_months(start, MAX_MONTHS) <= end:
            self.add_error("au", f"La période est limitée à {MAX_MONTHS} mois.")
        team = data.get("equipe")
        center = data.get("centre")
        if team and center:
            team_center = {pk: c for pk, _, c in self.scope.teams}.get(team)
            if team_center != center:
                self.add_error("equipe", "Cette équipe n'appartient pas au centre choisi.")
        return data

    def selection(self) -> Selection:
        """The filters as a Selection within the scope: the last twelve months by default; an
        invalid filter falls back to its default (the form shows its error)."""
        data = self.cleaned_data if self.is_valid() else {}
        this_month = self.today.replace(day=1)
        end = (data.get("au") or this_month).replace(day=1)
        end = min(end, this_month)
        start = (data.get("du") or add_months(end, -11)).replace(day=1)
        start = min(start, end)
        center = data.get("centre")
        center_ids = frozenset({center}) if center else self.scope.center_ids
        team = data.get("equipe")
        if team:
            team_ids = frozenset({team})
        elif self.scope.whole_centres:
            team_ids = None
        else:
            team_ids = self.scope.team_ids
        return Selection(
            center_ids=center_ids,
            team_ids=team_ids,
            start=start,
            end=end,
            performer=data.get("realise_par") or "",
        )
