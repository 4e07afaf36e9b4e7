"""Forms of the agenda and convocations: they check shape; services check the rules."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from adherents.models import Establishment
from spsti.forms import bound_fields
from suivi_sante.agenda.selectors import professionals_for
from suivi_sante.enums import ConvocationStatus, VisitKind, VisitMode, VisitStatus
from suivi_sante.models import Slot

DURATIONS = [(m, f"{m} minutes") for m in (15, 20, 30, 45, 60)]


def _style(form: forms.Form) -> None:
    """Bootstrap classes on the widgets (our templates render fields one by one), bounds on
    numbers and dates (spsti.forms.bound_fields)."""
    bound_fields(form)
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)


class SlotSeriesForm(forms.Form):
    """One professional's consecutive slots over a time range of one day."""

    professional = forms.ModelChoiceField(queryset=None, label="Professionnel de santé")
    day = forms.DateField(label="Jour", widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label="De", widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label="À", widget=forms.TimeInput(attrs={"type": "time"}))
    duration = forms.TypedChoiceField(
        label="Durée d'un créneau", choices=DURATIONS, coerce=int, initial=30
    )
    mode = forms.ChoiceField(label="Modalité", choices=VisitMode.choices, initial="in_person")
    siret = forms.CharField(
        label="SIRET de l'établissement (visite sur site)",
        required=False,
        max_length=14,
        help_text="Laisser vide pour une visite au centre.",
    )
    self_bookable = forms.BooleanField(
        label="Ouvert à la réservation par l'employeur",
        required=False,
        help_text="Les employeurs pourront y réserver eux-mêmes la visite due d'un salarié.",
    )

    def __init__(self, *args, ctx, **kwargs):
        super().__init__(*args, **kwargs)
        self.ctx = ctx
        self.fields["professional"].queryset = professionals_for(ctx)
        _style(self)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", "L'heure de fin doit suivre l'heure de début.")
        data["establishment"] = None
        if siret := data.get("siret", "").replace(" ", ""):
            data["establishment"] = (
                Establishment.objects.visible_to(self.ctx)
                .select_related("adherent")
                .filter(siret=siret)
                .first()
            )
            if data["establishment"] is None:
                self.add_error("siret", "Aucun établissement suivi par ce centre n'a ce SIRET.")
        return data


WEEKDAYS = [
    (1, "Lundi"),
    (2, "Mardi"),
    (3, "Mercredi"),
    (4, "Jeudi"),
    (5, "Vendredi"),
    (6, "Samedi"),
]


class SlotPatternForm(SlotSeriesForm):
    """A weekly pattern: the same time range on chosen weekdays, from one date to another."""

    weekdays = forms.TypedMultipleChoiceField(
        label="Jours de la semaine",
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un jour de la semaine."},
    )
    date_from = forms.DateField(
        label="Du", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label="Au (inclus)", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    field_order = [
        "professional",
        "weekdays",
        "date_from",
        "date_to",
        "start",
        "end",
        "duration",
        "mode",
        "siret",
        "self_bookable",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["day"]
        self.fields["weekdays"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "La fin de la période doit suivre son début.")
        return data


class SlotChoiceForm(forms.Form):
    """A free slot of the centre, chosen in a table of radio buttons."""

    slot = forms.ModelChoiceField(
        queryset=None,
        label="Créneau",
        error_messages={"required": "Choisissez un créneau.", "invalid_choice": "Créneau inconnu."},
    )

    def __init__(self, *args, ctx, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = Slot.objects.visible_to(ctx)


class BookVisitForm(SlotChoiceForm):
    kind = forms.ChoiceField(label="Type de visite", choices=VisitKind.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class OutcomeForm(forms.Form):
    """The outcome of a planned visit; the note is non-medical (the DMST holds the rest)."""

    status = forms.ChoiceField(
        label="Issue",
        choices=[(s.value, s.label) for s in VisitStatus if s != VisitStatus.PLANNED],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Motif (sans information médicale)", required=False, max_length=300
    )
    referred_to_physician = forms.BooleanField(
        label="Orienté(e) vers le médecin du travail", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ConvocationAnswerForm(forms.Form):
    """The employer's answer to a convocation."""

    answer = forms.ChoiceField(
        label="Votre réponse",
        widget=forms.RadioSelect,
        choices=[
            (ConvocationStatus.CONFIRMED, "Je confirme la présence du salarié"),
            (ConvocationStatus.RESCHEDULE_REQUESTED, "Je demande un autre créneau"),
            (ConvocationStatus.WORKER_ABSENT, "Le salarié sera absent à cette date"),
            (ConvocationStatus.WORKER_LEFT, "Le salarié a quitté l'entreprise"),
        ],
    )
    note = forms.CharField(
        label="Message au service (disponibilités, motif)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class PeriodForm(forms.Form):
    """A period of dates for indicators, the last twelve months by default."""

    du = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def period(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("au") or today
        start = data.get("du") or end - datetime.timedelta(days=365)
        return (start, end) if start <= end else (end, start)


class SelfBookingDayForm(forms.Form):
    """Open (or close) a day's slots to the employers' own booking."""

    day = forms.DateField(label="Jour", widget=forms.DateInput(attrs={"type": "date"}))
    professional = forms.IntegerField(required=False, min_value=1)
    slot = forms.IntegerField(required=False, min_value=1)  # one slot of that day only
    is_open = forms.TypedChoiceField(
        label="Réservation par l'employeur",
        choices=[("1", "Ouvrir"), ("0", "Fermer")],
        coerce=lambda value: value == "1",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_fields(self)  # 9999-12-31 would overflow the day's end
