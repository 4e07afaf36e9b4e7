"""Forms of the workforce declaration (shape only; the rules are in services/workforce.py)."""

from django import forms

from adherents.firms.forms import date_widget
from adherents.models import DeclarationCampaign, Establishment
from adherents.rules import workforce as rules
from adherents.workforce.models import COMPANY_HEADS_MAX
from spsti.forms import StyledForm, headcount_field


class CampaignForm(StyledForm):
    year = forms.IntegerField(label="Année déclarée", min_value=2000, max_value=2100)
    opens_on = forms.DateField(label="Ouverture", widget=date_widget())
    closes_on = forms.DateField(label="Clôture", widget=date_widget())
    reminder_days = forms.CharField(
        label="Relances (jours avant la clôture)",
        required=False,
        help_text="Par exemple : 30, 15, 7. Laissez vide pour ne pas relancer.",
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:  # the year of a campaign never changes: its declarations point to it
            del self.fields["year"]

    def clean_reminder_days(self) -> list[int]:
        try:
            return rules.parse_reminder_days(self.cleaned_data["reminder_days"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "La clôture doit suivre l'ouverture.")
        return data


def _count(label: str) -> forms.IntegerField:
    return headcount_field(label)


COMPANY_HEADS_HELP = (
    "Dirigeants de l'entreprise (non salariés) qui souhaitent bénéficier du suivi proposé à "
    "ses salariés (art. L4621-4 du Code du travail). Ils ne comptent pas parmi les salariés."
)


class HeadcountForm(StyledForm):
    si = _count("Salariés en suivi individuel (SI)")
    sia = _count("Salariés en suivi individuel adapté (SIA)")
    sir = _count("Salariés en suivi individuel renforcé (SIR)")
    company_heads = forms.IntegerField(
        label="Dirigeants bénéficiant du suivi (art. L4621-4)",
        min_value=0,
        max_value=COMPANY_HEADS_MAX,
        initial=0,
        required=False,  # blank: no head declared
        help_text=COMPANY_HEADS_HELP,
        error_messages={
            "min_value": "Un nombre de dirigeants ne peut pas être négatif.",
            "max_value": f"Un établissement ne déclare pas plus de {COMPANY_HEADS_MAX} dirigeants.",
        },
    )

    def clean_company_heads(self) -> int:
        return self.cleaned_data.get("company_heads") or 0


class ReasonHeadcountForm(HeadcountForm):
    reason = forms.CharField(
        label="Motif", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ApplyCorrectionForm(ReasonHeadcountForm):
    establishment = forms.ModelChoiceField(label="Établissement", queryset=Establishment.objects)
    campaign = forms.ModelChoiceField(label="Campagne", queryset=DeclarationCampaign.objects)

    field_order = ["establishment", "campaign", "si", "sia", "sir", "company_heads", "reason"]

    def __init__(self, *args, adherent_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = Establishment.objects.filter(
            adherent_id=adherent_id
        ).order_by("name")
        self.fields["campaign"].queryset = DeclarationCampaign.objects.order_by("-year")
