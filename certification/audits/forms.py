"""Forms of audits."""

from django import forms

from certification.audits.models import AuditKind, Finding
from certification.nonconformities.forms import CriterionChoice
from certification.nonconformities.models import Severity
from certification.rules import levels
from spsti.forms import StyledForm

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class AuditForm(StyledForm):
    kind = forms.ChoiceField(label="Type d'audit", choices=AuditKind.choices)
    title = forms.CharField(label="Intitulé", max_length=200)
    scope = forms.CharField(label="Périmètre", widget=forms.Textarea(attrs={"rows": 2}))
    starts_on = forms.DateField(label="Du", **DATE)
    ends_on = forms.DateField(label="Au", **DATE)
    auditors = forms.ModelMultipleChoiceField(
        label="Auditeurs du service", queryset=None, required=False
    )
    external_auditors = forms.CharField(
        label="Auditeurs extérieurs (audit croisé, certificateur)", max_length=200, required=False
    )
    certifier = forms.CharField(
        label="Organisme certificateur (audit de certification)", max_length=200, required=False
    )
    sampled_criteria = forms.ModelMultipleChoiceField(
        label="Critères échantillonnés", queryset=None, required=False
    )

    def __init__(self, *args, staff=None, criteria=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditors"].queryset = staff
        self.fields["sampled_criteria"].queryset = criteria
        self.fields["sampled_criteria"].label_from_instance = lambda c: f"{c.code} — {c.text[:60]}"


class FindingForm(StyledForm):
    kind = forms.ChoiceField(label="Nature", choices=Finding.Kind.choices)
    text = forms.CharField(label="Constat", widget=forms.Textarea(attrs={"rows": 2}))
    criterion = CriterionChoice(label="Critère", queryset=None, required=False)
    severity = forms.ChoiceField(
        label="Gravité (non-conformité)", choices=Severity.choices, required=False
    )

    def __init__(self, *args, criteria=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria


class CertificationForm(StyledForm):
    level = forms.TypedChoiceField(
        label="Niveau obtenu", choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int
    )
    certified_on = forms.DateField(label="Certifié le", **DATE)
    reserves = forms.CharField(
        label="Réserves", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    immediate_actions = forms.CharField(
        label="Demandes d'actions correctives immédiates",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    report = forms.CharField(
        label="Rapport d'audit", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, previous=None, **kwargs):
        """`previous`: the centre's latest certificate (another audit), if any: the levels that
        may follow it are said on the level field; the service refuses the others."""
        super().__init__(*args, **kwargs)
        if previous is not None:
            allowed = [
                n for n in levels.LEVELS if levels.may_follow(previous.level_obtained, n).allowed
            ]
            self.fields["level"].help_text = (
                f"Certificat précédent : niveau {previous.level_obtained} du "
                f"{previous.certified_on:%d/%m/%Y}. Seul le niveau 3 est renouvelable : "
                f"le suivant est de niveau {' ou '.join(str(n) for n in allowed)} "
                f"({levels.ARTICLE})."
            )
