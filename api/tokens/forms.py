"""The token creation form: a name, scopes (only those the creator holds), an expiry."""

import datetime

from django import forms
from django.utils import timezone

from api.enums import ApiScope
from spsti.forms import StyledForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TokenForm(StyledForm):
    name = forms.CharField(
        label="Nom du jeton",
        max_length=80,
        help_text="Pour le reconnaître : le logiciel ou le service qui l'utilise (« Paie »).",
    )
    scopes = forms.MultipleChoiceField(
        label="Droits",
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Le jeton ne fait jamais plus que ce que vous pouvez faire vous-même.",
    )
    expires_on = forms.DateField(
        label="Expire le",
        widget=DATE_WIDGET,
        help_text="Au plus tard dans un an.",
    )

    def __init__(self, *args, scopes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [(s, ApiScope(s).label) for s in scopes]
        if not self.is_bound:
            self.initial.setdefault(
                "expires_on", timezone.localdate() + datetime.timedelta(days=90)
            )
